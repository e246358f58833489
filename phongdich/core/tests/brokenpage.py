"""URLs for the error-page tests: the project's, plus one view that fails."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from phongdich.urls import urlpatterns as project_urls


def broken(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("a bug in a view")


urlpatterns = [path("loi-thu/", broken), *project_urls]

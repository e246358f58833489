"""The project's URLs plus the ceiling: a view that only inserts one row."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from phongdich.core.models import AuditEvent
from phongdich.urls import urlpatterns as project_urls


def bare_insert(request: HttpRequest) -> HttpResponse:
    AuditEvent.objects.create(action="bench")
    return HttpResponse("ok")


def ping(request: HttpRequest) -> HttpResponse:
    return HttpResponse("pong")


urlpatterns = [
    path("bench/bare", bare_insert),
    path("bench/ping", ping),
    *project_urls,
]

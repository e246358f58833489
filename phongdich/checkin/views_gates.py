from django.http import HttpRequest, HttpResponse

from phongdich.core.permissions import role_required


@role_required("admin")
def index(request: HttpRequest) -> HttpResponse:
    return HttpResponse(status=501)

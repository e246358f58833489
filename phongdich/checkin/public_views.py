from django.http import HttpRequest, HttpResponse


def manual_code(request: HttpRequest) -> HttpResponse:
    return HttpResponse(status=501)


def checkin(request: HttpRequest, token: str) -> HttpResponse:
    return HttpResponse(status=501)


def result(request: HttpRequest, token: str, ticket: str) -> HttpResponse:
    return HttpResponse(status=501)


def checkout(request: HttpRequest, token: str) -> HttpResponse:
    return HttpResponse(status=501)

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET

from phongdich.adoption.models import Denominator
from phongdich.adoption.roles import REPORTERS
from phongdich.adoption.services.report import FORMATS, adoption_report_render
from phongdich.core.audit import client_ip
from phongdich.core.permissions import role_required

CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}


@require_GET
@role_required(*REPORTERS)
def report(request: HttpRequest) -> HttpResponse:
    return render(request, "adoption/report.html", {"denominators": Denominator.choices})


@require_GET
@role_required(*REPORTERS)
def report_file(request: HttpRequest, fmt: str) -> HttpResponse:
    if fmt not in FORMATS:
        raise Http404
    denominator = request.GET.get("mau", Denominator.ALL)
    if denominator not in Denominator.values:
        denominator = Denominator.ALL
    data = adoption_report_render(
        user=request.user, ip=client_ip(request), fmt=fmt, denominator=denominator
    )
    response = HttpResponse(data, content_type=CONTENT_TYPES[fmt])
    name = f"bao-cao-ung-dung-{timezone.localdate():%Y%m%d}.{fmt}"
    response["Content-Disposition"] = content_disposition_header(True, name)
    return response

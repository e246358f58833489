"""False-news reports: any staff member reports, the board decides, staff see warnings."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from phongdich.core.audit import client_ip
from phongdich.core.names import person_name
from phongdich.core.paging import paginate
from phongdich.core.permissions import role_required
from phongdich.core.xlsx import build_workbook, xlsx_response
from phongdich.news.forms.falsenews import ReportForm, VerdictForm
from phongdich.news.roles import EDITORS
from phongdich.news.selectors import falsenews as selectors
from phongdich.news.services import falsenews as services
from phongdich.news.sheets import report_list_sheet
from phongdich.news.views.common import add_errors, get_or_404
from phongdich.news.workflow import is_board


@require_GET
@role_required()
def report_list(request: HttpRequest) -> HttpResponse:
    page = paginate(selectors.report_list(user=request.user), request.GET)
    return render(
        request,
        "news/falsenews/list.html",
        {"reports": page.object_list, "page": page, "board": is_board(request.user)},
    )


@require_GET
@role_required()
def report_list_export(request: HttpRequest) -> HttpResponse:
    """The reports the list shows the reader, every one of them, as .xlsx."""
    board = is_board(request.user)
    data = build_workbook(
        sheets=[report_list_sheet(reports=selectors.report_list(user=request.user), board=board)],
        exported_by=person_name(request.user),
        exported_at=timezone.now(),
    )
    return xlsx_response(data, filename="bao-tin-gia.xlsx")


@require_http_methods(["GET", "POST"])
@role_required()
def report_create(request: HttpRequest) -> HttpResponse:
    form = ReportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            report = services.report_create(
                reporter=request.user,
                link=data["link"],
                screenshot=data["screenshot"],
                platform=data["platform"],
                seen_on=data["seen_on"],
                description=data["description"],
                ip=client_ip(request),
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(
                request, _("Cảm ơn bạn. Ban biên tập sẽ kiểm chứng và báo lại kết luận.")
            )
            return redirect("news:report_detail", pk=report.pk)
    return render(request, "news/falsenews/form.html", {"form": form})


@require_GET
@role_required()
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_or_404(selectors.report_get, user=request.user, pk=pk)
    board = is_board(request.user)
    return render(
        request,
        "news/falsenews/detail.html",
        {
            "report": report,
            "form": VerdictForm() if board and not report.is_decided else None,
        },
    )


@require_POST
@role_required(*EDITORS)
def report_decide(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_or_404(selectors.report_get, user=request.user, pk=pk)
    form = VerdictForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.report_decide(
                report=report,
                verdict=data["verdict"],
                source=data["source"],
                warning_title=data["warning_title"],
                warning_body=data["warning_body"],
                public=data["public"],
                actor=request.user,
                ip=client_ip(request),
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Đã ghi kết luận và đăng cảnh báo."))
            return redirect("news:report_detail", pk=report.pk)
    return render(request, "news/falsenews/detail.html", {"report": report, "form": form})


@require_GET
@role_required()
def report_screenshot(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_or_404(selectors.report_get, user=request.user, pk=pk)
    if not report.screenshot_path:
        return HttpResponse(status=404)
    path = Path(settings.MEDIA_ROOT) / report.screenshot_path
    response = FileResponse(path.open("rb"), content_type=report.screenshot_type)
    response["X-Content-Type-Options"] = "nosniff"
    return response  # type: ignore[return-value]


@require_GET
@role_required()
def warning_list(request: HttpRequest) -> HttpResponse:
    page = paginate(selectors.staff_warnings(), request.GET)
    return render(
        request,
        "news/falsenews/warnings.html",
        {"warnings": page.object_list, "page": page},
    )

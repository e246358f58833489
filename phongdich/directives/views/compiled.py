"""The Office's follow-up on a directive: who is late, the urging notice (công văn đôn
đốc), the compiled report (báo cáo tổng hợp) and their downloads.

Office and Admin act; the Director reads and downloads; a unit head downloads only the
urging notices sent to their units (never the compiled report).
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from phongdich.core.audit import client_ip
from phongdich.core.paging import paginate
from phongdich.core.permissions import role_required
from phongdich.directives.errors import DirectiveError
from phongdich.directives.forms import compiled as forms
from phongdich.directives.models import CompiledReport, Directive
from phongdich.directives.selectors import compiled as compiled_selectors
from phongdich.directives.selectors import compiled_page
from phongdich.directives.selectors import directives as selectors
from phongdich.directives.selectors import urging as urging_selectors
from phongdich.directives.selectors.directives import MANAGE_ROLES, READ_ALL_ROLES, VIEW_ROLES
from phongdich.directives.selectors.status import STATUS_CSS
from phongdich.directives.services import compiled as compiling
from phongdich.directives.services import urging


def _directive_or_404(request: HttpRequest, pk: int) -> Directive:
    directive = selectors.directive_get(user=request.user, pk=pk)
    if directive is None:
        raise Http404(_("Không tìm thấy văn bản."))
    return directive


def _compiled_or_404(request: HttpRequest, pk: int) -> CompiledReport:
    report = compiled_selectors.compiled_report_get(user=request.user, pk=pk)
    if report is None:
        raise Http404(_("Không tìm thấy báo cáo tổng hợp."))
    return report


def _refused(request: HttpRequest, exc: DirectiveError) -> None:
    for message in exc.messages:
        messages.error(request, message)


@require_GET
@role_required(*READ_ALL_ROLES)
def followup(request: HttpRequest, pk: int) -> HttpResponse:
    directive = _directive_or_404(request, pk)
    follow = compiled_selectors.followup_get(directive=directive)
    context = {
        "directive": directive,
        "today": follow.today,
        "late": follow.late,
        "counts": [(status, n, STATUS_CSS[status]) for status, n in follow.counts.items()],
        "urgings": follow.urgings,
        "compiled": follow.compiled,
        "can_manage": selectors.can_manage(request.user),
        "urging_form": forms.UrgingForm(),
        "compile_form": forms.CompileCreateForm(
            initial={"period_start": directive.issued_on, "period_end": follow.today}
        ),
    }
    return render(request, "directives/compile/followup.html", context)


@require_POST
@role_required(*MANAGE_ROLES)
def urging_create(request: HttpRequest, pk: int) -> HttpResponse:
    directive = _directive_or_404(request, pk)
    form = forms.UrgingForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return redirect("directives:followup", pk=directive.pk)
    try:
        notice = urging.urging_create(
            directive=directive,
            by=request.user,
            ip=client_ip(request),
            number=form.cleaned_data["number"],
            reply_by=form.cleaned_data["reply_by"],
            signer=form.cleaned_data["signer"],
        )
    except DirectiveError as exc:
        _refused(request, exc)
        return redirect("directives:followup", pk=directive.pk)
    messages.success(
        request,
        _("Đã tạo công văn đôn đốc gửi %(n)d đơn vị và thông báo cho trưởng đơn vị.")
        % {"n": notice.units.count()},
    )
    return redirect("directives:followup", pk=directive.pk)


def _file_response(handle: object, name: str, content_type: str) -> FileResponse:
    response = FileResponse(handle, as_attachment=True, filename=name, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    return response


@never_cache
@require_GET
@role_required(*VIEW_ROLES)  # type: ignore[arg-type]  # a FileResponse streams the file
def urging_download(request: HttpRequest, pk: int, fmt: str) -> HttpResponseBase:
    notice = urging_selectors.urging_get(user=request.user, pk=pk)
    if notice is None or fmt not in urging_selectors.FORMATS:
        raise Http404(_("Không tìm thấy công văn đôn đốc."))
    opened = urging_selectors.urging_file_open(
        user=request.user, notice=notice, fmt=fmt, ip=client_ip(request)
    )
    if opened is None:
        raise Http404(_("Không tìm thấy tệp công văn."))
    handle, name = opened
    return _file_response(handle, name, compiling.FORMATS[fmt])


@require_GET
@role_required(*READ_ALL_ROLES)
def compiled_list(request: HttpRequest) -> HttpResponse:
    page = paginate(compiled_selectors.compiled_report_list(user=request.user), request.GET)
    directives = selectors.directive_list(user=request.user).exclude(state=Directive.State.DRAFT)
    return render(
        request,
        "directives/compile/list.html",
        {"reports": page.object_list, "page": page, "directives": directives[:100]},
    )


@require_POST
@role_required(*MANAGE_ROLES)
def compiled_create(request: HttpRequest, pk: int) -> HttpResponse:
    directive = _directive_or_404(request, pk)
    form = forms.CompileCreateForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return redirect("directives:followup", pk=directive.pk)
    data = form.cleaned_data
    try:
        report = compiling.compiled_report_create(
            directive=directive,
            period_start=data["period_start"],
            period_end=data["period_end"],
            number=data["number"],
            issued_on=data["issued_on"],
            signer=data["signer"],
            by=request.user,
            ip=client_ip(request),
        )
    except DirectiveError as exc:
        _refused(request, exc)
        return redirect("directives:followup", pk=directive.pk)
    messages.success(request, _("Đã lập báo cáo tổng hợp; kiểm tra, sửa từng phần rồi tải về."))
    return redirect("directives:compiled_edit", pk=report.pk)


@require_http_methods(["GET", "POST"])
@role_required(*READ_ALL_ROLES)
def compiled_edit(request: HttpRequest, pk: int) -> HttpResponse:
    report = _compiled_or_404(request, pk)
    can_manage = selectors.can_manage(request.user)
    page = compiled_page.compiled_edit_page(report=report)
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        form = forms.CompiledReportForm(request.POST, specs=page.specs)
        if form.is_valid():
            data = form.cleaned_data
            try:
                compiling.compiled_report_update(
                    report=report,
                    number=data["number"],
                    issued_on=data["issued_on"],
                    period_start=data["period_start"],
                    period_end=data["period_end"],
                    signer=data["signer"],
                    sections=form.sections,
                    restore=data["restore"],
                    by=request.user,
                    ip=client_ip(request),
                )
            except DirectiveError as exc:
                for message in exc.messages:
                    form.add_error(None, message)
            else:
                if data["restore"]:
                    messages.success(request, _("Đã khôi phục số liệu của phần đã chọn."))
                else:
                    messages.success(request, _("Đã lưu báo cáo tổng hợp."))
                return redirect("directives:compiled_edit", pk=report.pk)
    else:
        form = forms.CompiledReportForm(
            specs=page.specs,
            initial={
                "number": report.number,
                "issued_on": report.issued_on,
                "period_start": report.period_start,
                "period_end": report.period_end,
                "signer": report.signer_id,
                **{forms.section_field_name(key): text for key, text in page.sections.items()},
            },
        )
    context = {
        "report": report,
        "form": form,
        "page": page,
        "data": page.data,
        "counts": [(status, n, STATUS_CSS[status]) for status, n in page.data.counts.items()],
        "can_manage": can_manage,
    }
    return render(request, "directives/compile/edit.html", context)


@never_cache
@require_GET
@role_required(*READ_ALL_ROLES)
def compiled_download(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    report = _compiled_or_404(request, pk)
    if fmt not in compiling.FORMATS:
        raise Http404(_("Định dạng không hỗ trợ."))
    try:
        content = compiling.compiled_report_export(
            report=report, fmt=fmt, user=request.user, ip=client_ip(request)
        )
    except DirectiveError as exc:
        _refused(request, exc)
        return redirect("directives:compiled_edit", pk=report.pk)
    response = HttpResponse(content, content_type=compiling.FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="{compiling.filename(report, fmt)}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response

"""Unit reports (write, submit, review, history, attachments) and the status dashboard.

Views parse, check the role, fetch through ``selectors.reports`` (out of scope → 404),
call one service of ``services.reports`` and render.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from phongdich.core.audit import client_ip
from phongdich.core.names import person_name
from phongdich.core.paging import paginate
from phongdich.core.permissions import role_required
from phongdich.core.xlsx import build_workbook, xlsx_response
from phongdich.directives import attachments
from phongdich.directives.errors import ReportError
from phongdich.directives.exports import dashboard_sheets
from phongdich.directives.forms import reports as report_forms
from phongdich.directives.models import Report, ReportVersion, TaskAssignment
from phongdich.directives.selectors import dashboard as grouped
from phongdich.directives.selectors import reports as sel
from phongdich.directives.selectors.directives import MANAGE_ROLES, VIEW_ROLES, can_manage
from phongdich.directives.selectors.status import (
    STATUS_CSS,
    STATUS_KEYS,
    Period,
    StatusFact,
    StatusRow,
    TaskStatus,
    current_period,
    period_containing,
    status_counts,
    status_of,
    today_local,
)
from phongdich.directives.services import reports


def _counts(rows: list[StatusRow] | list[StatusFact]) -> list[tuple[TaskStatus, str, int]]:
    return [(status, STATUS_CSS[status], n) for status, n in status_counts(rows).items()]


def _report_or_404(request: HttpRequest, pk: int) -> Report:
    report = sel.report_get(user=request.user, pk=pk)
    if report is None:
        raise Http404(_("Không tìm thấy báo cáo."))
    return report


def _period_from(request: HttpRequest, assignment: TaskAssignment) -> Period:
    raw = request.GET.get("ky", "")
    if not raw:
        return current_period(assignment.task)
    try:
        day = date.fromisoformat(raw)
    except ValueError:
        raise Http404(_("Kỳ báo cáo không hợp lệ.")) from None
    period = period_containing(assignment.task, day)
    if period.start != day:
        raise Http404(_("Kỳ báo cáo không hợp lệ."))
    return period


def _edit_url(assignment: TaskAssignment, period: Period) -> str:
    url = reverse("directives:report_edit", args=[assignment.task_id, assignment.unit_id])
    return f"{url}?ky={period.start.isoformat()}"


@require_GET
@role_required(*VIEW_ROLES)
def report_list(request: HttpRequest) -> HttpResponse:
    rows = sel.my_rows(user=request.user)
    page = paginate(rows, request.GET)
    return render(
        request,
        "directives/reports/list.html",
        {"rows": page.object_list, "page": page, "counts": _counts(rows)},
    )


@require_http_methods(["GET", "POST"])
@role_required(*sel.WRITE_ROLES)
def report_edit(request: HttpRequest, task_pk: int, unit_pk: int) -> HttpResponse:
    assignment = sel.writable_assignment(user=request.user, task_pk=task_pk, unit_pk=unit_pk)
    if assignment is None:
        raise Http404(_("Không tìm thấy nhiệm vụ của đơn vị."))
    period = _period_from(request, assignment)
    report = sel.report_for(assignment=assignment, period_start=period.start)
    if report is not None and report.state in (Report.State.SUBMITTED, Report.State.ACCEPTED):
        if request.method == "POST":
            messages.error(
                request,
                _("Báo cáo đã được Văn phòng tiếp nhận: không sửa hoặc gửi lại được.")
                if report.state == Report.State.ACCEPTED
                else _(
                    "Báo cáo đã gửi và đang chờ Văn phòng xem xét: không sửa hoặc gửi lại được."
                ),
            )
        return redirect("directives:report_detail", pk=report.pk)
    task, unit = assignment.task, assignment.unit
    indicators = sel.task_indicators(task=task)
    version = report.current_version if report else None
    current = list(version.attachments.all()) if version and version.is_draft else []
    form = report_forms.ReportForm(
        request.POST or None,
        request.FILES or None,
        indicators=indicators,
        current=current,
        initial=report_forms.initial_from(version),
    )
    if request.method == "POST" and form.is_valid():
        saved = reports.report_save(
            task=task,
            unit=unit,
            period_start=period.start,
            data=form.to_input(),
            submit=request.POST.get("action") == "submit",
            by=request.user,
            ip=client_ip(request),
        )
        if saved.error is None and saved.report is not None:
            if saved.submitted:
                messages.success(request, _("Đã gửi báo cáo tới Văn phòng Sở."))
                return redirect("directives:report_detail", pk=saved.report.pk)
            messages.success(request, _("Đã lưu nháp báo cáo."))
            return redirect(_edit_url(assignment, period))
        if saved.error is not None:
            _form_errors(form, saved.error)
        if saved.report is not None:  # the valid part, kept as a draft
            messages.warning(request, _("Đã lưu nháp; chưa gửi được, vui lòng bổ sung."))
            report = saved.report
            version = report.current_version
    today = today_local()
    status, days = status_of(due_on=period.due_on, report=report, today=today)
    context = {
        "assignment": assignment,
        "task": task,
        "unit": unit,
        "directive": task.directive,
        "period": period,
        "report": report,
        "form": form,
        "status": status,
        "status_css": STATUS_CSS[status],
        "days": days,
        "late": period.due_on is not None and today > period.due_on,
        "on_behalf": can_manage(request.user),
        "attachments": list(version.attachments.all()) if version and version.is_draft else [],
    }
    return render(request, "directives/reports/form.html", context)


def _form_errors(form: report_forms.ReportForm, error: ReportError) -> None:
    """A refusal on the form: each message beside its field (or above the form)."""
    for field, field_messages in error.field_errors.items():
        for message in field_messages:
            form.add_error(field if field in form.fields else None, message)
    if not error.field_errors:
        for message in error.messages:
            form.add_error(None, message)


def _detail(request: HttpRequest, report: Report, shown: ReportVersion | None) -> HttpResponse:
    versions = sel.report_versions(report=report)
    if shown is None:
        shown = next((v for v in reversed(versions) if not v.is_draft), None)
        if shown is None and versions:
            shown = versions[-1]
    else:
        shown = next(v for v in versions if v.pk == shown.pk)
    today = today_local()
    period = Period(report.period_start, report.period_end, report.due_on)
    status, days = status_of(due_on=report.due_on, report=report, today=today)
    manage = can_manage(request.user)
    mine = sel.writable_assignment(
        user=request.user, task_pk=report.task_id, unit_pk=report.unit_id
    )
    context = {
        "report": report,
        "task": report.task,
        "directive": report.task.directive,
        "unit": report.unit,
        "period": period,
        "versions": versions,
        "shown": shown,
        "status": status,
        "status_css": STATUS_CSS[status],
        "days": days,
        "can_review": manage and report.state == Report.State.SUBMITTED,
        "can_edit": mine is not None
        and report.state in (Report.State.DRAFT, Report.State.RETURNED),
        "edit_url": _edit_url(mine, period) if mine is not None else "",
        "return_form": report_forms.ReturnForm(),
    }
    return render(request, "directives/reports/detail.html", context)


@require_GET
@role_required(*VIEW_ROLES)
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, _report_or_404(request, pk), None)


@require_GET
@role_required(*VIEW_ROLES)
def report_version(request: HttpRequest, pk: int, version: int) -> HttpResponse:
    report = _report_or_404(request, pk)
    shown = sel.report_version_get(report=report, version=version)
    if shown is None:
        raise Http404(_("Không tìm thấy phiên bản báo cáo."))
    return _detail(request, report, shown)


@require_POST
@role_required(*MANAGE_ROLES)
def report_accept(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report_or_404(request, pk)
    try:
        reports.report_accept(report=report, by=request.user, ip=client_ip(request))
    except ReportError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Đã tiếp nhận báo cáo."))
    return redirect("directives:report_detail", pk=report.pk)


@require_POST
@role_required(*MANAGE_ROLES)
def report_return(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report_or_404(request, pk)
    form = report_forms.ReturnForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        reports.report_return(report=report, by=request.user, note=note, ip=client_ip(request))
    except ReportError as exc:
        for message in exc.messages:
            messages.error(request, message)
        if not note:
            return redirect(reverse("directives:report_detail", args=[report.pk]) + "#tra-lai")
    else:
        messages.success(request, _("Đã trả lại báo cáo cho đơn vị."))
    return redirect("directives:report_detail", pk=report.pk)


@never_cache
@require_GET
@role_required(*VIEW_ROLES)  # type: ignore[arg-type]  # a FileResponse streams the file
def report_attachment(request: HttpRequest, pk: int) -> HttpResponseBase:
    attachment = sel.attachment_get(user=request.user, pk=pk)
    if attachment is None:
        raise Http404(_("Không tìm thấy tệp đính kèm."))
    handle = sel.report_attachment_open(
        user=request.user, attachment=attachment, ip=client_ip(request)
    )
    if handle is None:
        raise Http404(_("Không tìm thấy tệp đính kèm."))
    name = attachment.original_name
    response = FileResponse(
        handle, as_attachment=True, filename=name, content_type=attachments.content_type(name)
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _dashboard_selection(
    request: HttpRequest,
) -> tuple[report_forms.DashboardFilterForm, list[StatusFact], list[StatusFact], Any]:
    """The filter form, every row of the directive/unit selection, the rows of the
    status asked for, and that status (or None)."""
    form = report_forms.DashboardFilterForm(
        request.GET or None,
        directives=sel.directives_with_rows(user=request.user),
        units=sel.dashboard_units(user=request.user),
    )
    directive, unit, status = None, None, None
    if form.is_valid():
        directive = form.cleaned_data["directive"]
        unit = form.cleaned_data["unit"]
        status = STATUS_KEYS.get(form.cleaned_data["status"] or "")
    all_rows = sel.dashboard_facts(
        user=request.user, directive=directive, units=[unit] if unit else None
    )
    rows = [row for row in all_rows if status is None or row.status == status]
    return form, all_rows, rows, status


DASHBOARD_VIEWS = ("groups", "rows")


@require_GET
@role_required(*VIEW_ROLES)
def dashboard(request: HttpRequest) -> HttpResponse:
    form, all_rows, rows, status = _dashboard_selection(request)
    view = request.GET.get("view", "")
    view = view if view in DASHBOARD_VIEWS else "groups"
    if view == "rows":
        page = paginate(rows, request.GET)
    else:
        page = paginate(grouped.unit_groups(all_rows, status=status), request.GET)
    tabs = request.GET.copy()
    for key in ("page", "view"):
        tabs.pop(key, None)
    context = {
        "form": form,
        "view": view,
        "page": page,
        "rows": page.object_list if view == "rows" else [],
        "counts": _counts(all_rows),
        "columns": [(status, STATUS_CSS[status]) for status in grouped.ORDER],
        "chart": grouped.directive_chart(rows),
        "filtered": form.is_bound,
        "tabs_querystring": tabs.urlencode(),
    }
    return render(request, "directives/dashboard.html", context)


@require_GET
@role_required(*VIEW_ROLES)
def dashboard_export(request: HttpRequest) -> HttpResponse:
    form, all_rows, rows, status = _dashboard_selection(request)
    filters: list[tuple[str, str]] = []
    if form.is_valid():
        for name in ("directive", "unit"):
            value = form.cleaned_data[name]
            if value:
                label = getattr(value, "reference", "") or getattr(value, "name", "")
                filters.append((str(form.fields[name].label), str(label or value)))
        if status is not None:
            filters.append((_("Tình trạng"), str(status.label)))
    sheets = dashboard_sheets(
        groups=grouped.unit_groups(all_rows, status=status), rows=rows, filters=filters
    )
    data = build_workbook(
        sheets=sheets,
        exported_by=person_name(request.user),
        exported_at=timezone.now(),
    )
    return xlsx_response(data, filename="theo-doi-thuc-hien-nhiem-vu.xlsx")

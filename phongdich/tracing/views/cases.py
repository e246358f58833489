"""Cases (F0): the list, registering one, its page, trace runs, the export, closing."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRefresh

from phongdich.core.audit import client_ip
from phongdich.core.export_reason import ExportReasonForm, export_reason_refused
from phongdich.core.paging import paginate
from phongdich.core.permissions import role_required
from phongdich.core.xlsx import xlsx_response
from phongdich.tracing import selectors, services
from phongdich.tracing.forms import CaseCreateForm, TraceForm
from phongdich.tracing.models import Case, TraceRun
from phongdich.tracing.selectors import CaseOverview, Found
from phongdich.tracing.services import TracingServiceError

ROLES = selectors.TRACING_ROLES
PAGE_SIZE = 50


def case_or_404(request: HttpRequest, pk: int) -> Case:
    case = selectors.case_get(user=request.user, pk=pk)
    if case is None:
        raise Http404
    return case


@require_GET
@role_required(*ROLES)
def case_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    cases = selectors.case_list(user=request.user, status=status)
    page = paginate(cases, request.GET, default_size=PAGE_SIZE)
    return render(
        request,
        "tracing/case_list.html",
        {
            "page": page,
            "status": status,
            "statuses": Case.Status.choices,
            "querystring": f"status={status}" if status else "",
        },
    )


@require_http_methods(["GET", "POST"])
@role_required(*ROLES)
def case_create(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return _render_create(request, CaseCreateForm(), Found())
    form = CaseCreateForm(request.POST)
    valid = form.is_valid()
    data = form.cleaned_data
    source = data.get("source", "")
    # The searches are run again on each post: what the form refers to, and the pick.
    found = selectors.case_sources(
        user=request.user,
        source=source,
        staff_query=data.get("staff_query", ""),
        visit_query=data.get("visit_query", ""),
        chosen_staff=data.get("staff"),
        chosen_visit=data.get("visit"),
    )
    if request.POST.get("action", "create") != "create":
        form.errors.clear()  # a search keeps what was typed and shows no errors yet
        return _render_create(request, form, found)
    if not valid:
        return _render_create(request, form, found, status=400)
    pick = found.pick
    if pick is not None and pick.error:
        form.add_error(f"{source}_query", pick.error)
        return _render_create(request, form, found, status=400)
    try:
        case = services.case_open(
            user=request.user,
            ip=client_ip(request),
            onset=data["onset"],
            staff=pick.staff if pick else None,
            visit=pick.visit if pick else None,
            phone=data.get("phone") or None,
            full_name=data.get("full_name", ""),
            isolated_at=data.get("isolated_at"),
            notes=data.get("notes", ""),
        )
    except TracingServiceError as error:
        form.add_error(None, str(error))
        return _render_create(request, form, found, status=400)
    messages.success(
        request,
        _("Đã ghi nhận ca bệnh %(case)s: %(name)s. Bấm “Truy vết” để tìm F1, F2.")
        % {"case": case, "name": case.person.full_name},
    )
    return redirect("tracing:case_detail", pk=case.pk)


def _render_create(
    request: HttpRequest, form: CaseCreateForm, found: Found, *, status: int = 200
) -> HttpResponse:
    chosen_staff = form["staff"].value()
    chosen_visit = form["visit"].value()
    return render(
        request,
        "tracing/case_create.html",
        {
            "form": form,
            "found": found,
            "chosen_staff": str(chosen_staff or ""),
            "chosen_visit": str(chosen_visit or ""),
            "source": form["source"].value() or CaseCreateForm.SOURCE_STAFF,
        },
        status=status,
    )


def _render_case(
    request: HttpRequest, overview: CaseOverview, *, status: int = 200, **extra: Any
) -> HttpResponse:
    context = {
        "case": overview.case,
        "run": overview.run,
        "contacts": overview.contacts,
        "levels": overview.levels,
        "level_counts": overview.level_counts,
        "total": overview.total,
        "page": overview.page,
        "graph": overview.graph,
        "graph_contacts": overview.graph_contacts,
        "trace_form": TraceForm(),
        "reason_form": ExportReasonForm(),
        **extra,
    }
    return render(request, "tracing/case_detail.html", context, status=status)


@require_GET
@role_required(*ROLES)
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    case = case_or_404(request, pk)
    overview = services.case_contacts_view(
        case=case, user=request.user, ip=client_ip(request), params=request.GET
    )
    return _render_case(request, overview)


@require_POST
@role_required(*ROLES)
def case_trace(request: HttpRequest, pk: int) -> HttpResponse:
    case = case_or_404(request, pk)
    form = TraceForm(request.POST)
    if not form.is_valid():
        overview = services.case_contacts_view(
            case=case, user=request.user, ip=client_ip(request), params=request.GET
        )
        return _render_case(request, overview, status=400, trace_form=form, trace_open=True)
    data = form.cleaned_data
    try:
        run = services.case_trace(
            case=case,
            user=request.user,
            ip=client_ip(request),
            as_of=data.get("as_of"),
            depth=data.get("depth"),
            min_overlap_minutes=data.get("min_overlap_minutes"),
        )
    except TracingServiceError as error:
        messages.error(request, str(error))
        return redirect("tracing:case_detail", pk=case.pk)
    if run.status == TraceRun.Status.DONE:
        messages.success(
            request, _("Đã truy vết xong: %(n)d người tiếp xúc.") % {"n": run.contact_count}
        )
    elif run.status == TraceRun.Status.FAILED:
        messages.error(request, _("Truy vết lỗi: %(error)s") % {"error": run.error})
    else:
        messages.info(request, _("Đã đưa yêu cầu truy vết vào hàng đợi."))
    return redirect("tracing:case_detail", pk=case.pk)


@require_GET
@role_required(*ROLES)
def run_status(request: HttpRequest, pk: int, run_id: str) -> HttpResponse:
    case = case_or_404(request, pk)
    run = selectors.run_get(case=case, run_id=run_id)
    if run is None:
        raise Http404
    finished = run.status in (TraceRun.Status.DONE, TraceRun.Status.FAILED)
    if request.htmx and finished:  # type: ignore[attr-defined]
        return HttpResponseClientRefresh()  # the contacts appear with the whole page
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, "tracing/_run.html", {"case": case, "run": run})
    return redirect("tracing:case_detail", pk=case.pk)


@require_GET
@role_required(*ROLES)
def case_export(request: HttpRequest, pk: int) -> HttpResponse:
    case = case_or_404(request, pk)
    reason_form = ExportReasonForm(request.GET)
    if not reason_form.is_valid():
        return export_reason_refused(
            request,
            reason_form,
            action=reverse("tracing:case_export", args=[case.pk]),
            title=_("Danh sách người tiếp xúc của ca bệnh %(case)s") % {"case": case},
        )
    content = services.case_contacts_export(
        case=case, user=request.user, reason=reason_form.reason_text(), ip=client_ip(request)
    )
    response = xlsx_response(content, filename=f"truy-vet-ca-{case.pk}.xlsx")
    response["Cache-Control"] = "no-store"
    return response


@require_POST
@role_required(*ROLES)
def case_close(request: HttpRequest, pk: int) -> HttpResponse:
    case = case_or_404(request, pk)
    try:
        services.case_close(case=case, user=request.user, ip=client_ip(request))
    except TracingServiceError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Đã kết thúc điều tra ca bệnh %(case)s.") % {"case": case})
    return redirect("tracing:case_detail", pk=case.pk)

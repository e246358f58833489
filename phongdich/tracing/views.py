"""The tracing pages, for tracers (and Admins): cases, trace runs, contacts, follow-up.

Views parse, check the role, call one service and render. Every page that shows a
list of contacts, and every export, is written to the audit log (no personal
values in it).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRefresh

from phongdich.checkin.models import Visit
from phongdich.checkin.selectors.log import LogFilter, visit_log
from phongdich.core.audit import audit
from phongdich.core.permissions import role_required
from phongdich.core.roles import Role
from phongdich.core.text import fold
from phongdich.org import selectors as org_selectors
from phongdich.org.models import Staff
from phongdich.tracing import exports, selectors, services
from phongdich.tracing.forms import (
    CaseCreateForm,
    ContactStatusForm,
    FollowUpForm,
    PromoteForm,
    TraceForm,
)
from phongdich.tracing.models import Case, Contact, FollowUp, TraceRun
from phongdich.tracing.services import TracingServiceError
from tracing_engine.identity import InvalidPhone, normalize_phone

ROLES = (Role.TRACER, Role.ADMIN)
PAGE_SIZE = 50
SEARCH_LIMIT = 20
VISIT_SEARCH_DAYS = 31
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _case_or_404(request: HttpRequest, pk: int) -> Case:
    case = selectors.case_get(request.user, pk)
    if case is None:
        raise Http404
    return case


def _contact_or_404(request: HttpRequest, pk: int) -> Contact:
    contact = (
        Contact.objects.filter(pk=pk, case__in=selectors.cases_visible(request.user))
        .select_related("case__person", "case__profile", "person__staff__unit", "via", "location")
        .first()
    )
    if contact is None:
        raise Http404
    return contact


def _contacts(case: Case) -> QuerySet[Contact]:
    return selectors.contacts_of(case)


def _levels(contacts: list[Contact]) -> list[tuple[int, list[Contact]]]:
    by_level: dict[int, list[Contact]] = {}
    for contact in contacts:
        by_level.setdefault(contact.level, []).append(contact)
    return sorted(by_level.items())


def _graph(case: Case, contacts: list[Contact]) -> dict[str, Any]:
    """Nodes and edges of the transmission graph (for static/js/tracing-graph.js)."""
    nodes = [{"id": f"p{case.person_id}", "label": f"F0 · {case.person.full_name}", "level": 0}]
    edges = []
    for contact in contacts:
        nodes.append(
            {
                "id": f"p{contact.person_id}",
                "label": f"F{contact.level} · {contact.person.full_name}",
                "level": contact.level,
            }
        )
        edges.append(
            {
                "id": f"c{contact.pk}",
                "source": f"p{contact.via_id}",
                "target": f"p{contact.person_id}",
                "label": contact.location.code,
            }
        )
    return {"nodes": nodes, "edges": edges}


# Dashboard --------------------------------------------------------------------


@require_GET
@role_required(*ROLES)
def dashboard(request: HttpRequest) -> HttpResponse:
    data = selectors.dashboard(request.user, today=_today())
    totals: dict[str, int] = {}
    for row in data["rows"]:
        for value, _label, n in row["by_status"]:
            totals[value] = totals.get(value, 0) + n
    by_status = [(label, totals.get(value, 0)) for value, label in data["statuses"]]
    return render(request, "tracing/dashboard.html", {**data, "by_status": by_status})


def _today() -> date:
    return timezone.localdate()


# Cases ------------------------------------------------------------------------


@require_GET
@role_required(*ROLES)
def case_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    cases = selectors.cases_visible(request.user).select_related("person", "unit", "staff")
    if status in Case.Status.values:
        cases = cases.filter(status=status)
    page = Paginator(cases.order_by("-created_at", "-pk"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
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


@dataclass
class _Found:
    staff: list[Staff]
    visits: list[Visit]
    staff_searched: bool = False
    visit_searched: bool = False


def _search_staff(user: Any, query: str) -> list[Staff]:
    if not query:
        return []
    return list(org_selectors.staff_search(user, query=query)[:SEARCH_LIMIT])


def _search_visits(user: Any, query: str) -> list[Visit]:
    if not query:
        return []
    today = _today()
    flt = LogFilter(date_from=today - timedelta(days=VISIT_SEARCH_DAYS), date_to=today)
    try:
        flt.phone = normalize_phone(query)
    except InvalidPhone:
        flt.name = fold(query)
    latest: dict[int, Visit] = {}  # one line per person: their latest visit
    for visit in visit_log(user=user, flt=flt)[: SEARCH_LIMIT * 5]:
        latest.setdefault(visit.person_id, visit)
    return list(latest.values())[:SEARCH_LIMIT]


def _pick(form: CaseCreateForm, found: _Found, source: str) -> tuple[Staff | None, Visit | None]:
    """The staff record or visit the tracer chose (or the only match), else a form error."""
    if source == CaseCreateForm.SOURCE_STAFF:
        chosen = form.cleaned_data.get("staff")
        pool = found.staff
        field, kind = "staff_query", _("cán bộ")
        query = form.cleaned_data.get("staff_query", "")
    else:
        chosen = form.cleaned_data.get("visit")
        pool = found.visits  # type: ignore[assignment]
        field, kind = "visit_query", _("lượt check-in")
        query = form.cleaned_data.get("visit_query", "")
    picked: Any = None
    if chosen:
        picked = next((item for item in pool if item.pk == chosen), None)
        if picked is None:
            form.add_error(field, _("Không tìm thấy %(kind)s đã chọn.") % {"kind": kind})
    elif len(pool) == 1:
        picked = pool[0]
    elif not pool:
        form.add_error(
            field,
            _("Không tìm thấy %(kind)s nào khớp “%(q)s”.") % {"kind": kind, "q": query},
        )
    else:
        form.add_error(
            field,
            _("Có %(n)d %(kind)s khớp “%(q)s”: hãy chọn một trong danh sách.")
            % {"n": len(pool), "kind": kind, "q": query},
        )
    if source == CaseCreateForm.SOURCE_STAFF:
        return picked, None
    return None, picked


def _found_for(request: HttpRequest, form: CaseCreateForm) -> _Found:
    """The search results the form refers to: searched again on each post."""
    data = form.cleaned_data if form.is_bound and hasattr(form, "cleaned_data") else {}
    staff_query = data.get("staff_query", "")
    visit_query = data.get("visit_query", "")
    staff = _search_staff(request.user, staff_query)
    if data.get("staff") and all(s.pk != data["staff"] for s in staff):
        staff += list(
            org_selectors.staff_search(request.user, query="", active=None).filter(pk=data["staff"])
        )
    visits = _search_visits(request.user, visit_query)
    return _Found(
        staff=staff,
        visits=visits,
        staff_searched=bool(staff_query),
        visit_searched=bool(visit_query),
    )


@require_http_methods(["GET", "POST"])
@role_required(*ROLES)
def case_create(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        form = CaseCreateForm()
        return _render_create(request, form, _Found(staff=[], visits=[]))
    form = CaseCreateForm(request.POST)
    valid = form.is_valid()
    found = _found_for(request, form)
    action = request.POST.get("action", "create")
    if action != "create":
        form.errors.clear()  # a search keeps what was typed and shows no errors yet
        return _render_create(request, form, found)
    if not valid:
        return _render_create(request, form, found, status=400)
    data = form.cleaned_data
    source = data["source"]
    staff, visit = None, None
    if source != CaseCreateForm.SOURCE_PHONE:
        staff, visit = _pick(form, found, source)
        if form.errors:
            return _render_create(request, form, found, status=400)
    try:
        with transaction.atomic():
            person = services.case_person_for(
                staff=staff,
                visit=visit,
                phone=data.get("phone") or None,
                full_name=data.get("full_name", ""),
            )
            case = services.case_create(
                person=person,
                onset=data["onset"],
                isolated_at=data.get("isolated_at"),
                notes=data.get("notes", ""),
                staff=staff,
                user=request.user,
            )
    except TracingServiceError as error:
        form.add_error(None, str(error))
        return _render_create(request, form, found, status=400)
    messages.success(
        request,
        _("Đã ghi nhận ca bệnh %(case)s: %(name)s. Bấm “Truy vết” để tìm F1, F2.")
        % {"case": case, "name": person.full_name},
    )
    return redirect("tracing:case_detail", pk=case.pk)


def _render_create(
    request: HttpRequest, form: CaseCreateForm, found: _Found, *, status: int = 200
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


@require_GET
@role_required(*ROLES)
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case_or_404(request, pk)
    run = selectors.latest_run(case)
    contacts = list(_contacts(case))
    audit(request, "tracing.contacts.view", obj=case, contacts=len(contacts), page="case")
    return render(
        request,
        "tracing/case_detail.html",
        {
            "case": case,
            "run": run,
            "contacts": contacts,
            "levels": _levels(contacts),
            "graph": _graph(case, contacts),
            "trace_form": TraceForm(),
        },
    )


@require_POST
@role_required(*ROLES)
def case_trace(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case_or_404(request, pk)
    form = TraceForm(request.POST)
    if not form.is_valid():
        contacts = list(_contacts(case))
        audit(request, "tracing.contacts.view", obj=case, contacts=len(contacts), page="case")
        return render(
            request,
            "tracing/case_detail.html",
            {
                "case": case,
                "run": selectors.latest_run(case),
                "contacts": contacts,
                "levels": _levels(contacts),
                "graph": _graph(case, contacts),
                "trace_form": form,
                "trace_open": True,
            },
            status=400,
        )
    data = form.cleaned_data
    try:
        run = services.case_trace(
            case=case,
            user=request.user,
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
    case = _case_or_404(request, pk)
    run = TraceRun.objects.filter(case=case, pk=run_id).first()
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
    case = _case_or_404(request, pk)
    contacts = list(_contacts(case))
    content = exports.contacts_xlsx(case=case, contacts=contacts)
    audit(request, "tracing.contacts.export", obj=case, rows=len(contacts))
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="truy-vet-ca-{case.pk}.xlsx"'
    response["Cache-Control"] = "no-store"
    return response


@require_POST
@role_required(*ROLES)
def case_close(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case_or_404(request, pk)
    try:
        services.case_close(case=case, user=request.user)
    except TracingServiceError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Đã kết thúc điều tra ca bệnh %(case)s.") % {"case": case})
    return redirect("tracing:case_detail", pk=case.pk)


# Follow-up ----------------------------------------------------------------------


@dataclass
class Day:
    day: date
    entry: FollowUp | None
    future: bool


def _period(contact: Contact) -> tuple[date, date]:
    return services.followup_period(contact)


def _days(contact: Contact, entries: list[FollowUp]) -> list[Day]:
    first, last = _period(contact)
    today = _today()
    by_day = {entry.day: entry for entry in entries}
    span = (last - first).days + 1
    return [
        Day(day=d, entry=by_day.get(d), future=d > today)
        for d in (first + timedelta(days=i) for i in range(span))
    ]


@require_GET
@role_required(*ROLES)
def followup_list(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case_or_404(request, pk)
    contacts = list(_contacts(case).prefetch_related("follow_ups"))
    today = _today()
    rows = []
    for contact in contacts:
        days = _days(contact, list(contact.follow_ups.all()))
        due = [d for d in days if not d.future]
        rows.append(
            {
                "contact": contact,
                "recorded": sum(1 for d in due if d.entry),
                "due": len(due),
                "total": len(days),
                "today_missing": any(d.day == today and d.entry is None for d in days),
            }
        )
    audit(request, "tracing.contacts.view", obj=case, contacts=len(contacts), page="followup")
    return render(request, "tracing/followup_list.html", {"case": case, "rows": rows})


def _contact_page(
    request: HttpRequest,
    contact: Contact,
    *,
    status_form: ContactStatusForm | None = None,
    followup_form: FollowUpForm | None = None,
    promote_form: PromoteForm | None = None,
    status: int = 200,
) -> HttpResponse:
    entries = list(
        FollowUp.objects.filter(contact=contact).select_related("recorded_by").order_by("day")
    )
    first, last = _period(contact)
    today = _today()
    if followup_form is None:
        followup_form = FollowUpForm(
            prefix="fu",
            first_day=first,
            last_day=last,
            initial={
                "day": request.GET.get("ngay") or min(max(today, first), last),
                "status": contact.status,
            },
        )
    audit(request, "tracing.contacts.view", obj=contact.case, contact=contact.pk, page="contact")
    return render(
        request,
        "tracing/contact_detail.html",
        {
            "contact": contact,
            "case": contact.case,
            "days": _days(contact, entries),
            "entries": entries,
            "first_day": first,
            "last_day": last,
            "status_form": status_form
            or ContactStatusForm(prefix="st", initial={"status": contact.status}),
            "followup_form": followup_form,
            "promote_form": promote_form or PromoteForm(prefix="pr"),
            "promoted": getattr(contact, "promoted_case", None),
        },
        status=status,
    )


@require_GET
@role_required(*ROLES)
def contact_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _contact_page(request, _contact_or_404(request, pk))


@require_POST
@role_required(*ROLES)
def contact_status(request: HttpRequest, pk: int) -> HttpResponse:
    contact = _contact_or_404(request, pk)
    form = ContactStatusForm(request.POST, prefix="st")
    if not form.is_valid():
        return _contact_page(request, contact, status_form=form, status=400)
    try:
        services.contact_set_status(
            contact=contact, status=form.cleaned_data["status"], user=request.user
        )
    except TracingServiceError as error:
        form.add_error("status", str(error))
        return _contact_page(request, contact, status_form=form, status=400)
    messages.success(
        request,
        _("Đã cập nhật tình trạng: %(status)s.") % {"status": contact.get_status_display()},
    )
    return redirect("tracing:contact_detail", pk=contact.pk)


@require_POST
@role_required(*ROLES)
def followup_record(request: HttpRequest, pk: int) -> HttpResponse:
    contact = _contact_or_404(request, pk)
    first, last = _period(contact)
    form = FollowUpForm(request.POST, prefix="fu", first_day=first, last_day=last)
    if not form.is_valid():
        return _contact_page(request, contact, followup_form=form, status=400)
    data = form.cleaned_data
    try:
        services.followup_record(
            contact=contact,
            day=data["day"],
            status=data["status"],
            has_symptoms=data["has_symptoms"],
            note=data["note"],
            user=request.user,
        )
    except TracingServiceError as error:
        field = "day" if isinstance(error, services.FollowUpDayError) else None
        form.add_error(field, str(error))
        return _contact_page(request, contact, followup_form=form, status=400)
    messages.success(
        request, _("Đã ghi theo dõi ngày %(day)s.") % {"day": data["day"].strftime("%d/%m/%Y")}
    )
    return redirect("tracing:contact_detail", pk=contact.pk)


@require_POST
@role_required(*ROLES)
def contact_promote(request: HttpRequest, pk: int) -> HttpResponse:
    contact = _contact_or_404(request, pk)
    form = PromoteForm(request.POST, prefix="pr")
    if not form.is_valid():
        return _contact_page(request, contact, promote_form=form, status=400)
    try:
        case = services.contact_promote(
            contact=contact,
            user=request.user,
            onset=form.cleaned_data["onset"],
            isolated_at=form.cleaned_data.get("isolated_at"),
        )
    except TracingServiceError as error:
        form.add_error(None, str(error))
        return _contact_page(request, contact, promote_form=form, status=400)
    messages.success(
        request,
        _("Đã chuyển %(name)s thành ca bệnh %(case)s. Bấm “Truy vết” để tìm người tiếp xúc.")
        % {"name": contact.person.full_name, "case": case},
    )
    return redirect("tracing:case_detail", pk=case.pk)

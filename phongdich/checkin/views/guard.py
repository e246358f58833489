"""The guard console: who is inside, flagged declarations, manual check-in."""

from __future__ import annotations

from typing import Any, cast

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.csp import CSP
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.csp import csp_override
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from phongdich.checkin.cccd import CccdError, parse_cccd
from phongdich.checkin.forms.guard import ManualCheckinForm
from phongdich.checkin.models import DiseaseProfile, Location, Visit
from phongdich.checkin.selectors.guard import (
    GUARD_ROLES,
    guard_console,
    guard_gate,
    guard_gates,
    guard_live,
    guard_visit,
    inside_gate,
    live_unchanged,
)
from phongdich.checkin.services.checkin import CheckinError, CheckinSource, checkin_submit
from phongdich.checkin.services.guard import guard_check_out, visit_decide
from phongdich.core.audit import client_ip
from phongdich.core.permissions import role_required

ROLES = tuple(GUARD_ROLES)
# The console's camera scan may need the vendored ZXing WebAssembly decoder:
# allow compiling WebAssembly on these pages only (not 'unsafe-eval').
_BASE_CSP = cast(dict[str, list[str]], settings.SECURE_CSP)
CONSOLE_CSP = {**_BASE_CSP, "script-src": [*_BASE_CSP["script-src"], CSP.WASM_UNSAFE_EVAL]}


def _form(request: HttpRequest, profile: DiseaseProfile, **kwargs: Any) -> ManualCheckinForm:
    return ManualCheckinForm(
        gates=guard_gates(user=request.user, active_only=True),
        questions=profile.questions,
        **kwargs,
    )


def _console(
    request: HttpRequest,
    form: ManualCheckinForm,
    *,
    scan_error: str = "",
    scanned: bool = False,
    status: int = 200,
) -> HttpResponse:
    context = {
        **guard_live(user=request.user),
        "form": form,
        "scan_error": scan_error,
        "scanned": scanned,
    }
    return render(request, "checkin/guard/index.html", context, status=status)


def _initial_gate(gates: list[Location], wanted: str) -> int | None:
    """The gate the form starts on: the one asked for (?cong=), or the only one."""
    if wanted.isdigit() and any(gate.pk == int(wanted) for gate in gates):
        return int(wanted)
    return gates[0].pk if len(gates) == 1 else None


@csp_override(CONSOLE_CSP)
@require_GET
@role_required(*ROLES)
def index(request: HttpRequest) -> HttpResponse:
    profile = DiseaseProfile.active()
    gates = guard_gates(user=request.user, active_only=True)
    initial: dict[str, Any] = {"kind": "visitor"}
    gate = _initial_gate(list(gates), request.GET.get("cong", ""))
    if gate is not None:
        initial["location"] = gate
    form = ManualCheckinForm(gates=gates, questions=profile.questions, initial=initial)
    context = {
        **guard_console(user=request.user, ip=client_ip(request)),
        "form": form,
        "scan_error": "",
        "scanned": False,
    }
    return render(request, "checkin/guard/index.html", context)


@require_GET
@role_required(*ROLES)
def live(request: HttpRequest) -> HttpResponse:
    """The part of the console that htmx polls every 1.5 seconds.

    The client sends the stamp of what it shows (``?v=``); while it may keep it the
    answer is an empty 204 after one query (``live_unchanged``), else the part.
    """
    shown = request.GET.get("v", "")
    if shown and live_unchanged(user=request.user, shown=shown):
        return HttpResponse(status=204)
    return render(request, "checkin/guard/_live.html", guard_live(user=request.user))


@require_GET
@role_required(*ROLES)
def inside(request: HttpRequest, pk: int) -> HttpResponse:
    """Everyone inside one gate now, a page at a time (the live part lists the newest)."""
    gate = guard_gate(user=request.user, pk=pk)
    if gate is None:
        raise Http404
    page = inside_gate(user=request.user, gate=gate, params=request.GET, ip=client_ip(request))
    context = {"gate": gate, "page": page, "now": timezone.now()}
    return render(request, "checkin/guard/inside.html", context)


def _back(request: HttpRequest, visit: Visit) -> HttpResponse:
    """After a check-out: the gate's own page when it was sent from there."""
    if request.POST.get("back") == "gate":
        return redirect("checkin:guard_inside", pk=visit.location_id)
    return redirect("checkin:guard_index")


@csp_override(CONSOLE_CSP)
@require_http_methods(["POST"])
@role_required(*ROLES)
def checkin(request: HttpRequest) -> HttpResponse:
    profile = DiseaseProfile.active()
    form = _form(request, profile, data=request.POST)
    if request.POST.get("action") == "scan" and request.POST.get("cccd_text", "").strip():
        return _scan(request, profile, form)
    if not form.is_valid():
        return _console(request, form)
    data = form.cleaned_data
    location = data["location"]
    try:
        visit = checkin_submit(
            location=location,
            profile=profile,
            source=CheckinSource.GUARD,
            phone=data["phone"],
            full_name=data["full_name"],
            cccd=data["cccd"],
            answers=form.answers(),
            is_visitor=form.is_visitor,
            purpose=data["purpose"],
            host=data["host"],
            consent=data["consent"],
            user=request.user,
            ip=client_ip(request),
        )
    except CheckinError as exc:
        form.add_error(None, str(exc))
        return _console(request, form)
    name = visit.person.full_name
    if visit.status == Visit.Status.PENDING:
        messages.warning(
            request,
            _(
                "Đã ghi nhận %(name)s tại %(gate)s. Tờ khai có yếu tố nguy cơ: "
                "lượt vào đang chờ bảo vệ quyết định (xem danh sách bên dưới)."
            )
            % {"name": name, "gate": location.name},
        )
    else:
        messages.success(
            request, _("Đã check-in %(name)s tại %(gate)s.") % {"name": name, "gate": location.name}
        )
    return redirect(f"{reverse('checkin:guard_index')}?cong={location.pk}")


def _scan(request: HttpRequest, profile: DiseaseProfile, posted: ManualCheckinForm) -> HttpResponse:
    """Fill the form from a CCCD QR text, keeping everything else that was typed."""
    initial = posted.typed_values()
    text = request.POST.get("cccd_text", "")
    try:
        card = parse_cccd(text)
    except CccdError as exc:
        form = _form(request, profile, initial={**initial, "cccd_text": text})
        return _console(request, form, scan_error=str(exc))
    initial.update(full_name=card.full_name, cccd=card.id_number)
    return _console(request, _form(request, profile, initial=initial), scanned=True)


def _visit_or_404(request: HttpRequest, pk: int) -> Visit:
    visit = guard_visit(user=request.user, pk=pk)
    if visit is None:
        raise Http404
    return visit


@require_POST
@role_required(*ROLES)
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    visit = _visit_or_404(request, pk)
    action = request.POST.get("action")
    if action not in {"admit", "refuse"}:
        messages.error(request, _("Vui lòng chọn Cho vào hoặc Không cho vào."))
        return redirect("checkin:guard_index")
    if visit.status != Visit.Status.PENDING:
        who = visit.decided_by.get_full_name() if visit.decided_by else ""
        when = (
            date_format(timezone.localtime(visit.decided_at), "d/m/Y H:i")
            if visit.decided_at
            else ""
        )
        parts = {"status": visit.get_status_display(), "who": who, "when": when}
        if who and when:
            detail = _("%(status)s, bởi %(who)s, lúc %(when)s") % parts
        elif who:
            detail = _("%(status)s, bởi %(who)s") % parts
        elif when:
            detail = _("%(status)s, lúc %(when)s") % parts
        else:
            detail = parts["status"]
        messages.error(
            request,
            _("Lượt vào này đã được quyết định trước đó (%(detail)s).") % {"detail": detail},
        )
        return redirect("checkin:guard_index")
    try:
        visit = visit_decide(
            visit=visit, admit=action == "admit", user=request.user, ip=client_ip(request)
        )
    except CheckinError as exc:
        messages.error(request, str(exc))
        return redirect("checkin:guard_index")
    name = visit.person.full_name
    if visit.status == Visit.Status.ADMITTED:
        messages.success(request, _("Đã cho %(name)s vào.") % {"name": name})
    else:
        messages.warning(
            request, _("Đã không cho %(name)s vào; lượt vào được đóng lại.") % {"name": name}
        )
    return redirect("checkin:guard_index")


@require_POST
@role_required(*ROLES)
def check_out(request: HttpRequest, pk: int) -> HttpResponse:
    visit = _visit_or_404(request, pk)
    if visit.check_out is not None:
        messages.info(request, _("%(name)s đã ra trước đó.") % {"name": visit.person.full_name})
        return _back(request, visit)
    try:
        guard_check_out(visit=visit, user=request.user, ip=client_ip(request))
    except CheckinError as exc:
        messages.error(request, str(exc))
        return _back(request, visit)
    messages.success(
        request,
        _("Đã ghi nhận %(name)s ra khỏi %(gate)s.")
        % {"name": visit.person.full_name, "gate": visit.location.name},
    )
    return _back(request, visit)

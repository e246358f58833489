from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from phongdich.core.audit import client_ip
from phongdich.core.permissions import has_role, role_required
from phongdich.documents import DocumentError, render_docx, render_pdf
from phongdich.support.forms.team import AssignmentForm, MemberForm
from phongdich.support.roles import TEAM_MANAGERS, TEAM_READERS
from phongdich.support.selectors import decision as decision_selectors
from phongdich.support.selectors import team as selectors
from phongdich.support.services import team as services
from phongdich.support.views.common import add_errors, get_or_404

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@require_GET
@role_required(*TEAM_READERS)
def team(request: HttpRequest) -> HttpResponse:
    rows = selectors.coverage(user=request.user)
    return render(
        request,
        "support/team.html",
        {
            "members": selectors.members(user=request.user),
            "rows": rows,
            "gaps": sum(1 for r in rows if r.missing),
            "today": timezone.localdate(),
            "can_manage": has_role(request.user, *TEAM_MANAGERS),
        },
    )


@require_GET
@role_required(*TEAM_READERS)
def uncovered(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "support/uncovered.html",
        {
            "rows": selectors.uncovered(user=request.user),
            "can_manage": has_role(request.user, *TEAM_MANAGERS),
        },
    )


@require_http_methods(["GET", "POST"])
@role_required(*TEAM_MANAGERS)
def member_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    member = get_or_404(selectors.member_get, user=request.user, pk=pk) if pk else None
    initial = {}
    if member is not None:
        initial = {
            "team_role": member.team_role,
            "speciality": member.speciality,
            "is_leader": member.is_leader,
            "absent_until": member.absent_until,
            "is_active": member.is_active,
            "sort_order": member.sort_order,
        }
    form = MemberForm(
        request.POST or None,
        candidates=None if member else selectors.it_staff_candidates(),
        initial=initial or None,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            saved = services.member_save(
                staff=member.staff if member else data["staff"],
                member=member,
                data=services.MemberInput(
                    speciality=data["speciality"],
                    team_role=data["team_role"],
                    is_leader=data["is_leader"],
                    absent_until=data["absent_until"],
                    is_active=data["is_active"],
                    sort_order=data["sort_order"],
                ),
                actor=request.user,
                ip=client_ip(request),
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Đã lưu thành viên %(name)s.") % {"name": saved})
            return redirect("support:team")
    return render(request, "support/member_form.html", {"form": form, "member": member})


@require_http_methods(["GET", "POST"])
@role_required(*TEAM_MANAGERS)
def assignment_edit(request: HttpRequest, unit_id: int) -> HttpResponse:
    unit = get_or_404(selectors.unit_get, user=request.user, pk=unit_id)
    current = selectors.assignment_of(unit=unit)
    form = AssignmentForm(
        request.POST or None,
        members=selectors.members(user=request.user, active_only=True),
        initial={"primary": current.primary_id, "backup": current.backup_id} if current else None,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.assignment_set(
                unit=unit,
                primary=form.cleaned_data["primary"],
                backup=form.cleaned_data["backup"],
                actor=request.user,
                ip=client_ip(request),
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Đã phân công hỗ trợ %(unit)s.") % {"unit": unit.name})
            return redirect("support:team")
    return render(request, "support/assignment_form.html", {"form": form, "unit": unit})


@require_GET
@role_required(*TEAM_MANAGERS)
def decision(request: HttpRequest, fmt: str) -> HttpResponse:
    try:
        name, title = selectors.signer(user=request.user)
        document = decision_selectors.decision_document(
            user=request.user, signer_name=name, signer_title=title
        )
    except DocumentError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect("support:team")
    stamp = timezone.localdate().strftime("%Y%m%d")
    if fmt == "pdf":
        response = HttpResponse(render_pdf(document), content_type="application/pdf")
    else:
        response = HttpResponse(render_docx(document), content_type=DOCX)
    response["Content-Disposition"] = f'attachment; filename="QD-kien-toan-To-CNTT-{stamp}.{fmt}"'
    return response

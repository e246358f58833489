"""Equipment-needs proposals and their approval chain.

submitted ─(unit head approves)─▶ approved ─(IT team accepts, maybe another quantity)─▶
accepted ─(the Office consolidates into a batch)─▶ consolidated. The unit head or the IT
team may reject instead (a reason is required). Every step writes a ``ProposalStep`` and
its audit entry in the same transaction; a step taken out of order is refused with a
Vietnamese message naming what the proposal is waiting for. The notifications that
follow each step leave through a background task once the transaction commits.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from phongdich.core.audit import audit
from phongdich.core.text import nfc
from phongdich.equipment.models import EquipmentKind, NeedsProposal, ProposalBatch, ProposalStep
from phongdich.org.models import Unit

MAX_QUANTITY = 1000
Status = NeedsProposal.Status


def _notify_later(proposal_id: int, action: str) -> None:
    from phongdich.equipment.tasks import notify_proposal_step

    transaction.on_commit(lambda: notify_proposal_step.enqueue(proposal_id, action))


def _check_quantity(quantity: int, field: str = "quantity") -> None:
    if isinstance(quantity, bool) or not isinstance(quantity, int) or quantity < 1:
        raise ValidationError({field: [_("Số lượng phải là số nguyên từ 1 trở lên.")]})
    if quantity > MAX_QUANTITY:
        raise ValidationError(
            {field: [_("Số lượng tối đa %(max)s cho một đề xuất.") % {"max": MAX_QUANTITY}]}
        )


def _locked(proposal: NeedsProposal) -> NeedsProposal:
    return (
        NeedsProposal.objects.select_for_update(of=("self",))
        .select_related("unit", "kind")
        .get(pk=proposal.pk)
    )


def _refuse(proposal: NeedsProposal, doing: str) -> ValidationError:
    """Why ``doing`` cannot happen now: what the proposal is waiting for instead."""
    because = {
        Status.SUBMITTED: _("đề xuất còn chờ trưởng đơn vị duyệt"),
        Status.APPROVED: _("trưởng đơn vị đã duyệt, đề xuất đang chờ Tổ CNTT thẩm định"),
        Status.ACCEPTED: _("Tổ CNTT đã thẩm định, đề xuất đang chờ Văn phòng tổng hợp"),
        Status.REJECTED: _("đề xuất đã bị từ chối"),
        Status.CONSOLIDATED: _("Văn phòng đã đưa đề xuất vào công văn"),
    }[Status(proposal.status)]
    return ValidationError(
        _("Không thể %(doing)s đề xuất #%(pk)s: %(because)s.")
        % {"doing": doing, "pk": proposal.pk, "because": because}
    )


def proposal_create(
    *,
    unit: Unit,
    kind: EquipmentKind,
    quantity: int,
    for_whom: str,
    justification: str,
    priority: int,
    actor: Any,
    ip: str | None,
) -> NeedsProposal:
    """A unit proposes what it needs; the proposal waits for its unit head."""
    for_whom, justification = nfc(for_whom).strip(), nfc(justification).strip()
    errors: dict[str, list[str]] = {}
    try:
        _check_quantity(quantity)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if not for_whom:
        errors["for_whom"] = [_("Hãy ghi thiết bị dành cho ai hoặc cho vị trí nào.")]
    if not justification:
        errors["justification"] = [_("Hãy ghi lý do cần thiết bị.")]
    if priority not in NeedsProposal.Priority.values:
        errors["priority"] = [_("Mức ưu tiên không hợp lệ.")]
    if not kind.is_active:
        errors["kind"] = [_("Loại thiết bị “%(kind)s” đã ngừng dùng.") % {"kind": kind.name}]
    if not unit.is_active:
        errors["unit"] = [_("Đơn vị “%(unit)s” đã ngừng hoạt động.") % {"unit": unit.name}]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        proposal = NeedsProposal.objects.create(
            unit=unit,
            kind=kind,
            quantity=quantity,
            for_whom=for_whom,
            justification=justification,
            priority=priority,
            created_by=actor,
        )
        ProposalStep.objects.create(
            proposal=proposal, action=ProposalStep.Action.SUBMITTED, actor=actor, quantity=quantity
        )
        audit(
            None,
            "equipment.proposal.submit",
            actor=actor,
            ip=ip,
            obj=proposal,
            unit=unit.code,
            kind=kind.code,
            quantity=quantity,
        )
        _notify_later(proposal.pk, ProposalStep.Action.SUBMITTED)
    return proposal


def proposal_head_decide(
    *, proposal: NeedsProposal, approve: bool, reason: str, actor: Any, ip: str | None
) -> NeedsProposal:
    """The unit head approves the proposal (it goes to the IT team) or rejects it (a
    reason is required)."""
    reason = nfc(reason).strip()
    if not approve and not reason:
        raise ValidationError({"reason": [_("Hãy ghi lý do từ chối.")]})
    with transaction.atomic():
        item = _locked(proposal)
        if item.status != Status.SUBMITTED:
            raise _refuse(item, _("duyệt") if approve else _("từ chối"))
        action = ProposalStep.Action.APPROVED if approve else ProposalStep.Action.REJECTED
        item.status = Status.APPROVED if approve else Status.REJECTED
        item.reject_reason = "" if approve else reason
        item.save(update_fields=["status", "reject_reason"])
        ProposalStep.objects.create(proposal=item, action=action, actor=actor, note=reason)
        audit(
            None,
            "equipment.proposal.approve" if approve else "equipment.proposal.head_reject",
            actor=actor,
            ip=ip,
            obj=item,
        )
        _notify_later(item.pk, action)
    proposal.refresh_from_db()
    return proposal


def proposal_review(
    *,
    proposal: NeedsProposal,
    accept: bool,
    quantity: int | None,
    reason: str,
    actor: Any,
    ip: str | None,
) -> NeedsProposal:
    """The IT team accepts (``quantity`` None: as proposed; another number: changed, with
    ``reason`` as the note) or rejects (a reason is required). Only after the unit head's
    approval."""
    reason = nfc(reason).strip()
    if accept and quantity is not None:
        _check_quantity(quantity, "approved_quantity")
    if not accept and not reason:
        raise ValidationError({"reason": [_("Hãy ghi lý do từ chối.")]})
    with transaction.atomic():
        item = _locked(proposal)
        if item.status != Status.APPROVED:
            if item.status == Status.SUBMITTED:
                raise ValidationError(
                    _(
                        "Đề xuất #%(pk)s chưa được trưởng đơn vị duyệt: "
                        "Tổ CNTT chỉ thẩm định đề xuất đã được duyệt."
                    )
                    % {"pk": item.pk}
                )
            raise _refuse(item, _("thẩm định"))
        if not accept:
            action = ProposalStep.Action.REJECTED
            item.status, item.reject_reason, item.approved_quantity = Status.REJECTED, reason, None
        else:
            final = item.quantity if quantity is None else quantity
            changed = final != item.quantity
            if changed and not reason:
                raise ValidationError(
                    {"reason": [_("Hãy ghi lý do điều chỉnh số lượng để đơn vị được biết.")]}
                )
            action = ProposalStep.Action.CHANGED if changed else ProposalStep.Action.ACCEPTED
            item.status, item.reject_reason, item.approved_quantity = Status.ACCEPTED, "", final
        item.save(update_fields=["status", "reject_reason", "approved_quantity"])
        ProposalStep.objects.create(
            proposal=item,
            action=action,
            actor=actor,
            quantity=item.approved_quantity,
            note=reason,
        )
        audit(
            None,
            f"equipment.proposal.{'reject' if not accept else 'accept'}",
            actor=actor,
            ip=ip,
            obj=item,
            quantity=item.approved_quantity,
            proposed=item.quantity,
        )
        _notify_later(item.pk, action)
    proposal.refresh_from_db()
    return proposal


def batch_create(
    *,
    proposals: Iterable[NeedsProposal],
    subject: str,
    issued_on: dt.date,
    number: int | None,
    signer_authority: str,
    signer_title: str,
    signer_name: str,
    actor: Any,
    ip: str | None,
) -> ProposalBatch:
    """The Office consolidates accepted proposals into one công văn đề xuất to Sở TTTT.
    Every chosen proposal must be accepted by the IT team and in no other batch."""
    subject, signer_name = nfc(subject).strip(), nfc(signer_name).strip()
    signer_title = nfc(signer_title).strip().upper()
    signer_authority = nfc(signer_authority).strip().upper()
    ids = sorted({p.pk for p in proposals})
    errors: dict[str, list[str]] = {}
    if not ids:
        errors["proposals"] = [_("Hãy chọn ít nhất một đề xuất đã được Tổ CNTT chấp thuận.")]
    if not subject:
        errors["subject"] = [_("Hãy nhập trích yếu của công văn.")]
    if not signer_name or not signer_title:
        errors["signer_name"] = [_("Hãy nhập chức vụ và họ tên người ký.")]
    today = timezone.localdate()
    if issued_on > today + dt.timedelta(days=30):
        errors["issued_on"] = [_("Ngày văn bản cách hôm nay quá xa; kiểm tra lại.")]
    if errors:
        raise ValidationError(errors)
    _check_signature(signer_authority, signer_title, signer_name, number, issued_on)
    with transaction.atomic():
        locked = list(
            NeedsProposal.objects.select_for_update(of=("self",)).filter(pk__in=ids).order_by("pk")
        )
        if len(locked) != len(ids):
            raise ValidationError(_("Có đề xuất không còn tồn tại; hãy tải lại trang."))
        for item in locked:
            if item.status != Status.ACCEPTED or item.batch_id is not None:
                if item.status == Status.REJECTED:
                    raise ValidationError(
                        _(
                            "Đề xuất #%(pk)s đã bị từ chối: không đưa vào công văn được. "
                            "Hãy bỏ chọn đề xuất này."
                        )
                        % {"pk": item.pk}
                    )
                raise _refuse(item, _("tổng hợp"))
        batch = ProposalBatch.objects.create(
            subject=subject,
            number=number,
            issued_on=issued_on,
            signer_authority=signer_authority,
            signer_title=signer_title,
            signer_name=signer_name,
            created_by=actor,
        )
        NeedsProposal.objects.filter(pk__in=ids).update(batch=batch, status=Status.CONSOLIDATED)
        ProposalStep.objects.bulk_create(
            [
                ProposalStep(
                    proposal=item,
                    action=ProposalStep.Action.CONSOLIDATED,
                    actor=actor,
                    quantity=item.final_quantity,
                    note=str(batch.pk),
                )
                for item in locked
            ]
        )
        audit(None, "equipment.batch.create", actor=actor, ip=ip, obj=batch, proposals=ids)
        for item in locked:
            _notify_later(item.pk, ProposalStep.Action.CONSOLIDATED)
    return batch


def _check_signature(
    authority: str, title: str, name: str, number: int | None, issued_on: dt.date
) -> None:
    """What the Decree 30 model refuses (signing authority, number, date), as form errors."""
    from phongdich.documents import DocumentError, Header, Signature

    errors: dict[str, list[str]] = {}
    try:
        Signature(title=title, name=name, authority=authority or None)
    except DocumentError as exc:
        errors["signer_authority"] = exc.messages
    try:
        Header(date=issued_on, symbol="SLĐTBXH-VP", number=number)
    except DocumentError as exc:
        errors["issued_on"] = exc.messages
    if errors:
        raise ValidationError(errors)


def batch_export(*, batch: ProposalBatch, fmt: str, user: Any, ip: str | None) -> bytes:
    """The công văn as .docx or .pdf, or its annex as .xlsx; the download is audited."""
    from phongdich.equipment.services import proposal_letter

    if fmt not in proposal_letter.FORMATS:
        raise ValidationError(_("Định dạng tệp không hợp lệ."))
    data = proposal_letter.render(batch=batch, fmt=fmt, user=user)
    with transaction.atomic():
        audit(None, "equipment.batch.export", actor=user, ip=ip, obj=batch, format=fmt)
    return data


def proposal_step_notify(*, proposal_id: int, action: str) -> int:
    """The background part of a step: tell whoever acts next (or the proposer)."""
    from django.urls import reverse

    from phongdich.core.roles import Role
    from phongdich.notifications.services import notification_send
    from phongdich.org.models import RoleAssignment

    proposal = NeedsProposal.objects.select_related("unit", "kind", "created_by").get(
        pk=proposal_id
    )
    label = f"{proposal.kind.name} × {proposal.final_quantity} ({proposal.unit.name})"
    url = reverse("equipment:proposal_detail", args=[proposal.pk])
    ancestors = [int(p) for p in proposal.unit.path.strip("/").split("/") if p]
    if action == ProposalStep.Action.SUBMITTED:
        # A head's role names its unit, or (no unit) applies to the unit they work in.
        heads = RoleAssignment.objects.filter(role=Role.UNIT_HEAD, user__is_active=True).filter(
            Q(unit_id__in=ancestors) | Q(unit__isnull=True, user__staff__unit_id__in=ancestors)
        )
        users = [a.user for a in heads.select_related("user").distinct()]
        title = _("Đề xuất thiết bị chờ duyệt: %(label)s") % {"label": label}
    elif action == ProposalStep.Action.APPROVED:
        team = RoleAssignment.objects.filter(role=Role.IT, user__is_active=True).filter(
            Q(unit_id__in=ancestors) | Q(unit__isnull=True, user__staff__unit_id__in=ancestors)
        )
        users = [a.user for a in team.select_related("user").distinct()]
        title = _("Đề xuất thiết bị chờ Tổ CNTT thẩm định: %(label)s") % {"label": label}
    else:
        users = [proposal.created_by] if proposal.created_by else []
        title = _("Đề xuất thiết bị của đơn vị: %(status)s: %(label)s") % {
            "status": proposal.get_status_display(),
            "label": label,
        }
    with transaction.atomic():
        notification_send(users=users, title=title, body=proposal.reject_reason, url=url)
    return len(users)

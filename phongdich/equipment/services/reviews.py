"""Review campaigns, staff self-reviews and reminders."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from phongdich.core.audit import audit
from phongdich.core.roles import Role
from phongdich.core.text import nfc
from phongdich.equipment.models import (
    Equipment,
    EquipmentEvent,
    ReviewCampaign,
    ReviewItem,
    StaffReview,
)
from phongdich.notifications.services import notification_send
from phongdich.org.models import RoleAssignment, Staff, Unit


def _heads_of(units: Iterable[Unit] | None) -> list[Any]:
    """The users holding the unit-head role for ``units`` (None: every unit)."""
    qs = RoleAssignment.objects.filter(role=Role.UNIT_HEAD, user__is_active=True).select_related(
        "user"
    )
    if units is not None:
        ids = [u.pk for u in units]
        heads = qs.filter(unit_id__in=ids) | qs.filter(
            unit__isnull=True, user__staff__unit_id__in=ids
        )
        qs = heads
    return [a.user for a in qs]


def campaign_create(
    *,
    title: str,
    deadline: dt.date,
    units: Iterable[Unit],
    actor: Any,
    ip: str | None,
    today: dt.date | None = None,
) -> ReviewCampaign:
    """Open a review; every unit head concerned is notified (all units when none chosen)."""
    today = today or timezone.localdate()
    title = nfc(title)
    chosen = list(units)
    if not title:
        raise ValidationError({"title": [_("Hãy nhập tên đợt rà soát.")]})
    if deadline < today:
        raise ValidationError({"deadline": [_("Hạn trả lời không được trước hôm nay.")]})
    with transaction.atomic():
        campaign = ReviewCampaign.objects.create(title=title, deadline=deadline, created_by=actor)
        campaign.units.set(chosen)
        heads = _heads_of(chosen or None)
        notification_send(
            users=heads,
            title=_("Rà soát thiết bị CNTT: %(title)s") % {"title": title},
            body=_(
                "Đề nghị đơn vị đôn đốc cán bộ xác nhận thiết bị đang giữ và trả lời phiếu "
                "sẵn sàng làm việc từ xa trước ngày %(deadline)s."
            )
            % {"deadline": deadline.strftime("%d/%m/%Y")},
            url=reverse("equipment:campaign_detail", args=[campaign.pk]),
        )
        audit(
            None,
            "equipment.campaign.create",
            actor=actor,
            ip=ip,
            obj=campaign,
            units=[u.code for u in chosen],
            notified=len(heads),
        )
    return campaign


def review_submit(
    *,
    staff: Staff,
    campaign: ReviewCampaign | None,
    items: dict[int, str],
    has_home_device: bool,
    has_home_internet: bool,
    has_signature: bool,
    can_use_eoffice: bool,
    comment: str,
    actor: Any,
    ip: str | None,
    today: dt.date | None = None,
) -> StaffReview:
    """Record a staff member's answer. ``items``: equipment id → ReviewItem.Status for the
    equipment they hold. After the campaign's deadline the answer is refused."""
    today = today or timezone.localdate()
    if campaign is not None and today > campaign.deadline:
        raise ValidationError(
            _(
                "Đợt rà soát “%(title)s” đã hết hạn trả lời ngày %(deadline)s: "
                "không nhận thêm câu trả lời. Hãy liên hệ trưởng đơn vị."
            )
            % {"title": campaign.title, "deadline": campaign.deadline.strftime("%d/%m/%Y")}
        )
    valid = set(ReviewItem.Status.values)
    with transaction.atomic():
        held = {e.pk: e for e in Equipment.objects.select_for_update().filter(holder=staff)}
        unknown = set(items) - set(held)
        if unknown or any(status not in valid for status in items.values()):
            raise ValidationError(_("Danh sách thiết bị đã thay đổi; hãy tải lại trang."))
        missing_answers = set(held) - set(items)
        if missing_answers:
            raise ValidationError(_("Hãy trả lời cho từng thiết bị bạn đang giữ."))
        review, _created = StaffReview.objects.update_or_create(
            campaign=campaign,
            staff=staff,
            defaults={
                "has_home_device": has_home_device,
                "has_home_internet": has_home_internet,
                "has_signature": has_signature,
                "can_use_eoffice": can_use_eoffice,
                "comment": nfc(comment),
            },
        )
        review.items.all().delete()
        ReviewItem.objects.bulk_create(
            [ReviewItem(review=review, equipment_id=pk, status=s) for pk, s in items.items()]
        )
        events = []
        for pk, status in items.items():
            item = held[pk]
            changes: dict[str, list[str]] = {"review": ["", status]}
            if status == ReviewItem.Status.BROKEN and item.condition != Equipment.Condition.BROKEN:
                changes["condition"] = [item.condition, Equipment.Condition.BROKEN]
                item.condition = Equipment.Condition.BROKEN
                item.save(update_fields=["condition", "updated_at"])
            events.append(
                EquipmentEvent(
                    equipment=item,
                    actor=actor,
                    action=EquipmentEvent.Action.REVIEWED,
                    changes=changes,
                )
            )
        EquipmentEvent.objects.bulk_create(events)
        audit(
            None,
            "equipment.review.submit",
            actor=actor,
            ip=ip,
            obj=review,
            campaign=campaign.pk if campaign else None,
        )
    return review


def review_remind(
    *, campaign: ReviewCampaign, staff: Iterable[Staff], actor: Any, ip: str | None
) -> int:
    """Queue one reminder to each staff member who has not answered (their account)."""
    ids = [s.pk for s in staff if s.user_id]
    if not ids:
        return 0
    url = reverse("equipment:my_review")
    with transaction.atomic():
        audit(None, "equipment.review.remind", actor=actor, ip=ip, obj=campaign, reminded=len(ids))
        from phongdich.equipment.tasks import send_review_reminders

        transaction.on_commit(lambda: send_review_reminders.enqueue(campaign.pk, ids, url))
    return len(ids)


def review_reminders_deliver(*, campaign_id: int, staff_ids: list[int], url: str) -> int:
    """The background part of a reminder: the notifications themselves."""
    campaign = ReviewCampaign.objects.get(pk=campaign_id)
    answered = set(StaffReview.objects.filter(campaign=campaign).values_list("staff_id", flat=True))
    users = [
        s.user
        for s in Staff.objects.filter(pk__in=staff_ids).select_related("user")
        if s.user and s.pk not in answered
    ]
    with transaction.atomic():
        notification_send(
            users=users,
            title=_("Nhắc rà soát thiết bị: %(title)s") % {"title": campaign.title},
            body=_("Hãy xác nhận thiết bị bạn đang giữ và trả lời phiếu trước ngày %(d)s.")
            % {"d": campaign.deadline.strftime("%d/%m/%Y")},
            url=url,
        )
    return len(users)

"""Campaigns: open, remind non-adopters (at most once a day per person), close with figures."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from phongdich.adoption.models import Campaign, Denominator, ReminderLog, RequiredApp, Union
from phongdich.adoption.roles import OFFICE
from phongdich.adoption.selectors.campaigns import campaign_progress, non_adopters
from phongdich.adoption.selectors.scope import led_unions
from phongdich.core.audit import audit
from phongdich.core.permissions import has_role
from phongdich.core.text import clean_name
from phongdich.notifications.services import notification_send
from phongdich.org.models import Staff, Unit


def campaign_create(
    *,
    user: Any,
    ip: str | None,
    title: str,
    apps: Sequence[RequiredApp],
    union: Union | None,
    units: Sequence[Unit],
    target_percent: int,
    denominator: str,
    deadline: dt.date,
    starts_on: dt.date | None = None,
) -> Campaign:
    """The Office opens a campaign for anyone; a union leader for their union only."""
    if not has_role(user, *OFFICE):
        if union is None or not led_unions(user).filter(pk=union.pk).exists():
            raise PermissionDenied
    starts_on = starts_on or timezone.localdate()
    errors: dict[str, str] = {}
    if not apps:
        errors["apps"] = _("Hãy chọn ít nhất một ứng dụng.")
    if not 1 <= target_percent <= 100:
        errors["target_percent"] = _("Chỉ tiêu phải từ 1 đến 100 %.")
    if deadline < starts_on:
        errors["deadline"] = _("Hạn không được trước ngày bắt đầu (%(day)s).") % {
            "day": starts_on.strftime("%d/%m/%Y")
        }
    if denominator not in Denominator.values:
        errors["denominator"] = _("Hãy chọn cách tính tỷ lệ.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        campaign = Campaign.objects.create(
            title=clean_name(title)[:200],
            union=union,
            target_percent=target_percent,
            denominator=denominator,
            starts_on=starts_on,
            deadline=deadline,
            created_by=user,
        )
        campaign.apps.set(apps)
        campaign.units.set(units)
        audit(
            None,
            "adoption.campaign.create",
            actor=user,
            ip=ip,
            obj=campaign,
            apps=[a.code for a in apps],
            target=target_percent,
        )
    return campaign


def campaign_remind(*, campaign: Campaign, user: Any, ip: str | None) -> None:
    """Queue reminders to the campaign's non-adopters (the task caps them per day)."""
    if not has_role(user, *OFFICE) and not (
        campaign.union_id and led_unions(user).filter(pk=campaign.union_id).exists()
    ):
        raise PermissionDenied
    if not campaign.is_open:
        raise ValidationError(_("Chiến dịch đã kết thúc: không nhắc nữa."))
    with transaction.atomic():
        audit(None, "adoption.campaign.remind", actor=user, ip=ip, obj=campaign)
        from phongdich.adoption.tasks import send_campaign_reminders

        transaction.on_commit(lambda: send_campaign_reminders.enqueue(campaign.pk))


def reminders_deliver(*, campaign_id: int, day: dt.date | None = None) -> int:
    """The background part: remind each non-adopter who has not had a reminder today
    (from any campaign). The ReminderLog unique constraint is the cap: a second run the
    same day, even a concurrent one, sends nobody twice. Returns how many were reminded."""
    day = day or timezone.localdate()
    campaign = Campaign.objects.prefetch_related("apps").get(pk=campaign_id)
    if not campaign.is_open or not (campaign.starts_on <= day <= campaign.deadline):
        return 0
    people = non_adopters(campaign=campaign, day=day)
    if not people:
        return 0
    names = ", ".join(a.name for a in campaign.apps.all())
    url = reverse("adoption:mine")
    for _attempt in range(3):
        try:
            with transaction.atomic():
                already = set(
                    ReminderLog.objects.filter(
                        day=day, kind=ReminderLog.Kind.REMINDER, staff__in=people
                    ).values_list("staff_id", flat=True)
                )
                due = [p for p in people if p.pk not in already]
                ReminderLog.objects.bulk_create(
                    [ReminderLog(staff=p, day=day, campaign=campaign) for p in due]
                )
                users = [
                    p.user
                    for p in Staff.objects.filter(pk__in=[p.pk for p in due]).select_related("user")
                ]
                notification_send(
                    users=users,
                    title=_("Nhắc cài đặt ứng dụng: %(apps)s") % {"apps": names},
                    body=_(
                        "Chiến dịch “%(title)s” (hạn %(deadline)s): hãy cài đặt, sử dụng "
                        "ứng dụng và khai báo trong hai lần chạm."
                    )
                    % {"title": campaign.title, "deadline": campaign.deadline.strftime("%d/%m/%Y")},
                    url=url,
                    email=True,
                )
                audit(
                    None,
                    "adoption.campaign.reminders",
                    obj=campaign,
                    sent=len(due),
                    day=day.isoformat(),
                )
            return len(due)
        except IntegrityError:  # a concurrent run logged some of them first: recount
            continue
    return 0


def campaign_figures(campaign: Campaign, *, day: dt.date | None = None) -> dict[str, Any]:
    progress = campaign_progress(campaign=campaign, user=None, day=day)

    def figures(row: Any) -> dict[str, Any]:
        return {
            "adopted": row.tally.adopted,
            "base": row.base,
            "counted": row.tally.counted,
            "percent": row.percent,
            "reached": row.reached,
        }

    total = progress.total
    return {
        "day": (day or timezone.localdate()).isoformat(),
        "target": campaign.target_percent,
        "total": figures(total) if total else {},
        "units": [
            {"unit": row.unit.name if row.unit else "", "rank": row.rank, **figures(row)}
            for row in progress.rows
        ],
        "reminded": ReminderLog.objects.filter(campaign=campaign).count(),
    }


def campaign_close(*, campaign: Campaign, user: Any, ip: str | None) -> Campaign:
    """Close the campaign and keep its figures (per unit and in total) as they are today."""
    if not has_role(user, *OFFICE) and not (
        campaign.union_id and led_unions(user).filter(pk=campaign.union_id).exists()
    ):
        raise PermissionDenied
    with transaction.atomic():
        locked = Campaign.objects.select_for_update().get(pk=campaign.pk)
        if not locked.is_open:
            raise ValidationError(_("Chiến dịch đã kết thúc trước đó."))
        locked.figures = campaign_figures(locked)
        locked.state = Campaign.State.CLOSED
        locked.closed_at = timezone.now()
        locked.save(update_fields=["figures", "state", "closed_at"])
        audit(
            None,
            "adoption.campaign.close",
            actor=user,
            ip=ip,
            obj=locked,
            percent=locked.figures.get("total", {}).get("percent"),
        )
    return locked

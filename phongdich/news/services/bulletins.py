"""Writes of the verified bulletin: publish a notice, acknowledge it (once, never undone),
remind those who have not (never twice a day per person and bulletin)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from phongdich.core.audit import audit
from phongdich.core.roles import Role
from phongdich.core.text import nfc
from phongdich.news import files
from phongdich.news.models import Acknowledgement, Bulletin, BulletinReminder
from phongdich.news.selectors.bulletins import audience_staff, in_audience, staff_of
from phongdich.notifications.services import notification_send
from phongdich.org.models import Unit


def bulletin_publish(
    *,
    number: str,
    issued_on: dt.date,
    issuer: str,
    summary: str,
    upload: Any,
    deadline: dt.date,
    audience_all: bool,
    units: Iterable[Unit],
    roles: Iterable[str],
    actor: Any,
    ip: str | None,
    today: dt.date | None = None,
) -> Bulletin:
    today = today or timezone.localdate()
    chosen_units, chosen_roles = list(units), [r for r in roles if r in Role.values]
    number, issuer, summary = nfc(number), nfc(issuer), nfc(summary)
    errors: dict[str, list[str]] = {}
    if not number:
        errors["number"] = [_("Hãy nhập số, ký hiệu văn bản.")]
    if not issuer:
        errors["issuer"] = [_("Hãy nhập cơ quan ban hành.")]
    if not summary:
        errors["summary"] = [_("Hãy nhập trích yếu.")]
    if deadline < today:
        errors["deadline"] = [_("Hạn xác nhận không được trước hôm nay.")]
    if not (audience_all or chosen_units or chosen_roles):
        errors["audience_all"] = [
            _("Hãy chọn người nhận: toàn thể cán bộ, một số đơn vị hoặc một số vai trò.")
        ]
    if errors:
        raise ValidationError(errors)
    kind = files.check_document(upload)
    with transaction.atomic():
        bulletin = Bulletin.objects.create(
            number=number,
            issued_on=issued_on,
            issuer=issuer,
            summary=summary,
            original_name=(upload.name or "")[:255],
            stored_path=files.store_document(upload, kind),
            content_type=files.CONTENT_TYPES[kind],
            size=upload.size,
            audience_all=audience_all,
            audience_roles=chosen_roles,
            deadline=deadline,
            published_by=actor,
        )
        bulletin.audience_units.set(chosen_units)
        audit(
            None,
            "news.bulletin.publish",
            actor=actor,
            ip=ip,
            obj=bulletin,
            all=audience_all,
            units=[u.code for u in chosen_units],
            roles=chosen_roles,
        )
        from phongdich.news import tasks

        pk = bulletin.pk
        transaction.on_commit(lambda: tasks.notify_bulletin.enqueue(pk))
    return bulletin


def bulletin_notify(*, bulletin_id: int) -> int:
    """The background part of publishing: tell every person in the audience."""
    bulletin = Bulletin.objects.get(pk=bulletin_id)
    users = [s.user for s in audience_staff(bulletin=bulletin)]
    with transaction.atomic():
        notification_send(
            users=users,
            title=_("Văn bản cần đọc và xác nhận: %(number)s") % {"number": bulletin.number},
            body=_("%(summary)s\nHạn xác nhận: %(deadline)s.")
            % {"summary": bulletin.summary, "deadline": bulletin.deadline.strftime("%d/%m/%Y")},
            url=reverse("news:bulletin_detail", args=[bulletin.pk]),
        )
    return len(users)


def bulletin_acknowledge(
    *, bulletin: Bulletin, user: Any, ip: str | None, now: dt.datetime | None = None
) -> Acknowledgement:
    """“Tôi đã đọc và sẽ thực hiện”: recorded once with its time; after the deadline it is
    still recorded, marked late."""
    now = now or timezone.now()
    if not in_audience(bulletin=bulletin, user=user):
        raise PermissionDenied(_("Văn bản này không gửi tới bạn."))
    staff = staff_of(user)
    assert staff is not None  # in_audience needs an active staff record
    existing = Acknowledgement.objects.filter(bulletin=bulletin, user=user).first()
    if existing is not None:
        raise ValidationError(
            _("Bạn đã xác nhận văn bản này lúc %(at)s; xác nhận không thể huỷ hay làm lại.")
            % {"at": timezone.localtime(existing.at).strftime("%H:%M %d/%m/%Y")}
        )
    late = timezone.localtime(now).date() > bulletin.deadline
    try:
        with transaction.atomic():
            ack = Acknowledgement.objects.create(
                bulletin=bulletin, user=user, unit=staff.unit, at=now, late=late
            )
            audit(None, "news.bulletin.acknowledge", actor=user, ip=ip, obj=bulletin, late=late)
    except IntegrityError:  # a double click: the first one counts
        raise ValidationError(_("Bạn đã xác nhận văn bản này.")) from None
    return ack


def bulletin_remind(
    *,
    bulletin: Bulletin,
    users: Iterable[Any],
    actor: Any,
    ip: str | None,
    today: dt.date | None = None,
) -> tuple[int, int]:
    """Remind ``users`` (those who have not acknowledged, as the page showed them) in the
    app and by e-mail, from a background task. Whoever was reminded about this bulletin
    today is skipped. Returns (reminded, skipped)."""
    today = today or timezone.localdate()
    wanted = {u.pk: u for u in users if u is not None}
    with transaction.atomic():
        acknowledged = set(
            Acknowledgement.objects.filter(bulletin=bulletin, user_id__in=wanted).values_list(
                "user_id", flat=True
            )
        )
        already = set(
            BulletinReminder.objects.filter(
                bulletin=bulletin, day=today, user_id__in=wanted
            ).values_list("user_id", flat=True)
        )
        ids = [pk for pk in wanted if pk not in acknowledged and pk not in already]
        BulletinReminder.objects.bulk_create(
            [
                BulletinReminder(bulletin=bulletin, user_id=pk, day=today, sent_by=actor)
                for pk in ids
            ]
        )
        audit(
            None,
            "news.bulletin.remind",
            actor=actor,
            ip=ip,
            obj=bulletin,
            reminded=len(ids),
            skipped=len(already),
        )
        if ids:
            from phongdich.news import tasks

            pk = bulletin.pk
            transaction.on_commit(lambda: tasks.send_bulletin_reminders.enqueue(pk, ids))
    return len(ids), len(already)


def bulletin_reminders_deliver(*, bulletin_id: int, user_ids: list[int]) -> int:
    """The background part of a reminder (someone who acknowledged meanwhile is skipped)."""
    from django.contrib.auth import get_user_model

    bulletin = Bulletin.objects.get(pk=bulletin_id)
    done = set(bulletin.acknowledgements.values_list("user_id", flat=True))
    users = [u for u in get_user_model().objects.filter(pk__in=user_ids) if u.pk not in done]
    with transaction.atomic():
        notification_send(
            users=users,
            title=_("Nhắc: xác nhận đã đọc văn bản %(number)s") % {"number": bulletin.number},
            body=_("Hạn xác nhận: %(deadline)s.")
            % {"deadline": bulletin.deadline.strftime("%d/%m/%Y")},
            url=reverse("news:bulletin_detail", args=[bulletin.pk]),
        )
    return len(users)

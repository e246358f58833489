"""Writes of contacts: their status, their daily follow-up, turning one into a case."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from phongdich.core.audit import audit
from phongdich.core.text import nfc
from phongdich.tracing.models import Case, Contact, FollowUp
from phongdich.tracing.selectors.followup import followup_period
from phongdich.tracing.services.cases import case_create
from phongdich.tracing.services.common import FollowUpDayError, TracingServiceError, author

__all__ = ["contact_promote", "contact_set_status", "followup_record"]

NOTE_MAX = 2000


def _check_status(status: str) -> None:
    if status not in Contact.Status.values:
        raise TracingServiceError(_("Tình trạng không hợp lệ."))
    if status == Contact.Status.POSITIVE:
        raise TracingServiceError(
            _("Để ghi nhận dương tính, hãy dùng “Chuyển thành ca bệnh” (cần ngày khởi phát).")
        )


def _is_promoted(contact: Contact) -> bool:
    return Case.objects.filter(source_contact=contact).exists()


def contact_set_status(
    *, contact: Contact, status: str, user: Any, ip: str | None = None
) -> Contact:
    _check_status(status)
    if _is_promoted(contact):
        raise TracingServiceError(_("Người này đã được chuyển thành ca bệnh."))
    with transaction.atomic():
        contact.status = status
        contact.save(update_fields=["status", "updated_at"])
        audit(None, "tracing.contact.status", actor=user, ip=ip, obj=contact, status=status)
    return contact


def followup_record(
    *,
    contact: Contact,
    day: date,
    status: str,
    has_symptoms: bool,
    note: str,
    user: Any,
    ip: str | None = None,
) -> FollowUp:
    """Record (or correct) one day's follow-up of a contact. The contact's status follows
    the entry of its latest recorded day."""
    first, last = followup_period(contact=contact)
    if isinstance(day, datetime) or not isinstance(day, date):
        raise FollowUpDayError(_("Ngày theo dõi không hợp lệ."))
    if day > timezone.localdate():
        raise FollowUpDayError(_("Không ghi theo dõi cho một ngày trong tương lai."))
    if not first <= day <= last:
        raise FollowUpDayError(
            _("Ngày theo dõi phải trong khoảng %(first)s – %(last)s.")
            % {"first": first.strftime("%d/%m/%Y"), "last": last.strftime("%d/%m/%Y")}
        )
    _check_status(status)
    if _is_promoted(contact):
        raise TracingServiceError(_("Người này đã được chuyển thành ca bệnh."))
    with transaction.atomic():
        entry, _created = FollowUp.objects.update_or_create(
            contact=contact,
            day=day,
            defaults={
                "status": status,
                "has_symptoms": bool(has_symptoms),
                "note": nfc(note)[:NOTE_MAX],
                "recorded_by": author(user),
            },
        )
        latest = (
            FollowUp.objects.filter(contact=contact).order_by("-day").values_list("day", flat=True)
        ).first()
        if latest == day and contact.status != status:
            contact.status = status
            contact.save(update_fields=["status", "updated_at"])
        audit(None, "tracing.followup.record", actor=user, ip=ip, obj=contact, day=day.isoformat())
    return entry


def contact_promote(
    *,
    contact: Contact,
    user: Any,
    onset: date,
    ip: str | None = None,
    isolated_at: datetime | None = None,
) -> Case:
    """The contact tested positive: a new case (F0) for their person, traced from its
    own onset; the contact keeps the link (``source_contact``)."""
    with transaction.atomic():
        locked = Contact.objects.select_for_update().select_related("case").get(pk=contact.pk)
        if _is_promoted(locked):
            raise TracingServiceError(_("Người tiếp xúc này đã được chuyển thành ca bệnh."))
        case = case_create(
            person=locked.person,
            onset=onset,
            user=user,
            ip=ip,
            isolated_at=isolated_at,
            unit=locked.case.unit,
            profile=locked.case.profile,
            source_contact=locked,
        )
        locked.status = Contact.Status.POSITIVE
        locked.save(update_fields=["status", "updated_at"])
        audit(None, "tracing.contact.promote", actor=user, ip=ip, obj=contact, case=case.pk)
    contact.status = locked.status
    return case

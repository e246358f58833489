"""Writes of cases (F0): the person a case is about, opening and closing it."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from phongdich.checkin.models import DiseaseProfile, Person, Visit
from phongdich.checkin.services.checkin import person_upsert
from phongdich.core.audit import audit
from phongdich.core.text import nfc
from phongdich.org.models import Staff, Unit
from phongdich.tracing.models import Case, Contact
from phongdich.tracing.services.common import TracingServiceError, author, aware
from tracing_engine.identity import InvalidPhone, normalize_identity, normalize_phone

__all__ = ["case_close", "case_create", "case_open", "case_person_for"]


def case_person_for(
    *,
    staff: Staff | None = None,
    phone: str | None = None,
    visit: Visit | None = None,
    full_name: str = "",
) -> Person:
    """The person a new case is about: a staff member (identity: their phone, else their
    staff code), a visitor from the check-in log, or a phone number."""
    name = nfc(full_name)
    if visit is not None:
        person = visit.person
        if name and not person.full_name:
            person.full_name = name
            person.save()
        return person
    if staff is not None:
        identity = normalize_identity(staff.phone) if staff.phone else None
        if identity is None or not identity.startswith("+"):
            identity = normalize_identity(staff.staff_code)
        person = person_upsert(identity=identity, full_name=name or staff.full_name)
        if person.staff_id is None:
            person.staff = staff
            person.save()
        return person
    if phone:
        try:
            identity = normalize_phone(phone)
        except InvalidPhone:
            raise TracingServiceError(
                _("Số điện thoại không hợp lệ (cần số Việt Nam, ví dụ 0912345678).")
            ) from None
        return person_upsert(identity=identity, full_name=name)
    raise TracingServiceError(
        _("Chọn cán bộ, người trong nhật ký check-in, hoặc nhập số điện thoại của ca bệnh.")
    )


def _default_unit(person: Person, staff: Staff | None) -> Unit | None:
    if staff is not None:
        return staff.unit
    unit_id = (
        Visit.objects.filter(person=person)
        .order_by("-check_in")
        .values_list("unit_id_snapshot", flat=True)
        .first()
    )
    return Unit.objects.filter(pk=unit_id).first() if unit_id is not None else None


def case_create(
    *,
    person: Person,
    onset: date,
    user: Any,
    ip: str | None = None,
    isolated_at: datetime | None = None,
    notes: str = "",
    staff: Staff | None = None,
    unit: Unit | None = None,
    profile: DiseaseProfile | None = None,
    source_contact: Contact | None = None,
) -> Case:
    """A new open case (F0). ``unit`` defaults to the staff member's unit, else the unit
    of the person's latest check-in; ``profile`` to the active disease profile."""
    if isinstance(onset, datetime) or not isinstance(onset, date):
        raise TracingServiceError(_("Ngày khởi phát phải là một ngày."))
    if onset > timezone.localdate():
        raise TracingServiceError(_("Ngày khởi phát không được ở tương lai."))
    aware(isolated_at, _("Thời điểm cách ly"))
    with transaction.atomic():
        existing = Case.objects.filter(person=person, status=Case.Status.OPEN).first()
        if existing is not None:
            raise TracingServiceError(
                _("Người này đang là ca bệnh %(case)s chưa kết thúc điều tra.") % {"case": existing}
            )
        if staff is None and person.staff_id is not None:
            staff = Staff.objects.select_related("unit").filter(pk=person.staff_id).first()
        case = Case.objects.create(
            person=person,
            staff=staff,
            unit=unit or _default_unit(person, staff),
            profile=profile or DiseaseProfile.active(),
            onset=onset,
            isolated_at=isolated_at,
            notes=nfc(notes),
            source_contact=source_contact,
            created_by=author(user),
        )
        audit(None, "tracing.case.create", actor=user, ip=ip, obj=case)
    return case


def case_open(
    *,
    user: Any,
    onset: date,
    ip: str | None = None,
    staff: Staff | None = None,
    visit: Visit | None = None,
    phone: str | None = None,
    full_name: str = "",
    isolated_at: datetime | None = None,
    notes: str = "",
) -> Case:
    """Register a case from the case form: the person (``case_person_for``: a staff
    member, a visitor of the log, or a phone number) and their case, in one
    transaction (a refused case leaves no new person behind)."""
    with transaction.atomic():
        person = case_person_for(staff=staff, visit=visit, phone=phone, full_name=full_name)
        return case_create(
            person=person,
            onset=onset,
            user=user,
            ip=ip,
            isolated_at=isolated_at,
            notes=notes,
            staff=staff,
        )


def case_close(*, case: Case, user: Any, ip: str | None = None) -> Case:
    """End the investigation; the case's data then follows the normal retention."""
    if case.status == Case.Status.CLOSED:
        raise TracingServiceError(_("Ca bệnh này đã kết thúc điều tra."))
    with transaction.atomic():
        case.status = Case.Status.CLOSED
        case.save(update_fields=["status"])
        audit(None, "tracing.case.close", actor=user, ip=ip, obj=case)
    return case

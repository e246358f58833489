"""Writes of the tracing module: cases, trace runs, contacts and their follow-up.

Every function takes keyword arguments only and raises ``TracingServiceError``
(a ValueError) with a Vietnamese message for anything the user can fix.
"""

from __future__ import annotations

import json
import logging
import time
import unicodedata
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from phongdich.checkin.models import DiseaseProfile, Person, Visit
from phongdich.checkin.services.checkin import person_upsert
from phongdich.core.audit import audit
from phongdich.org.models import Staff, Unit
from phongdich.tracing.models import Case, Contact, FollowUp, TraceRun
from phongdich.tracing.store import SqlStore, chunked
from tracing_engine import Case as EngineCase
from tracing_engine import Params, TraceResult, trace
from tracing_engine.identity import InvalidPhone, normalize_identity, normalize_phone
from tracing_engine.models import InvalidParams, TracingError

__all__ = [
    "FollowUpDayError",
    "TracingServiceError",
    "case_close",
    "case_create",
    "case_person_for",
    "case_trace",
    "contact_promote",
    "contact_set_status",
    "followup_record",
    "trace_params",
    "trace_run_execute",
]

logger = logging.getLogger(__name__)

DEFAULT_INLINE_MAX_VISITS = 200_000
NOTE_MAX = 2000


class TracingServiceError(ValueError):
    """Something the user can fix; the message is Vietnamese, ready to show."""


class FollowUpDayError(TracingServiceError):
    """A follow-up day outside the contact's follow-up period, or in the future."""


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text or "").strip()


def _aware(value: datetime | None, label: str) -> datetime | None:
    if value is not None and timezone.is_naive(value):
        raise TracingServiceError(_("%(label)s phải có múi giờ.") % {"label": label})
    return value


# People and cases ---------------------------------------------------------


def case_person_for(
    *,
    staff: Staff | None = None,
    phone: str | None = None,
    visit: Visit | None = None,
    full_name: str = "",
) -> Person:
    """The person a new case is about: a staff member (identity: their phone, else their
    staff code), a visitor from the check-in log, or a phone number."""
    name = _nfc(full_name)
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
    _aware(isolated_at, _("Thời điểm cách ly"))
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
        notes=_nfc(notes),
        source_contact=source_contact,
        created_by=user if getattr(user, "pk", None) else None,
    )
    audit(None, "tracing.case.create", actor=user, obj=case)
    return case


def case_close(*, case: Case, user: Any) -> Case:
    """End the investigation; the case's data then follows the normal retention."""
    if case.status == Case.Status.CLOSED:
        raise TracingServiceError(_("Ca bệnh này đã kết thúc điều tra."))
    case.status = Case.Status.CLOSED
    case.save(update_fields=["status"])
    audit(None, "tracing.case.close", actor=user, obj=case)
    return case


# Trace runs ---------------------------------------------------------------


def trace_params(
    profile: DiseaseProfile,
    *,
    depth: int | None = None,
    min_overlap_minutes: int | None = None,
    open_visit_hours: int | None = None,
    days_before_onset: int | None = None,
) -> Params:
    """The profile's parameters with the given ones overridden, checked."""

    def pick(value: int | None, default: int) -> int:
        return default if value is None else value

    try:
        return Params(
            days_before_onset=pick(days_before_onset, profile.days_before_onset),
            min_overlap_minutes=pick(min_overlap_minutes, profile.min_overlap_minutes),
            open_visit_hours=pick(open_visit_hours, profile.open_visit_hours),
            depth=pick(depth, profile.default_depth),
            timezone=settings.TIME_ZONE,
        )
    except InvalidParams as exc:
        raise TracingServiceError(_param_message(str(exc))) from None


def _param_message(english: str) -> str:
    names = {
        "days_before_onset": (_("Số ngày lây nhiễm trước khởi phát"), 0, 30),
        "min_overlap_minutes": (_("Thời gian tiếp xúc tối thiểu (phút)"), 0, 1440),
        "open_visit_hours": (_("Thời gian ở lại tối đa khi không check-out (giờ)"), 1, 24),
        "depth": (_("Số cấp truy vết"), 1, 5),
    }
    for key, (label, low, high) in names.items():
        if english.startswith(key):
            return _("%(label)s phải là số nguyên từ %(low)d đến %(high)d.") % {
                "label": label,
                "low": low,
                "high": high,
            }
    return _("Tham số truy vết không hợp lệ.")


def _window_visits(case: Case, params: Params, as_of: datetime) -> int:
    """A cheap upper estimate of the work: check-ins from the window's start to as_of."""
    start = params.window_start(case.onset) - params.open_visit
    return Visit.objects.filter(check_in__gte=start, check_in__lt=as_of).count()


def case_trace(
    *,
    case: Case,
    user: Any,
    as_of: datetime | None = None,
    depth: int | None = None,
    min_overlap_minutes: int | None = None,
    open_visit_hours: int | None = None,
    days_before_onset: int | None = None,
    background: bool | None = None,
) -> TraceRun:
    """Create a trace run with the profile's defaults overridden by the arguments; run it
    now when the window holds few check-ins (``TRACE_INLINE_MAX_VISITS``), else queue it
    (``background`` forces either way)."""
    if case.status != Case.Status.OPEN:
        raise TracingServiceError(_("Ca bệnh đã kết thúc điều tra: không truy vết thêm."))
    now = timezone.now()
    moment = _aware(as_of, _("Thời điểm tính đến")) or now
    if moment > now + timedelta(minutes=1):
        raise TracingServiceError(_("Thời điểm tính đến không được ở tương lai."))
    params = trace_params(
        case.profile,
        depth=depth,
        min_overlap_minutes=min_overlap_minutes,
        open_visit_hours=open_visit_hours,
        days_before_onset=days_before_onset,
    )
    run = TraceRun.objects.create(
        case=case,
        as_of=moment,
        depth=params.depth,
        days_before_onset=params.days_before_onset,
        min_overlap_minutes=params.min_overlap_minutes,
        open_visit_hours=params.open_visit_hours,
        created_by=user if getattr(user, "pk", None) else None,
    )
    if background is None:
        limit = getattr(settings, "TRACE_INLINE_MAX_VISITS", DEFAULT_INLINE_MAX_VISITS)
        background = _window_visits(case, params, moment) > limit
    audit(None, "tracing.case.trace", actor=user, obj=case, run=str(run.pk), queued=background)
    if background:
        from phongdich.tracing.tasks import run_trace

        run_id = str(run.pk)
        transaction.on_commit(lambda: run_trace.enqueue(run_id))
        return run
    return trace_run_execute(run_id=run.pk)


def _set_progress(run_id: Any, percent: int) -> None:
    TraceRun.objects.filter(pk=run_id).update(progress=percent)


def trace_run_execute(*, run_id: Any) -> TraceRun:
    """Run the engine for a queued run, store its result and upsert the case's contacts.

    Any error leaves the run FAILED with a Vietnamese message (the details go to
    the log); contacts are only touched when the whole trace succeeded."""
    run = TraceRun.objects.select_related("case__person", "case__profile").get(pk=run_id)
    if run.status == TraceRun.Status.DONE:
        return run
    run.status = TraceRun.Status.RUNNING
    run.progress = 5
    run.error = ""
    run.save(update_fields=["status", "progress", "error"])
    began = time.monotonic()
    case = run.case
    steps = 2 * run.depth  # two questions per level

    def progress(done: int) -> None:
        _set_progress(run.pk, min(90, 5 + 85 * done // steps))

    try:
        params = Params(
            days_before_onset=run.days_before_onset,
            min_overlap_minutes=run.min_overlap_minutes,
            open_visit_hours=run.open_visit_hours,
            depth=run.depth,
            timezone=settings.TIME_ZONE,
        )
        store = SqlStore(on_query=progress)
        engine_case = EngineCase(
            case.person.identity, case.onset, isolated_at=case.isolated_at, as_of=run.as_of
        )
        result = trace(store, engine_case, params)
        with transaction.atomic():
            _store_contacts(run, case, result, store)
            run.result_json = json.dumps(result.to_json_dict(), ensure_ascii=False)
            counts: dict[str, int] = {}
            for contact in result.contacts:
                counts[str(contact.level)] = counts.get(str(contact.level), 0) + 1
            run.counts_by_level = counts
            run.contact_count = len(result.contacts)
            run.status = TraceRun.Status.DONE
            run.progress = 100
            run.finished_at = timezone.now()
            run.duration_ms = int((time.monotonic() - began) * 1000)
            run.save()
    except TracingError as exc:
        logger.warning("trace run %s failed on bad data: %s", run.pk, exc)
        _fail(
            run,
            began,
            _("Dữ liệu check-in không hợp lệ, không truy vết được: %(reason)s") % {"reason": exc},
        )
    except Exception:
        logger.exception("trace run %s failed", run.pk)
        _fail(run, began, _("Truy vết gặp lỗi hệ thống; đã ghi vào nhật ký. Hãy thử lại sau."))
    return run


def _fail(run: TraceRun, began: float, message: str) -> None:
    run.status = TraceRun.Status.FAILED
    run.error = message
    run.finished_at = timezone.now()
    run.duration_ms = int((time.monotonic() - began) * 1000)
    run.save(update_fields=["status", "error", "finished_at", "duration_ms"])


def _store_contacts(run: TraceRun, case: Case, result: TraceResult, store: SqlStore) -> None:
    """One Contact per traced person: created or updated from this run; statuses and
    follow-ups already recorded stay; contacts this run did not find leave the latest run."""
    persons = store.person_ids(
        {c.person for c in result.contacts} | {c.via for c in result.contacts}
    )
    locations = store.location_ids({c.location for c in result.contacts})
    days = case.profile.follow_up_days
    existing = {c.person_id: c for c in Contact.objects.filter(case=case)}
    new: list[Contact] = []
    changed: list[Contact] = []
    found: set[int] = set()
    for item in result.contacts:
        pid = persons[item.person]
        found.add(pid)
        values = {
            "level": item.level,
            "exposed_at": item.exposed_at,
            "via_id": persons[item.via],
            "location_id": locations[item.location],
            "overlap_minutes": item.overlap_minutes,
            "run": run,
            "in_latest_run": True,
            "follow_up_until": timezone.localdate(item.exposed_at) + timedelta(days=days),
        }
        contact = existing.get(pid)
        if contact is None:
            new.append(Contact(case=case, person_id=pid, **values))
        else:
            for name, value in values.items():
                setattr(contact, name, value)
            changed.append(contact)
    Contact.objects.bulk_create(new, batch_size=500)
    if changed:
        Contact.objects.bulk_update(
            changed,
            [
                "level",
                "exposed_at",
                "via",
                "location",
                "overlap_minutes",
                "run",
                "in_latest_run",
                "follow_up_until",
                "updated_at",
            ],
            batch_size=500,
        )
    gone = [c.pk for pid, c in existing.items() if pid not in found and c.in_latest_run]
    for chunk in chunked(gone):
        Contact.objects.filter(pk__in=chunk).update(in_latest_run=False, updated_at=timezone.now())


# Contacts and follow-up ---------------------------------------------------


def _check_status(status: str) -> None:
    if status not in Contact.Status.values:
        raise TracingServiceError(_("Tình trạng không hợp lệ."))
    if status == Contact.Status.POSITIVE:
        raise TracingServiceError(
            _("Để ghi nhận dương tính, hãy dùng “Chuyển thành ca bệnh” (cần ngày khởi phát).")
        )


def _is_promoted(contact: Contact) -> bool:
    return Case.objects.filter(source_contact=contact).exists()


def contact_set_status(*, contact: Contact, status: str, user: Any) -> Contact:
    _check_status(status)
    if _is_promoted(contact):
        raise TracingServiceError(_("Người này đã được chuyển thành ca bệnh."))
    contact.status = status
    contact.save(update_fields=["status", "updated_at"])
    audit(None, "tracing.contact.status", actor=user, obj=contact, status=status)
    return contact


def followup_period(contact: Contact) -> tuple[date, date]:
    """The days a contact may be followed up: from the day of exposure (local) to
    ``follow_up_until`` (inclusive)."""
    first = timezone.localdate(contact.exposed_at)
    last = contact.follow_up_until or first + timedelta(days=contact.case.profile.follow_up_days)
    return first, max(first, last)


def followup_record(
    *,
    contact: Contact,
    day: date,
    status: str,
    has_symptoms: bool,
    note: str,
    user: Any,
) -> FollowUp:
    """Record (or correct) one day's follow-up of a contact. The contact's status follows
    the entry of its latest recorded day."""
    first, last = followup_period(contact)
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
                "note": _nfc(note)[:NOTE_MAX],
                "recorded_by": user if getattr(user, "pk", None) else None,
            },
        )
        latest = (
            FollowUp.objects.filter(contact=contact).order_by("-day").values_list("day", flat=True)
        ).first()
        if latest == day and contact.status != status:
            contact.status = status
            contact.save(update_fields=["status", "updated_at"])
    audit(None, "tracing.followup.record", actor=user, obj=contact, day=day.isoformat())
    return entry


def contact_promote(
    *, contact: Contact, user: Any, onset: date, isolated_at: datetime | None = None
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
            isolated_at=isolated_at,
            unit=locked.case.unit,
            profile=locked.case.profile,
            source_contact=locked,
        )
        locked.status = Contact.Status.POSITIVE
        locked.save(update_fields=["status", "updated_at"])
    contact.status = locked.status
    audit(None, "tracing.contact.promote", actor=user, obj=contact, case=case.pk)
    return case

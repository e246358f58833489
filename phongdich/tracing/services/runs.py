"""Writes of trace runs: run the engine for a case, store its result and the contacts.

A small trace runs at once; a large one is queued (``tasks.run_trace``) and runs
in the worker. ``person_trace`` is the read-only trace of ``manage.py trace``.
"""

from __future__ import annotations

import json
import logging
import time
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from phongdich.checkin.citus import related
from phongdich.checkin.models import DiseaseProfile, Person, Visit
from phongdich.core.audit import audit
from phongdich.tracing.models import Case, Contact, TraceRun
from phongdich.tracing.services.common import TracingServiceError, author, aware
from phongdich.tracing.store import SqlStore, chunked
from phongdich.tracing.tasks import run_trace
from tracing_engine import Case as EngineCase
from tracing_engine import Params, TraceResult, trace
from tracing_engine.models import InvalidParams, TracingError

__all__ = ["case_trace", "person_trace", "trace_params", "trace_run_execute"]

logger = logging.getLogger(__name__)

DEFAULT_INLINE_MAX_VISITS = 200_000


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
    ip: str | None = None,
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
    moment = aware(as_of, _("Thời điểm tính đến")) or now
    if moment > now + timedelta(minutes=1):
        raise TracingServiceError(_("Thời điểm tính đến không được ở tương lai."))
    params = trace_params(
        case.profile,
        depth=depth,
        min_overlap_minutes=min_overlap_minutes,
        open_visit_hours=open_visit_hours,
        days_before_onset=days_before_onset,
    )
    if background is None:
        limit = getattr(settings, "TRACE_INLINE_MAX_VISITS", DEFAULT_INLINE_MAX_VISITS)
        background = _window_visits(case, params, moment) > limit
    with transaction.atomic():
        run = TraceRun.objects.create(
            case=case,
            as_of=moment,
            depth=params.depth,
            days_before_onset=params.days_before_onset,
            min_overlap_minutes=params.min_overlap_minutes,
            open_visit_hours=params.open_visit_hours,
            started_by=author(user),
        )
        audit(
            None,
            "tracing.case.trace",
            actor=user,
            ip=ip,
            obj=case,
            run=str(run.pk),
            queued=background,
        )
        if background:
            run_id = str(run.pk)
            transaction.on_commit(lambda: run_trace.enqueue(run_id))
    if background:
        return run
    # Inline: the engine runs after the run's transaction (it only reads; the results
    # are written in one transaction at the end).
    return trace_run_execute(run_id=run.pk)


def _set_progress(run_id: Any, percent: int) -> None:
    TraceRun.objects.filter(pk=run_id).update(progress_done=percent)


def trace_run_execute(*, run_id: Any) -> TraceRun:
    """Run the engine for a queued run, store its result and upsert the case's contacts.

    Any error leaves the run FAILED with a Vietnamese message (the details go to
    the log); contacts are only touched when the whole trace succeeded. The run's
    lifecycle is ``core.models.Job``'s; its progress is a percent (of 100)."""
    run = related(TraceRun.objects.all(), "case__person", "case__profile").get(pk=run_id)
    if run.status == TraceRun.Status.DONE:
        return run
    run.job_start()
    run.job_advance(5)  # the bar moves at once
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
            counts: dict[str, int] = {}
            for contact in result.contacts:
                counts[str(contact.level)] = counts.get(str(contact.level), 0) + 1
            run.job_finish(
                result_json=json.dumps(result.to_json_dict(), ensure_ascii=False),
                counts_by_level=counts,
                contact_count=len(result.contacts),
                progress_done=run.job_total,
                duration_ms=int((time.monotonic() - began) * 1000),
            )
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
    run.duration_ms = int((time.monotonic() - began) * 1000)
    run.job_fail(message)
    run.save(update_fields=["duration_ms"])


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


def person_trace(
    *,
    person: Person,
    identity: str,
    onset: date,
    params: Params,
    as_of: datetime,
    isolated_at: datetime | None = None,
    output_format: str = "json",
    user: Any = None,
) -> TraceResult:
    """Trace the contacts of ``person`` (``identity``: their normalised identity) without
    creating a case (``manage.py trace``), and record the query in the audit log."""
    case = EngineCase(identity, onset, isolated_at=isolated_at, as_of=as_of)
    result = trace(SqlStore(), case, params)
    with transaction.atomic():
        audit(
            None,
            "tracing.trace.cli",
            actor=user,
            object_type="checkin.person",
            object_id=str(person.pk),
            format=output_format,
            contacts=len(result.contacts),
            params=params.to_json_dict(),
        )
    return result

"""Daily background tasks without a scheduler process, that cannot stop silently.

django-tasks-db has no periodic scheduler, so a daily task re-queues itself for
its next local run time (``reschedule``), and ``ensure_scheduled`` — called after
``migrate`` — queues the first run unless one is already waiting.

A daily task is written with ``daily``, under ``@task()``::

    PURGE_AT = time(2, 0)

    @task()
    @scheduling.daily(at=PURGE_AT, title=_("Xoá dữ liệu quá hạn"),
                      count_labels={"visits": _("lượt ra vào")})
    def purge_expired_daily() -> dict[str, Any]:
        report = purge_expired()
        return {"visits": report.visits}          # the counts of this run

Each run is recorded as a ``core.models.JobRun`` (start, end, outcome, counts,
error), and the task queues its next run in ``finally``: an exception is recorded
(outcome "failed"), re-raised (the task result is FAILED too) and the next run is
queued all the same. The task keeps a ``reschedule: bool = True`` argument (False:
run once, queue nothing) and returns the counts plus ``next_run`` (ISO time, or
None when the backend cannot defer). ``DAILY_JOBS`` lists every daily task; the
page ``core:jobs`` shows the last run of each, with a warning after
``STALE_AFTER`` (26 hours) without a run.
"""

from __future__ import annotations

import functools
import logging
import traceback
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections
from django.tasks import TaskResultStatus, default_task_backend
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)

STALE_AFTER = timedelta(hours=26)  # a daily job not run for longer is reported
KEEP_RUNS = timedelta(days=400)  # JobRun rows older than this are deleted
ERROR_MAX = 4000  # characters of the error kept on the run


def next_local_time(at: time, now: datetime | None = None) -> datetime:
    """The next ``at`` (local time, Asia/Ho_Chi_Minh) strictly after ``now``."""
    moment = now or timezone.now()
    day = timezone.localtime(moment).date()
    candidate = timezone.make_aware(datetime.combine(day, at))
    if candidate <= moment:
        candidate = timezone.make_aware(datetime.combine(day + timedelta(days=1), at))
    return candidate


def reschedule(task: Any, at: time) -> str | None:
    """Queue ``task`` for its next run at ``at``; the run time (ISO), or None when the
    backend cannot defer (the immediate backend of tests)."""
    if not default_task_backend.supports_defer:
        return None
    run_after = next_local_time(at)
    task.using(run_after=run_after).enqueue()
    return run_after.isoformat()


def ensure_scheduled(task: Any, at: time, using: str = DEFAULT_DB_ALIAS) -> bool:
    """Queue ``task`` for the next ``at`` unless a READY run of it is already queued.
    True when a run was queued."""
    if not default_task_backend.supports_defer:
        return False
    from django_tasks_db.models import DBTaskResult

    if DBTaskResult._meta.db_table not in connections[using].introspection.table_names():
        return False  # migrating only part of the project: no task table yet
    queued = DBTaskResult.objects.using(using).filter(
        status=TaskResultStatus.READY, task_path=task.module_path
    )
    if queued.exists():
        return False
    task.using(run_after=next_local_time(at)).enqueue()
    return True


def ensure_scheduled_after_migrate(
    sender: Any, *, app_label: str, task: Any, at: time, using: str = DEFAULT_DB_ALIAS
) -> None:
    """For a post_migrate receiver: act once (for ``app_label``), never break migrate."""
    if getattr(sender, "label", None) != app_label:
        return  # post_migrate is sent once per app
    try:
        ensure_scheduled(task, at, using)
    except Exception:
        logger.exception("could not schedule %s", task.module_path)


# ---- daily jobs that record their runs and always re-queue -------------------------------


@dataclass(frozen=True)
class DailyJob:
    """A registered daily task: its module path (the JobRun name), its title for the
    jobs page, its local run time, and labels for its counts."""

    name: str
    title: str | Promise
    at: time
    count_labels: Mapping[str, str | Promise] = field(default_factory=dict)


DAILY_JOBS: dict[str, DailyJob] = {}


def daily(
    *,
    at: time,
    title: str | Promise,
    count_labels: Mapping[str, str | Promise] | None = None,
) -> Callable[[Callable[[], Mapping[str, Any] | None]], Callable[..., dict[str, Any]]]:
    """Decorator for the body of a daily task (put ``@task()`` above it); see the
    module docstring. The body takes no argument and returns its counts."""

    def decorator(body: Callable[[], Mapping[str, Any] | None]) -> Callable[..., dict[str, Any]]:
        name = f"{body.__module__}.{body.__qualname__}"
        DAILY_JOBS[name] = DailyJob(name, title, at, dict(count_labels or {}))

        @functools.wraps(body)
        def runner(reschedule: bool = True) -> dict[str, Any]:
            return run_daily(name=name, at=at, body=body, requeue=reschedule)

        # inspect.signature() would follow __wrapped__ to the body's (empty) signature.
        del runner.__wrapped__  # type: ignore[attr-defined]
        return runner

    return decorator


def run_daily(
    *,
    name: str,
    at: time,
    body: Callable[[], Mapping[str, Any] | None],
    requeue: bool = True,
) -> dict[str, Any]:
    """Run ``body`` as the daily job ``name``: record the run, then queue the task
    found at ``name`` for its next ``at`` whatever happened (when ``requeue``)."""
    run: Any = None
    counts: dict[str, Any] = {}
    failure: BaseException | None = None
    next_run: str | None = None
    try:
        run = _run_started(name)
        counts = dict(body() or {})
    except BaseException as exc:
        failure = exc
        logger.exception("daily job %s failed", name)
        raise
    finally:
        if requeue:
            try:
                next_run = reschedule(import_string(name), at)
            except Exception:
                logger.exception("daily job %s could not queue its next run", name)
        _run_finished(run, name=name, counts=counts, failure=failure, next_run=next_run)
    return {**counts, "next_run": next_run}


def _run_started(name: str) -> Any:
    from phongdich.core.models import JobRun

    now = timezone.now()
    JobRun.objects.filter(name=name, started_at__lt=now - KEEP_RUNS).delete()
    return JobRun.objects.create(name=name, started_at=now)


def _run_finished(
    run: Any,
    *,
    name: str,
    counts: dict[str, Any],
    failure: BaseException | None,
    next_run: str | None,
) -> None:
    """Record the end of ``run`` (or a failed run when even its start could not be
    recorded). Never raises: the caller's exception, if any, is the one that matters."""
    from phongdich.core.models import JobRun

    try:
        if run is None:
            run = JobRun(name=name)
        run.finished_at = timezone.now()
        run.outcome = JobRun.Outcome.OK if failure is None else JobRun.Outcome.FAILED
        run.counts = counts
        if failure is not None:
            run.error = "".join(traceback.format_exception_only(failure)).strip()[:ERROR_MAX]
        run.next_run_at = datetime.fromisoformat(next_run) if next_run else None
        run.save()
    except Exception:
        logger.exception("daily job %s: its run could not be recorded", name)

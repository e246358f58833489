"""Reads of the core app: the state of the daily background jobs."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Min, OuterRef, Subquery
from django.tasks import TaskResultStatus, default_task_backend
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext as _

from phongdich.core.models import JobRun
from phongdich.core.permissions import has_role
from phongdich.core.roles import Role
from phongdich.core.scheduling import DAILY_JOBS, STALE_AFTER, DailyJob

JOBS_ROLES = frozenset({Role.ADMIN, Role.IT})


@dataclass(frozen=True)
class DailyJobState:
    """A daily job, its last run (None: never ran), its last successful run, its next
    queued run (None when none is queued or the backend cannot defer) and what is wrong."""

    job: DailyJob
    last: JobRun | None
    last_ok: JobRun | None
    next_queued: datetime | None
    warnings: list[str] = field(default_factory=list)

    @property
    def counts(self) -> list[tuple[str, Any]]:
        """The counts of the last run, labelled in Vietnamese where the job says how."""
        if self.last is None or not isinstance(self.last.counts, dict):
            return []
        labels = self.job.count_labels
        return [(str(labels.get(key, key)), value) for key, value in self.last.counts.items()]


def _latest(names: list[str], **filters: Any) -> dict[str, JobRun]:
    newest = (
        JobRun.objects.filter(name=OuterRef("name"), **filters)
        .order_by("-started_at", "-pk")
        .values("pk")[:1]
    )
    runs = JobRun.objects.filter(name__in=names, pk=Subquery(newest))
    return {run.name: run for run in runs}


def _queued(names: list[str]) -> dict[str, datetime]:
    if not default_task_backend.supports_defer:
        return {}
    from django_tasks_db.models import DBTaskResult

    rows = (
        DBTaskResult.objects.filter(status=TaskResultStatus.READY, task_path__in=names)
        .values("task_path")
        .annotate(first=Min("run_after"))
    )
    return {row["task_path"]: row["first"] for row in rows}


def daily_jobs_state(*, user: Any, now: datetime | None = None) -> list[DailyJobState]:
    """Every daily job (``core.scheduling.daily``) with its last run and its warnings:
    never run, not run for more than ``STALE_AFTER``, last run failed, nothing queued.
    For the Admin and the IT team only (PermissionDenied otherwise). Three queries."""
    if not has_role(user, *JOBS_ROLES):
        raise PermissionDenied
    autodiscover_modules("tasks")  # each app's tasks.py registers its daily jobs
    moment = now or timezone.now()
    jobs = sorted(DAILY_JOBS.values(), key=lambda job: (job.at, str(job.title)))
    names = [job.name for job in jobs]
    last_runs = _latest(names)
    last_ok = _latest(names, outcome=JobRun.Outcome.OK)
    queued = _queued(names)
    hours = int(STALE_AFTER.total_seconds() // 3600)
    states = []
    for job in jobs:
        last = last_runs.get(job.name)
        warnings: list[str] = []
        if last is None:
            warnings.append(_("Chưa chạy lần nào."))
        elif moment - last.started_at > STALE_AFTER:
            warnings.append(
                _("Không chạy trong hơn %(hours)d giờ (lần gần nhất bắt đầu lúc %(at)s).")
                % {
                    "hours": hours,
                    "at": date_format(timezone.localtime(last.started_at), "d/m/Y H:i"),
                }
            )
        if last is not None and last.outcome == JobRun.Outcome.FAILED:
            warnings.append(_("Lần chạy gần nhất bị lỗi."))
        if default_task_backend.supports_defer and job.name not in queued:
            warnings.append(
                _(
                    "Không có lần chạy kế tiếp nào trong hàng đợi: chạy lại "
                    "“python manage.py migrate” và kiểm tra tiến trình db_worker."
                )
            )
        states.append(
            DailyJobState(
                job=job,
                last=last,
                last_ok=last_ok.get(job.name),
                next_queued=queued.get(job.name),
                warnings=warnings,
            )
        )
    return states

"""Reads of the core app: the state of the daily background jobs; the audit log."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Min, OuterRef, Q, QuerySet, Subquery
from django.tasks import TaskResultStatus, default_task_backend
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext as _

from phongdich.core.audit import audit
from phongdich.core.models import AuditEvent, JobRun
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


# ---- the audit log ------------------------------------------------------------------------

AUDIT_ROLES = frozenset({Role.ADMIN, Role.DIRECTOR})
AUDIT_PAGE_SIZE = 50
AUDIT_EXPORT_MAX_ROWS = 50_000


@dataclass(frozen=True)
class AuditFilter:
    """What the audit page shows: ``action`` "" (every export of personal data), "*"
    (everything) or one action code; one actor or anyone; a local date range."""

    action: str = ""
    actor: Any = None
    date_from: date | None = None
    date_to: date | None = None


def _export_actions() -> Q:
    """The actions that hand personal data out of the system: exports and downloads."""
    return Q(action__endswith=".export") | Q(action__endswith=".download")


def _audit_allowed(user: Any) -> None:
    if not has_role(user, *AUDIT_ROLES):
        raise PermissionDenied


def audit_actions(*, user: Any) -> list[str]:
    """Every action code in the log, sorted (the choices of the action filter)."""
    _audit_allowed(user)
    return sorted(AuditEvent.objects.order_by().values_list("action", flat=True).distinct())


def audit_actors(*, user: Any) -> QuerySet[Any]:
    """The users who appear in the log (the choices of the user filter)."""
    _audit_allowed(user)
    User = get_user_model()
    ids = AuditEvent.objects.filter(actor__isnull=False).values("actor_id")
    return User.objects.filter(pk__in=ids).order_by("username")


def audit_events(*, user: Any, flt: AuditFilter) -> QuerySet[AuditEvent]:
    """The entries of the log that ``flt`` asks for, newest first (Admin and Director)."""
    _audit_allowed(user)
    events = AuditEvent.objects.select_related("actor", "actor__staff").order_by("-at", "-pk")
    if flt.action == "":
        events = events.filter(_export_actions())
    elif flt.action != "*":
        events = events.filter(action=flt.action)
    if flt.actor is not None:
        events = events.filter(actor=flt.actor)
    if flt.date_from is not None:
        start = timezone.make_aware(datetime.combine(flt.date_from, time.min))
        events = events.filter(at__gte=start)
    if flt.date_to is not None:
        end = timezone.make_aware(datetime.combine(flt.date_to + timedelta(days=1), time.min))
        events = events.filter(at__lt=end)
    return events


def audit_filter_lines(flt: AuditFilter) -> list[tuple[str, Any]]:
    """The filters as the title block of the export shows them."""
    if flt.action == "":
        action = _("Mọi lượt xuất dữ liệu cá nhân")
    elif flt.action == "*":
        action = _("Mọi hoạt động")
    else:
        action = flt.action
    lines: list[tuple[str, Any]] = [(_("Hoạt động"), action)]
    if flt.actor is not None:
        lines.append((_("Người thực hiện"), flt.actor.get_full_name() or flt.actor.username))
    if flt.date_from:
        lines.append((_("Từ ngày"), flt.date_from))
    if flt.date_to:
        lines.append((_("Đến ngày"), flt.date_to))
    return lines


def audit_events_export(*, user: Any, flt: AuditFilter, ip: str | None = None) -> list[AuditEvent]:
    """The rows of an export of the log (at most AUDIT_EXPORT_MAX_ROWS); the export is
    itself recorded (``core.audit.export``)."""
    rows = list(audit_events(user=user, flt=flt)[:AUDIT_EXPORT_MAX_ROWS])
    audit(
        None,
        "core.audit.export",
        actor=user,
        ip=ip,
        object_type="core.auditevent",
        rows=len(rows),
        filter_action=flt.action,
        filter_actor=flt.actor.pk if flt.actor is not None else None,
        date_from=flt.date_from.isoformat() if flt.date_from else None,
        date_to=flt.date_to.isoformat() if flt.date_to else None,
    )
    return rows

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Job(models.Model):
    """A long piece of background work (an import, a trace run): its status, its
    progress, its error and who started it. Abstract: each app keeps its own table.

    The lifecycle, each step saving only the fields it sets::

        job = StaffImport.objects.create(started_by=user, ...)  # status "queued"
        job.job_start()                          # running, started_at
        job.job_advance(done=0, total=1200)      # progress (total once known)
        job.job_advance(done=500)
        job.job_finish(created_count=12)         # done, finished_at, extra fields
        job.job_fail("Tệp không đọc được")       # or: failed, error, finished_at

    A model that already has other names for these columns keeps them: it sets the
    ``job_*_field`` class attributes to its own names and drops the inherited field
    by assigning ``None`` (Django's way to remove a field of an abstract parent)::

        class StaffImport(Job):
            class Status(models.TextChoices):      # its own choices, same core values
                QUEUED = "pending", ...; RUNNING = "running", ...; REJECTED = ...
            status = models.CharField(max_length=16, choices=Status.choices,
                                      default=Status.QUEUED)
            job_done_field, job_total_field = "processed_rows", "total_rows"
            job_error_field, job_started_by_field = "file_error", "created_by"
            job_finished_statuses = frozenset({"done", "failed", "rejected"})
            progress_done = progress_total = error = started_by = None
            ...

    A percent-only model (``TraceRun.progress``) sets ``job_total_field = None``:
    its ``done`` is then out of ``job_fixed_total`` (100).
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("Đang chờ")
        RUNNING = "running", _("Đang chạy")
        DONE = "done", _("Hoàn tất")
        FAILED = "failed", _("Lỗi")

    status = models.CharField(
        _("trạng thái"), max_length=16, choices=Status.choices, default=Status.QUEUED
    )
    progress_done = models.PositiveIntegerField(_("đã xử lý"), default=0)
    progress_total = models.PositiveIntegerField(_("tổng số"), default=0)
    error = models.TextField(_("lỗi"), blank=True, default="")
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người thực hiện"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    started_at = models.DateTimeField(_("bắt đầu lúc"), null=True, blank=True)
    finished_at = models.DateTimeField(_("kết thúc lúc"), null=True, blank=True)

    # The names of the columns, for models that keep their own (see the docstring).
    job_done_field: ClassVar[str] = "progress_done"
    job_total_field: ClassVar[str | None] = "progress_total"
    job_error_field: ClassVar[str] = "error"
    job_started_by_field: ClassVar[str] = "started_by"
    job_fixed_total: ClassVar[int] = 100  # when job_total_field is None
    job_finished_statuses: ClassVar[frozenset[str]] = frozenset({"done", "failed"})

    class Meta:
        abstract = True

    # ---- reading ----------------------------------------------------------------------

    @property
    def job_done(self) -> int:
        return int(getattr(self, self.job_done_field) or 0)

    @property
    def job_total(self) -> int:
        if self.job_total_field is None:
            return self.job_fixed_total
        return int(getattr(self, self.job_total_field) or 0)

    @property
    def is_finished(self) -> bool:
        return str(self.status) in self.job_finished_statuses

    @property
    def percent(self) -> int:
        """0–100: done out of total; with no total yet, 100 once finished, else 0."""
        total = self.job_total
        if not total:
            return 100 if self.is_finished else 0
        return max(0, min(100, round(100 * self.job_done / total)))

    # ---- the lifecycle ----------------------------------------------------------------

    def _job_save(self, fields: dict[str, Any]) -> None:
        for name, value in fields.items():
            setattr(self, name, value)
        self.save(update_fields=list(fields))

    def job_start(self) -> None:
        """Running from now; a previous error and end time are cleared."""
        self._job_save(
            {
                "status": self.Status.RUNNING,
                "started_at": timezone.now(),
                "finished_at": None,
                self.job_error_field: "",
            }
        )

    def job_advance(self, done: int, total: int | None = None) -> None:
        """``done`` items processed (out of ``total`` when given, e.g. once it is known)."""
        if done < 0 or (total is not None and total < 0):
            raise ValueError("progress cannot be negative")
        fields: dict[str, Any] = {self.job_done_field: done}
        if total is not None:
            if self.job_total_field is None:
                raise ValueError(f"{type(self).__name__} has a fixed total")
            fields[self.job_total_field] = total
        self._job_save(fields)

    def job_finish(self, *, status: str | None = None, **fields: Any) -> None:
        """Finished (``status``: done unless another finished status is given), now;
        ``fields`` are other columns of the model saved in the same UPDATE
        (``created_count=12``)."""
        final = status or self.Status.DONE
        if str(final) not in self.job_finished_statuses or str(final) == self.Status.FAILED:
            raise ValueError(f"{final!r} is not a finishing status (use job_fail for errors)")
        concrete = {f.attname for f in self._meta.concrete_fields} | {
            f.name for f in self._meta.concrete_fields
        }
        unknown = sorted(set(fields) - concrete)
        if unknown:
            raise TypeError(f"{type(self).__name__} has no field {', '.join(unknown)}")
        self._job_save({**fields, "status": final, "finished_at": timezone.now()})

    def job_fail(self, error: str) -> None:
        """Failed now, with ``error`` (a message for the user or the operator)."""
        self._job_save(
            {
                "status": self.Status.FAILED,
                self.job_error_field: str(error),
                "finished_at": timezone.now(),
            }
        )


class AuditEvent(models.Model):
    """Who looked at or exported personal data, when, what and why.

    ``detail`` never holds personal values in clear: callers pass masked values.
    """

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(max_length=64, db_index=True)  # e.g. "checkin.visits.export"
    object_type = models.CharField(max_length=64, blank=True, default="")
    object_id = models.CharField(max_length=64, blank=True, default="")
    reason = models.CharField(max_length=255, blank=True, default="")
    detail = models.JSONField(default=dict, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action}"


class RateCounter(models.Model):
    """Requests counted per key and fixed window, incremented atomically in SQL."""

    key = models.CharField(max_length=128)
    window_start = models.BigIntegerField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["key", "window_start"], name="rate_counter_window")
        ]

    def __str__(self) -> str:
        return f"{self.key}@{self.window_start}: {self.count}"


class JobRun(models.Model):
    """One run of a daily background job (``core.scheduling.daily``): when it started
    and ended, how it went, what it counted, and the error when it failed."""

    class Outcome(models.TextChoices):
        RUNNING = "running", _("Đang chạy")
        OK = "ok", _("Thành công")
        FAILED = "failed", _("Lỗi")

    # The task's module path, e.g. "phongdich.checkin.tasks.purge_expired_daily".
    name = models.CharField(_("tác vụ"), max_length=200)
    started_at = models.DateTimeField(_("bắt đầu lúc"), default=timezone.now)
    finished_at = models.DateTimeField(_("kết thúc lúc"), null=True, blank=True)
    outcome = models.CharField(
        _("kết quả"), max_length=8, choices=Outcome.choices, default=Outcome.RUNNING
    )
    counts = models.JSONField(_("số liệu"), default=dict, blank=True)
    error = models.TextField(_("lỗi"), blank=True, default="")
    next_run_at = models.DateTimeField(_("lần chạy kế tiếp"), null=True, blank=True)

    class Meta:
        ordering = ["-started_at", "-pk"]
        indexes = [models.Index(fields=["name", "-started_at"], name="core_jobrun_name_started")]
        verbose_name = _("lần chạy tác vụ")
        verbose_name_plural = _("lần chạy tác vụ")

    def __str__(self) -> str:
        return f"{self.name} {self.started_at:%Y-%m-%d %H:%M} {self.outcome}"

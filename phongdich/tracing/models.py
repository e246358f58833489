"""Cases (F0), trace runs, traced contacts (F1, F2, …) and their daily follow-up.

Cases and contacts point at ``checkin.Person`` (never at the check-in table), so
they survive the retention purge of visits, and they keep people tied to an
open case out of it.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from phongdich.checkin.models import DiseaseProfile, Location, Person
from phongdich.core.crypto import EncryptedTextField
from phongdich.core.models import Job
from phongdich.org.models import Staff, Unit


class Case(models.Model):
    """A confirmed case (F0) under investigation."""

    class Status(models.TextChoices):
        OPEN = "open", _("Đang điều tra")
        CLOSED = "closed", _("Đã kết thúc")

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="cases")
    staff = models.ForeignKey(
        Staff, null=True, blank=True, on_delete=models.SET_NULL, related_name="cases"
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("đơn vị"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="cases",
    )
    profile = models.ForeignKey(DiseaseProfile, on_delete=models.PROTECT, related_name="cases")
    onset = models.DateField(_("ngày khởi phát / lấy mẫu dương tính"))
    isolated_at = models.DateTimeField(_("thời điểm cách ly"), null=True, blank=True)
    notes = EncryptedTextField(_("ghi chú"), blank=True, default="")
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.OPEN)
    source_contact = models.OneToOneField(
        "Contact",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="promoted_case",
        help_text=_("Tiếp xúc đã được chuyển thành ca bệnh này"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("ca bệnh")
        verbose_name_plural = _("ca bệnh")

    def __str__(self) -> str:
        return f"F0 #{self.pk}"


class TraceRun(Job):
    """One run of the tracing engine for a case, with its parameters and result.

    A ``core.models.Job`` (``started_by``, ``status``, ``error``, ``started_at``,
    ``finished_at``) whose progress is a percent: ``progress_done`` out of
    ``progress_total`` = 100."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Đang chờ")
        RUNNING = "running", _("Đang truy vết")
        DONE = "done", _("Hoàn tất")
        FAILED = "failed", _("Lỗi")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="runs")
    as_of = models.DateTimeField()
    depth = models.PositiveSmallIntegerField()
    days_before_onset = models.PositiveSmallIntegerField()
    min_overlap_minutes = models.PositiveSmallIntegerField()
    open_visit_hours = models.PositiveSmallIntegerField()
    status = models.CharField(
        _("trạng thái"), max_length=16, choices=Status.choices, default=Status.QUEUED
    )
    progress_total = models.PositiveIntegerField(_("tổng số"), default=100)  # a percent
    # The engine's output exactly as tracing.md's JSON (personal data: encrypted).
    result_json = EncryptedTextField(blank=True, default="")
    contact_count = models.PositiveIntegerField(default=0)
    counts_by_level = models.JSONField(default=dict, blank=True)  # {"1": 12, "2": 40}
    duration_ms = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Trace {self.pk} of {self.case}"


class Contact(models.Model):
    """A person found by tracing a case, followed up as Go.Data does."""

    class Status(models.TextChoices):
        NOT_CONTACTED = "not_contacted", _("Chưa liên hệ")
        CONTACTED = "contacted", _("Đã liên hệ")
        HOME_QUARANTINE = "home_quarantine", _("Cách ly tại nhà")
        CENTRAL_QUARANTINE = "central_quarantine", _("Cách ly tập trung")
        NEGATIVE = "negative", _("Xét nghiệm âm tính")
        POSITIVE = "positive", _("Dương tính → thành ca bệnh")
        RELEASED = "released", _("Hết theo dõi")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="contacts")
    run = models.ForeignKey(TraceRun, on_delete=models.SET_NULL, null=True, related_name="+")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="contacts")
    level = models.PositiveSmallIntegerField()
    exposed_at = models.DateTimeField()
    via = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    location = models.ForeignKey(Location, on_delete=models.PROTECT, related_name="+")
    overlap_minutes = models.FloatField()
    in_latest_run = models.BooleanField(default=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NOT_CONTACTED)
    follow_up_until = models.DateField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["level", "exposed_at"]
        constraints = [
            models.UniqueConstraint(fields=["case", "person"], name="tracing_contact_once")
        ]
        indexes = [
            # The case page's order (level, exposure, pk): its page of contacts and the
            # graph's nearest read the first rows in order instead of sorting them all.
            models.Index(
                fields=["case", "level", "exposed_at", "id"], name="tracing_contact_case_order"
            )
        ]

    def __str__(self) -> str:
        return f"F{self.level} of {self.case}"


class FollowUp(models.Model):
    """One day's follow-up entry of a contact, with who recorded it."""

    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="follow_ups")
    day = models.DateField()
    status = models.CharField(max_length=20, choices=Contact.Status.choices)
    has_symptoms = models.BooleanField(default=False)
    note = EncryptedTextField(blank=True, default="")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["contact_id", "day"]
        constraints = [
            models.UniqueConstraint(fields=["contact", "day"], name="tracing_followup_daily")
        ]

    def __str__(self) -> str:
        return f"{self.contact} {self.day}"


class KeptVisit(models.Model):
    """A check-in of a person tied to an open case, kept when its day's partition of
    the visits was dropped by the retention purge (PostgreSQL; ``retention.keep``).

    The case keeps its evidence: the tracing store reads these rows beside the live
    visits (``sql.PG_*``). ``next_check_in`` is the person's next check-in anywhere
    (tracing.md's cut), resolved when the row was kept. Deleted with the purge once
    no open case protects the person any more. Keyed by (location, check_in, person):
    the key holds the visits' distribution column (co-located with them on Citus)."""

    pk = models.CompositePrimaryKey("location", "check_in", "person")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+", db_index=False)
    location = models.ForeignKey(
        Location, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    unit_id_snapshot = models.BigIntegerField()
    check_in = models.DateTimeField()
    check_out = models.DateTimeField(null=True, blank=True)
    effective_end = models.DateTimeField()
    next_check_in = models.DateTimeField(null=True, blank=True)
    source = models.CharField(max_length=8)
    status = models.CharField(max_length=10)
    kept_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [
            models.Index(fields=["location", "effective_end"], name="tracing_kept_location"),
            models.Index(fields=["person", "effective_end"], name="tracing_kept_person"),
        ]

    def __str__(self) -> str:
        return f"KeptVisit {self.person_id} {self.location_id} {self.check_in:%Y-%m-%d %H:%M}"


# Stays up to this long (effective_end - check_in) are not recorded in LocationStay:
# every location's bound is at least this.
STAY_FLOOR_SECONDS = 12 * 3600


class LocationStay(models.Model):
    """The longest stay at a location, when longer than ``STAY_FLOOR_SECONDS``.

    ``longest_seconds`` is at least ``effective_end - check_in`` of every visit at the
    location whose stay exceeds the floor (rounded up to the second, and one more);
    a location without a row has no such visit. So every visit there ends before
    ``check_in + max(floor, longest)``, which bounds a tracing window's scan on both
    sides (``sql.PG_AT``). Kept up to date by database triggers on the visits
    (migration 0008: on insert, and on an update of ``check_in`` or
    ``effective_end``; whatever writes a visit, the check-in, a check-out, a guard's
    decision, the import), never lowered (an upper bound stays true when visits go).
    """

    location = models.OneToOneField(
        Location, primary_key=True, on_delete=models.CASCADE, related_name="+", db_constraint=False
    )
    longest_seconds = models.BigIntegerField()

    def __str__(self) -> str:
        return f"LocationStay {self.location_id} {self.longest_seconds} s"

"""Gates, people at the gate, their visits and health declarations.

Nothing holds a foreign key into ``Visit`` (the check-in table), and ``Visit`` holds
no database-level foreign key into a table that is not keyed like it (person,
declaration, user: ``db_constraint=False``; the ORM still follows them), so that it can
be partitioned by day and distributed by location (docs/scaling.md). Two small tables
carry what used to cross locations:

- ``Submission``, keyed by (location, submission_id): replay detection of a form
  submission, without a unique index on the visits.
- ``PersonCheckin``, keyed by (person, check_in, location): every check-in of a person,
  the person-keyed index through which the open-visit cut is read (a visit's presence
  ends, at the latest, at the person's next check-in anywhere), so that a check-in at
  one gate never writes another gate's rows.
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from phongdich.checkin.profiles import COVID19_QUESTIONS
from phongdich.core.crypto import EncryptedTextField, blind_index
from phongdich.org.models import Staff, Unit

MANUAL_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I


def new_poster_token() -> str:
    return secrets.token_urlsafe(12)  # 96 random bits


def new_manual_code() -> str:
    return "".join(secrets.choice(MANUAL_CODE_ALPHABET) for _ in range(6))


def covid19_questions() -> list[dict[str, Any]]:
    return [dict(q) for q in COVID19_QUESTIONS]


class DiseaseProfile(models.Model):
    """The rules of one disease as data: tracing parameters, the health declaration,
    retention. The active profile applies to new check-ins."""

    name = models.CharField(_("tên"), max_length=100, unique=True)
    is_active = models.BooleanField(_("đang áp dụng"), default=False)
    days_before_onset = models.PositiveSmallIntegerField(
        _("số ngày lây nhiễm trước khởi phát"), default=2
    )
    min_overlap_minutes = models.PositiveSmallIntegerField(
        _("thời gian tiếp xúc tối thiểu (phút)"), default=15
    )
    open_visit_hours = models.PositiveSmallIntegerField(
        _("thời gian ở lại tối đa khi không check-out (giờ)"), default=8
    )
    default_depth = models.PositiveSmallIntegerField(_("số cấp truy vết mặc định"), default=2)
    retention_days = models.PositiveSmallIntegerField(_("số ngày lưu dữ liệu"), default=21)
    quarantine_days = models.PositiveSmallIntegerField(_("số ngày cách ly"), default=14)
    follow_up_days = models.PositiveSmallIntegerField(_("số ngày theo dõi"), default=14)
    # 0: a declaration is valid until the end of its local day; N: for N hours.
    declaration_valid_hours = models.PositiveSmallIntegerField(
        _("hiệu lực tờ khai (giờ, 0 = trong ngày)"), default=0
    )
    questions = models.JSONField(_("câu hỏi khai báo y tế"), default=covid19_questions)

    class Meta:
        verbose_name = _("hồ sơ dịch bệnh")
        verbose_name_plural = _("hồ sơ dịch bệnh")
        constraints = [
            models.UniqueConstraint(
                fields=["is_active"], condition=Q(is_active=True), name="one_active_profile"
            )
        ]

    def __str__(self) -> str:
        return self.name

    @classmethod
    def active(cls) -> DiseaseProfile:
        profile = cls.objects.filter(is_active=True).first()
        if profile is None:
            profile, _ = cls.objects.get_or_create(name="COVID-19", defaults={"is_active": True})
            if not profile.is_active:
                cls.objects.filter(pk=profile.pk).update(is_active=True)
                profile.is_active = True
        return profile

    def declaration_valid_until(self, declared_at: datetime) -> datetime:
        if self.declaration_valid_hours:
            return declared_at + timedelta(hours=self.declaration_valid_hours)
        local = timezone.localtime(declared_at)
        midnight = local.replace(hour=0, minute=0, second=0, microsecond=0) + timedelta(days=1)
        return timezone.make_aware(midnight.replace(tzinfo=None))


class Location(models.Model):
    """A gate or place where people check in; its poster carries ``/c/<token>``."""

    code = models.CharField(_("mã cổng"), max_length=40, unique=True)
    name = models.CharField(_("tên cổng/địa điểm"), max_length=200)
    unit = models.ForeignKey(
        Unit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="locations"
    )
    address = models.CharField(_("địa chỉ"), max_length=255, blank=True, default="")
    opens_at = models.TimeField(_("giờ mở cửa"), null=True, blank=True)
    closes_at = models.TimeField(_("giờ đóng cửa"), null=True, blank=True)
    is_active = models.BooleanField(_("đang hoạt động"), default=True)
    require_cccd = models.BooleanField(_("bắt buộc nhập số CCCD"), default=False)
    poster_token = models.CharField(max_length=32, unique=True, default=new_poster_token)
    manual_code = models.CharField(max_length=8, unique=True, default=new_manual_code)
    token_revoked = models.BooleanField(_("đã thu hồi mã QR"), default=False)
    token_issued_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["unit__path", "code"]
        verbose_name = _("cổng check-in")
        verbose_name_plural = _("cổng check-in")

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    @property
    def accepts_checkins(self) -> bool:
        return self.is_active and not self.token_revoked


class Person(models.Model):
    """Someone who checked in: identified by a normalised phone (or a staff code for
    imported records). Personal values are encrypted; lookups go by keyed hash."""

    identity = EncryptedTextField()
    identity_index = models.CharField(max_length=64, unique=True)
    full_name = EncryptedTextField(blank=True, default="")
    cccd = EncryptedTextField(blank=True, default="")
    cccd_index = models.CharField(max_length=64, blank=True, default="", db_index=True)
    staff = models.ForeignKey(
        Staff, null=True, blank=True, on_delete=models.SET_NULL, related_name="persons"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    last_seen_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("người check-in")
        verbose_name_plural = _("người check-in")

    def __str__(self) -> str:
        return self.full_name or f"#{self.pk}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.identity_index = self.index_of(self.identity)
        self.cccd_index = blind_index(self.cccd, purpose="cccd")
        super().save(*args, **kwargs)

    @staticmethod
    def index_of(identity: str) -> str:
        return blind_index(identity, purpose="person")


class Declaration(models.Model):
    """One electronic health declaration, with the consent that came with it."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="declarations")
    profile = models.ForeignKey(DiseaseProfile, on_delete=models.PROTECT, related_name="+")
    declared_at = models.DateTimeField(default=timezone.now, db_index=True)
    valid_until = models.DateTimeField()
    answers = EncryptedTextField()  # JSON of the answers
    is_risky = models.BooleanField(default=False)
    is_visitor = models.BooleanField(default=True)
    purpose = EncryptedTextField(blank=True, default="")
    host = EncryptedTextField(blank=True, default="")  # whom a visitor visits
    consent_version = models.CharField(max_length=20)
    consented_at = models.DateTimeField()

    class Meta:
        ordering = ["-declared_at"]

    def __str__(self) -> str:
        return f"Declaration {self.pk}"


class Visit(models.Model):
    """One check-in record: (person, location, check_in, check_out | empty).

    ``effective_end`` is the end of presence per tracing.md, stored so that
    tracing never recomputes it: the check-out when there is one, else the
    earliest of check_in + open_visit_hours, the person's next check-in, and
    local midnight ending the check-in's day.
    """

    class Source(models.TextChoices):
        QR = "qr", _("Quét mã QR")
        MANUAL = "manual", _("Bảo vệ nhập")
        IMPORT = "import", _("Nhập từ tệp")

    class Status(models.TextChoices):
        ADMITTED = "admitted", _("Đã vào")
        PENDING = "pending", _("Chờ bảo vệ/y tế quyết định")
        REFUSED = "refused", _("Không cho vào")

    # The composite indexes below lead with person and location: no separate FK indexes.
    # No database constraint into Person, Declaration or User: the visits are distributed
    # by location, those tables are not (the ORM's on_delete still applies).
    person = models.ForeignKey(
        Person,
        on_delete=models.CASCADE,
        related_name="visits",
        db_index=False,
        db_constraint=False,
    )
    location = models.ForeignKey(
        Location, on_delete=models.PROTECT, related_name="visits", db_index=False
    )
    unit_id_snapshot = models.BigIntegerField()  # the location's unit, for scoping
    check_in = models.DateTimeField()
    check_out = models.DateTimeField(null=True, blank=True)
    effective_end = models.DateTimeField()
    source = models.CharField(max_length=8, choices=Source.choices, default=Source.QR)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ADMITTED)
    declaration = models.ForeignKey(
        Declaration,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="visits",
        db_constraint=False,
    )
    # The form submission that made it; unique per location through Submission.
    submission_id = models.UUIDField(null=True, blank=True)
    # Users are almost never deleted: no index for these two (each index slows every
    # check-in and the bulk import).
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.CharField(max_length=255, blank=True, default="")

    class Meta:
        ordering = ["-check_in"]
        indexes = [
            models.Index(fields=["location", "check_in"], name="visit_location_time"),
            models.Index(fields=["person", "check_in"], name="visit_person_time"),
            models.Index(fields=["check_in"], name="visit_time"),
            models.Index(fields=["unit_id_snapshot", "check_in"], name="visit_unit_time"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(check_out__isnull=True) | Q(check_out__gt=models.F("check_in")),
                name="visit_checkout_after_checkin",
            ),
        ]

    def __str__(self) -> str:
        return f"Visit {self.pk}"

    @property
    def is_open(self) -> bool:
        """Open by its own row (a later check-in of the person elsewhere also ends it:
        ``selectors.visits.cut_by_later_checkin``)."""
        return self.check_out is None and self.effective_end > timezone.now()


class Submission(models.Model):
    """Replay detection: the visit a form submission made at a location, once.

    Keyed by (location, submission_id) so that the key holds the distribution column;
    not partitioned (a replay may come any day), purged with the visits."""

    pk = models.CompositePrimaryKey("location", "submission_id")
    location = models.ForeignKey(
        Location, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    submission_id = models.UUIDField()
    visit_id = models.BigIntegerField()
    check_in = models.DateTimeField()  # the visit's: finds its partition

    class Meta:
        indexes = [models.Index(fields=["check_in"], name="submission_time")]

    def __str__(self) -> str:
        return f"Submission {self.submission_id}"


class PersonIdentity(models.Model):
    """Identity index -> person id, used on Citus only (docs/scaling.md).

    On Citus ``checkin_person`` is distributed by ``id`` (co-located with the
    person-keyed tables), so its unique ``identity_index`` cannot be enforced there;
    this table, distributed by ``identity_index``, holds that uniqueness and is the
    first of the two statements of the person upsert (``sql.person_upsert_citus``).
    Empty on SQLite and plain PostgreSQL (the upsert is one statement there)."""

    identity_index = models.CharField(max_length=64, primary_key=True)
    person_id = models.BigIntegerField()

    def __str__(self) -> str:
        return f"PersonIdentity {self.person_id}"


class PersonCheckin(models.Model):
    """Every check-in of a person, keyed by person: the open-visit cut.

    tracing.md: an open visit ends, at the latest, at the person's next check-in
    anywhere. That next check-in is read here (one index probe on (person,
    check_in)) instead of being written into the earlier visit, which may belong to
    another location (another shard). Written with each visit, purged with it."""

    pk = models.CompositePrimaryKey("person", "check_in", "location")
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="checkins", db_index=False
    )
    check_in = models.DateTimeField()
    location = models.ForeignKey(
        Location, on_delete=models.CASCADE, related_name="+", db_index=False
    )

    class Meta:
        indexes = [models.Index(fields=["check_in"], name="personcheckin_time")]

    def __str__(self) -> str:
        return f"PersonCheckin {self.person_id} {self.check_in:%Y-%m-%d %H:%M}"

"""Support requests, their history, the service levels and the public holidays."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from phongdich.core.crypto import EncryptedTextField
from phongdich.org.models import Staff, Unit
from phongdich.support.models.partners import Partner
from phongdich.support.models.team import TeamMember


class Urgency(models.TextChoices):
    LOW = "low", _("Thấp")
    NORMAL = "normal", _("Bình thường")
    HIGH = "high", _("Cao")
    CRITICAL = "critical", _("Khẩn cấp")


class ServiceLevel(models.Model):
    """Time to take and time to resolve for one urgency, in working minutes."""

    urgency = models.CharField(_("mức khẩn"), max_length=16, choices=Urgency.choices, unique=True)
    take_minutes = models.PositiveIntegerField(
        _("thời hạn tiếp nhận (phút làm việc)"), validators=[MinValueValidator(1)]
    )
    resolve_minutes = models.PositiveIntegerField(
        _("thời hạn xử lý xong (phút làm việc)"), validators=[MinValueValidator(1)]
    )
    remind_before_minutes = models.PositiveIntegerField(
        _("nhắc trước hạn (phút làm việc)"), default=30
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["take_minutes"]
        verbose_name = _("mức dịch vụ")
        verbose_name_plural = _("mức dịch vụ")

    def __str__(self) -> str:
        return self.get_urgency_display()


class Holiday(models.Model):
    """A public holiday (or a compensatory day off): the business clock skips it."""

    date = models.DateField(_("ngày nghỉ"), unique=True)
    name = models.CharField(_("tên ngày lễ"), max_length=200)

    class Meta:
        ordering = ["date"]
        verbose_name = _("ngày nghỉ lễ")
        verbose_name_plural = _("ngày nghỉ lễ")

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} {self.name}"


class State(models.TextChoices):
    NEW = "new", _("Mới")
    TAKEN = "taken", _("Đang xử lý")
    WAITING = "waiting", _("Chờ người yêu cầu")
    ESCALATED = "escalated", _("Đã chuyển đối tác")
    RESOLVED = "resolved", _("Đã xử lý xong")
    CLOSED = "closed", _("Đã đóng")


OPEN_STATES = (State.NEW, State.TAKEN, State.WAITING, State.ESCALATED)


class SupportRequest(models.Model):
    requester = models.ForeignKey(
        Staff, verbose_name=_("người yêu cầu"), on_delete=models.PROTECT, related_name="+"
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="support_requests"
    )
    equipment = models.ForeignKey(
        "equipment.Equipment",
        verbose_name=_("thiết bị"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="support_requests",
    )
    title = models.CharField(_("việc cần hỗ trợ"), max_length=200)
    # Free text may carry names, phone numbers, passwords typed by mistake: encrypted.
    description = EncryptedTextField(_("mô tả"), blank=True, default="")
    urgency = models.CharField(
        _("mức khẩn"), max_length=16, choices=Urgency.choices, default=Urgency.NORMAL
    )
    state = models.CharField(
        _("trạng thái"), max_length=16, choices=State.choices, default=State.NEW, db_index=True
    )
    assignee = models.ForeignKey(
        TeamMember,
        verbose_name=_("người xử lý"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="requests",
    )
    partner = models.ForeignKey(
        Partner,
        verbose_name=_("đối tác"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="requests",
    )
    # The screenshot: a re-encoded image under MEDIA_ROOT/support/, never served directly.
    image_path = models.CharField(max_length=255, blank=True, default="")
    image_type = models.CharField(max_length=32, blank=True, default="")

    created_at = models.DateTimeField(db_index=True)
    taken_at = models.DateTimeField(null=True, blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    waiting_since = models.DateTimeField(null=True, blank=True)
    # Deadlines on the business clock, set when the request is opened (the resolve
    # deadline moves on by the time spent waiting for the requester, and is set anew
    # when the requester reopens).
    take_due_at = models.DateTimeField()
    take_remind_at = models.DateTimeField()
    resolve_due_at = models.DateTimeField()
    resolve_remind_at = models.DateTimeField()
    take_reminded_at = models.DateTimeField(null=True, blank=True)
    take_escalated_at = models.DateTimeField(null=True, blank=True)
    resolve_reminded_at = models.DateTimeField(null=True, blank=True)
    resolve_escalated_at = models.DateTimeField(null=True, blank=True)
    rerouted_at = models.DateTimeField(null=True, blank=True)
    reopen_count = models.PositiveSmallIntegerField(default=0)
    rating = models.PositiveSmallIntegerField(
        _("đánh giá"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    rating_comment = EncryptedTextField(_("nhận xét"), blank=True, default="")

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("yêu cầu hỗ trợ")
        verbose_name_plural = _("yêu cầu hỗ trợ")
        indexes = [
            models.Index(fields=["state", "take_due_at"], name="support_state_take_idx"),
            models.Index(fields=["unit", "state"], name="support_unit_state_idx"),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.title}"

    @property
    def code(self) -> str:
        return f"HT-{self.pk:05d}"

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES


class RequestEvent(models.Model):
    """One step of a request's history: who, when, what."""

    class Kind(models.TextChoices):
        OPENED = "opened", _("Gửi yêu cầu")
        ROUTED = "routed", _("Chuyển người phụ trách")
        TAKEN = "taken", _("Tiếp nhận")
        ASKED = "asked", _("Hỏi thêm người yêu cầu")
        REPLIED = "replied", _("Người yêu cầu trả lời")
        ESCALATED = "escalated", _("Chuyển đối tác")
        RESOLVED = "resolved", _("Xử lý xong")
        CONFIRMED = "confirmed", _("Người yêu cầu xác nhận")
        REOPENED = "reopened", _("Mở lại")
        CLOSED = "closed", _("Đóng")
        REMINDED = "reminded", _("Nhắc hạn")
        BREACHED = "breached", _("Quá hạn, báo tổ trưởng")
        COMMENT = "comment", _("Ghi chú")

    request = models.ForeignKey(SupportRequest, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField(max_length=16, choices=Kind.choices)
    state = models.CharField(max_length=16, choices=State.choices)
    note = EncryptedTextField(blank=True, default="")

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("diễn biến yêu cầu")
        verbose_name_plural = _("diễn biến yêu cầu")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.request_id}"

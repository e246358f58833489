"""Data subjects' requests: see, correct or delete one's data, or withdraw consent."""

from __future__ import annotations

import secrets
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from phongdich.checkin.models import Person
from phongdich.core.crypto import EncryptedTextField, blind_index
from phongdich.privacy.deadlines import Countdown

PHONE_PURPOSE = "privacy-request"  # the blind index of a request's phone
# Codes given to the person: no 0/O, 1/I/L to misread on the phone.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


def new_code() -> str:
    return "YC-" + "".join(secrets.choice(CODE_ALPHABET) for _ in range(8))


class SubjectRequest(models.Model):
    """One request of a data subject, from the public page or taken at the Office."""

    class Kind(models.TextChoices):
        SEE = "see", _("Xem dữ liệu của tôi")
        CORRECT = "correct", _("Sửa dữ liệu của tôi")
        DELETE = "delete", _("Xoá dữ liệu của tôi")
        WITHDRAW = "withdraw", _("Rút lại sự đồng ý")

    class Proof(models.TextChoices):
        DEVICE = "device", _("Điện thoại đã dùng để check-in (xác minh tự động)")
        IN_PERSON = "in_person", _("Văn phòng xác minh trực tiếp bằng CCCD")

    class Status(models.TextChoices):
        RECEIVED = "received", _("Mới nhận")
        ACKNOWLEDGED = "acknowledged", _("Đã tiếp nhận")
        WAITING_CASE = "waiting_case", _("Chờ ca bệnh kết thúc")
        ANSWERED = "answered", _("Đã trả lời")
        REFUSED = "refused", _("Không thực hiện được")

    OPEN_STATUSES = (Status.RECEIVED, Status.ACKNOWLEDGED)

    code = models.CharField(_("mã yêu cầu"), max_length=16, unique=True, default=new_code)
    kind = models.CharField(_("yêu cầu"), max_length=10, choices=Kind.choices)
    proof = models.CharField(_("xác minh danh tính"), max_length=10, choices=Proof.choices)
    status = models.CharField(
        _("trạng thái"), max_length=14, choices=Status.choices, default=Status.RECEIVED
    )
    # The person the request is about: known at once on the same phone, or once the
    # Office has checked the CCCD in person.
    person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    full_name = EncryptedTextField(_("họ và tên"), blank=True, default="")
    phone = EncryptedTextField(_("số điện thoại"), blank=True, default="")
    phone_index = models.CharField(max_length=64, blank=True, default="", db_index=True)
    details = EncryptedTextField(_("nội dung yêu cầu"), blank=True, default="")
    received_at = models.DateTimeField(_("nhận lúc"), default=timezone.now, db_index=True)
    ack_due = models.DateTimeField(_("hạn tiếp nhận"))
    answer_due = models.DateTimeField(_("hạn trả lời"))
    acknowledged_at = models.DateTimeField(_("tiếp nhận lúc"), null=True, blank=True)
    verified_at = models.DateTimeField(_("xác minh lúc"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answered_at = models.DateTimeField(_("trả lời lúc"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answer = EncryptedTextField(_("trả lời"), blank=True, default="")
    outcome = models.JSONField(_("kết quả"), default=dict, blank=True)
    last_reminded_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["answer_due", "pk"]
        indexes = [models.Index(fields=["status", "answer_due"], name="privacy_request_due")]
        verbose_name = _("yêu cầu của chủ thể dữ liệu")
        verbose_name_plural = _("yêu cầu của chủ thể dữ liệu")

    def __str__(self) -> str:
        return self.code

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.phone_index = blind_index(self.phone, purpose=PHONE_PURPOSE) if self.phone else ""
        super().save(*args, **kwargs)

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES

    def ack_countdown(self, now: datetime | None = None) -> Countdown:
        return Countdown(due=self.ack_due, now=self.acknowledged_at or now or timezone.now())

    def answer_countdown(self, now: datetime | None = None) -> Countdown:
        return Countdown(due=self.answer_due, now=self.answered_at or now or timezone.now())

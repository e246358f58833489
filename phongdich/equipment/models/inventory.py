"""Equipment records: kinds (data), the equipment itself, its history and check-outs."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import Q
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from phongdich.core.crypto import EncryptedTextField
from phongdich.org.models import Staff, Unit


class EquipmentKind(models.Model):
    """A kind of equipment (desktop, laptop, digital signature…): a configurable list."""

    code = models.SlugField(_("mã loại"), max_length=32, unique=True)
    name = models.CharField(_("tên loại"), max_length=100)
    # Other spellings units write in their sheets ("Máy tính để bàn; PC; Máy bàn").
    aliases = models.CharField(_("tên gọi khác"), max_length=500, blank=True, default="")
    is_work_device = models.BooleanField(
        _("dùng để làm việc được"),
        default=False,
        help_text=_("Máy tính, máy tính bảng, điện thoại: thiết bị soạn thảo, xử lý văn bản."),
    )
    is_signature = models.BooleanField(_("là chữ ký số"), default=False)
    sort_order = models.PositiveIntegerField(_("thứ tự"), default=100)
    is_active = models.BooleanField(_("đang dùng"), default=True)

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("loại thiết bị")
        verbose_name_plural = _("loại thiết bị")

    def __str__(self) -> str:
        return self.name

    def spellings(self) -> list[str]:
        return [self.name, self.code, *(a for a in self.aliases.split(";") if a.strip())]


class Equipment(models.Model):
    class Condition(models.TextChoices):
        GOOD = "good", _("Tốt")
        NEEDS_REPAIR = "repair", _("Cần sửa chữa")
        BROKEN = "broken", _("Hỏng")

    class Location(models.TextChoices):
        OFFICE = "office", _("Tại cơ quan")
        HOME = "home", _("Tại nhà")

    kind = models.ForeignKey(
        EquipmentKind, verbose_name=_("loại thiết bị"), on_delete=models.PROTECT, related_name="+"
    )
    asset_code = models.CharField(_("mã tài sản"), max_length=64, blank=True, default="")
    model_name = models.CharField(_("model"), max_length=200, blank=True, default="")
    serial = models.CharField(_("số serial"), max_length=100, blank=True, default="")
    year_acquired = models.PositiveSmallIntegerField(_("năm sử dụng"), null=True, blank=True)
    condition = models.CharField(
        _("tình trạng"), max_length=16, choices=Condition.choices, default=Condition.GOOD
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="equipment"
    )
    holder = models.ForeignKey(
        Staff,
        verbose_name=_("người sử dụng"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="equipment",
    )
    location = models.CharField(
        _("nơi đặt"), max_length=16, choices=Location.choices, default=Location.OFFICE
    )
    has_internet = models.BooleanField(_("có kết nối Internet"), default=False)
    os_supported = models.BooleanField(_("hệ điều hành còn được hỗ trợ"), default=True)
    certificate_expiry = models.DateField(_("hạn chứng thư số"), null=True, blank=True)
    # Free text may name people or addresses: encrypted at rest.
    note = EncryptedTextField(_("ghi chú"), blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["unit__path", "kind__sort_order", "asset_code", "pk"]
        verbose_name = _("thiết bị")
        verbose_name_plural = _("thiết bị")
        constraints = [
            models.UniqueConstraint(
                fields=["asset_code"],
                condition=~Q(asset_code=""),
                name="equipment_unique_asset_code",
            ),
            models.UniqueConstraint(
                fields=["serial"], condition=~Q(serial=""), name="equipment_unique_serial"
            ),
        ]
        indexes = [models.Index(fields=["unit", "kind"], name="equipment_unit_kind_idx")]

    def __str__(self) -> str:
        label = self.asset_code or self.serial or f"#{self.pk}"
        return f"{self.kind.name} {label}" if self.kind_id else label

    @property
    def is_working(self) -> bool:
        return self.condition != self.Condition.BROKEN


class EquipmentEvent(models.Model):
    """One change of an equipment record: who, when, what (written by the services)."""

    class Action(models.TextChoices):
        CREATED = "created", _("Tạo mới")
        UPDATED = "updated", _("Cập nhật")
        IMPORTED = "imported", _("Cập nhật từ tệp")
        CHECKED_OUT = "checked_out", _("Giao cho cán bộ")
        RETURNED = "returned", _("Thu hồi")
        REVIEWED = "reviewed", _("Cán bộ rà soát")

    equipment = models.ForeignKey(Equipment, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(max_length=16, choices=Action.choices)
    # {field name: [old, new]} as display text.
    changes = models.JSONField(default=dict, blank=True)
    note = EncryptedTextField(blank=True, default="")

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("lịch sử thiết bị")
        verbose_name_plural = _("lịch sử thiết bị")

    def __str__(self) -> str:
        return f"{self.get_action_display()} #{self.equipment_id}"

    def change_rows(self) -> list[tuple[str, str, str]]:
        """``changes`` for a page: the field's label, the old and the new value as text
        (yes/no in the page's language, "∅" for nothing)."""

        def label(name: str) -> str:
            try:
                field = Equipment._meta.get_field(name)
            except FieldDoesNotExist:
                return name
            return str(capfirst(getattr(field, "verbose_name", name)))

        def text(value: object) -> str:
            if value is True or value == "True":
                return gettext("Có")
            if value is False or value == "False":
                return gettext("Không")
            return "∅" if value in (None, "") else str(value)

        return [(label(name), text(old), text(new)) for name, (old, new) in self.changes.items()]


class Checkout(models.Model):
    """Equipment handed to a staff member, and its return."""

    equipment = models.ForeignKey(Equipment, on_delete=models.CASCADE, related_name="checkouts")
    staff = models.ForeignKey(Staff, on_delete=models.PROTECT, related_name="+")
    checked_out_at = models.DateTimeField(auto_now_add=True)
    checked_out_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    returned_at = models.DateTimeField(null=True, blank=True)
    returned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-checked_out_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["equipment"],
                condition=Q(returned_at__isnull=True),
                name="equipment_one_open_checkout",
            )
        ]

    def __str__(self) -> str:
        return f"#{self.equipment_id} → {self.staff_id}"

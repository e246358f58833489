from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models, transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from phongdich.core.crypto import EncryptedTextField, blind_index
from phongdich.core.models import Job
from phongdich.core.roles import Role


class Unit(models.Model):
    """A node of the organisation tree: the Department, its Office, divisions,
    subordinate centres and schools, unions."""

    class Kind(models.TextChoices):
        DEPARTMENT = "department", _("Sở")
        OFFICE = "office", _("Văn phòng")
        DIVISION = "division", _("Phòng nghiệp vụ")
        CENTRE = "centre", _("Trung tâm / cơ sở trực thuộc")
        SCHOOL = "school", _("Trường trực thuộc")
        UNION = "union", _("Tổ chức đoàn thể")
        OTHER = "other", _("Khác")

    code = models.CharField(_("mã đơn vị"), max_length=32, unique=True)
    name = models.CharField(_("tên đơn vị"), max_length=255)
    short_name = models.CharField(_("tên viết tắt"), max_length=80, blank=True)
    kind = models.CharField(_("loại"), max_length=16, choices=Kind.choices, default=Kind.OTHER)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("đơn vị cấp trên"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    # Materialised path of primary keys, "/1/4/9/": a subtree is one prefix query.
    path = models.CharField(max_length=255, editable=False, db_index=True, default="")
    sort_order = models.PositiveIntegerField(_("thứ tự"), default=0)
    is_active = models.BooleanField(_("đang hoạt động"), default=True)

    class Meta:
        ordering = ["path"]
        verbose_name = _("đơn vị")
        verbose_name_plural = _("đơn vị")

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        with transaction.atomic():
            if self.parent_id and self.pk and self.parent_id == self.pk:
                raise ValueError("A unit cannot be its own parent")
            if self.parent_id and self.pk and self.parent and f"/{self.pk}/" in self.parent.path:
                raise ValueError("A unit cannot be moved below its own descendant")
            super().save(*args, **kwargs)
            new_path = self._compute_path()
            if new_path != self.path:
                old_path = self.path
                Unit.objects.filter(pk=self.pk).update(path=new_path)
                self.path = new_path
                if old_path:
                    for child in Unit.objects.filter(path__startswith=old_path).exclude(pk=self.pk):
                        Unit.objects.filter(pk=child.pk).update(
                            path=new_path + child.path[len(old_path) :]
                        )

    @property
    def depth(self) -> int:
        return max(self.path.count("/") - 2, 0)

    def _compute_path(self) -> str:
        prefix = self.parent.path if self.parent_id and self.parent else "/"
        return f"{prefix}{self.pk}/"


class Staff(models.Model):
    """A member of staff (cán bộ, công chức, viên chức, người lao động)."""

    class FormOfAddress(models.TextChoices):
        # How a greeting or a letter addresses them: "anh Bình", "chị Hương"
        # (core.names.short_name); blank: the given name alone.
        ANH = "anh", _("anh")
        CHI = "chị", _("chị")
        ONG = "ông", _("ông")
        BA = "bà", _("bà")

    full_name = models.CharField(_("họ và tên"), max_length=200)
    staff_code = models.CharField(_("mã cán bộ"), max_length=32, unique=True)
    phone = EncryptedTextField(_("số điện thoại"), blank=True, default="")
    phone_index = models.CharField(max_length=64, blank=True, default="", editable=False)
    email = models.EmailField(_("email"), blank=True, default="")
    unit = models.ForeignKey(
        Unit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="staff"
    )
    position = models.CharField(_("chức vụ"), max_length=200, blank=True, default="")
    form_of_address = models.CharField(
        _("cách xưng hô"),
        max_length=8,
        choices=FormOfAddress.choices,
        blank=True,
        default="",
        help_text=_("Dùng trong lời chào và thư: “anh Bình”, “chị Hương”. Để trống: chỉ gọi tên."),
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("tài khoản"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="staff",
    )
    is_active = models.BooleanField(_("đang công tác"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["unit__path", "full_name"]
        verbose_name = _("cán bộ")
        verbose_name_plural = _("cán bộ")
        constraints = [
            models.UniqueConstraint(
                fields=["phone_index"],
                condition=~Q(phone_index=""),
                name="org_staff_unique_phone",
            )
        ]
        indexes = [models.Index(fields=["phone_index"], name="org_staff_phone_idx")]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.staff_code})"

    def save(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        self.refresh_indexes()
        super().save(*args, **kwargs)

    def refresh_indexes(self) -> None:
        self.phone_index = blind_index(self.phone, purpose="phone")


class RoleAssignment(models.Model):
    """A role a user holds. ``unit`` scopes unit-level roles (unit head, guard, IT
    team) to that unit and everything below it; empty means the unit of the
    user's staff record (or, for organisation-wide roles, everything)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="role_assignments"
    )
    role = models.CharField(_("vai trò"), max_length=16, choices=Role.choices)
    unit = models.ForeignKey(
        Unit, verbose_name=_("đơn vị"), null=True, blank=True, on_delete=models.CASCADE
    )

    class Meta:
        verbose_name = _("phân quyền")
        verbose_name_plural = _("phân quyền")
        ordering = ["user_id", "role"]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()}"


class StaffImport(Job):
    """One upload of a staff list, validated and imported in the background.

    A ``core.models.Job``: ``started_by``, ``status``, ``progress_done`` out of
    ``progress_total`` rows, ``error`` (a file-level problem: wrong headers, an
    unreadable file), ``started_at``/``finished_at``. Rejected is a finished status of
    its own: nothing was written because the file or some rows were bad."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Đang chờ xử lý")
        RUNNING = "running", _("Đang nhập")
        REJECTED = "rejected", _("Bị từ chối: tệp có dòng lỗi")
        DONE = "done", _("Hoàn tất")
        FAILED = "failed", _("Lỗi hệ thống")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    status = models.CharField(
        _("trạng thái"), max_length=16, choices=Status.choices, default=Status.QUEUED
    )
    original_name = models.CharField(max_length=255)
    stored_path = models.CharField(max_length=500)
    skip_invalid = models.BooleanField(default=False)
    created_count = models.PositiveIntegerField(default=0)
    updated_count = models.PositiveIntegerField(default=0)
    unchanged_count = models.PositiveIntegerField(default=0)
    skipped_count = models.PositiveIntegerField(default=0)
    # The problems of each bad row: [{"line": 7, "reasons": [...]}, ...].
    row_errors = models.JSONField(default=list, blank=True)

    job_finished_statuses = frozenset({Status.DONE, Status.FAILED, Status.REJECTED})

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.original_name} ({self.get_status_display()})"

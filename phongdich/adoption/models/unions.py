"""Unions (Công đoàn, Đoàn Thanh niên, Hội Cựu chiến binh) and who belongs to which."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from phongdich.org.models import Staff


class Union(models.Model):
    code = models.SlugField(_("mã"), max_length=32, unique=True)
    name = models.CharField(_("tên tổ chức"), max_length=200)
    short_name = models.CharField(_("tên viết tắt"), max_length=80, blank=True, default="")
    aliases = models.CharField(_("cách viết khác"), max_length=300, blank=True, default="")
    sort_order = models.PositiveIntegerField(_("thứ tự"), default=0)

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("tổ chức đoàn thể")
        verbose_name_plural = _("tổ chức đoàn thể")

    def __str__(self) -> str:
        return self.short_name or self.name


class UnionMembership(models.Model):
    """A staff member in a union (a person may be in two); ``is_leader``: sees the members."""

    union = models.ForeignKey(Union, on_delete=models.CASCADE, related_name="memberships")
    staff = models.ForeignKey(Staff, on_delete=models.CASCADE, related_name="+")
    is_leader = models.BooleanField(_("cán bộ phụ trách"), default=False)
    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["union__sort_order", "staff__full_name"]
        verbose_name = _("thành viên tổ chức đoàn thể")
        verbose_name_plural = _("thành viên tổ chức đoàn thể")
        constraints = [
            models.UniqueConstraint(fields=["union", "staff"], name="adoption_member_once")
        ]

    def __str__(self) -> str:
        return f"{self.staff_id} ∈ {self.union_id}"

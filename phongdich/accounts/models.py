from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A person who logs in. Their staff record (``user.staff``) links them to a unit;
    their roles are ``org.RoleAssignment`` rows."""

    class Meta:
        verbose_name = _("người dùng")
        verbose_name_plural = _("người dùng")

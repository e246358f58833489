from __future__ import annotations

from django.contrib.auth.models import AbstractUser


class User(AbstractUser):
    """A person who logs in. Their staff record (``user.staff``) links them to a unit;
    their roles are ``org.RoleAssignment`` rows."""

    class Meta:
        verbose_name = "người dùng"
        verbose_name_plural = "người dùng"

"""Writes of disease profiles: switching the profile that new check-ins follow."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from phongdich.checkin.cache import forget_cached
from phongdich.checkin.models import DiseaseProfile
from phongdich.core.audit import audit


def profile_activate(
    *, profile: DiseaseProfile, user: Any, ip: str | None = None
) -> DiseaseProfile:
    """``profile`` applies to new check-ins from now on; the one before stops, in the
    same transaction (never two active, never none)."""
    with transaction.atomic():
        DiseaseProfile.objects.filter(is_active=True).exclude(pk=profile.pk).update(is_active=False)
        DiseaseProfile.objects.filter(pk=profile.pk).update(is_active=True)
        profile.is_active = True
        forget_cached()  # update() sends no post_save: drop the check-in page's copy
        audit(
            None,
            "checkin.profile.activate",
            actor=user,
            ip=ip,
            obj=profile,
            name=profile.name,
        )
    return profile

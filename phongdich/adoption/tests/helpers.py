"""Shared set-up for the adoption tests: the standing cast, the seeded apps and unions."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from phongdich.adoption.models import (
    Declaration,
    DeclarationEvent,
    RequiredApp,
    Source,
    Union,
    UnionMembership,
)
from phongdich.core.tests.base import BaseTestCase
from phongdich.org.models import Staff


def app(code: str) -> RequiredApp:
    return RequiredApp.objects.get(code=code)


def union(code: str) -> Union:
    return Union.objects.get(code=code)


def at(day: dt.date, hour: int = 9) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def declare(staff: Staff, app_: RequiredApp, status: str, when: dt.datetime) -> Declaration:
    """A declaration and its history entry at ``when`` (no audit: set-up only)."""
    DeclarationEvent.objects.create(
        staff=staff, app=app_, status=status, source=Source.SELF, at=when
    )
    declaration, _ = Declaration.objects.update_or_create(
        staff=staff,
        app=app_,
        defaults={"status": status, "declared_at": when, "source": Source.SELF},
    )
    return declaration


def make_staff(unit: Any, code: str, name: str = "", **values: Any) -> Staff:
    return Staff.objects.create(
        full_name=name or f"Cán bộ {code}", staff_code=code, unit=unit, **values
    )


class AdoptionTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.own = Staff.objects.get(user=cls.staff_user)
        cls.bluezone = app("bluezone")
        cls.pccovid = app("pc-covid")
        cls.union_cd = union("cong-doan")
        cls.union_dtn = union("doan-thanh-nien")


def make_leader(user: Any, union_: Union) -> UnionMembership:
    staff = Staff.objects.get(user=user)
    membership, _ = UnionMembership.objects.update_or_create(
        union=union_, staff=staff, defaults={"is_leader": True}
    )
    return membership

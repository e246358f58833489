"""Remote-work readiness per person and per unit, by the rules the IT team edits."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from phongdich.core.permissions import visible_units
from phongdich.core.text import fold
from phongdich.equipment.models import Equipment, ReadinessRule, StaffReview
from phongdich.equipment.roles import READERS
from phongdich.org.models import Staff, Unit

GREEN, AMBER = 0.8, 0.5
EXPIRY_DAYS = 30


@dataclass
class Person:
    staff: Staff
    reasons: list[str]

    @property
    def ready(self) -> bool:
        return not self.reasons


@dataclass
class UnitReadiness:
    unit: Unit
    people: list[Person] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.people)

    @property
    def ready_count(self) -> int:
        return sum(1 for p in self.people if p.ready)

    @property
    def rate(self) -> float:
        return self.ready_count / self.total if self.total else 0.0

    @property
    def percent(self) -> int:
        return round(100 * self.rate)

    @property
    def light(self) -> str:
        if self.rate >= GREEN:
            return "green"
        return "amber" if self.rate >= AMBER else "red"

    @property
    def light_text(self) -> str:
        return {"green": _("Sẵn sàng"), "amber": _("Cần bổ sung"), "red": _("Chưa sẵn sàng")}[
            self.light
        ]

    @property
    def not_ready(self) -> list[Person]:
        return [p for p in self.people if not p.ready]


@dataclass
class Readiness:
    units: list[UnitReadiness]
    expiring: list[Equipment]
    broken: list[Equipment]
    today: dt.date

    @property
    def total(self) -> int:
        return sum(u.total for u in self.units)

    @property
    def ready_count(self) -> int:
        return sum(u.ready_count for u in self.units)


def _signer_words(rule: ReadinessRule) -> list[str]:
    """The rule's signer positions, folded (once per rule, not once per person)."""
    return [word for word in (fold(w) for w in rule.signer_positions.split(";")) if word]


def _meets(
    rule: ReadinessRule, held: list[Equipment], review: StaffReview | None, today: dt.date
) -> bool:
    devices = [e for e in held if e.kind.is_work_device and e.is_working]
    requirement = rule.requirement
    if requirement == ReadinessRule.Requirement.WORKING_DEVICE:
        return bool(devices)
    if requirement == ReadinessRule.Requirement.INTERNET:
        return any(e.has_internet for e in devices) or bool(review and review.has_home_internet)
    if requirement == ReadinessRule.Requirement.OS_SUPPORTED:
        return any(e.os_supported for e in devices)
    if requirement == ReadinessRule.Requirement.SIGNATURE:
        return any(
            e.kind.is_signature and e.certificate_expiry and e.certificate_expiry >= today
            for e in held
        )
    if requirement == ReadinessRule.Requirement.HOME_DEVICE:
        return bool(review and review.has_home_device)
    if requirement == ReadinessRule.Requirement.EOFFICE:
        return bool(review and review.can_use_eoffice)
    return True


def person_reasons(
    *,
    staff: Staff,
    held: list[Equipment],
    review: StaffReview | None,
    rules: list[ReadinessRule],
    today: dt.date,
    signer_words: dict[int, list[str]] | None = None,
) -> list[str]:
    """Why ``staff`` is not ready (empty: ready). ``signer_words``: each rule's folded
    signer positions (``_signer_words``), when the caller judges many people."""
    words = signer_words if signer_words is not None else {r.pk: _signer_words(r) for r in rules}
    position: str | None = None
    reasons = []
    for rule in rules:
        if rule.applies_to != ReadinessRule.AppliesTo.EVERYONE:
            if position is None:
                position = fold(staff.position)
            if not any(word in position for word in words[rule.pk]):
                continue  # a rule for signers, and this person signs nothing
        if not _meets(rule, held, review, today):
            reasons.append(_("Chưa đạt: %(rule)s") % {"rule": rule.name})
    return reasons


def readiness_units(*, user: Any) -> QuerySet[Unit]:
    return visible_units(user, roles=READERS).filter(is_active=True)


def readiness_report(
    *, user: Any, unit: Unit | None = None, today: dt.date | None = None
) -> Readiness:
    """Every unit the user sees (or ``unit``'s subtree), a fixed number of queries."""
    today = today or timezone.localdate()
    units = readiness_units(user=user)
    if unit is not None:
        units = units.filter(path__startswith=unit.path)
    unit_list = list(units.order_by("path"))
    rules = list(ReadinessRule.objects.filter(is_active=True))
    signer_words = {rule.pk: _signer_words(rule) for rule in rules}
    # No phone number is read (not shown here; each one a decryption).
    staff = list(
        Staff.objects.filter(unit__in=unit_list, is_active=True)
        .defer("phone")
        .order_by("full_name")
    )
    held: dict[int, list[Equipment]] = defaultdict(list)
    equipment = list(Equipment.objects.filter(unit__in=unit_list).select_related("kind"))
    # Each item's unit and holder are the instances read above, not one more pair per
    # item; a holder outside them (inactive, or in a unit not shown) in one query.
    unit_by_id = {u.pk: u for u in unit_list}
    holders = {person.pk: person for person in staff}
    missing = {e.holder_id for e in equipment if e.holder_id and e.holder_id not in holders}
    if missing:
        holders.update((p.pk, p) for p in Staff.objects.filter(pk__in=missing).defer("phone"))
    for item in equipment:
        item.unit = unit_by_id[item.unit_id]
        if item.holder_id:
            item.holder = holders[item.holder_id]
            held[item.holder_id].append(item)
    reviews: dict[int, StaffReview] = {}
    for review in StaffReview.objects.filter(staff__in=staff).order_by("answered_at"):
        reviews[review.staff_id] = review  # the latest answer wins
    by_unit = {u.pk: UnitReadiness(unit=u) for u in unit_list}
    for person in staff:
        reasons = person_reasons(
            staff=person,
            held=held[person.pk],
            review=reviews.get(person.pk),
            rules=rules,
            today=today,
            signer_words=signer_words,
        )
        by_unit[person.unit_id].people.append(Person(staff=person, reasons=reasons))
    horizon = today + dt.timedelta(days=EXPIRY_DAYS)
    expiring = sorted(
        (
            e
            for e in equipment
            if e.kind.is_signature and e.certificate_expiry and e.certificate_expiry <= horizon
        ),
        key=lambda e: e.certificate_expiry or today,
    )
    broken = [e for e in equipment if e.condition == Equipment.Condition.BROKEN]
    return Readiness(
        units=[u for u in by_unit.values() if u.total],
        expiring=expiring,
        broken=broken,
        today=today,
    )


def rules_all() -> QuerySet[ReadinessRule]:
    return ReadinessRule.objects.all()

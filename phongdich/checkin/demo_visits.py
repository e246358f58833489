"""Demo check-ins: a few weeks of staff and visitors at the demo gates, relative to
today so the demo always looks current. Deterministic (random.Random(seed)) and
idempotent: the demo people's visits in the range are deleted and made again."""

from __future__ import annotations

import random
from datetime import UTC, datetime, time, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from phongdich.checkin.importer import Record
from phongdich.checkin.models import (
    Declaration,
    DiseaseProfile,
    Location,
    Person,
    PersonCheckin,
    Visit,
)
from phongdich.checkin.services.imports import import_records
from phongdich.org.demo import demo_phone
from phongdich.org.models import Staff

VISITORS = 60
SEED = 2021


def visitor_phone(n: int) -> str:
    return f"+8497{n:07d}"  # a range of its own, apart from the staff's demo_phone


def _gates() -> list[Location]:
    """The demo gates (phongdich.checkin.demo) when they can be made, else any active gate."""
    try:
        from phongdich.checkin.demo import load_gates

        gates = [gate for gate in load_gates() if gate.is_active]
    except (ImportError, LookupError):  # no demo module, or no demo organisation
        gates = []
    return gates or list(Location.objects.filter(is_active=True).order_by("pk"))


def load_visits(days: int = 21, *, seed: int = SEED, now: datetime | None = None) -> int:
    """Create the demo visits of the last ``days`` days; the number created."""
    gates = _gates()
    if not gates:
        return 0
    now = now or timezone.now()
    today = timezone.localdate(now)
    first = today - timedelta(days=days - 1)
    start = timezone.make_aware(datetime.combine(first, time(0)))
    rng = random.Random(seed)
    staff = list(
        Staff.objects.filter(is_active=True, staff_code__startswith="CB")
        .order_by("staff_code")
        .values_list("staff_code", "full_name", "phone")
    )
    staff += list(
        Staff.objects.filter(is_active=True, staff_code__startswith="DEMO")
        .order_by("staff_code")
        .values_list("staff_code", "full_name", "phone")
    )
    people = [(phone or demo_phone(n), name) for n, (_, name, phone) in enumerate(staff)]
    people += [(visitor_phone(n), f"Khách {n + 1}") for n in range(VISITORS)]
    home = {phone: rng.choice(gates) for phone, _ in people}
    records: list[Record] = []
    names: dict[str, str] = {}
    for offset in range(days):
        day = first + timedelta(days=offset)
        if day.weekday() >= 5:
            continue  # offices are closed at the weekend
        for phone, name in people:
            is_visitor = phone.startswith("+8497")
            if rng.random() > (0.15 if is_visitor else 0.9):
                continue
            gate = rng.choice(gates) if is_visitor else home[phone]
            arrive = (
                (7 * 60 + 15 + rng.randrange(75))
                if not is_visitor
                else rng.randrange(8 * 60, 16 * 60)
            )
            check_in = timezone.make_aware(datetime.combine(day, time(0))) + timedelta(
                minutes=arrive, seconds=rng.randrange(60)
            )
            if check_in >= now:
                continue
            stay = (
                timedelta(minutes=rng.randrange(20, 90))
                if is_visitor
                else timedelta(hours=8, minutes=rng.randrange(-30, 60))
            )
            check_out: datetime | None = check_in + stay
            if rng.random() < 0.08 or (check_out is not None and check_out >= now):
                check_out = None  # forgot to check out, or still inside
            records.append(
                (
                    phone,
                    gate.code,
                    check_in.astimezone(UTC),
                    check_out.astimezone(UTC) if check_out else None,
                )
            )
            names.setdefault(phone, name)
    records += _on_duty(people, home, now=now, start=start, seed=seed)
    for phone, name in people:
        names.setdefault(phone, name)
    identities = {r[0] for r in records} | {p for p, _ in people}
    indexes = [Person.index_of(identity) for identity in identities]
    with transaction.atomic():
        Visit.objects.filter(person__identity_index__in=indexes, check_in__gte=start).delete()
        Declaration.objects.filter(
            person__identity_index__in=indexes, declared_at__gte=start
        ).delete()
        PersonCheckin.objects.filter(
            person__identity_index__in=indexes, check_in__gte=start
        ).delete()
        result = import_records(records, names, source=Visit.Source.QR)
        _risky_declarations(rng, start=start)
    return result.imported


ON_DUTY = 4  # people inside at any hour the demo is loaded (evenings, weekends too)


def _on_duty(
    people: list[tuple[str, str]],
    home: dict[str, Any],
    *,
    now: datetime,
    start: datetime,
    seed: int,
) -> list[Record]:
    """A few people on duty, checked in within the last two and a half hours and not
    out yet, so the guard console shows people inside whenever the demo is loaded
    (office hours alone leave it empty in the evening and at the weekend). Their own
    random sequence: the office-hours visits stay as they were."""
    rng = random.Random(seed + 1)
    chosen = rng.sample(people, min(ON_DUTY, len(people)))
    duty: list[Record] = []
    for phone, _ in chosen:
        check_in = now - timedelta(minutes=rng.randrange(10, 150), seconds=rng.randrange(60))
        if check_in < start:
            continue
        duty.append((phone, home[phone].code, check_in.astimezone(UTC), None))
    return duty


RISKY_SHARE = 0.12  # of the visitors' check-ins: a declaration with a symptom, admitted


def _risky_declarations(rng: random.Random, *, start: datetime) -> int:
    """Some visitors declared a symptom at the gate and the guard let them in: the risky
    declarations of the guard console, the visitor log and the Director's home."""
    from phongdich.checkin.services.checkin import declaration_create

    profile = DiseaseProfile.active()
    visits = list(
        Visit.objects.filter(check_in__gte=start, person__identity_index__in=_visitor_indexes())
        .select_related("person")
        .order_by("check_in", "pk")
    )
    made = 0
    for visit in visits:
        if rng.random() >= RISKY_SHARE:
            continue
        declaration = declaration_create(
            person=visit.person,
            profile=profile,
            answers={
                "symptoms": ["cough"],
                "contact": False,
                "outbreak_travel": False,
                "vaccine_doses": "2",
            },
            is_visitor=True,
            purpose="Liên hệ công tác",
            at=visit.check_in - timedelta(minutes=1),
        )
        Visit.objects.filter(pk=visit.pk).update(declaration=declaration)
        made += 1
    return made


def _visitor_indexes() -> list[str]:
    return [Person.index_of(visitor_phone(n)) for n in range(VISITORS)]

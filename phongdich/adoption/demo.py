"""What load_demo adds for the adoption module: declarations for most demo staff over
the last weeks (so week-on-week changes show), a union list imported through the import
service, union leaders, a campaign half-way, three months of digital-work indicators.

Call after the organisation demo: ``adoption_demo.load()``. Idempotent: staff who have
declared are left alone, the union list re-imports as "unchanged", the campaign and the
indicators are found by title and by (unit, month).
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from phongdich.adoption.models import (
    Campaign,
    Declaration,
    DeclarationEvent,
    DigitalIndicator,
    ReminderLog,
    RequiredApp,
    Source,
    Status,
    Union,
    UnionMembership,
)
from phongdich.adoption.selectors.indicators import months_back
from phongdich.adoption.services.campaigns import campaign_create
from phongdich.adoption.services.imports import adoption_import_file
from phongdich.adoption.services.indicators import IndicatorFigures, indicator_save
from phongdich.core.roles import Role
from phongdich.org.models import Staff, Unit

CAMPAIGN_TITLE = "Tuần cao điểm cài đặt PC-Covid"
DECLARED_SHARE = 0.85
LEADERS = {"cong-doan": "DEMO003", "doan-thanh-nien": "DEMO008"}


def _declarations(seed: int, now: dt.datetime) -> int:
    apps = list(RequiredApp.objects.filter(is_active=True))
    declared = set(Declaration.objects.values_list("staff_id", flat=True))
    people = [p for p in Staff.objects.filter(is_active=True).order_by("staff_code")]
    rows, events = [], []
    for person in people:
        rng = random.Random(f"{seed}-{person.staff_code}")  # the same choice on every load
        if person.pk in declared or rng.random() > DECLARED_SHARE:
            continue
        no_phone = rng.random() < 0.06
        for app in apps:
            if no_phone:
                status = Status.NO_SMARTPHONE
            else:
                roll = rng.random()
                status = (
                    Status.USING
                    if roll < 0.55
                    else Status.INSTALLED
                    if roll < 0.85
                    else Status.CANNOT_INSTALL
                    if roll < 0.9
                    else Status.NOT_INSTALLED
                )
            at = now - dt.timedelta(days=rng.randint(0, 40), hours=rng.randint(0, 10))
            reason = "Điện thoại cũ, không đủ bộ nhớ" if status == Status.CANNOT_INSTALL else ""
            rows.append(
                Declaration(
                    staff=person,
                    app=app,
                    status=status,
                    reason=reason,
                    source=Source.DEMO,
                    declared_at=at,
                )
            )
            events.append(
                DeclarationEvent(staff=person, app=app, status=status, source=Source.DEMO, at=at)
            )
    Declaration.objects.bulk_create(rows)
    DeclarationEvent.objects.bulk_create(events)
    return len(rows)


def _union_list(rng: random.Random) -> dict[str, int]:
    """A Công đoàn list as the union keeps it (title rows, its own spellings), imported."""
    people = list(Staff.objects.filter(is_active=True).order_by("staff_code"))
    chosen = [p for i, p in enumerate(people) if i % 3 != 2]
    lines = [
        "CÔNG ĐOÀN SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI",
        "DANH SÁCH ĐOÀN VIÊN CÀI ĐẶT ỨNG DỤNG BLUEZONE",
        "",
        "STT;Mã cán bộ;Họ và tên;Ứng dụng;Trạng thái;Ghi chú",
    ]
    spellings = ["da cai", "Đã cài", "ĐANG SỬ DỤNG", "dang su dung", "Chưa cài"]
    for n, person in enumerate(chosen, start=1):
        status = rng.choice(spellings)
        lines.append(f"{n};{person.staff_code};{person.full_name};Blue zone;{status};")
    data = ("\n".join(lines) + "\n").encode("utf-8")
    union = Union.objects.get(code="cong-doan")
    _, result = adoption_import_file(
        data=data, filename="cong-doan-bluezone.csv", unit=None, union=union, skip_invalid=True
    )
    youth = Union.objects.get(code="doan-thanh-nien")
    veterans = Union.objects.get(code="cuu-chien-binh")
    extra = [UnionMembership(union=youth, staff=p) for p in people[::4]]  # some in two unions
    extra += [UnionMembership(union=veterans, staff=p) for p in people[5::9]]
    UnionMembership.objects.bulk_create(extra, ignore_conflicts=True)
    for code, staff_code in LEADERS.items():
        leader = Staff.objects.filter(staff_code=staff_code).first()
        if leader is not None:
            UnionMembership.objects.update_or_create(
                union=Union.objects.get(code=code), staff=leader, defaults={"is_leader": True}
            )
    return {"created": result.created if result else 0}


def _office_user() -> Any:
    """The demo's Office login, or any Office member."""
    users = get_user_model().objects
    return (
        users.filter(username="vanphong").first()
        or users.filter(role_assignments__role=Role.OFFICE).order_by("pk").first()
    )


def _campaign(today: dt.date) -> bool:
    if Campaign.objects.filter(title=CAMPAIGN_TITLE).exists():
        return False
    office = _office_user()
    if office is None:
        return False
    campaign = campaign_create(
        user=office,
        ip=None,
        title=CAMPAIGN_TITLE,
        apps=list(RequiredApp.objects.filter(code="pc-covid")),
        union=None,
        units=[],
        target_percent=95,
        denominator="smartphone",
        deadline=today + dt.timedelta(days=14),
        starts_on=today - dt.timedelta(days=14),
    )
    yesterday = today - dt.timedelta(days=1)
    people = list(Staff.objects.filter(is_active=True, user__isnull=False)[:5])
    ReminderLog.objects.bulk_create(
        [ReminderLog(staff=p, day=yesterday, campaign=campaign) for p in people],
        ignore_conflicts=True,
    )
    return True


def _indicators(rng: random.Random, today: dt.date) -> int:
    office = _office_user()
    count = 0
    months = months_back(today, 4)[:3]  # the three months before this one
    for unit in Unit.objects.filter(is_active=True).exclude(kind=Unit.Kind.UNION):
        for step, month in enumerate(months):
            if DigitalIndicator.objects.filter(unit=unit, month=month).exists():
                continue
            documents = rng.randint(80, 400)
            dossiers = rng.randint(0, 120)
            share = min(1.0, 0.6 + 0.1 * step + rng.random() * 0.1)
            online = int(dossiers * min(1.0, 0.3 + 0.15 * step))
            level4 = online // 3
            indicator_save(
                user=office,
                ip=None,
                unit=unit,
                month=month,
                figures=IndicatorFigures(
                    documents_total=documents,
                    documents_electronic=int(documents * share),
                    dossiers_total=dossiers,
                    dossiers_level3=online - level4,
                    dossiers_level4=level4,
                    online_meetings=rng.randint(1, 8),
                ),
            )
            count += 1
    return count


@transaction.atomic
def load(*, today: dt.date | None = None) -> dict[str, Any]:
    """Returns counts, for the command's summary."""
    today = today or timezone.localdate()
    declarations = _declarations(2021, timezone.now())
    union = _union_list(random.Random(7))
    campaign = _campaign(today)
    indicators = _indicators(random.Random(30), today)
    return {
        "declarations": declarations,
        "union_rows": union["created"],
        "campaign": campaign,
        "indicators": indicators,
    }

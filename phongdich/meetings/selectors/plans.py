"""Reads of the plan for working online, and the live data its template is filled with."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone

from phongdich.meetings.models import Meeting, OnlinePlan
from phongdich.org.models import Unit

PLATFORMS = {
    "zoom.us": "Zoom",
    "meet.google.com": "Google Meet",
    "teams.microsoft.com": "Microsoft Teams",
    "teams.live.com": "Microsoft Teams",
    "meet.jit.si": "Jitsi Meet",
}


def plans_all() -> QuerySet[OnlinePlan]:
    return OnlinePlan.objects.all()


def plan_get(*, pk: int) -> OnlinePlan:
    return OnlinePlan.objects.select_related("directive").get(pk=pk)


def platform_name(url: str) -> str:
    host = (urlsplit(url).hostname or "").lower()
    jitsi = (
        (urlsplit(settings.JITSI_BASE_URL).hostname or "").lower()
        if settings.JITSI_BASE_URL
        else ""
    )
    if jitsi and host == jitsi:
        return "Jitsi của Sở"
    for domain, name in PLATFORMS.items():
        if host == domain or host.endswith(f".{domain}"):
            return name
    return host or "khác"


@dataclass
class UnitReadinessLine:
    unit: Unit
    ready: int
    total: int

    @property
    def percent(self) -> int:
        return round(100 * self.ready / self.total) if self.total else 0


@dataclass
class PlanData:
    since: dt.date
    today: dt.date
    online: int
    in_person: int
    by_kind: dict[str, int]
    platforms: list[tuple[str, int]]
    readiness: list[UnitReadinessLine]
    office: Unit | None
    divisions: list[Unit]

    @property
    def ready(self) -> int:
        return sum(r.ready for r in self.readiness)

    @property
    def staff(self) -> int:
        return sum(r.total for r in self.readiness)


def _readiness(*, user: Any, today: dt.date) -> list[UnitReadinessLine]:
    """Per-unit readiness from the equipment module (read only), when it can tell."""
    try:
        from phongdich.equipment.selectors.readiness import readiness_report
    except ImportError:  # pragma: no cover - the equipment module is part of the project
        return []
    report = readiness_report(user=user, today=today)
    return [
        UnitReadinessLine(unit=u.unit, ready=u.ready_count, total=u.total) for u in report.units
    ]


def plan_data(*, user: Any, today: dt.date | None = None, days: int = 90) -> PlanData:
    """What the template says: meetings held in the last ``days`` (online, in person, by
    kind), the platforms used, readiness per unit, the Office and the divisions."""
    today = today or timezone.localdate()
    since = today - dt.timedelta(days=days)
    start = timezone.make_aware(dt.datetime.combine(since, dt.time.min))
    end = timezone.make_aware(dt.datetime.combine(today + dt.timedelta(days=1), dt.time.min))
    held = list(
        Meeting.objects.filter(
            status=Meeting.Status.SCHEDULED, start__gte=start, start__lt=end
        ).values("kind", "online_url")
    )
    online = [m for m in held if m["online_url"]]
    kinds = Counter(m["kind"] for m in online)
    platforms = Counter(platform_name(m["online_url"]) for m in online)
    units = list(Unit.objects.filter(is_active=True).order_by("path"))
    return PlanData(
        since=since,
        today=today,
        online=len(online),
        in_person=len(held) - len(online),
        by_kind={str(Meeting(kind=k).get_kind_display()): n for k, n in kinds.most_common()},
        platforms=platforms.most_common(),
        readiness=_readiness(user=user, today=today),
        office=next((u for u in units if u.kind == Unit.Kind.OFFICE), None),
        divisions=[
            u for u in units if u.kind in {Unit.Kind.DIVISION, Unit.Kind.CENTRE, Unit.Kind.SCHOOL}
        ],
    )

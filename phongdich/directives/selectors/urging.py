"""Who is late on a directive (what a công văn đôn đốc lists), and the urging notices a
user may read.

"Late" is ``TaskStatus.OVERDUE`` (past the due date, no accepted "done" report), for
every period up to today; status comes from ``status.status_rows``.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import IO, Any

from django.db.models import Q, QuerySet

from phongdich.core.audit import audit
from phongdich.core.permissions import has_role
from phongdich.core.roles import Role
from phongdich.directives.models import Directive, UrgingNotice
from phongdich.directives.selectors.directives import head_units, reads_all
from phongdich.directives.selectors.status import (
    StatusRow,
    TaskStatus,
    status_rows,
    today_local,
)

FORMATS = ("docx", "pdf")


def late_rows(*, directive: Directive, today: date | None = None) -> list[StatusRow]:
    """Every unit's overdue task (each period) of ``directive`` as of ``today``."""
    today = today or today_local()
    rows = status_rows(directive=directive, today=today)
    return [row for row in rows if row.status == TaskStatus.OVERDUE]


@dataclass(frozen=True)
class LateUnit:
    unit: Any
    rows: list[StatusRow]


def late_units(*, directive: Directive, today: date | None = None) -> list[LateUnit]:
    """The units late on ``directive`` (by path), each with its overdue rows."""
    return group_late(late_rows(directive=directive, today=today))


def group_late(rows: list[StatusRow]) -> list[LateUnit]:
    """The overdue ones of ``rows`` grouped by unit (units by path)."""
    grouped: dict[int, list[StatusRow]] = defaultdict(list)
    units: dict[int, Any] = {}
    for row in rows:
        if row.status != TaskStatus.OVERDUE:
            continue
        grouped[row.unit.pk].append(row)
        units[row.unit.pk] = row.unit
    ordered = sorted(units.values(), key=lambda u: u.path)
    return [LateUnit(unit, grouped[unit.pk]) for unit in ordered]


def urgings_visible(*, user: Any) -> QuerySet[UrgingNotice]:
    """Office, Admin, Director: every notice; a unit head: notices sent to their units."""
    if reads_all(user):
        return UrgingNotice.objects.all()
    if has_role(user, Role.UNIT_HEAD):
        return UrgingNotice.objects.filter(Q(units__in=head_units(user))).distinct()
    return UrgingNotice.objects.none()


def urging_get(*, user: Any, pk: int) -> UrgingNotice | None:
    return urgings_visible(user=user).select_related("directive").filter(pk=pk).first()


def urgings_of(*, directive: Directive) -> list[UrgingNotice]:
    return list(
        directive.urgings.select_related("created_by")
        .prefetch_related("units")
        .order_by("-created_at", "-pk")
    )


def urging_file_open(
    *, user: Any, notice: UrgingNotice, fmt: str, ip: str | None = None
) -> tuple[IO[bytes], str] | None:
    """The notice as .docx or .pdf, opened for reading, and its download name (None: no
    such format, or the file is gone); the download is audited."""
    if fmt not in FORMATS:
        return None
    field = notice.docx if fmt == "docx" else notice.pdf
    try:
        handle = field.open("rb")
    except FileNotFoundError:
        return None
    audit(None, "directives.urging.download", actor=user, ip=ip, obj=notice, format=fmt)
    return handle, f"cong-van-don-doc-{notice.issued_on:%Y%m%d}.{fmt}"

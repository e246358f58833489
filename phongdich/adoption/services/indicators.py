"""The monthly digital-work indicators of a unit (letter item 2)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from phongdich.adoption.hooks import online_meetings_count
from phongdich.adoption.models import DigitalIndicator
from phongdich.core.audit import audit
from phongdich.core.text import nfc
from phongdich.org.models import Unit


@dataclass(frozen=True)
class IndicatorFigures:
    documents_total: int
    documents_electronic: int
    dossiers_total: int
    dossiers_level3: int
    dossiers_level4: int
    online_meetings: int | None = None
    note: str = ""


def indicator_problems(figures: IndicatorFigures) -> dict[str, str]:
    """Every inconsistency, by field, in Vietnamese (empty: consistent)."""
    problems: dict[str, str] = {}
    values = {
        "documents_total": figures.documents_total,
        "documents_electronic": figures.documents_electronic,
        "dossiers_total": figures.dossiers_total,
        "dossiers_level3": figures.dossiers_level3,
        "dossiers_level4": figures.dossiers_level4,
        "online_meetings": figures.online_meetings or 0,
    }
    for name, value in values.items():
        if value < 0:
            problems[name] = _("Số liệu không được âm.")
    if figures.documents_electronic > figures.documents_total:
        problems["documents_electronic"] = _(
            "Số văn bản xử lý trên môi trường mạng (%(part)s) không được lớn hơn tổng số "
            "văn bản (%(total)s): tỷ lệ không thể vượt 100 %%."
        ) % {"part": figures.documents_electronic, "total": figures.documents_total}
    online = figures.dossiers_level3 + figures.dossiers_level4
    if online > figures.dossiers_total:
        problems["dossiers_level4"] = _(
            "Hồ sơ trực tuyến mức độ 3 và 4 cộng lại (%(part)s) không được lớn hơn tổng số "
            "hồ sơ (%(total)s): tỷ lệ không thể vượt 100 %%."
        ) % {"part": online, "total": figures.dossiers_total}
    return problems


def first_of_month(day: dt.date) -> dt.date:
    return day.replace(day=1)


def indicator_save(
    *, user: Any, ip: str | None, unit: Unit, month: dt.date, figures: IndicatorFigures
) -> DigitalIndicator:
    """Create or replace ``unit``'s figures for ``month`` (not a future month)."""
    month = first_of_month(month)
    problems = indicator_problems(figures)
    if month > first_of_month(timezone.localdate()):
        problems["month"] = _("Không báo cáo trước cho tháng chưa đến.")
    if problems:
        raise ValidationError(problems)
    meetings = figures.online_meetings
    if meetings is None:
        meetings = online_meetings_count(unit=unit, month=month) or 0
    with transaction.atomic():
        indicator, created = DigitalIndicator.objects.update_or_create(
            unit=unit,
            month=month,
            defaults={
                "documents_total": figures.documents_total,
                "documents_electronic": figures.documents_electronic,
                "dossiers_total": figures.dossiers_total,
                "dossiers_level3": figures.dossiers_level3,
                "dossiers_level4": figures.dossiers_level4,
                "online_meetings": meetings,
                "note": nfc(figures.note)[:2000],
                "reported_by": user,
            },
        )
        audit(
            None,
            "adoption.indicator.save",
            actor=user,
            ip=ip,
            obj=indicator,
            unit=unit.code,
            month=month.strftime("%m/%Y"),
            created=created,
        )
    return indicator

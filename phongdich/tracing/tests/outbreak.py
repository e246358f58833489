"""A small outbreak for the tracing pages: a case, one F1 and one F2, by real check-ins.

Yesterday (local time): 08:00–10:00 the case (staff member ``staff_a``) and 08:30–09:30
the visitor Xuân at the Office's gate: Xuân is F1 (60 minutes). 14:00–15:00 Xuân and
14:10–14:50 Yên at unit B's gate: Yên is F2 via Xuân (40 minutes).
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from django.utils import timezone

from phongdich.checkin.models import Location, Person, Visit
from phongdich.checkin.services.checkin import person_upsert, visit_check_in

F1_PHONE = "+84913000001"
F1_NAME = "Lê Thị Xuân"
F2_PHONE = "+84913000002"
F2_NAME = "Phạm Văn Yên"


def yesterday() -> date:
    return timezone.localdate() - timedelta(days=1)


def local(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=timezone.get_default_timezone())


def visit(person: Person, gate: Location, start: datetime, end: datetime) -> Visit:
    return visit_check_in(
        person=person, location=gate, at=start, check_out=end, source=Visit.Source.MANUAL
    )


def make_outbreak(obj: Any) -> None:
    """Gates ``gate_a`` (Office) and ``gate_b`` (unit B) and the visits above on ``obj``."""
    obj.gate_a = Location.objects.create(code="VP-1", name="Cổng chính Sở", unit=obj.office_unit)
    obj.gate_b = Location.objects.create(code="TTB-1", name="Cổng Trung tâm B", unit=obj.unit_b)
    day = yesterday()
    obj.f0_person = person_upsert(identity=obj.staff_a.phone, full_name=obj.staff_a.full_name)
    obj.f1_person = person_upsert(identity=F1_PHONE, full_name=F1_NAME)
    obj.f2_person = person_upsert(identity=F2_PHONE, full_name=F2_NAME)
    visit(obj.f0_person, obj.gate_a, local(day, 8), local(day, 10))
    visit(obj.f1_person, obj.gate_a, local(day, 8, 30), local(day, 9, 30))
    visit(obj.f1_person, obj.gate_b, local(day, 14), local(day, 15))
    visit(obj.f2_person, obj.gate_b, local(day, 14, 10), local(day, 14, 50))

"""Something on every home block of the standing cast: a check-in of the plain staff
member (and one of someone else), a task of unit A, a bulletin for everyone, a laptop
held, an open support request, a meeting in three days."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from phongdich.checkin.tests.helpers import make_gates, make_visit
from phongdich.directives.inputs import DirectiveHeader
from phongdich.directives.services import directives as directive_services
from phongdich.equipment.models import EquipmentKind
from phongdich.equipment.tests.helpers import make_equipment
from phongdich.meetings.tests.helpers import make_meeting
from phongdich.news.tests.helpers import bulletin
from phongdich.org.models import Staff
from phongdich.support.services.requests import RequestInput, request_open

# The cast's staff phones are +8498 and the member's serial (core.tests.base.make_cast).
STAFF_USER_PHONE = "+84980000007"


def make_home_data(cast: Any) -> None:
    make_gates(cast)
    cast.own_staff = Staff.objects.get(user=cast.staff_user)
    cast.own_visit = make_visit(
        cast.gate_a, phone=STAFF_USER_PHONE, name="Cán Bộ", is_visitor=False
    )
    cast.other_visit = make_visit(cast.gate_b, phone="+84912000002", name="Trần Thị Bê")
    today = timezone.localdate()
    directive = directive_services.directive_create(
        header=DirectiveHeader(
            subject="V/v tăng cường phòng, chống dịch",
            number=12,
            symbol="SLĐTBXH-VP",
            issued_on=today - dt.timedelta(days=20),
        ),
        tasks=[
            directive_services.TaskInput(
                "1",
                "Rà soát trang thiết bị CNTT phục vụ làm việc từ xa",
                lead_unit=cast.unit_a,
                deadline=today - dt.timedelta(days=2),
            ),
            directive_services.TaskInput(
                "2",
                "Cài đặt ứng dụng PC-Covid cho toàn thể cán bộ",
                lead_unit=cast.unit_b,
                deadline=today + dt.timedelta(days=10),
            ),
        ],
        created_by=cast.office,
    )
    directive_services.directive_issue(directive=directive, by=cast.office)
    cast.directive = directive
    cast.bulletin = bulletin(cast.office)
    # A transactional test starts from a flushed database: the seeded kinds may be gone.
    EquipmentKind.objects.get_or_create(
        code="laptop", defaults={"name": "Máy tính xách tay", "is_work_device": True}
    )
    cast.laptop = make_equipment(
        cast.unit_a, asset_code="TS-A-01", serial="SNA1", holder=cast.own_staff
    )
    cast.support_request = request_open(
        requester=cast.own_staff,
        data=RequestInput(title="Máy in tầng 3 không in được", unit=cast.unit_a),
        actor=cast.staff_user,
        ip=None,
    )
    cast.meeting = make_meeting(cast)

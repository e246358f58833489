"""Shared set-up for the support tests: the standing cast plus an IT team of three."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth import get_user_model

from phongdich.core.roles import Role
from phongdich.core.tests.base import PASSWORD, BaseTestCase
from phongdich.org.models import RoleAssignment, Staff
from phongdich.support.clock import LOCAL
from phongdich.support.models import TeamMember
from phongdich.support.services.requests import RequestInput, request_open
from phongdich.support.services.team import MemberInput, assignment_set, member_save

# Monday 2 March 2026, 08:00 in Hà Nội: a plain working morning.
MONDAY = dt.datetime(2026, 3, 2, 8, 0, tzinfo=LOCAL)


def it_user(username: str, name: str, unit: Any, code: str) -> Any:
    user = get_user_model().objects.create_user(
        username=username, password=PASSWORD, email=f"{username}@example.vn", first_name=name
    )
    Staff.objects.create(full_name=name, staff_code=code, unit=unit, user=user)
    RoleAssignment.objects.create(user=user, role=Role.IT, unit=None)
    return user


def make_member(user: Any, **values: Any) -> TeamMember:
    return member_save(
        staff=Staff.objects.get(user=user), data=MemberInput(**values), actor=None, ip=None
    )


def make_team(cls: Any) -> None:
    """Three IT members on top of the cast (``make_cast``): the cast's ``it`` leads;
    unit A: primary it2, backup it3; the Office: primary it, backup it2; unit B: nobody."""
    cls.it2 = it_user("it2", "Phạm Văn Hai", cls.office_unit, "IT02")
    cls.it3 = it_user("it3", "Lê Thị Ba", cls.office_unit, "IT03")
    cls.leader = make_member(cls.it, team_role="Tổ trưởng", is_leader=True, sort_order=1)
    cls.m2 = make_member(cls.it2, speciality="Mạng, máy in")
    cls.m3 = make_member(cls.it3, speciality="Chữ ký số")
    assignment_set(unit=cls.unit_a, primary=cls.m2, backup=cls.m3, actor=None, ip=None)
    assignment_set(unit=cls.office_unit, primary=cls.leader, backup=cls.m2, actor=None, ip=None)
    cls.staff_me = Staff.objects.get(user=cls.staff_user)


class SupportTestCase(BaseTestCase):
    it2: Any
    it3: Any
    leader: TeamMember
    m2: TeamMember
    m3: TeamMember
    staff_me: Staff

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        make_team(cls)

    def open_request(self, *, unit: Any = None, now: dt.datetime = MONDAY, **values: Any) -> Any:
        values.setdefault("title", "Máy in không in được")
        requester = values.pop("requester", self.staff_me)
        return request_open(
            requester=requester,
            data=RequestInput(unit=unit or self.unit_a, **values),
            actor=requester.user,
            ip="127.0.0.1",
            now=now,
        )

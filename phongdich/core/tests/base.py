"""The standing cast of every test: one line per permission check.

``self.director``, ``self.office``, ``self.head_a`` (unit A), ``self.head_b``
(unit B), ``self.guard``, ``self.tracer``, ``self.staff_user`` (plain staff of
unit A), ``self.editor``, ``self.it``, ``self.admin``; anonymous is ``self.client``
before any log-in.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.test import TestCase

from phongdich.accounts.models import User
from phongdich.core.roles import Role
from phongdich.org.models import RoleAssignment, Staff, Unit

PASSWORD = "correct-horse-battery"


class ForceLoginBackend(ModelBackend):
    """The backend of the test client's ``force_login`` (settings put it first when
    TESTING): it never checks a password, and a session it opened counts as having
    passed the second factor, so tests that sign a privileged user in directly reach
    their pages. Real log-ins go through the site's backend and the second factor."""

    verifies_second_factor = True

    def authenticate(
        self, request: Any, username: Any = None, password: Any = None, **kw: Any
    ) -> None:
        return None


def make_cast(obj: Any) -> None:
    User = get_user_model()
    obj.dept = Unit.objects.create(code="SO", name="Sở Thử nghiệm", kind=Unit.Kind.DEPARTMENT)
    obj.office_unit = Unit.objects.create(
        code="VP", name="Văn phòng Sở", kind=Unit.Kind.OFFICE, parent=obj.dept
    )
    obj.unit_a = Unit.objects.create(
        code="P-A", name="Phòng Giáo dục nghề nghiệp", kind=Unit.Kind.DIVISION, parent=obj.dept
    )
    obj.unit_a_team = Unit.objects.create(
        code="P-A-1", name="Tổ Tuyển sinh", kind=Unit.Kind.OTHER, parent=obj.unit_a
    )
    obj.unit_b = Unit.objects.create(
        code="TT-B", name="Trung tâm Dịch vụ việc làm", kind=Unit.Kind.CENTRE, parent=obj.dept
    )
    serial = 0

    def member(name: str, username: str, unit: Unit, role: str | None, **kw: Any) -> Any:
        nonlocal serial
        serial += 1
        user = User.objects.create_user(
            username=username, password=PASSWORD, email=f"{username}@example.vn", first_name=name
        )
        Staff.objects.create(
            full_name=name,
            staff_code=f"T{serial:03d}",
            phone=f"+8498{serial:07d}",
            unit=unit,
            user=user,
        )
        if role:
            RoleAssignment.objects.create(user=user, role=role, unit=kw.get("role_unit"))
            if role == Role.ADMIN:
                user.is_staff = user.is_superuser = True
                user.save()
        return user

    obj.director = member("Giám Đốc", "director", obj.dept, Role.DIRECTOR)
    obj.office = member("Văn Phòng", "office", obj.office_unit, Role.OFFICE)
    obj.head_a = member("Trưởng A", "head_a", obj.unit_a, Role.UNIT_HEAD)
    obj.head_b = member("Trưởng B", "head_b", obj.unit_b, Role.UNIT_HEAD)
    obj.guard = member("Bảo Vệ", "guard", obj.office_unit, Role.GUARD)
    obj.tracer = member("Truy Vết", "tracer", obj.office_unit, Role.TRACER)
    obj.staff_user = member("Cán Bộ", "staff", obj.unit_a, None)
    obj.editor = member("Biên Tập", "editor", obj.office_unit, Role.EDITOR)
    obj.it = member("Kỹ Thuật", "it", obj.office_unit, Role.IT, role_unit=obj.dept)
    obj.admin = member("Quản Trị", "admin", obj.office_unit, Role.ADMIN)
    obj.staff_a = Staff.objects.create(
        full_name="Nguyễn Văn Ạ", staff_code="SA01", phone="+84912000001", unit=obj.unit_a_team
    )
    obj.staff_b = Staff.objects.create(
        full_name="Trần Thị Bê", staff_code="SB01", phone="+84912000002", unit=obj.unit_b
    )


class BaseTestCase(TestCase):
    # The standing cast (made by make_cast in setUpTestData).
    dept: Unit
    office_unit: Unit
    unit_a: Unit
    unit_a_team: Unit
    unit_b: Unit
    director: User
    office: User
    head_a: User
    head_b: User
    guard: User
    tracer: User
    staff_user: User
    editor: User
    it: User
    admin: User
    staff_a: Staff
    staff_b: Staff

    @classmethod
    def setUpTestData(cls) -> None:
        make_cast(cls)

    @property
    def cast(self) -> dict[str, Any]:
        """Every signed-in member of the cast by name."""
        names = ["director", "office", "head_a", "head_b", "guard", "tracer", "staff_user"]
        return {n: getattr(self, n) for n in [*names, "editor", "it", "admin"]}

    def login(self, user: Any) -> None:
        self.client.force_login(user)

"""Demo organisation: the department of the letter in shared/seed, its units,
staff and one login per role. Idempotent: running it twice creates nothing twice."""

from __future__ import annotations

import random
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction

from phongdich.core.roles import Role
from phongdich.org.models import RoleAssignment, Staff, Unit
from phongdich.org.services import role_assign

DEMO_PASSWORD = "phongdich-demo"

K = Unit.Kind
UNITS: list[tuple[str, str, str, str, str | None]] = [
    # code, name, short name, kind, parent code
    (
        "SLDTBXH",
        "Sở Lao động - Thương binh và Xã hội tỉnh Thanh Hóa",
        "Sở LĐTBXH",
        K.DEPARTMENT,
        None,
    ),
    ("VP", "Văn phòng Sở", "Văn phòng", K.OFFICE, "SLDTBXH"),
    ("P-KHTC", "Phòng Kế hoạch - Tài chính", "Phòng KHTC", K.DIVISION, "SLDTBXH"),
    ("P-LDVL", "Phòng Lao động - Việc làm", "Phòng LĐVL", K.DIVISION, "SLDTBXH"),
    ("P-GDNN", "Phòng Giáo dục nghề nghiệp", "Phòng GDNN", K.DIVISION, "SLDTBXH"),
    ("P-NCC", "Phòng Người có công", "Phòng NCC", K.DIVISION, "SLDTBXH"),
    ("P-BTXH", "Phòng Bảo trợ xã hội", "Phòng BTXH", K.DIVISION, "SLDTBXH"),
    ("P-TEBDG", "Phòng Trẻ em và Bình đẳng giới", "Phòng TE-BĐG", K.DIVISION, "SLDTBXH"),
    ("TTRA", "Thanh tra Sở", "Thanh tra", K.DIVISION, "SLDTBXH"),
    ("TT-DVVL", "Trung tâm Dịch vụ việc làm Thanh Hóa", "TT DVVL", K.CENTRE, "SLDTBXH"),
    ("TT-BTXH", "Trung tâm Bảo trợ xã hội tỉnh", "TT BTXH", K.CENTRE, "SLDTBXH"),
    ("TT-DDNCC", "Trung tâm Điều dưỡng người có công", "TT ĐDNCC", K.CENTRE, "SLDTBXH"),
    ("CS-CNMT", "Cơ sở Cai nghiện ma túy tỉnh", "CS CNMT", K.CENTRE, "SLDTBXH"),
    ("TR-CDN", "Trường Cao đẳng nghề Thanh Hóa", "Trường CĐN", K.SCHOOL, "SLDTBXH"),
    (
        "TR-TCN",
        "Trường Trung cấp nghề Thanh thiếu niên khuyết tật",
        "Trường TCN",
        K.SCHOOL,
        "SLDTBXH",
    ),
    ("CD", "Công đoàn Sở", "Công đoàn", K.UNION, "SLDTBXH"),
    ("DTN", "Đoàn TNCS Hồ Chí Minh Sở", "Đoàn Thanh niên", K.UNION, "SLDTBXH"),
    ("HCCB", "Hội Cựu chiến binh Sở", "Hội CCB", K.UNION, "SLDTBXH"),
]


@dataclass(frozen=True)
class DemoLogin:
    username: str
    full_name: str
    role: str
    unit: str
    position: str
    role_unit: str | None = None  # unit the role is scoped to, when not the staff unit


# How the home page greets each demo account ("Xin chào, chị Lan"): Staff.form_of_address.
FORMS_OF_ADDRESS = {
    "giamdoc": "bà",
    "phogiamdoc": "ông",
    "vanphong": "chị",
    "truongphong.gdnn": "anh",
    "giamdoc.dvvl": "chị",
    "truyvet": "anh",
    "baove": "anh",
    "canbo": "chị",
    "bientap": "chị",
    "cntt": "anh",
}

LOGINS = [
    DemoLogin("giamdoc", "Vũ Thị Hương", Role.DIRECTOR, "SLDTBXH", "Giám đốc Sở"),
    DemoLogin("phogiamdoc", "Lê Văn Thành", Role.DIRECTOR, "SLDTBXH", "Phó Giám đốc Sở"),
    DemoLogin("vanphong", "Nguyễn Thị Lan", Role.OFFICE, "VP", "Chuyên viên Văn phòng"),
    DemoLogin("truongphong.gdnn", "Trần Văn Hùng", Role.UNIT_HEAD, "P-GDNN", "Trưởng phòng"),
    DemoLogin("giamdoc.dvvl", "Phạm Thị Mai", Role.UNIT_HEAD, "TT-DVVL", "Giám đốc Trung tâm"),
    DemoLogin("truyvet", "Hoàng Văn Nam", Role.TRACER, "VP", "Y tế cơ quan"),
    DemoLogin("baove", "Đỗ Văn Bình", Role.GUARD, "VP", "Bảo vệ cổng chính"),
    DemoLogin("canbo", "Bùi Thị Hoa", Role.STAFF, "P-LDVL", "Chuyên viên"),
    DemoLogin("bientap", "Ngô Thị Thu", Role.EDITOR, "VP", "Ban biên tập trang thông tin"),
    DemoLogin("cntt", "Đặng Quốc Việt", Role.IT, "VP", "Tổ CNTT Sở", role_unit="SLDTBXH"),
    DemoLogin("quantri", "Lý Minh Tuấn", Role.ADMIN, "VP", "Quản trị hệ thống"),
]

SURNAMES = [
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Hoàng",
    "Vũ",
    "Võ",
    "Đặng",
    "Bùi",
    "Đỗ",
    "Hồ",
    "Ngô",
    "Dương",
    "Lý",
    "Trịnh",
    "Mai",
]
MIDDLE = [
    "Văn",
    "Thị",
    "Đức",
    "Minh",
    "Thu",
    "Ngọc",
    "Quang",
    "Thanh",
    "Hữu",
    "Xuân",
    "Thùy",
    "Anh",
]
GIVEN = [
    "An",
    "Bình",
    "Cường",
    "Dũng",
    "Giang",
    "Hà",
    "Hải",
    "Hạnh",
    "Hiếu",
    "Hòa",
    "Huệ",
    "Hưng",
    "Khánh",
    "Linh",
    "Long",
    "Loan",
    "Minh",
    "Nga",
    "Ngọc",
    "Phúc",
    "Phương",
    "Quân",
    "Sơn",
    "Tâm",
    "Thảo",
    "Trang",
    "Trung",
    "Tú",
    "Vân",
    "Yến",
]
POSITIONS = [
    "Chuyên viên",
    "Chuyên viên chính",
    "Kế toán",
    "Cán sự",
    "Nhân viên",
    "Phó Trưởng phòng",
    "Giáo viên",
]
STAFF_PER_UNIT = 6


def demo_phone(n: int) -> str:
    return f"+8491{n:07d}"


@transaction.atomic
def load() -> list[DemoLogin]:
    units: dict[str, Unit] = {}
    for order, (code, name, short, kind, parent) in enumerate(UNITS):
        unit, _ = Unit.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "short_name": short,
                "kind": kind,
                "parent": units.get(parent) if parent else None,
                "sort_order": order,
            },
        )
        units[code] = unit

    User = get_user_model()
    for n, login in enumerate(LOGINS, start=1):
        user = User.objects.filter(username=login.username).first()
        if user is None:
            user = User(username=login.username, email=f"{login.username}@phongdich.local")
            user.set_password(DEMO_PASSWORD)
        last, _, first = login.full_name.rpartition(" ")
        user.first_name, user.last_name = first, last
        user.save()
        Staff.objects.update_or_create(
            staff_code=f"DEMO{n:03d}",
            defaults={
                "full_name": login.full_name,
                "phone": demo_phone(n),
                "email": user.email,
                "unit": units[login.unit],
                "position": login.position,
                "form_of_address": FORMS_OF_ADDRESS.get(login.username, ""),
                "user": user,
            },
        )
        role_unit = units[login.role_unit] if login.role_unit else None
        if not RoleAssignment.objects.filter(user=user, role=login.role).exists():
            role_assign(user=user, role=login.role, unit=role_unit)

    rng = random.Random(2021)
    serial = 100
    for code, *_ in UNITS:
        for _ in range(STAFF_PER_UNIT):
            serial += 1
            name = f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
            Staff.objects.update_or_create(
                staff_code=f"CB{serial:04d}",
                defaults={
                    "full_name": name,
                    "phone": demo_phone(serial),
                    "unit": units[code],
                    "position": rng.choice(POSITIONS),
                },
            )
    return LOGINS

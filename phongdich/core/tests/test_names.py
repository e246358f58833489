"""Names family first: the helper (full and short forms) and every page of the access
table, rendered as each member of the cast, never showing a name given-first."""

from __future__ import annotations

import unicodedata
from typing import Any

from django.contrib.auth import get_user_model
from django.template import Context, Template
from django.test import Client, SimpleTestCase, TestCase, override_settings
from django.urls import reverse

import phongdich.core.tests.test_access as access_table
from phongdich.core.names import given_name, person_name, short_name
from phongdich.core.tests.access import MEMBERS
from phongdich.core.tests.base import make_cast
from phongdich.org.models import Staff


def user(first: str = "", last: str = "", username: str = "u1", staff: Any = None) -> Any:
    """An unsaved user; ``staff`` stands for its staff record."""
    person = get_user_model()(username=username, first_name=first, last_name=last)
    if staff is not None:
        person.staff = staff
    return person


def staff(full_name: str, form_of_address: str = "") -> Staff:
    return Staff(full_name=full_name, staff_code="X1", form_of_address=form_of_address)


class PersonNameTests(SimpleTestCase):
    def test_the_staff_record_gives_the_full_name_family_first(self) -> None:
        person = user("Bình", "Đỗ Văn", staff=staff("Đỗ Văn Bình"))
        self.assertEqual(person_name(person), "Đỗ Văn Bình")

    def test_without_a_staff_record_the_family_name_comes_first(self) -> None:
        self.assertEqual(person_name(user("Hương", "Vũ Thị")), "Vũ Thị Hương")

    def test_djangos_full_name_is_family_first_too(self) -> None:
        self.assertEqual(user("Hương", "Vũ Thị").get_full_name(), "Vũ Thị Hương")
        self.assertEqual(user("Hương", "Vũ Thị").get_short_name(), "Hương")

    def test_a_missing_part_leaves_no_stray_space(self) -> None:
        self.assertEqual(person_name(user("Hương", "")), "Hương")
        self.assertEqual(person_name(user("", "Vũ")), "Vũ")
        self.assertEqual(person_name(user("", "", username="nv.huong")), "nv.huong")

    def test_a_staff_row_is_named_by_itself(self) -> None:
        self.assertEqual(person_name(staff("  Lê   Thị  Xuân ")), "Lê Thị Xuân")


class ShortNameTests(SimpleTestCase):
    def test_the_form_of_address_comes_before_the_given_name(self) -> None:
        self.assertEqual(short_name(user(staff=staff("Đỗ Văn Bình", "anh"))), "anh Bình")
        self.assertEqual(short_name(user(staff=staff("Vũ Thị Hương", "chị"))), "chị Hương")
        self.assertEqual(short_name(user(staff=staff("Lê Văn Hùng", "ông"))), "ông Hùng")

    def test_without_a_form_of_address_the_given_name_alone(self) -> None:
        self.assertEqual(short_name(user(staff=staff("Vũ Thị Hương"))), "Hương")

    def test_a_compound_given_name_is_called_by_its_last_word(self) -> None:
        self.assertEqual(short_name(user(staff=staff("Nguyễn Thị Minh Khai", "chị"))), "chị Khai")
        self.assertEqual(short_name(user("Minh Khai", "Nguyễn Thị")), "Khai")
        self.assertEqual(given_name("Tôn Nữ Thị Ngọc Lan"), "Lan")

    def test_a_single_word_name_is_that_word(self) -> None:
        self.assertEqual(short_name(user(staff=staff("Hoa", "bà"))), "bà Hoa")
        self.assertEqual(short_name(user("Hoa")), "Hoa")

    def test_never_the_family_name_alone_nor_reversed(self) -> None:
        # Django's fields hold the family name in last_name: the short form ignores it.
        self.assertEqual(short_name(user("Bình", "Đỗ Văn")), "Bình")
        self.assertNotIn("Đỗ", short_name(user("Bình", "Đỗ Văn", staff=staff("Đỗ Văn Bình"))))

    def test_missing_parts_fall_back_to_the_username(self) -> None:
        self.assertEqual(short_name(user(username="baove1")), "baove1")
        self.assertEqual(short_name(None), "")

    def test_decomposed_input_comes_out_composed(self) -> None:
        decomposed = unicodedata.normalize("NFD", "Vũ Thị Hương")
        name = short_name(user(staff=staff(decomposed, "chị")))
        self.assertEqual(name, "chị Hương")
        self.assertTrue(unicodedata.is_normalized("NFC", name))
        self.assertTrue(
            unicodedata.is_normalized("NFC", person_name(user(staff=staff(decomposed))))
        )

    def test_the_template_filters(self) -> None:
        rendered = Template("{% load names %}{{ u|person_name }} / {{ u|short_name }}").render(
            Context({"u": user("Bình", "Đỗ Văn", staff=staff("Đỗ Văn Bình", "anh"))})
        )
        self.assertEqual(rendered, "Đỗ Văn Bình / anh Bình")


# Real names for the cast (family, middle, given): every page is searched for the
# given-first order of each.
CAST_NAMES = {
    "director": ("Lê", "Văn", "Thành", "ông"),
    "office": ("Vũ", "Thị", "Hương", "chị"),
    "head_a": ("Đỗ", "Văn", "Bình", "anh"),
    "head_b": ("Phạm", "Thị", "Lan", "chị"),
    "guard": ("Hoàng", "Văn", "Dũng", "anh"),
    "tracer": ("Ngô", "Thị", "Mai", ""),
    "staff_user": ("Trịnh", "Minh", "Khôi", "anh"),
    "editor": ("Bùi", "Thu", "Trang", "chị"),
    "it": ("Đặng", "Quốc", "Huy", "anh"),
    "admin": ("Lý", "Thanh", "Tùng", ""),
}


def reversed_forms(family: str, middle: str, given: str) -> list[str]:
    """What Django's English order would print: given name first."""
    return [
        f"{given} {family} {middle}",
        f"{given} {middle} {family}",
        f"{middle} {given} {family}",
    ]


@override_settings(PUBLIC_BASE_URL="https://phongdich.example.vn")
class NoReversedNameOnAnyPageTests(TestCase):
    route_kwargs: dict[str, dict[str, Any]]

    @classmethod
    def setUpTestData(cls) -> None:
        make_cast(cls)
        for member, (family, middle, given, title) in CAST_NAMES.items():
            account = getattr(cls, member)
            account.first_name, account.last_name = given, f"{family} {middle}"
            account.save()
            Staff.objects.filter(user=account).update(
                full_name=f"{family} {middle} {given}", form_of_address=title
            )
        cls.route_kwargs = {route.name: route.kwargs(cls) for route in access_table.ROUTES}

    def check_member(self, member: str) -> None:
        client = Client()
        client.force_login(getattr(self, member))
        forbidden = [form for names in CAST_NAMES.values() for form in reversed_forms(*names[:3])]
        seen = 0
        for route in access_table.ROUTES:
            if route.method != "get" or route.expected(member) != 200:
                continue
            url = reverse(route.name, kwargs=self.route_kwargs[route.name])
            response = client.get(url)
            if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
                continue
            seen += 1
            html = response.content.decode()
            found = [form for form in forbidden if form in html]
            self.assertEqual(found, [], f"{member} on {route.name} ({url})")
        self.assertGreater(seen, 0)

    def test_the_home_greets_by_the_short_name(self) -> None:
        client = Client()
        client.force_login(self.office)
        html = client.get(reverse("core:home")).content.decode()
        self.assertIn("Xin chào, chị Hương", html)
        self.assertIn("Vũ Thị Hương", html)  # the header: the full name, family first


for _member in MEMBERS:

    def _case(self: NoReversedNameOnAnyPageTests, member: str = _member) -> None:
        self.check_member(member)

    _case.__name__ = f"test_no_page_names_anyone_given_first__{_member}"
    setattr(NoReversedNameOnAnyPageTests, _case.__name__, _case)

"""The staff directory: scoped to the viewer's units, with a pinned number of queries."""

from __future__ import annotations

from django.urls import reverse

from phongdich.core.fields import INDENT, UnitChoiceField
from phongdich.core.tests.base import BaseTestCase
from phongdich.org.models import Staff

URL = reverse("org:staff_list")


class StaffListTestCase(BaseTestCase):
    def test_a_unit_head_sees_only_staff_of_their_unit_and_below(self) -> None:
        self.login(self.head_a)
        response = self.client.get(URL)
        self.assertContains(response, "Nguyễn Văn Ạ")  # in a team below unit A
        self.assertContains(response, "Trưởng A")
        self.assertNotContains(response, "Trần Thị Bê")
        self.assertNotContains(response, "Trưởng B")
        self.assertNotContains(response, reverse("org:staff_detail", args=[self.staff_b.pk]))

    def test_the_office_sees_staff_of_every_unit(self) -> None:
        self.login(self.office)
        response = self.client.get(URL)
        self.assertContains(response, "Nguyễn Văn Ạ")
        self.assertContains(response, "Trần Thị Bê")

    def test_a_unit_head_cannot_filter_on_another_unit(self) -> None:
        self.login(self.head_a)
        response = self.client.get(URL, {"unit": self.unit_b.pk})
        self.assertNotContains(response, "Trần Thị Bê")
        self.assertNotContains(response, f'<option value="{self.unit_b.pk}"')

    def test_it_finds_staff_by_any_spelling_of_their_phone(self) -> None:
        self.login(self.office)
        response = self.client.get(URL, {"q": "0912 000 002"})
        self.assertContains(response, "Trần Thị Bê")
        self.assertNotContains(response, "Nguyễn Văn Ạ")

    def test_it_finds_staff_by_code(self) -> None:
        self.login(self.office)
        response = self.client.get(URL, {"q": "sa01"})
        self.assertContains(response, "Nguyễn Văn Ạ")
        self.assertNotContains(response, "Trần Thị Bê")

    def test_it_hides_staff_who_have_left(self) -> None:
        Staff.objects.filter(pk=self.staff_b.pk).update(is_active=False)
        self.login(self.office)
        self.assertNotContains(self.client.get(URL), "Trần Thị Bê")

    def test_it_is_forbidden_to_guards_and_plain_staff(self) -> None:
        for user in (self.guard, self.staff_user, self.editor):
            with self.subTest(user.username):
                self.login(user)
                self.assertEqual(self.client.get(URL).status_code, 403)

    def test_it_runs_a_fixed_number_of_queries_however_many_staff_are_listed(self) -> None:
        # Session, user, roles (2), [unit paths], count, unit choices, page, session save (3),
        # the unread-notifications count of the top bar.
        for user, queries in ((self.office, 11), (self.head_a, 12)):
            with self.subTest(user.username):
                self.login(user)
                with self.assertNumQueries(queries):
                    self.client.get(URL)
                Staff.objects.bulk_create(
                    Staff(
                        full_name=f"Thêm {user.pk}-{n}",
                        staff_code=f"X{user.pk}-{n}",
                        unit=self.unit_a,
                    )
                    for n in range(20)
                )
                with self.assertNumQueries(queries):
                    response = self.client.get(URL)
                self.assertContains(response, f"Thêm {user.pk}-19")


class StaffListUnitFilterTestCase(BaseTestCase):
    def test_the_unit_filter_is_the_shared_tree_picker_scoped_to_the_viewer(self) -> None:
        self.login(self.head_a)
        form = self.client.get(URL).context["form"]
        field = form.fields["unit"]
        self.assertIsInstance(field, UnitChoiceField)
        labels = [str(label) for _value, label in field.choices]
        # Unit A at the margin, its team indented below it; nothing of unit B.
        self.assertEqual(labels, ["Tất cả", self.unit_a.name, INDENT + self.unit_a_team.name])

    def test_the_office_sees_the_whole_tree_indented(self) -> None:
        self.login(self.office)
        response = self.client.get(URL)
        self.assertContains(response, f">{self.dept.name}</option>")
        self.assertContains(response, f">{INDENT}{INDENT}{self.unit_a_team.name}</option>")

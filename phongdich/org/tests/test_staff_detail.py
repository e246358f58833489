"""One staff member's page: reachable by id only inside the viewer's units."""

from __future__ import annotations

from django.urls import reverse

from phongdich.core.tests.base import BaseTestCase


class StaffDetailTestCase(BaseTestCase):
    def url(self, staff) -> str:  # type: ignore[no-untyped-def]
        return reverse("org:staff_detail", args=[staff.pk])

    def test_a_unit_head_sees_staff_of_a_team_below_their_unit(self) -> None:
        self.login(self.head_a)
        response = self.client.get(self.url(self.staff_a))
        self.assertContains(response, "Nguyễn Văn Ạ")
        self.assertContains(response, "+84912000001")
        self.assertContains(response, "Tổ Tuyển sinh")

    def test_the_head_of_unit_a_cannot_open_unit_b_staff_by_id(self) -> None:
        self.login(self.head_a)
        self.assertEqual(self.client.get(self.url(self.staff_b)).status_code, 404)
        self.assertEqual(self.client.get(self.url(self.head_b.staff)).status_code, 404)

    def test_the_head_of_unit_b_cannot_open_unit_a_staff_by_id(self) -> None:
        self.login(self.head_b)
        self.assertEqual(self.client.get(self.url(self.staff_a)).status_code, 404)
        self.assertEqual(self.client.get(self.url(self.staff_b)).status_code, 200)

    def test_organisation_wide_roles_see_every_unit(self) -> None:
        for user in (self.director, self.office, self.tracer, self.admin):
            with self.subTest(user.username):
                self.login(user)
                self.assertEqual(self.client.get(self.url(self.staff_b)).status_code, 200)

    def test_an_unknown_id_is_not_found(self) -> None:
        self.login(self.office)
        self.assertEqual(
            self.client.get(reverse("org:staff_detail", args=[999999])).status_code, 404
        )

    def test_it_is_forbidden_to_guards_and_plain_staff(self) -> None:
        for user in (self.guard, self.staff_user):
            with self.subTest(user.username):
                self.login(user)
                self.assertEqual(self.client.get(self.url(self.staff_a)).status_code, 403)

    def test_it_sends_an_anonymous_visitor_to_the_login_page(self) -> None:
        self.assertEqual(self.client.get(self.url(self.staff_a)).status_code, 302)

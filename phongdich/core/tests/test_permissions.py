"""visible_units, has_role and the object-level check: no record of another unit by id."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from phongdich.core.permissions import forget_roles, has_role, roles_of, visible_units
from phongdich.core.roles import Role
from phongdich.core.tests.base import BaseTestCase
from phongdich.org.models import Unit
from phongdich.org.selectors import DIRECTORY_ROLES


class VisibleUnitsTests(BaseTestCase):
    def codes(self, user: object, **kwargs: object) -> set[str]:
        return set(visible_units(user, **kwargs).values_list("code", flat=True))  # type: ignore[arg-type]

    def test_a_unit_head_sees_their_unit_and_everything_below_it(self) -> None:
        self.assertEqual(self.codes(self.head_a), {"P-A", "P-A-1"})

    def test_a_unit_head_of_a_leaf_unit_sees_only_that_unit(self) -> None:
        self.assertEqual(self.codes(self.head_b), {"TT-B"})

    def test_organisation_wide_roles_see_every_unit(self) -> None:
        every = set(Unit.objects.values_list("code", flat=True))
        for name in ("director", "office", "admin", "tracer"):
            with self.subTest(name):
                self.assertEqual(self.codes(getattr(self, name)), every)

    def test_the_it_team_assigned_to_the_department_sees_its_whole_tree(self) -> None:
        self.assertEqual(self.codes(self.it), set(Unit.objects.values_list("code", flat=True)))

    def test_plain_staff_see_their_own_unit_only_not_the_units_below(self) -> None:
        self.assertEqual(self.codes(self.staff_user), {"P-A"})

    def test_a_guard_without_a_role_unit_is_scoped_to_their_staff_unit(self) -> None:
        self.assertEqual(self.codes(self.guard), {"VP"})

    def test_an_anonymous_visitor_sees_no_unit(self) -> None:
        self.assertEqual(self.codes(AnonymousUser()), set())

    def test_an_inactive_account_sees_no_unit(self) -> None:
        self.director.is_active = False
        self.director.save()
        forget_roles(self.director)
        self.assertEqual(self.codes(self.director), set())

    def test_roles_narrow_what_is_seen(self) -> None:
        self.assertEqual(self.codes(self.head_a, roles=DIRECTORY_ROLES), {"P-A", "P-A-1"})
        self.assertEqual(self.codes(self.staff_user, roles=DIRECTORY_ROLES), set())
        self.assertEqual(self.codes(self.guard, roles=DIRECTORY_ROLES), set())

    def test_a_unit_whose_path_shares_a_prefix_is_not_in_the_subtree(self) -> None:
        # Paths are "/1/", "/1/3/"…: the head of "/5/" must not see "/50/".
        lookalike = Unit.objects.create(code="X50", name="Đơn vị khác")
        Unit.objects.filter(pk=lookalike.pk).update(path=self.unit_b.path[:-1] + "0/")
        self.assertEqual(self.codes(self.head_b), {"TT-B"})

    def test_an_explicit_role_unit_wins_over_the_staff_unit(self) -> None:
        # IT is assigned to the department although their staff record is in the Office.
        self.assertIn("TT-B", self.codes(self.it))


class RolesTests(BaseTestCase):
    def test_every_active_staff_member_holds_the_staff_role(self) -> None:
        self.assertEqual(roles_of(self.staff_user), {Role.STAFF})
        self.assertEqual(roles_of(self.head_a), {Role.UNIT_HEAD, Role.STAFF})

    def test_has_role_is_false_for_roles_not_held(self) -> None:
        self.assertTrue(has_role(self.tracer, Role.TRACER))
        self.assertFalse(has_role(self.tracer, Role.ADMIN, Role.DIRECTOR))
        self.assertFalse(has_role(AnonymousUser(), Role.STAFF))

    def test_a_staff_member_who_left_loses_the_staff_role(self) -> None:
        self.staff_user.staff.is_active = False
        self.staff_user.staff.save()
        forget_roles(self.staff_user)
        self.assertEqual(roles_of(self.staff_user), set())


class ObjectLevelTests(BaseTestCase):
    def test_head_a_cannot_open_a_staff_record_of_unit_b_by_id(self) -> None:
        self.login(self.head_a)
        response = self.client.get(reverse("org:staff_detail", args=[self.staff_b.pk]))
        self.assertEqual(response.status_code, 404)
        self.assertNotContains(response, self.staff_b.full_name, status_code=404)

    def test_head_a_can_open_a_staff_record_of_a_team_below_unit_a(self) -> None:
        self.login(self.head_a)
        response = self.client.get(reverse("org:staff_detail", args=[self.staff_a.pk]))
        self.assertContains(response, self.staff_a.full_name)

    def test_head_b_cannot_open_the_record_of_head_a_by_id(self) -> None:
        self.login(self.head_b)
        response = self.client.get(reverse("org:staff_detail", args=[self.head_a.staff.pk]))
        self.assertEqual(response.status_code, 404)

    def test_the_directory_of_head_a_lists_nobody_of_unit_b(self) -> None:
        self.login(self.head_a)
        response = self.client.get(reverse("org:staff_list"))
        self.assertContains(response, self.staff_a.full_name)
        self.assertNotContains(response, self.staff_b.full_name)
        self.assertNotContains(response, "Trưởng B")

    def test_head_a_cannot_reach_unit_b_by_filtering_the_directory(self) -> None:
        self.login(self.head_a)
        response = self.client.get(reverse("org:staff_list"), {"unit": self.unit_b.pk})
        self.assertNotContains(response, self.staff_b.full_name)

    def test_head_a_cannot_find_unit_b_staff_by_their_phone(self) -> None:
        self.login(self.head_a)
        response = self.client.get(reverse("org:staff_list"), {"q": "0912000002"})
        self.assertNotContains(response, self.staff_b.full_name)

    def test_a_missing_id_and_a_forbidden_id_answer_alike(self) -> None:
        self.login(self.head_a)
        forbidden = self.client.get(reverse("org:staff_detail", args=[self.staff_b.pk]))
        missing = self.client.get(reverse("org:staff_detail", args=[999_999]))
        self.assertEqual((forbidden.status_code, missing.status_code), (404, 404))
        self.assertTemplateUsed(forbidden, "404.html")
        self.assertTemplateUsed(missing, "404.html")

"""Who reaches which page: roles per view, drafts and other units' directives are 404."""

from __future__ import annotations

from django.urls import reverse

from phongdich.directives.tests.helpers import DENIED, MANAGERS, DirectiveTestCase


class ListAccessTests(DirectiveTestCase):
    def test_it_sends_an_anonymous_visitor_to_the_login_page(self) -> None:
        response = self.client.get(reverse("directives:index"))
        self.assertEqual(response.status_code, 302)
        self.assertIn(reverse("accounts:login"), response["Location"])

    def test_it_refuses_roles_without_directives(self) -> None:
        for name in DENIED:
            with self.subTest(name):
                self.login(self.cast[name])
                self.assertEqual(self.client.get(reverse("directives:index")).status_code, 403)

    def test_it_lists_drafts_and_issued_for_office_admin_and_director(self) -> None:
        for name in [*MANAGERS, "director"]:
            with self.subTest(name):
                self.login(self.cast[name])
                response = self.client.get(reverse("directives:index"))
                self.assertContains(response, "V/v dự thảo thử")
                self.assertContains(response, "13/SLĐTBXH-VP")

    def test_it_lists_only_issued_directives_of_the_unit_heads_units(self) -> None:
        self.login(self.head_a)
        response = self.client.get(reverse("directives:index"))
        self.assertContains(response, "V/v đã ban hành")
        self.assertNotContains(response, "V/v dự thảo thử")
        self.assertNotContains(response, "V/v chỉ cho B")
        self.login(self.head_b)
        response = self.client.get(reverse("directives:index"))
        self.assertContains(response, "V/v chỉ cho B")

    def test_it_filters_by_state_and_year(self) -> None:
        self.login(self.office)
        response = self.client.get(reverse("directives:index"), {"state": "draft", "year": 2026})
        self.assertContains(response, "V/v dự thảo thử")
        self.assertNotContains(response, "V/v đã ban hành")
        response = self.client.get(reverse("directives:index"), {"year": 2020})
        self.assertNotContains(response, "V/v dự thảo thử")

    def test_the_list_takes_a_fixed_number_of_queries(self) -> None:
        self.login(self.office)
        self.client.get(reverse("directives:index"))
        with self.assertNumQueries(11):  # 10 + the bell's unread count
            self.client.get(reverse("directives:index"))


class DetailAccessTests(DirectiveTestCase):
    def url(self, directive: object) -> str:
        return reverse("directives:detail", args=[directive.pk])

    def test_a_draft_is_404_for_everyone_but_office_admin_and_director(self) -> None:
        for name in ["head_a", "head_b", *DENIED]:
            with self.subTest(name):
                self.login(self.cast[name])
                self.assertIn(self.client.get(self.url(self.draft)).status_code, {403, 404})
        self.login(self.head_a)
        self.assertEqual(self.client.get(self.url(self.draft)).status_code, 404)

    def test_the_director_reads_a_draft_without_edit_links(self) -> None:
        self.login(self.director)
        response = self.client.get(self.url(self.draft))
        self.assertContains(response, "Việc của phòng A")
        self.assertNotContains(response, reverse("directives:issue", args=[self.draft.pk]))

    def test_a_unit_head_sees_only_the_tasks_of_their_units(self) -> None:
        self.login(self.head_a)
        response = self.client.get(self.url(self.issued))
        self.assertContains(response, "Báo cáo của phòng A")
        self.assertNotContains(response, "Báo cáo của trung tâm B")

    def test_a_directive_of_another_unit_is_404_for_a_unit_head(self) -> None:
        self.login(self.head_a)
        self.assertEqual(self.client.get(self.url(self.issued_b)).status_code, 404)

    def test_a_unit_head_cannot_manage_even_their_own_directive(self) -> None:
        self.login(self.head_a)
        for name in ["edit", "issue", "close", "delete", "task_create"]:
            with self.subTest(name):
                url = reverse(f"directives:{name}", args=[self.issued.pk])
                self.assertEqual(self.client.get(url).status_code, 403)
                self.assertEqual(self.client.post(url).status_code, 403)

    def test_the_director_cannot_manage(self) -> None:
        self.login(self.director)
        url = reverse("directives:issue", args=[self.draft.pk])
        self.assertEqual(self.client.post(url).status_code, 403)
        self.assertEqual(self.fresh(self.draft).state, "draft")

    def test_a_task_of_another_directive_is_404(self) -> None:
        self.login(self.office)
        other_task = self.issued.tasks.first()
        url = reverse("directives:task_edit", args=[self.draft.pk, other_task.pk])
        self.assertEqual(self.client.get(url).status_code, 404)

    def test_the_detail_takes_a_fixed_number_of_queries(self) -> None:
        self.login(self.office)
        self.client.get(self.url(self.issued))
        with self.assertNumQueries(14):  # 13 + the bell's unread count
            self.client.get(self.url(self.issued))

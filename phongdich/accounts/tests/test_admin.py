"""The Django admin at /quan-tri/: the Admin role only; one login page for everyone."""

from __future__ import annotations

from django.urls import reverse

from phongdich.core.tests.base import BaseTestCase


class AdminAccessTests(BaseTestCase):
    index = reverse("admin:index")

    def test_the_admin_lives_at_quan_tri(self) -> None:
        self.assertEqual(self.index, "/quan-tri/")

    def test_the_admin_role_gets_in(self) -> None:
        self.login(self.admin)
        response = self.client.get(self.index)
        self.assertContains(response, "Quản trị hệ thống")

    def test_other_roles_are_refused_even_with_is_staff(self) -> None:
        for name in ("director", "office", "head_a", "it", "tracer", "staff_user"):
            user = getattr(self, name)
            user.is_staff = True
            user.save()
            with self.subTest(name):
                self.login(user)
                self.assertEqual(self.client.get(self.index).status_code, 403)
                changelist = reverse("admin:accounts_user_changelist")
                self.assertEqual(self.client.get(changelist).status_code, 403)

    def test_a_superuser_flag_without_the_admin_role_is_refused(self) -> None:
        self.director.is_staff = self.director.is_superuser = True
        self.director.save()
        self.login(self.director)
        self.assertEqual(self.client.get(self.index).status_code, 403)

    def test_the_admin_role_without_is_staff_is_refused(self) -> None:
        self.admin.is_staff = False
        self.admin.save()
        self.login(self.admin)
        self.assertEqual(self.client.get(self.index).status_code, 403)

    def test_an_anonymous_visitor_is_sent_to_the_site_login_page(self) -> None:
        response = self.client.get(reverse("admin:accounts_user_changelist"))
        self.assertRedirects(response, f"{reverse('accounts:login')}?next=/quan-tri/accounts/user/")

    def test_the_admin_login_page_is_the_site_login_page(self) -> None:
        response = self.client.get(reverse("admin:login") + "?next=/quan-tri/org/")
        self.assertRedirects(response, f"{reverse('accounts:login')}?next=/quan-tri/org/")

    def test_the_admin_login_form_does_not_accept_credentials(self) -> None:
        from phongdich.core.tests.base import PASSWORD

        response = self.client.post(
            reverse("admin:login"), {"username": "admin", "password": PASSWORD}
        )
        self.assertEqual(response.status_code, 302)
        self.assertNotIn("_auth_user_id", self.client.session)

    def test_the_admin_login_ignores_a_next_url_on_another_host(self) -> None:
        response = self.client.get(reverse("admin:login") + "?next=https://evil.example/")
        self.assertRedirects(response, f"{reverse('accounts:login')}?next=/quan-tri/")

    def test_a_signed_in_admin_is_sent_on_from_the_admin_login(self) -> None:
        self.login(self.admin)
        response = self.client.get(reverse("admin:login"))
        self.assertRedirects(response, self.index)

    def test_a_signed_in_non_admin_on_the_admin_login_gets_403(self) -> None:
        self.login(self.office)
        self.assertEqual(self.client.get(reverse("admin:login")).status_code, 403)

    def test_only_the_admin_sees_the_admin_link(self) -> None:
        self.login(self.admin)
        self.assertContains(self.client.get(reverse("core:home")), f'href="{self.index}"')
        self.login(self.director)
        self.assertNotContains(self.client.get(reverse("core:home")), f'href="{self.index}"')

from django.urls import reverse

from phongdich.core.tests.base import BaseTestCase


class HomeTests(BaseTestCase):
    def test_it_sends_an_anonymous_visitor_to_the_login_page(self) -> None:
        response = self.client.get(reverse("core:home"))
        self.assertRedirects(response, reverse("accounts:login") + "?next=/")

    def test_it_shows_the_staff_directory_link_to_the_office(self) -> None:
        self.login(self.office)
        response = self.client.get(reverse("core:home"))
        self.assertContains(response, reverse("org:staff_list"))
        self.assertContains(response, reverse("org:staff_import"))

    def test_it_hides_the_staff_directory_from_a_guard(self) -> None:
        self.login(self.guard)
        response = self.client.get(reverse("core:home"))
        self.assertNotContains(response, reverse("org:staff_list"))
        self.assertContains(response, reverse("org:unit_list"))

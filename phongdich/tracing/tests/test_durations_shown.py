"""Durations as hours and minutes everywhere: the shared ``duration`` filter, the
case page and the contact page ("7 giờ 05 phút", never "425,47")."""

from __future__ import annotations

from datetime import timedelta

from django.template import Context, Template
from django.test import SimpleTestCase
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import override

from phongdich.core.tests.base import BaseTestCase
from phongdich.tracing import services
from phongdich.tracing.models import Contact
from phongdich.tracing.tests.outbreak import make_outbreak, yesterday


class DurationFilterTests(SimpleTestCase):
    def render(self, value: object) -> str:
        return Template("{% load durations %}{{ value|duration }}").render(
            Context({"value": value})
        )

    def test_minutes_and_timedeltas_read_as_hours_and_minutes(self) -> None:
        cases = {
            425.47: "7 giờ 05 phút",
            60: "1 giờ 00 phút",
            59.6: "1 giờ 00 phút",
            45: "45 phút",
            0.2: "0 phút",
            timedelta(hours=8, minutes=4): "8 giờ 04 phút",
            "90": "1 giờ 30 phút",
            None: "—",
            "": "—",
            "không rõ": "—",
        }
        for value, expected in cases.items():
            with self.subTest(value=value):
                self.assertEqual(self.render(value), expected)

    def test_english_pages_get_english_units(self) -> None:
        with override("en"):
            self.assertEqual(self.render(425.47), "7 h 05 min")

    def test_the_support_filter_is_the_same_formatter(self) -> None:
        html = Template("{% load support_tags %}{{ v|minutes }}").render(Context({"v": 150}))
        self.assertEqual(html, "2 giờ 30 phút")


class CasePageDurationTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        make_outbreak(cls)

    def test_the_case_and_contact_pages_show_hours_and_minutes(self) -> None:
        case = services.case_create(person=self.f0_person, onset=yesterday(), user=self.tracer)
        contact = Contact.objects.create(
            case=case,
            person=self.f1_person,
            level=1,
            exposed_at=timezone.now(),
            via=self.f0_person,
            location=self.gate_a,
            overlap_minutes=425.47,
        )
        self.login(self.tracer)
        for url in [
            reverse("tracing:case_detail", args=[case.pk]),
            reverse("tracing:contact_detail", args=[contact.pk]),
        ]:
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertContains(response, "7 giờ 05 phút")
                self.assertContains(response, "Thời gian tiếp xúc")
                self.assertNotContains(response, "425,47")
                self.assertNotContains(response, "425.47")

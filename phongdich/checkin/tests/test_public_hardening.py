"""The public check-in against odd headers and what its rate counters keep."""

from __future__ import annotations

from django.test import Client

from phongdich.checkin.models import Location, Person, Visit
from phongdich.checkin.tests.public_helpers import (
    checkin_url,
    declaration_data,
    form_tokens,
    submit,
)
from phongdich.checkin.views.public import RATE_PURPOSE
from phongdich.core.crypto import blind_index
from phongdich.core.models import RateCounter
from phongdich.core.tests.base import BaseTestCase

MALFORMED_ORIGINS = ["http://[::1", "http://["]


class MalformedOriginTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.gate = Location.objects.create(code="G1", name="Cổng 1", unit=cls.office_unit)

    def test_a_check_in_with_a_malformed_origin_is_refused_cleanly(self) -> None:
        data = {**form_tokens(self.client, self.gate), **declaration_data()}
        for origin in MALFORMED_ORIGINS:
            with self.subTest(origin=origin):
                response = self.client.post(
                    checkin_url(self.gate), data, headers={"Origin": origin}
                )
                self.assertEqual(response.status_code, 403)
                self.assertTemplateUsed(response, "checkin/public/forbidden.html")
        self.assertEqual(Visit.objects.count(), 0)

    def test_a_check_out_with_a_malformed_origin_is_refused_cleanly(self) -> None:
        submit(self.client, self.gate)
        tokens = form_tokens(self.client, self.gate)
        for origin in MALFORMED_ORIGINS:
            with self.subTest(origin=origin):
                response = self.client.post(
                    f"{checkin_url(self.gate)}/ra", {"ft": tokens["ft"]}, headers={"Origin": origin}
                )
                self.assertEqual(response.status_code, 403)
        self.assertIsNone(Visit.objects.get().check_out)

    def test_the_sites_own_origin_still_checks_in(self) -> None:
        data = {**form_tokens(self.client, self.gate), **declaration_data()}
        response = self.client.post(
            checkin_url(self.gate), data, headers={"Origin": "http://testserver"}
        )
        self.assertEqual(response.status_code, 302)


class RateCounterKeyTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.gate = Location.objects.create(code="G1", name="Cổng 1", unit=cls.office_unit)

    def test_no_rate_counter_holds_the_phone_number(self) -> None:
        self.assertEqual(submit(Client(), self.gate, phone="0912 345 678").status_code, 302)
        keys = list(RateCounter.objects.values_list("key", flat=True))
        self.assertEqual(len(keys), 2)  # the client and the phone
        for key in keys:
            for digits in ("912345678", "0912345678", "+84912345678", "345678"):
                self.assertNotIn(digits, key)
        phone_key = "checkin:phone:" + blind_index("+84912345678", purpose=RATE_PURPOSE)
        self.assertIn(phone_key, keys)
        self.assertNotIn(Person.index_of("+84912345678"), phone_key)  # not joinable

    def test_the_phone_counter_still_counts_one_phone_across_clients(self) -> None:
        with self.settings(CHECKIN_RATE_PER_PHONE=1):
            first = submit(Client(REMOTE_ADDR="10.0.0.1"), self.gate, phone="0912345678")
            second = submit(Client(REMOTE_ADDR="10.0.0.2"), self.gate, phone="+84 912 345 678")
        self.assertEqual((first.status_code, second.status_code), (302, 429))

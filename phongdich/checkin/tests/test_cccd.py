from __future__ import annotations

import unicodedata
from datetime import date

from django.test import SimpleTestCase

from phongdich.checkin.cccd import CccdError, parse_cccd

VALID = "038090001234|123456789|Nguyễn Văn An|15031990|Nam|Số 5, Lê Lợi, Thanh Hóa|01072021"


class ParseCccdTests(SimpleTestCase):
    def test_it_reads_every_field_of_a_card(self) -> None:
        card = parse_cccd(VALID + "\r\n")
        self.assertEqual(card.id_number, "038090001234")
        self.assertEqual(card.full_name, "Nguyễn Văn An")
        self.assertEqual(card.birth_date, date(1990, 3, 15))
        self.assertEqual(card.gender, "Nam")
        self.assertEqual(card.address, "Số 5, Lê Lợi, Thanh Hóa")
        self.assertEqual(card.issue_date, date(2021, 7, 1))

    def test_it_unpacks_as_a_tuple(self) -> None:
        id_number, name, birth, gender, address, issued = parse_cccd(VALID)
        self.assertEqual(
            (id_number, name, birth), ("038090001234", "Nguyễn Văn An", date(1990, 3, 15))
        )

    def test_it_accepts_a_card_without_an_old_id_number(self) -> None:
        card = parse_cccd(VALID.replace("|123456789|", "||"))
        self.assertEqual(card.full_name, "Nguyễn Văn An")

    def test_it_stores_decomposed_text_as_nfc(self) -> None:
        card = parse_cccd(unicodedata.normalize("NFD", VALID))
        self.assertEqual(card.full_name, "Nguyễn Văn An")
        self.assertTrue(unicodedata.is_normalized("NFC", card.full_name))
        self.assertTrue(unicodedata.is_normalized("NFC", card.address))

    def assertRejects(self, text: str, *fragments: str) -> None:  # noqa: N802
        with self.assertRaises(CccdError) as ctx:
            parse_cccd(text)
        self.assertIsInstance(ctx.exception, ValueError)
        for fragment in fragments:
            self.assertIn(fragment, str(ctx.exception))

    def test_it_rejects_empty_text(self) -> None:
        self.assertRejects("  ", "Chưa có dữ liệu")

    def test_it_rejects_the_wrong_number_of_fields(self) -> None:
        self.assertRejects("038090001234|Nguyễn Văn An|15031990", "7 phần", "3 phần")
        self.assertRejects(VALID + "|thừa", "7 phần", "8 phần")
        self.assertRejects("https://example.vn/not-a-card", "7 phần", "1 phần")

    def test_it_rejects_an_id_number_that_is_not_twelve_digits(self) -> None:
        self.assertRejects(VALID.replace("038090001234", "03809000123"), "12 chữ số")
        self.assertRejects(VALID.replace("038090001234", "03809000123A"), "12 chữ số")

    def test_it_rejects_an_empty_name(self) -> None:
        self.assertRejects(VALID.replace("Nguyễn Văn An", "   "), "thiếu họ và tên")

    def test_it_rejects_bad_dates(self) -> None:
        self.assertRejects(VALID.replace("15031990", "1990-03-15"), "Ngày sinh", "8 chữ số")
        self.assertRejects(VALID.replace("15031990", "31021990"), "Ngày sinh", "không phải là ngày")
        self.assertRejects(VALID.replace("01072021", "00002021"), "Ngày cấp")
        self.assertRejects(VALID.replace("01072021", "01071980"), "trước ngày sinh")

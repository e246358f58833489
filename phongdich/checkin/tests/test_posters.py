"""The poster as a phone and a printer see it: render the PDF to pixels, decode the
QR code, follow the URL it carries; read the PDF's text for the Vietnamese names."""

import os
import subprocess
import sys
import unicodedata
from pathlib import Path
from urllib.parse import urlsplit

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import zxingcpp
from django.test import SimpleTestCase, override_settings
from django.urls import resolve

from phongdich.checkin import posters
from phongdich.checkin.models import DiseaseProfile, Location
from phongdich.checkin.tests.test_gates_base import (
    GateTestCase,
    decode_qr,
    pdf_page_image,
    pdf_page_text,
    pdf_pages,
)
from phongdich.org.models import Unit

BASE = "https://phongdich.soldtbxh.example.vn"
ROOT = Path(__file__).resolve().parents[3]
# 90 characters, no punctuation: every word must come out whole
LONG_NAME = (
    "Cổng tiếp dân và tiếp nhận hồ sơ của Trung tâm Bảo trợ xã hội tỉnh tại khu nhà điều hành A"
)
BAND = "Địa chỉ cục bộ – không in để dán"


def font_size_at(pdf: bytes, needle: str) -> float:
    """The font size, in points, of the first character of ``needle`` on page 1."""
    textpage = pdfium.PdfDocument(pdf)[0].get_textpage()
    text = textpage.get_text_range()
    index = text.index(needle)
    return round(pdfium_c.FPDFText_GetFontSize(textpage.raw, index), 1)


@override_settings(PUBLIC_BASE_URL=BASE)
class PosterPdfTests(GateTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.centre = Unit.objects.create(
            code="TT-DDNCC", name="Trung tâm Điều dưỡng người có công", parent=cls.dept
        )
        cls.gate = Location.objects.create(
            code="TT-DDNCC-CONG",
            name="Cổng chính Trung tâm Điều dưỡng",
            unit=cls.centre,
            address="Phường Đông Hương",
        )

    def test_its_qr_code_decodes_to_the_public_check_in_url_of_the_gate(self) -> None:
        pdf = posters.poster_pdf([self.gate])
        self.assertEqual(pdf_pages(pdf), 1)
        found = decode_qr(pdf_page_image(pdf, dpi=170))
        self.assertEqual(found, [f"{BASE}/c/{self.gate.poster_token}"])

    def test_the_decoded_url_leads_to_the_public_check_in_view(self) -> None:
        (url,) = decode_qr(pdf_page_image(posters.poster_pdf([self.gate]), dpi=150))
        path = urlsplit(url).path
        match = resolve(path)
        self.assertEqual(match.view_name, "public:checkin")
        self.assertEqual(match.kwargs, {"token": self.gate.poster_token})
        response = self.client.get(path)
        self.assertEqual(response.resolver_match.view_name, "public:checkin")
        self.assertNotEqual(response.status_code, 404)

    def test_its_qr_code_is_twelve_centimetres_wide_quiet_zone_included(self) -> None:
        dpi = 150
        image = pdf_page_image(posters.poster_pdf([self.gate]), dpi=dpi)
        (result,) = zxingcpp.read_barcodes(image)
        corners = result.position
        side_px = corners.top_right.x - corners.top_left.x
        modules, _ = posters.qr_code(self.gate).symbol_size(scale=1, border=0)
        expected_mm = 120 * modules / (modules + 8)  # 4 quiet modules each side
        self.assertAlmostEqual(side_px / dpi * 25.4, expected_mm, delta=3)
        self.assertIn(result.ec_level, {"M", "Q", "H"})

    def test_its_text_has_the_vietnamese_names_the_code_and_the_addresses(self) -> None:
        text = pdf_page_text(posters.poster_pdf([self.gate]))
        self.assertEqual(unicodedata.normalize("NFC", text), text)
        for expected in [
            "Cổng chính Trung tâm Điều dưỡng",
            "Trung tâm Điều dưỡng người có công",
            self.gate.manual_code,
            f"{BASE}/c/",  # the page for typing the code
            f"{BASE}/c/{self.gate.poster_token}",
            "1. Mở camera điện thoại, quét mã.",
            "2. Khai báo y tế.",
            "3. Đưa màn hình cho bảo vệ xem.",
        ]:
            with self.subTest(expected=expected):
                self.assertIn(expected, text)

    def test_the_unit_pdf_has_one_page_per_active_gate_each_with_its_own_code(self) -> None:
        other = Location.objects.create(code="TT-DDNCC-PHU", name="Cổng phụ", unit=self.centre)
        Location.objects.create(
            code="TT-DDNCC-CU", name="Cổng cũ", unit=self.centre, token_revoked=True
        )
        Location.objects.create(
            code="TT-DDNCC-DONG", name="Cổng đóng", unit=self.centre, is_active=False
        )
        pdf, gates = posters.unit_poster_pdf(self.centre)
        self.assertEqual(gates, [self.gate, other])
        self.assertEqual(pdf_pages(pdf), 2)
        for index, gate in enumerate(gates):
            with self.subTest(gate=gate.code):
                self.assertEqual(
                    decode_qr(pdf_page_image(pdf, index)), [f"{BASE}/c/{gate.poster_token}"]
                )
                text = pdf_page_text(pdf, index)
                self.assertIn(gate.name, text)
                self.assertIn(gate.manual_code, text)

    def test_the_sos_name_is_printed_above_the_office_unit_name(self) -> None:
        office_gate = Location.objects.create(
            code="VP-CONG", name="Cổng chính Sở", unit=self.office_unit
        )
        text = pdf_page_text(posters.poster_pdf([office_gate]))
        self.assertIn("Sở Thử nghiệm Văn phòng Sở Cổng chính Sở", text)

    def test_the_sos_name_is_printed_above_every_unit_of_its_tree(self) -> None:
        team_gate = Location.objects.create(code="PA1-CONG", name="Phòng 1", unit=self.unit_a_team)
        text = pdf_page_text(posters.poster_pdf([self.gate, team_gate]))
        self.assertTrue(text.startswith("Sở Thử nghiệm Trung tâm Điều dưỡng người có công"), text)
        team_text = pdf_page_text(posters.poster_pdf([team_gate]))
        self.assertTrue(team_text.startswith(f"Sở Thử nghiệm {self.unit_a_team.name}"), team_text)

    def test_a_gate_of_the_so_itself_names_the_so_once(self) -> None:
        gate = Location.objects.create(code="SO-CONG", name="Cổng trụ sở", unit=self.dept)
        text = pdf_page_text(posters.poster_pdf([gate]))
        self.assertEqual(text.count("Sở Thử nghiệm"), 1)
        self.assertTrue(text.startswith("Sở Thử nghiệm Cổng trụ sở"), text)

    def test_the_privacy_notice_gives_purpose_retention_readers_and_the_data_page(self) -> None:
        DiseaseProfile.objects.filter(pk=DiseaseProfile.active().pk).update(retention_days=14)
        text = pdf_page_text(posters.poster_pdf([self.gate]))
        for expected in [
            "Dữ liệu cá nhân: chỉ dùng để kiểm soát ra vào và truy vết khi có ca bệnh",
            "chỉ bảo vệ và tổ truy vết của cơ quan được xem",
            "lưu 14 ngày rồi tự động xóa",
            f"{BASE}/du-lieu-ca-nhan/",
        ]:
            with self.subTest(expected=expected):
                self.assertIn(expected, text)
        self.assertNotIn("21 ngày", text)

    def test_a_ninety_character_gate_name_wraps_between_words_on_one_page(self) -> None:
        self.assertEqual(len(LONG_NAME), 90)
        gate = Location.objects.create(code="TT-DDNCC-DAI", name=LONG_NAME, unit=self.centre)
        pdf = posters.poster_pdf([gate])
        self.assertEqual(pdf_pages(pdf), 1)
        words = pdf_page_text(pdf).split()
        for word in LONG_NAME.split():
            with self.subTest(word=word):
                self.assertIn(word, words)  # whole: no mid-word break, no hyphen
        self.assertIn(LONG_NAME, pdf_page_text(pdf))
        self.assertEqual(decode_qr(pdf_page_image(pdf)), [f"{BASE}/c/{gate.poster_token}"])

    def test_gate_names_long_and_short_are_printed_at_one_font_size(self) -> None:
        long_gate = Location.objects.create(code="TT-DDNCC-DAI", name=LONG_NAME, unit=self.centre)
        short = font_size_at(posters.poster_pdf([self.gate]), "Cổng chính Trung")
        long = font_size_at(posters.poster_pdf([long_gate]), "Cổng tiếp dân")
        self.assertEqual(short, long)
        self.assertGreaterEqual(long, 24)

    def test_long_unit_and_gate_names_and_a_local_band_still_fit_one_page(self) -> None:
        unit = Unit.objects.create(
            code="TT-DAI",
            name=(
                "Trung tâm Điều dưỡng, phục hồi chức năng và chăm sóc người có công "
                "với cách mạng tỉnh cơ sở hai"
            ),
            parent=self.dept,
        )
        gate = Location.objects.create(
            code="TT-DAI-CONG-TIEP-DAN",
            name=LONG_NAME,
            unit=unit,
            address="Số 123 đường Lê Lai, phường Đông Sơn, thành phố Thanh Hóa",
        )
        self.assertEqual(pdf_pages(posters.poster_pdf([gate])), 1)
        with override_settings(PUBLIC_BASE_URL="http://127.0.0.1:8100"):
            self.assertEqual(pdf_pages(posters.poster_pdf([gate], allow_local=True)), 1)

    def test_a_wrapped_name_never_leaves_one_short_word_alone_on_its_last_line(self) -> None:
        nbsp = "\u00a0"
        self.assertEqual(
            posters.no_widow("Cổng chính Trung tâm Dịch vụ việc làm"),
            f"Cổng chính Trung tâm Dịch vụ việc{nbsp}làm",
        )
        self.assertEqual(posters.no_widow("  Cổng   phụ "), "Cổng phụ")
        long_pair = "Cổng Trung tâm Điều dưỡng Phục-hồi-chức-năng"
        self.assertEqual(posters.no_widow(long_pair), long_pair)

    def test_a_public_base_gets_no_local_band(self) -> None:
        self.assertNotIn(BAND, pdf_page_text(posters.poster_pdf([self.gate])))

    def test_a_revoked_or_inactive_gate_gets_no_poster(self) -> None:
        for field in ("token_revoked", "is_active"):
            gate = Location.objects.get(pk=self.gate.pk)
            setattr(gate, field, not getattr(gate, field))
            with self.subTest(field=field), self.assertRaises(posters.PosterUnavailable):
                posters.poster_pdf([gate])
            with self.subTest(field=field), self.assertRaises(posters.PosterUnavailable):
                posters.qr_png(gate)

    def test_a_regenerated_token_changes_the_printed_code(self) -> None:
        from phongdich.checkin.services.gates import location_regenerate_token

        old = self.gate.poster_token
        gate = location_regenerate_token(location=Location.objects.get(pk=self.gate.pk))
        self.assertFalse(Location.objects.filter(poster_token=old).exists())
        found = decode_qr(pdf_page_image(posters.poster_pdf([gate])))
        self.assertEqual(found, [f"{BASE}/c/{gate.poster_token}"])

    def test_the_png_and_the_svg_carry_the_same_url(self) -> None:
        import io
        from xml.etree import ElementTree

        from PIL import Image

        image = Image.open(io.BytesIO(posters.qr_png(self.gate)))
        self.assertGreaterEqual(image.width, 600)
        self.assertEqual(decode_qr(image), [f"{BASE}/c/{self.gate.poster_token}"])
        svg = ElementTree.fromstring(posters.qr_svg(self.gate))
        self.assertEqual(svg.get("width"), svg.get("height"))


class PublicBaseUrlSettingTests(SimpleTestCase):
    def settings_error(self, **env: str) -> str:
        environ = {
            **{k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "PUBLIC_BASE_URL"}},
            "DEBUG": "0",
            "SECRET_KEY": "x" * 60,
            "ALLOWED_HOSTS": "phongdich.example.vn",
            "FIELD_ENCRYPTION_KEYS": "kz3Xq3e0W1c0m3v0K2d3b8Yt5Zr9Lq1Nw6Pj4Hs7Ua8=",
            "BLIND_INDEX_KEY": "k" * 40,
            "PYTHONPATH": str(ROOT),
            **env,
        }
        result = subprocess.run(
            [sys.executable, "-c", "import phongdich.settings"],
            env=environ,
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=60,
        )
        return result.stderr if result.returncode else ""

    def test_it_refuses_to_start_in_production_with_a_plain_http_base(self) -> None:
        error = self.settings_error(PUBLIC_BASE_URL="http://phongdich.example.vn")
        self.assertIn("PUBLIC_BASE_URL must start with https:// when DEBUG=0", error)

    def test_it_refuses_to_start_in_production_with_the_default_base(self) -> None:
        error = self.settings_error()  # no PUBLIC_BASE_URL: the http://127.0.0.1 default
        self.assertIn("must start with https://", error)

    def test_it_starts_in_production_with_an_https_base(self) -> None:
        self.assertEqual(self.settings_error(PUBLIC_BASE_URL="https://phongdich.example.vn/"), "")

    def test_it_refuses_a_base_that_is_not_a_url(self) -> None:
        error = self.settings_error(DEBUG="1", PUBLIC_BASE_URL="phongdich.example.vn")
        self.assertIn("PUBLIC_BASE_URL must be an absolute http(s) URL", error)

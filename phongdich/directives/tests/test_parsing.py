"""The parser on the seed letter and on other shapes of text (no database)."""

from __future__ import annotations

import io
from datetime import date
from unittest import TestCase

from docx import Document

from phongdich.directives import parsing
from phongdich.directives.tests.helpers import SEED_TEXT


class SeedLetterTests(TestCase):
    @classmethod
    def setUpClass(cls) -> None:
        super().setUpClass()
        cls.parsed = parsing.parse_directive(SEED_TEXT)

    def task(self, number: str) -> parsing.ParsedTask:
        return next(t for t in self.parsed.all_tasks if t.number == number)

    def test_it_finds_the_eight_numbered_items(self) -> None:
        self.assertEqual([t.number for t in self.parsed.tasks], [str(n) for n in range(1, 9)])

    def test_it_makes_each_dash_of_item_8_a_subtask(self) -> None:
        numbers = [t.number for t in self.parsed.all_tasks]
        self.assertEqual(numbers[7:], ["8", "8.1", "8.2", "8.3", "8.4", "8.5"])
        self.assertEqual(self.task("8").content, "Giao Văn phòng Sở")
        self.assertTrue(self.task("8").is_group)
        self.assertEqual(self.task("8.3").parent, "8")
        self.assertTrue(self.task("8.1").content.startswith("Tham mưu kiện toàn Tổ CNTT"))
        self.assertTrue(self.task("8.5").content.endswith("các đơn vị trực thuộc Sở."))

    def test_it_joins_item_2_across_the_page_break(self) -> None:
        content = self.task("2").content
        self.assertIn("người dân, doanh nghiệp sử dụng dịch vụ công trực tuyến", content)
        self.assertNotIn("\n", content)
        self.assertTrue(content.endswith("giảm nguy cơ lây lan dịch bệnh."))

    def test_it_strips_the_emphasis_markers(self) -> None:
        self.assertIn("(Máy tính để bàn, máy tính laptop", self.task("3").content)
        self.assertIn("“vừa chống dịch vừa đào tạo nghề hiệu quả”", self.task("4").content)
        self.assertNotIn("*", self.parsed.body)

    def test_it_reads_the_subject_wrapped_over_three_lines(self) -> None:
        self.assertEqual(
            self.parsed.subject,
            "V/v đẩy mạnh ứng dụng công nghệ thông tin trong phòng, chống dịch COVID-19",
        )

    def test_it_reads_the_recipients(self) -> None:
        self.assertEqual(
            self.parsed.recipients,
            ["Trưởng các phòng nghiệp vụ thuộc Sở", "Thủ trưởng các đơn vị trực thuộc Sở"],
        )
        self.assertTrue(self.parsed.addressed_to_all_units)

    def test_it_reads_the_issuer_and_the_distribution_list(self) -> None:
        self.assertEqual(self.parsed.issuer_position, "GIÁM ĐỐC")
        self.assertEqual(self.parsed.issuer_name, "Vũ Thị Hương")
        self.assertEqual(self.parsed.issuer_authority, "")
        self.assertEqual(self.parsed.distribution[0], "Như trên (để thực hiện)")
        self.assertEqual(self.parsed.distribution[-1], "Lưu: VT, VP")

    def test_it_keeps_the_closing_paragraph_out_of_item_8(self) -> None:
        self.assertEqual(len(self.parsed.closing), 1)
        self.assertTrue(self.parsed.closing[0].startswith("Yêu cầu Trưởng các phòng"))
        self.assertNotIn("Yêu cầu Trưởng", self.task("8.5").content)

    def test_it_leaves_number_and_date_empty_when_the_header_is_missing(self) -> None:
        self.assertIsNone(self.parsed.number)
        self.assertEqual(self.parsed.symbol, "")
        self.assertIsNone(self.parsed.issued_on)

    def test_it_names_the_addressees_of_the_assigning_items_only(self) -> None:
        self.assertEqual(self.task("4").addressees, "Phòng Giáo dục nghề nghiệp thuộc Sở")
        self.assertIn("Công đoàn, Đoàn TNCS Hồ Chí Minh và Hội Cựu", self.task("7").addressees)
        self.assertEqual(self.task("8").addressees, "Văn phòng Sở")
        self.assertEqual(self.task("8.2").addressees, "Văn phòng Sở")
        for number in "12356":
            self.assertIsNone(self.task(number).addressees)

    def test_the_body_keeps_preamble_items_and_closing(self) -> None:
        body = self.parsed.body
        self.assertTrue(body.startswith("Thực hiện Công văn số 13341/UBND-CNTT"))
        self.assertIn("\n\n8. Giao Văn phòng Sở\n\n- Tham mưu kiện toàn", body)
        self.assertTrue(body.endswith("báo cáo Chủ tịch UBND tỉnh./."))


HEADER = """UBND TỈNH THANH HÓA
SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI
Số: 125/SLĐTBXH-VP
V/v báo cáo tiến độ

CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc

Thanh Hóa, ngày 05 tháng 02 năm 2021

Kính gửi: Giám đốc Trung tâm Dịch vụ việc làm.

Để triển khai, Sở đề nghị:

1) Giao Trung tâm Dịch vụ việc làm báo cáo hằng tuần, trước ngày 15/02/2021.

2) Các đơn vị tiếp tục thực hiện.

Nơi nhận:
- Như trên;
- Lưu: VT, VP.

KT. GIÁM ĐỐC
PHÓ GIÁM ĐỐC

(Đã ký)

Lê Văn Thành
"""


class OtherShapesTests(TestCase):
    def test_it_reads_number_symbol_date_and_place_from_the_header(self) -> None:
        parsed = parsing.parse_directive(HEADER)
        self.assertEqual((parsed.number, parsed.symbol), (125, "SLĐTBXH-VP"))
        self.assertEqual(parsed.issued_on, date(2021, 2, 5))
        self.assertEqual(parsed.place, "Thanh Hóa")
        self.assertEqual(parsed.subject, "V/v báo cáo tiến độ")
        self.assertEqual(parsed.recipients, ["Giám đốc Trung tâm Dịch vụ việc làm"])
        self.assertEqual(parsed.preamble, ["Để triển khai, Sở đề nghị:"])

    def test_it_accepts_items_numbered_with_a_parenthesis(self) -> None:
        parsed = parsing.parse_directive(HEADER)
        self.assertEqual([t.number for t in parsed.tasks], ["1", "2"])

    def test_it_reads_a_deputy_signature_with_authority(self) -> None:
        parsed = parsing.parse_directive(HEADER)
        self.assertEqual(parsed.issuer_authority, "KT. GIÁM ĐỐC")
        self.assertEqual(parsed.issuer_position, "PHÓ GIÁM ĐỐC")
        self.assertEqual(parsed.issuer_name, "Lê Văn Thành")

    def test_it_suggests_a_deadline_and_recurrence_written_in_the_item(self) -> None:
        task = parsing.parse_directive(HEADER).tasks[0]
        self.assertEqual(task.deadline, date(2021, 2, 15))
        self.assertEqual(task.recurrence, "weekly")
        self.assertEqual(task.addressees, "Trung tâm Dịch vụ việc làm")

    def test_it_refuses_a_text_without_numbered_items(self) -> None:
        with self.assertRaisesRegex(parsing.DirectiveParseError, "Không tìm thấy nhiệm vụ"):
            parsing.parse_directive("V/v thông báo\n\nKính gửi: các đơn vị.\n\nNội dung chung.")

    def test_it_ignores_numbers_that_do_not_start_at_one(self) -> None:
        with self.assertRaises(parsing.DirectiveParseError):
            parsing.parse_directive("3. Ba\n\n4. Bốn")

    def test_it_does_not_take_a_reference_number_at_a_line_start_for_an_item(self) -> None:
        parsed = parsing.parse_directive("1. Một\n\n13341/UBND-CNTT nhắc lại\n\n2. Hai")
        self.assertEqual([t.number for t in parsed.tasks], ["1", "2"])
        self.assertIn("13341/UBND-CNTT", parsed.tasks[0].content)

    def test_it_turns_roman_sections_into_prefixes_of_their_items(self) -> None:
        text = "I. MỤC ĐÍCH\n\nNâng cao hiệu quả.\n\nII. NHIỆM VỤ\n\n1. Một\n\n2. Hai"
        parsed = parsing.parse_directive(text)
        self.assertEqual([t.number for t in parsed.tasks], ["I", "II.1", "II.2"])

    def test_it_joins_a_paragraph_cut_in_two_only_mid_sentence(self) -> None:
        parsed = parsing.parse_directive("1. Việc một cho\n\ncác đơn vị.\n\n2. Việc hai.\n\nKết.")
        self.assertEqual(parsed.tasks[0].content, "Việc một cho các đơn vị.")
        self.assertEqual(parsed.closing, ["Kết."])

    def test_it_normalises_decomposed_text_to_nfc(self) -> None:
        import unicodedata

        parsed = parsing.parse_directive(unicodedata.normalize("NFD", "1. Giao Văn phòng Sở"))
        self.assertEqual(parsed.tasks[0].content, unicodedata.normalize("NFC", "Giao Văn phòng Sở"))


class MatchUnitsTests(TestCase):
    UNITS = [
        parsing.UnitName(1, "Văn phòng Sở", "Văn phòng"),
        parsing.UnitName(2, "Phòng Giáo dục nghề nghiệp", "Phòng GDNN"),
        parsing.UnitName(3, "Công đoàn Sở", "Công đoàn"),
        parsing.UnitName(4, "Đoàn TNCS Hồ Chí Minh Sở", "Đoàn Thanh niên"),
        parsing.UnitName(5, "Hội Cựu chiến binh Sở", "Hội CCB"),
    ]

    def test_it_matches_names_without_diacritics_in_order(self) -> None:
        phrase = "cac to chuc doan the (Cong doan, Doan TNCS Ho Chi Minh va Hoi Cuu chien binh So)"
        self.assertEqual(parsing.match_units(phrase, self.UNITS), [3, 4, 5])

    def test_it_matches_a_short_name(self) -> None:
        self.assertEqual(parsing.match_units("Giao Phòng GDNN", self.UNITS), [2])

    def test_it_matches_nothing_in_an_unrelated_phrase(self) -> None:
        self.assertEqual(parsing.match_units("Sở Thông tin và Truyền thông", self.UNITS), [])


def docx_bytes(paragraphs: list[str], table: list[list[str]] | None = None) -> bytes:
    document = Document()
    for text in paragraphs:
        document.add_paragraph(text)
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, value in enumerate(row):
                grid.cell(r, c).text = value
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


class ExtractTextTests(TestCase):
    def test_it_reads_a_docx_with_paragraphs_and_a_signature_table(self) -> None:
        data = docx_bytes(
            [
                "V/v thử nghiệm",
                "Kính gửi: các đơn vị.",
                "1. Giao Văn phòng Sở",
                "- Việc một;",
                "- Việc hai.",
                "2. Các đơn vị thực hiện.",
            ],
            table=[["Nơi nhận:\n- Như trên;\n- Lưu: VT, VP.", "GIÁM ĐỐC\n\n\nVũ Thị Hương"]],
        )
        parsed = parsing.parse_directive(parsing.extract_text(data, "cong-van.docx"))
        self.assertEqual([t.number for t in parsed.all_tasks], ["1", "1.1", "1.2", "2"])
        self.assertEqual(parsed.issuer_name, "Vũ Thị Hương")
        self.assertEqual(parsed.distribution, ["Như trên", "Lưu: VT, VP"])

    def test_it_reads_the_seed_letter_pasted_into_word(self) -> None:
        paragraphs = [line for line in SEED_TEXT.split("\n")]
        parsed = parsing.parse_directive(parsing.extract_text(docx_bytes(paragraphs), "a.docx"))
        self.assertEqual(len(parsed.all_tasks), 13)
        self.assertIn("doanh nghiệp sử dụng dịch vụ", parsed.all_tasks[1].content)

    def test_it_refuses_a_broken_docx(self) -> None:
        with self.assertRaisesRegex(parsing.DirectiveParseError, "bị hỏng"):
            parsing.extract_text(b"not a zip", "x.docx")

    def test_it_refuses_a_doc_and_other_types_with_a_clear_message(self) -> None:
        with self.assertRaisesRegex(parsing.DirectiveParseError, r"\.docx"):
            parsing.extract_text(b"\xd0\xcf\x11\xe0", "x.doc")
        with self.assertRaisesRegex(parsing.DirectiveParseError, r"\.txt hoặc \.docx"):
            parsing.extract_text(b"%PDF-1.4", "x.pdf")

    def test_it_refuses_a_txt_that_is_not_utf8(self) -> None:
        with self.assertRaisesRegex(parsing.DirectiveParseError, "UTF-8"):
            parsing.extract_text(b"1. Giao V\xe3n ph\xf2ng", "x.txt")

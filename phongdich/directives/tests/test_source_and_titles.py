"""The document a directive implements (read from its preamble, edited on the draft) and
the short titles of its tasks (given, or derived without cutting a word)."""

from __future__ import annotations

from django.urls import reverse

from phongdich.directives import parsing
from phongdich.directives.models import Directive
from phongdich.directives.models.directives import short_title
from phongdich.directives.tests.helpers import SEED_TEXT, DirectiveTestCase


class SourceDocumentTests(DirectiveTestCase):
    def test_the_seed_letters_preamble_names_the_document_it_implements(self) -> None:
        source = parsing.parse_directive(SEED_TEXT).source
        assert source is not None
        self.assertEqual(source.kind, "Công văn")
        self.assertEqual(source.reference, "13341/UBND-CNTT")
        self.assertEqual(source.issued_on.isoformat() if source.issued_on else "", "2021-08-30")
        self.assertEqual(source.issuer, "Chủ tịch UBND tỉnh")

    def test_a_letter_without_one_has_none(self) -> None:
        text = "V/v thử\n\nĐể bảo đảm an toàn, yêu cầu:\n\n1. Việc một.\n\n2. Việc hai."
        self.assertIsNone(parsing.parse_directive(text).source)

    def test_the_citation_reads_as_an_office_writes_it(self) -> None:
        directive = Directive(
            source_kind="Công văn",
            source_reference="13341/UBND-CNTT",
            source_issuer="Chủ tịch UBND tỉnh Thanh Hóa",
        )
        self.assertEqual(
            directive.source_citation,
            "Công văn số 13341/UBND-CNTT của Chủ tịch UBND tỉnh Thanh Hóa",
        )
        self.assertEqual(Directive().source_citation, "")

    def test_the_office_records_it_on_the_draft_and_a_bad_reference_is_refused(self) -> None:
        self.login(self.office)
        url = reverse("directives:edit", args=[self.draft.pk])
        data = {
            "number": "12",
            "symbol": "SLĐTBXH-VP",
            "issued_on": "02/03/2026",
            "subject": "V/v dự thảo thử",
            "source_kind": "Công văn",
            "source_reference": "13341",
            "source_issued_on": "30/08/2021",
            "source_issuer": "Chủ tịch UBND tỉnh Thanh Hóa",
        }
        page = self.client.post(url, data)
        self.assertContains(page, "Số, ký hiệu gồm số và ký hiệu cách nhau bởi “/”")
        data["source_reference"] = "13341/UBND-CNTT"
        self.assertEqual(self.client.post(url, data).status_code, 302)
        draft = self.fresh(self.draft)
        self.assertEqual(
            draft.source_citation,
            "Công văn số 13341/UBND-CNTT ngày 30/8/2021 của Chủ tịch UBND tỉnh Thanh Hóa",
        )


class ShortTitleTests(DirectiveTestCase):
    def test_a_short_text_is_its_own_title(self) -> None:
        self.assertEqual(short_title("Rà soát trang thiết bị CNTT."), "Rà soát trang thiết bị CNTT")

    def test_a_long_one_is_cut_where_a_phrase_ends_never_inside_a_word(self) -> None:
        tasks = {t.number: t.content for t in parsing.parse_directive(SEED_TEXT).all_tasks}
        self.assertEqual(
            short_title(tasks["2"]), "Thực hiện nghiêm việc xử lý văn bản, hồ sơ công việc"
        )
        self.assertEqual(
            short_title(tasks["6"]),
            "Đẩy mạnh công tác thông tin tuyên truyền về phòng, chống dịch COVID-19",
        )
        self.assertEqual(short_title(tasks["3"]), "Thực hiện rà soát trang thiết bị CNTT")
        for content in tasks.values():
            title = short_title(content)
            self.assertNotIn("…", title)
            words = {w.strip(",.;:()").casefold() for w in content.split()}
            self.assertTrue({w.strip(",").casefold() for w in title.split()} <= words, title)

    def test_the_label_uses_the_title_the_office_gave(self) -> None:
        task = self.issued.tasks.get(number="1")
        self.assertEqual(task.label, "Nhiệm vụ 1: Báo cáo của phòng A")
        task.title = "Báo cáo A"
        self.assertEqual(task.label, "Nhiệm vụ 1: Báo cáo A")

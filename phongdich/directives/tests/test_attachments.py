"""The signed letter attached to a directive: allow-list, size cap, permission-checked
download, stored outside the web root."""

from __future__ import annotations

import io
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from phongdich.directives.services import directives as services
from phongdich.directives.tests.helpers import DirectiveTestCase
from phongdich.directives.tests.test_parsing import docx_bytes

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


class AttachmentTests(DirectiveTestCase):
    def post(self, upload: SimpleUploadedFile, directive: object = None) -> object:
        directive = directive or self.draft
        self.login(self.office)
        return self.client.post(
            reverse("directives:edit", args=[directive.pk]),
            {
                "subject": "V/v dự thảo thử",
                "number": "12",
                "symbol": "SLĐTBXH-VP",
                "issued_on": "02/03/2026",
                "attachment": upload,
            },
        )

    def test_the_office_attaches_a_pdf_stored_under_media_root(self) -> None:
        response = self.post(SimpleUploadedFile("Công văn 12.pdf", PDF))
        self.assertEqual(response.status_code, 302)
        draft = self.fresh(self.draft)
        self.assertEqual(draft.attachment_name, "Công văn 12.pdf")
        path = Path(draft.attachment.path)
        self.assertTrue(path.is_file())
        self.assertTrue(path.is_relative_to(Path(settings.MEDIA_ROOT)))
        self.assertNotIn("Công văn", path.name)  # a random name on disk

    def test_it_accepts_docx_and_png(self) -> None:
        for name, content in [("a.docx", docx_bytes(["x"])), ("b.png", PNG)]:
            with self.subTest(name):
                self.assertEqual(self.post(SimpleUploadedFile(name, content)).status_code, 302)

    def test_it_refuses_other_extensions(self) -> None:
        for name in ["a.exe", "a.html", "a.svg", "a.zip", "a"]:
            with self.subTest(name):
                response = self.post(SimpleUploadedFile(name, b"MZ"))
                self.assertContains(response, "chỉ nhận tệp .pdf, .docx")
        self.assertFalse(self.fresh(self.draft).attachment)

    def test_it_refuses_a_file_whose_content_does_not_match_its_extension(self) -> None:
        response = self.post(SimpleUploadedFile("a.pdf", b"<html><script>"))
        self.assertContains(response, "không đúng với đuôi .pdf")
        response = self.post(SimpleUploadedFile("a.docx", PDF))
        self.assertContains(response, "không đúng với đuôi .docx")

    @override_settings(DIRECTIVE_ATTACHMENT_MAX_MB=1)
    def test_it_refuses_a_file_over_the_size_cap(self) -> None:
        response = self.post(SimpleUploadedFile("a.pdf", PDF + b"0" * (1024 * 1024)))
        self.assertContains(response, "Tệp lớn quá 1,0")
        self.assertFalse(self.fresh(self.draft).attachment)

    def test_the_download_needs_permission(self) -> None:
        services.directive_attachment_set(
            directive=self.issued, upload=SimpleUploadedFile("cv.pdf", PDF)
        )
        url = reverse("directives:attachment", args=[self.issued.pk])
        self.assertEqual(self.client.get(url).status_code, 302)  # anonymous → login
        for name, status in [
            ("head_a", 200),
            ("head_b", 200),
            ("director", 200),
            ("guard", 403),
            ("staff_user", 403),
        ]:
            with self.subTest(name):
                self.login(self.cast[name])
                response = self.client.get(url)
                self.assertEqual(response.status_code, status)
                if status == 200:
                    self.assertEqual(b"".join(response.streaming_content), PDF)
                    self.assertIn("attachment;", response["Content-Disposition"])
                    self.assertEqual(response["Content-Type"], "application/pdf")

    def test_the_download_of_another_units_directive_is_404(self) -> None:
        services.directive_attachment_set(
            directive=self.issued_b, upload=SimpleUploadedFile("cv.pdf", PDF)
        )
        self.login(self.head_a)
        url = reverse("directives:attachment", args=[self.issued_b.pk])
        self.assertEqual(self.client.get(url).status_code, 404)

    def test_the_upload_is_not_reachable_by_a_media_url(self) -> None:
        services.directive_attachment_set(
            directive=self.draft, upload=SimpleUploadedFile("cv.pdf", PDF)
        )
        name = self.fresh(self.draft).attachment.name
        self.login(self.office)
        self.assertEqual(self.client.get(f"/{name}").status_code, 404)
        self.assertEqual(self.client.get(f"/media/{name}").status_code, 404)

    def test_a_text_attachment_must_be_utf8_without_nul(self) -> None:
        response = self.post(SimpleUploadedFile("a.txt", b"abc\x00def"))
        self.assertContains(response, "không đúng với đuôi .txt")
        response = self.post(SimpleUploadedFile("a.txt", io.BytesIO("Văn bản".encode()).read()))
        self.assertEqual(response.status_code, 302)

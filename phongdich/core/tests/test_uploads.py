"""The shared upload checks: documents by content (core.uploads), images re-encoded
(core.images). The modules' own tests cover their allow-lists and messages."""

from __future__ import annotations

import io

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import SimpleTestCase
from PIL import Image

from phongdich.core import images, uploads


def png(size: tuple[int, int], mode: str = "RGBA", colour: tuple[int, ...] = (0, 0, 0, 0)) -> bytes:
    out = io.BytesIO()
    Image.new(mode, size, colour).save(out, format="PNG")
    return out.getvalue()


class DocumentTests(SimpleTestCase):
    def test_the_refusal_names_what_is_accepted(self) -> None:
        with self.assertRaisesMessage(ValidationError, "chỉ nhận tệp .pdf, .docx."):
            uploads.check_document(
                SimpleUploadedFile("a.exe", b"MZ"), allowed=(".pdf", ".docx"), max_bytes=100
            )

    def test_an_honest_pdf_gives_its_type_and_a_renamed_one_is_refused(self) -> None:
        ok = SimpleUploadedFile("a.pdf", b"%PDF-1.7 ...")
        self.assertEqual(
            uploads.check_document(ok, allowed=(".pdf",), max_bytes=100), "application/pdf"
        )
        with self.assertRaisesMessage(ValidationError, "không đúng với đuôi .pdf"):
            uploads.check_document(
                SimpleUploadedFile("a.pdf", b"PK\x03\x04"), allowed=(".pdf",), max_bytes=100
            )

    def test_text_with_a_nul_byte_is_not_text(self) -> None:
        with self.assertRaises(ValidationError):
            uploads.check_document(
                SimpleUploadedFile("a.txt", b"abc\x00def"), allowed=(".txt",), max_bytes=100
            )


class ImageTests(SimpleTestCase):
    def test_jpeg_only_puts_transparency_on_white(self) -> None:
        clean = images.clean_image(
            SimpleUploadedFile("a.png", png((20, 10))),
            max_bytes=10**6,
            max_side=100,
            jpeg_only=True,
        )
        self.assertEqual((clean.content_type, clean.extension), ("image/jpeg", "jpg"))
        with Image.open(io.BytesIO(clean.data)) as opened:
            self.assertEqual(opened.format, "JPEG")
            red, green, blue = opened.convert("RGB").getpixel((5, 5))  # type: ignore[misc]
            self.assertGreater(min(red, green, blue), 240)

    def test_a_screenshot_stays_png_and_is_scaled_down(self) -> None:
        data = png((400, 200), "RGB", (10, 20, 30))
        clean = images.clean_image(SimpleUploadedFile("s.png", data), max_bytes=10**6, max_side=100)
        self.assertEqual((clean.extension, clean.width, clean.height), ("png", 100, 50))

    def test_the_exif_orientation_is_applied(self) -> None:
        out = io.BytesIO()
        exif = Image.Exif()
        exif[0x0112] = 6  # rotate 90° clockwise to display
        Image.new("RGB", (40, 20), "red").save(out, format="JPEG", exif=exif)
        clean = images.clean_image(
            SimpleUploadedFile("p.jpg", out.getvalue()), max_bytes=10**6, max_side=100
        )
        self.assertEqual((clean.width, clean.height), (20, 40))
        with Image.open(io.BytesIO(clean.data)) as opened:
            self.assertNotIn(0x0112, opened.getexif())

    def test_a_file_larger_than_it_claims_is_refused(self) -> None:
        upload = SimpleUploadedFile("a.png", png((50, 50), "RGB", (1, 2, 3)) + b"\0" * 5000)
        upload.size = 10
        with self.assertRaisesMessage(ValidationError, "Ảnh lớn quá"):
            images.clean_image(upload, max_bytes=1000, max_side=100)

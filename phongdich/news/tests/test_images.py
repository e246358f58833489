"""Uploaded images: allow-list by content, size cap, re-encoded with EXIF stripped."""

from __future__ import annotations

import io
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from PIL import Image

from phongdich.core.tests.base import BaseTestCase
from phongdich.news.images import clean_image
from phongdich.news.services.articles import article_create, article_image_upload
from phongdich.news.tests.helpers import article, fields, jpeg_with_exif, png


class ImageTests(BaseTestCase):
    def test_exif_is_stripped_and_the_image_re_encoded(self) -> None:
        upload = jpeg_with_exif()
        self.assertIn(b"SecretCamera", upload.read())
        clean = clean_image(upload)
        self.assertNotIn(b"SecretCamera", clean.data)
        self.assertNotIn(b"Exif", clean.data)
        with Image.open(io.BytesIO(clean.data)) as image:
            self.assertEqual(dict(image.getexif()), {})
            self.assertEqual(image.format, "JPEG")

    def test_a_transparent_png_stays_a_png(self) -> None:
        self.assertEqual(clean_image(png()).content_type, "image/png")

    def test_what_is_not_an_image_is_refused_whatever_its_name(self) -> None:
        for name, data in [
            ("a.jpg", b"<svg onload=alert(1)></svg>"),
            ("a.svg", b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>'),
            ("a.png", b"%PDF-1.4 not an image"),
            ("a.jpg", b"\xff\xd8\xff\xe0 broken jpeg"),
            ("a.gif", b"GIF89a\x01\x00\x01\x00"),
        ]:
            with (
                self.subTest(name=name),
                self.assertRaisesMessage(ValidationError, "chỉ nhận ảnh .jpg, .png hoặc .webp"),
            ):
                clean_image(SimpleUploadedFile(name, data))

    @override_settings(NEWS_IMAGE_MAX_MB=1)
    def test_a_file_over_the_cap_is_refused(self) -> None:
        big = SimpleUploadedFile("big.jpg", b"\xff\xd8\xff" + b"0" * (1024 * 1024 + 1))
        with self.assertRaisesMessage(ValidationError, "Ảnh lớn quá"):
            clean_image(big)

    def test_a_huge_image_is_scaled_down_for_phones(self) -> None:
        clean = clean_image(jpeg_with_exif(size=(4000, 1000)))
        self.assertEqual((clean.width, clean.height), (1600, 400))

    def test_the_stored_name_is_random_and_never_the_uploaded_one(self) -> None:
        name = '"><img src=x onerror=alert(1)>.jpg'
        item = article_create(
            fields=fields(self.unit_a), cover=jpeg_with_exif(name), actor=self.staff_user, ip=None
        )
        stored = item.cover.stored_path
        self.assertNotIn("onerror", stored)
        self.assertTrue((Path(settings.MEDIA_ROOT) / stored).is_file())

    def test_only_who_may_edit_uploads_inline_images(self) -> None:
        item = article(self.staff_user, self.unit_a)
        image = article_image_upload(article=item, upload=png(), actor=self.staff_user, ip=None)
        self.assertEqual(image.article, item)
        with self.assertRaisesMessage(ValidationError, "không tải ảnh lên"):
            article_image_upload(article=item, upload=png(), actor=self.head_a, ip=None)

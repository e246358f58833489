"""The screenshot: images only (by content), size-capped, re-encoded, served through a
permission check."""

from __future__ import annotations

import io

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from phongdich.support import images
from phongdich.support.tests.helpers import SupportTestCase


def png(size=(40, 30), *, fmt="PNG", **save) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(out, format=fmt, **save)
    return out.getvalue()


def upload(data: bytes, name="anh.png", kind="image/png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=kind)


class UploadTests(SupportTestCase):
    def test_a_png_is_re_encoded_and_stored(self):
        r = self.open_request(image=upload(png()))
        self.assertTrue(r.image_path.startswith("support/"))
        self.assertEqual(r.image_type, "image/png")
        with Image.open(images.image_file(r.image_path)) as stored:
            self.assertEqual(stored.format, "PNG")

    def test_a_jpeg_loses_its_exif_with_the_gps(self):
        exif = Image.Exif()
        exif[0x010E] = "bí mật"  # ImageDescription
        data = png(fmt="JPEG", exif=exif.tobytes())
        r = self.open_request(image=upload(data, "anh.jpg", "image/jpeg"))
        with Image.open(images.image_file(r.image_path)) as stored:
            self.assertEqual(stored.format, "JPEG")
            self.assertFalse(dict(stored.getexif()))

    def test_a_big_picture_is_scaled_down(self):
        data, ext = images.clean_image(upload(png((3000, 1500))))
        with Image.open(io.BytesIO(data)) as image:
            self.assertEqual(image.size, (2000, 1000))

    def test_bad_uploads_are_refused_in_vietnamese(self):
        cases = {
            "a script named .png": upload(b"<script>alert(1)</script>", "x.png"),
            "a pdf": upload(b"%PDF-1.4\n%%EOF\n", "x.png", "application/pdf"),
            "a gif": upload(png(fmt="GIF"), "x.gif", "image/gif"),
            "a truncated png": upload(png()[:60]),
            "empty": upload(b""),
        }
        for label, bad in cases.items():
            with self.subTest(label), self.assertRaises(ValidationError) as caught:
                self.open_request(image=bad)
            self.assertIn("image", caught.exception.message_dict)

    def test_a_file_over_the_cap_is_refused(self):
        big = upload(png() + b"\0" * (images.MAX_BYTES + 1))
        with self.assertRaises(ValidationError) as caught:
            images.clean_image(big)
        self.assertIn("lớn quá", caught.exception.messages[0])

    def test_the_image_is_served_only_to_those_who_see_the_request(self):
        r = self.open_request(image=upload(png()))
        url = f"/ho-tro/{r.pk}/anh/"
        for user, expected in (
            (self.staff_user, 200),
            (self.it2, 200),
            (self.head_a, 200),
            (self.head_b, 404),
            (self.office, 404),
        ):
            with self.subTest(user=user.username):
                self.client.force_login(user)
                response = self.client.get(url)
                self.assertEqual(response.status_code, expected)
                if expected == 200:
                    self.assertEqual(response["Content-Type"], "image/png")
                    self.assertEqual(response["X-Content-Type-Options"], "nosniff")

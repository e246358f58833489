"""A person's own declaration (two taps), screenshot evidence, who may see it, and the
check-in page's question."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from unittest import mock

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from phongdich.adoption.models import Declaration, DeclarationEvent, Status
from phongdich.adoption.selectors.declarations import apps_to_ask
from phongdich.adoption.services.declarations import prompt_record
from phongdich.adoption.tests.helpers import AdoptionTestCase, make_leader
from phongdich.core.models import AuditEvent


def png(size: tuple[int, int] = (60, 40), **save: object) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (10, 120, 200)).save(buffer, format="PNG", **save)
    return buffer.getvalue()


class DeclareTests(AdoptionTestCase):
    def post(self, app, **data):
        return self.client.post(reverse("adoption:declare", args=[app.pk]), data)

    def test_one_tap_on_an_answer_records_it_with_its_history_and_audit(self) -> None:
        self.login(self.staff_user)
        page = self.client.get(reverse("adoption:mine"))
        self.assertContains(page, "Bluezone")
        self.assertContains(page, "Chưa khai báo")
        response = self.post(self.bluezone, status="using")
        self.assertRedirects(response, f"{reverse('adoption:mine')}#app-{self.bluezone.pk}")
        declaration = Declaration.objects.get(staff=self.own, app=self.bluezone)
        self.assertEqual(declaration.status, Status.USING)
        self.assertEqual(DeclarationEvent.objects.filter(staff=self.own).count(), 1)
        self.assertTrue(AuditEvent.objects.filter(action="adoption.declare").exists())
        self.post(self.bluezone, status="using")  # the same answer again: no new history
        self.assertEqual(DeclarationEvent.objects.filter(staff=self.own).count(), 1)
        self.post(self.bluezone, status="installed")
        self.assertEqual(DeclarationEvent.objects.filter(staff=self.own).count(), 2)

    def test_cannot_install_needs_a_reason(self) -> None:
        self.login(self.staff_user)
        response = self.post(self.bluezone, status="cannot_install")
        self.assertContains(response, "Hãy ghi vì sao không cài được ứng dụng.", status_code=400)
        self.assertFalse(Declaration.objects.exists())
        self.post(self.bluezone, status="cannot_install", reason="Máy hết bộ nhớ")
        self.assertEqual(Declaration.objects.get().reason, "Máy hết bộ nhớ")

    def test_an_unknown_answer_is_refused_in_vietnamese(self) -> None:
        self.login(self.staff_user)
        response = self.post(self.bluezone, status="not_installed")  # only imports say that
        self.assertContains(response, "Hãy chọn một câu trả lời.", status_code=400)

    def test_a_screenshot_is_re_encoded_without_its_metadata(self) -> None:
        self.login(self.staff_user)
        exif = Image.Exif()
        exif[0x010E] = "bí mật"
        buffer = io.BytesIO()
        Image.new("RGB", (3000, 2000), (1, 2, 3)).save(buffer, format="JPEG", exif=exif)
        upload = SimpleUploadedFile("anh.jpg", buffer.getvalue(), content_type="image/jpeg")
        self.post(self.bluezone, status="installed", evidence=upload)
        declaration = Declaration.objects.get()
        stored = Path(declaration.evidence_path)
        self.assertTrue(stored.is_file())
        with Image.open(stored) as image:
            self.assertEqual(image.format, "JPEG")
            self.assertLessEqual(max(image.size), 1600)
            self.assertNotIn(0x010E, image.getexif())
        replaced = SimpleUploadedFile("b.png", png(), content_type="image/png")
        self.post(self.bluezone, status="installed", evidence=replaced)
        self.assertFalse(stored.exists())  # the earlier screenshot is gone

    def test_a_file_that_is_not_an_image_is_refused_whatever_its_name(self) -> None:
        self.login(self.staff_user)
        fake = SimpleUploadedFile("anh.png", b"%PDF-1.4 not an image", content_type="image/png")
        response = self.post(self.bluezone, status="installed", evidence=fake)
        self.assertContains(response, "không phải ảnh hợp lệ", status_code=400)
        self.assertFalse(Declaration.objects.exists())

    def test_a_gif_is_refused(self) -> None:
        self.login(self.staff_user)
        buffer = io.BytesIO()
        Image.new("RGB", (10, 10)).save(buffer, format="GIF")
        gif = SimpleUploadedFile("anh.png", buffer.getvalue(), content_type="image/png")
        response = self.post(self.bluezone, status="installed", evidence=gif)
        self.assertEqual(response.status_code, 400)

    def test_a_screenshot_above_the_size_cap_is_refused(self) -> None:
        self.login(self.staff_user)
        with mock.patch("phongdich.adoption.evidence.max_bytes", return_value=100):
            big = SimpleUploadedFile("anh.png", png(), content_type="image/png")
            response = self.post(self.bluezone, status="installed", evidence=big)
        self.assertContains(response, "Ảnh lớn quá", status_code=400)

    def test_an_inactive_app_cannot_be_declared(self) -> None:
        self.bluezone.is_active = False
        self.bluezone.save()
        self.login(self.staff_user)
        self.assertEqual(self.post(self.bluezone, status="using").status_code, 404)


class EvidenceAccessTests(AdoptionTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        from phongdich.adoption import evidence

        path = evidence.store(evidence.CleanImage(data=b"\xff\xd8\xff fake jpeg"))
        cls.declaration = Declaration.objects.create(
            staff=cls.own,
            app=cls.bluezone,
            status=Status.USING,
            declared_at=timezone.now(),
            evidence_path=path,
            evidence_type="image/jpeg",
        )

    def get(self, user):
        self.client.force_login(user)
        return self.client.get(reverse("adoption:evidence", args=[self.declaration.pk]))

    def test_the_owner_their_unit_head_the_office_and_the_director_see_it(self) -> None:
        for user in (self.staff_user, self.head_a, self.office, self.director, self.admin):
            response = self.get(user)
            self.assertEqual(response.status_code, 200, user)
            self.assertEqual(response["Content-Type"], "image/jpeg")
            self.assertEqual(response["X-Content-Type-Options"], "nosniff")

    def test_another_units_head_and_other_roles_get_a_404(self) -> None:
        for user in (self.head_b, self.guard, self.tracer, self.it, self.editor):
            self.assertEqual(self.get(user).status_code, 404, user)

    def test_a_union_leader_sees_their_members_evidence_only(self) -> None:
        make_leader(self.guard, self.union_cd)
        self.assertEqual(self.get(self.guard).status_code, 404)
        from phongdich.adoption.models import UnionMembership

        UnionMembership.objects.create(union=self.union_cd, staff=self.own)
        self.assertEqual(self.get(self.guard).status_code, 200)


class AskTests(AdoptionTestCase):
    def test_apps_to_ask_lists_undeclared_apps_once_a_week(self) -> None:
        now = timezone.now()
        asked = apps_to_ask(staff=self.own, now=now)
        self.assertEqual([a.code for a in asked][:2], ["bluezone", "pc-covid"])
        Declaration.objects.create(
            staff=self.own, app=self.bluezone, status=Status.USING, declared_at=now
        )
        self.assertNotIn(self.bluezone, apps_to_ask(staff=self.own, now=now))
        today = timezone.localdate(now)
        self.assertTrue(prompt_record(staff=self.own, day=today))
        self.assertFalse(prompt_record(staff=self.own, day=today))
        self.assertEqual(apps_to_ask(staff=self.own, now=now), [])
        later = now + dt.timedelta(days=6)
        self.assertEqual(apps_to_ask(staff=self.own, now=later), [])
        self.assertNotEqual(apps_to_ask(staff=self.own, now=now + dt.timedelta(days=7)), [])

    def test_apps_to_ask_reads_few_queries(self) -> None:
        with self.assertNumQueries(4):
            apps_to_ask(staff=self.own)

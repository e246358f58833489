"""The plan for working online: drafted from live data, edited, exported as a Kế hoạch,
issued as directive tasks."""

from __future__ import annotations

import datetime as dt
import io

import docx
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from phongdich.core.tests.base import BaseTestCase
from phongdich.directives.models import Directive
from phongdich.meetings.models import OnlinePlan
from phongdich.meetings.printing import plan_document
from phongdich.meetings.selectors.plans import platform_name
from phongdich.meetings.services.plans import PlanInput, plan_draft, plan_issue, plan_update
from phongdich.meetings.tests.helpers import at, make_meeting


class PlanTest(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        past = timezone.localdate() - dt.timedelta(days=10)
        make_meeting(cls, start=at(past, 8), invite=False)
        make_meeting(cls, start=at(past, 14), invite=False, online_url="https://zoom.us/j/123")
        make_meeting(cls, start=at(past, 16), invite=False, platform="", online_url="")

    def test_the_draft_is_filled_with_live_data(self) -> None:
        plan = plan_draft(by=self.office)
        assert "Sở tổ chức 2 cuộc họp trực tuyến và 1 cuộc họp trực tiếp" in plan.situation
        assert "Giao ban: 2 cuộc" in plan.situation
        assert "Zoom (1 cuộc)" in plan.situation
        # Readiness per unit from the equipment module: nobody holds equipment yet.
        assert "0/12 cán bộ sẵn sàng làm việc từ xa" in plan.situation
        assert "Phòng Giáo dục nghề nghiệp (0%)" in plan.situation
        assert "Phòng Giáo dục nghề nghiệp: cử cán bộ đầu mối" in plan.organisation
        items = list(plan.items.select_related("lead_unit"))
        assert items[0].lead_unit == self.office_unit
        assert any(i.lead_unit == self.unit_a and "Bổ sung thiết bị" in i.content for i in items)
        assert all(i.deadline and i.deadline > timezone.localdate() for i in items)

    def test_it_exports_as_a_ke_hoach(self) -> None:
        plan = plan_draft(by=self.office)
        out = docx.Document(io.BytesIO(_docx(plan_document(plan))))
        text = "\n".join(p.text for p in out.paragraphs)
        assert "KẾ HOẠCH" in text and "Triển khai làm việc trực tuyến năm" in text
        for part in ("I. MỤC ĐÍCH, YÊU CẦU", "II. TÌNH HÌNH VÀ NỘI DUNG", "III. TỔ CHỨC THỰC HIỆN"):
            assert part in text
        assert "/KH-SLĐTBXH" in out.tables[0].cell(1, 0).text

    def test_issuing_needs_a_number_and_date_then_makes_the_items_tasks(self) -> None:
        plan = plan_draft(by=self.office)
        with self.assertRaises(ValidationError) as caught:
            plan_issue(plan=plan, by=self.office)
        assert caught.exception.messages == ["Chưa có số kế hoạch.", "Chưa có ngày ban hành."]
        items = [_item(i) for i in plan.items.select_related("lead_unit").order_by("order")]
        plan_update(
            plan=plan,
            data=PlanInput(
                subject=plan.subject,
                purpose=plan.purpose,
                situation=plan.situation,
                organisation=plan.organisation,
                signer_title="giám đốc",
                signer_name="Nguyễn Văn An",
                number=12,
                issued_on=timezone.localdate(),
            ),
            items=items,
            by=self.office,
        )
        plan = plan_issue(plan=plan, by=self.office)
        assert plan.state == OnlinePlan.State.ISSUED
        directive = Directive.objects.get(pk=plan.directive_id)
        assert directive.reference == "12/KH-SLĐTBXH" and directive.state == "issued"
        assert directive.tasks.count() == len(items)
        assert all(i.task_id for i in plan.items.all())
        with self.assertRaises(ValidationError):
            plan_update(
                plan=plan, data=PlanInput("x", "x", "x", "x", "x", "x"), items=[], by=self.office
            )

    def test_the_pages(self) -> None:
        self.login(self.office)
        response = self.client.post(reverse("meetings:plan_create"))
        plan = OnlinePlan.objects.get()
        assert response["Location"] == reverse("meetings:plan_detail", args=[plan.pk])
        page = self.client.get(response["Location"]).content.decode()
        assert "Ban hành kế hoạch" in page
        response = self.client.post(reverse("meetings:plan_issue", args=[plan.pk]), follow=True)
        assert "Chưa có số kế hoạch." in response.content.decode()
        for fmt in ("docx", "pdf"):
            assert (
                self.client.get(reverse("meetings:plan_export", args=[plan.pk, fmt])).status_code
                == 200
            )
        self.client.get(reverse("meetings:plan_list"))
        # 10: the page's count query (core.paging) came with the pagination.
        with self.assertNumQueries(10):
            assert self.client.get(reverse("meetings:plan_list")).status_code == 200
        self.login(self.director)
        page = self.client.get(reverse("meetings:plan_detail", args=[plan.pk])).content.decode()
        assert "Ban hành kế hoạch" not in page

    @override_settings(JITSI_BASE_URL="https://jitsi.so.example.vn")
    def test_platform_names(self) -> None:
        assert platform_name("https://jitsi.so.example.vn/PhongDich-x") == "Jitsi của Sở"
        assert platform_name("https://us02web.zoom.us/j/1") == "Zoom"
        assert platform_name("https://meet.google.com/abc") == "Google Meet"
        assert platform_name("https://hop.example.vn/x") == "hop.example.vn"


def _docx(document):  # type: ignore[no-untyped-def]
    from phongdich.documents import render_docx

    return render_docx(document)


def _item(item):  # type: ignore[no-untyped-def]
    from phongdich.meetings.services.plans import PlanItemInput

    return PlanItemInput(item.content, item.lead_unit, item.deadline)

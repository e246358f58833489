"""The minutes: written in the app, exported as a Biên bản (.docx, .pdf), and their
conclusions turned into the tasks of a "Thông báo kết luận" in one step."""

from __future__ import annotations

import datetime as dt
import io

import docx
import pypdfium2
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from phongdich.core.tests.base import BaseTestCase
from phongdich.directives.models import Directive, Task
from phongdich.meetings import printing
from phongdich.meetings.models import Conclusion, Minutes
from phongdich.meetings.selectors.minutes import minutes_for_export
from phongdich.meetings.services.attendance import attendance_confirm
from phongdich.meetings.services.minutes import (
    ConclusionInput,
    MinutesInput,
    conclusions_to_tasks,
    minutes_save,
)
from phongdich.meetings.tests.helpers import at, make_meeting
from phongdich.org.models import Staff


def held(cast, *, with_minutes: bool = True, start=None):  # type: ignore[no-untyped-def]
    # Yesterday at 08:30 (local), not "a day before now": a run at 22:35 made the
    # meeting end after midnight, and the minutes rightly said so.
    start = start or at(timezone.localdate() - dt.timedelta(days=1), 8, 30)
    meeting = make_meeting(cast, start=start, secretary=cast.staff_user)
    Staff.objects.filter(user=cast.office).update(position="Chánh Văn phòng")
    present = [i.pk for i in meeting.invitations.exclude(user=cast.head_a)]
    attendance_confirm(meeting=meeting, present=present, by=cast.office)
    if not with_minutes:
        return meeting, None
    minutes_save(
        meeting=meeting,
        data=MinutesInput(
            started_at=meeting.start,
            ended_at=meeting.end,
            place="Phòng họp tầng 2, Sở Lao động - Thương binh và Xã hội (kết hợp trực tuyến)",
            contents="Văn phòng báo cáo tình hình tuần.\nCác phòng báo cáo kết quả công việc.",
            absent_note="",
        ),
        conclusions=[
            ConclusionInput(
                "Hoàn thành rà soát thiết bị họp trực tuyến",
                cast.unit_a,
                timezone.localdate() + dt.timedelta(days=7),
            ),
            ConclusionInput(
                "Báo cáo số cán bộ làm việc từ xa",
                cast.unit_b,
                timezone.localdate() + dt.timedelta(days=14),
            ),
        ],
        by=cast.staff_user,
    )
    return meeting, minutes_for_export(meeting=meeting)


class MinutesTest(BaseTestCase):
    def test_minutes_need_contents_and_place(self) -> None:
        meeting, _ = held(self, with_minutes=False)
        with self.assertRaises(ValidationError) as caught:
            minutes_save(
                meeting=meeting,
                data=MinutesInput(meeting.start, meeting.end, place=" ", contents=" "),
                conclusions=[],
                by=self.office,
            )
        assert set(caught.exception.message_dict) == {"place", "contents"}

    def test_the_biên_bản_docx_has_the_parts_a_clerk_expects(self) -> None:
        meeting, minutes = held(self)
        out = docx.Document(io.BytesIO(printing.minutes_docx(minutes)))
        text = "\n".join(p.text for p in out.paragraphs)
        assert "BIÊN BẢN" in text
        assert "Giao ban trực tuyến" in text
        assert "Thời gian bắt đầu:" in text
        assert "Chủ trì: Văn Phòng, Chánh Văn phòng." in text
        assert "Thư ký: Cán Bộ." in text
        assert "Thành phần tham dự:" in text
        assert "- Phòng Giáo dục nghề nghiệp: Cán Bộ." in text  # the secretary attended
        assert "Vắng mặt: Trưởng A (Phòng Giáo dục nghề nghiệp)." in text
        assert "I. NỘI DUNG CUỘC HỌP" in text and "II. KẾT LUẬN" in text
        assert (
            "1. Hoàn thành rà soát thiết bị họp trực tuyến. Đơn vị chủ trì: Phòng Giáo dục" in text
        )
        assert "cùng ngày, biên bản đã được thông qua trước các thành viên dự họp./." in text
        header = out.tables[0]
        assert "Số:" in header.cell(1, 0).text and "/BB-SLĐTBXH" in header.cell(1, 0).text
        sign = out.tables[-1]
        assert [p.text for p in sign.cell(0, 0).paragraphs] == ["THƯ KÝ", "Cán Bộ"]
        assert [p.text for p in sign.cell(0, 1).paragraphs] == ["CHỦ TRÌ", "Văn Phòng"]
        assert "Nơi nhận" not in text + sign.cell(0, 0).text

    def test_a_meeting_past_midnight_says_the_day_it_ended(self) -> None:
        day = timezone.localdate() - dt.timedelta(days=2)
        _, minutes = held(self, start=at(day, 22, 35))  # 90 minutes: ends 00:05
        out = docx.Document(io.BytesIO(printing.minutes_docx(minutes)))
        text = "\n".join(p.text for p in out.paragraphs)
        after = day + dt.timedelta(days=1)
        assert (
            f"kết thúc vào 00 giờ 05 phút ngày {after:%d} tháng {after:%m} năm {after:%Y}, "
            "biên bản đã được thông qua" in text
        )
        assert "cùng ngày" not in text

    def test_the_dates_are_written_as_decree_30_writes_them(self) -> None:
        _, minutes = held(self, start=at(dt.date(2026, 8, 31), 8, 30))
        out = docx.Document(io.BytesIO(printing.minutes_docx(minutes)))
        text = "\n".join(p.text for p in out.paragraphs)
        assert "08 giờ 30 phút, ngày 31 tháng 8 năm 2026." in text  # not "tháng 08"
        assert "tháng 08" not in text

    def test_the_biên_bản_pdf_has_both_signatures_and_no_noi_nhan(self) -> None:
        _, minutes = held(self)
        pdf = pypdfium2.PdfDocument(printing.minutes_pdf(minutes))
        text = "\n".join(page.get_textpage().get_text_range() for page in pdf)
        assert "BIÊN BẢN" in text and "THƯ KÝ" in text and "CHỦ TRÌ" in text
        assert "Nơi nhận" not in text
        assert "/BB-SLĐTBXH" in text

    def test_the_export_pages(self) -> None:
        meeting, _ = held(self)
        self.login(self.staff_user)
        for fmt, kind in (("docx", "wordprocessingml"), ("pdf", "application/pdf")):
            response = self.client.get(reverse("meetings:minutes_export", args=[meeting.pk, fmt]))
            assert response.status_code == 200 and kind in response["Content-Type"]
        assert (
            self.client.get(
                reverse("meetings:minutes_export", args=[meeting.pk, "exe"])
            ).status_code
            == 404
        )

    def test_writing_minutes_through_the_page(self) -> None:
        meeting, _ = held(self, with_minutes=False)
        self.login(self.staff_user)  # the secretary
        url = reverse("meetings:minutes", args=[meeting.pk])
        page = self.client.get(url).content.decode()
        assert 'name="c-TOTAL_FORMS" value="3"' in page
        day = timezone.localtime(meeting.start)
        response = self.client.post(
            url,
            {
                "day": day.strftime("%d/%m/%Y"),
                "start_time": day.strftime("%H:%M"),
                "end_time": (day + dt.timedelta(hours=1)).strftime("%H:%M"),
                "place": "Phòng họp",
                "contents": "Nội dung một",
                "c-TOTAL_FORMS": "2",
                "c-INITIAL_FORMS": "0",
                "c-0-text": "Kết luận một",
                "c-0-lead_unit": self.unit_a.pk,
                "c-0-deadline": (timezone.localdate() + dt.timedelta(days=5)).strftime("%d/%m/%Y"),
                "c-1-text": "",
            },
        )
        assert response.status_code == 302, response.content.decode()[:2000]
        minutes = Minutes.objects.get(meeting=meeting)
        assert [c.text for c in minutes.conclusions.all()] == ["Kết luận một"]


class ConclusionsToTasksTest(BaseTestCase):
    def test_one_step_makes_an_issued_thong_bao_ket_luan_with_one_task_each(self) -> None:
        _, minutes = held(self)
        directive = conclusions_to_tasks(minutes=minutes, by=self.office)
        assert directive.state == Directive.State.ISSUED
        assert directive.symbol == "TB-SLĐTBXH" and directive.number == 1
        assert directive.subject.startswith("Kết luận của Văn Phòng tại cuộc họp")
        tasks = list(directive.tasks.order_by("order"))
        assert [(t.number, t.lead_unit, t.state) for t in tasks] == [
            ("1", self.unit_a, Task.State.ASSIGNED),
            ("2", self.unit_b, Task.State.ASSIGNED),
        ]
        assert [c.task for c in Conclusion.objects.order_by("order")] == tasks
        # The lead units must report on them like on any task.
        assert set(tasks[0].assignments.values_list("unit_id", flat=True)) == {self.unit_a.pk}
        with self.assertRaises(ValidationError):
            conclusions_to_tasks(minutes=minutes, by=self.office)
        # The next one gets the next number of the year.
        _, other = held(self)
        assert conclusions_to_tasks(minutes=other, by=self.office).number == 2

    def test_a_conclusion_without_unit_or_deadline_is_refused_with_its_number(self) -> None:
        meeting, minutes = held(self)
        minutes_save(
            meeting=meeting,
            data=MinutesInput(
                minutes.started_at, minutes.ended_at, minutes.place, minutes.contents
            ),
            conclusions=[ConclusionInput("Việc chưa rõ ai làm")],
            by=self.office,
        )
        with self.assertRaises(ValidationError) as caught:
            conclusions_to_tasks(minutes=minutes, by=self.office)
        assert caught.exception.messages == [
            "Kết luận 1 chưa có đơn vị chủ trì.",
            "Kết luận 1 chưa có thời hạn.",
        ]
        assert not Directive.objects.exists()

    def test_through_the_page_then_the_conclusions_are_frozen(self) -> None:
        meeting, minutes = held(self)
        self.login(self.office)
        response = self.client.post(
            reverse("meetings:conclusions_to_tasks", args=[meeting.pk]), follow=True
        )
        page = response.content.decode()
        assert "Đã ban hành Thông báo kết luận số 01/TB-SLĐTBXH" in page
        assert "không sửa được nữa" in page
        minutes.refresh_from_db()
        assert minutes.directive is not None

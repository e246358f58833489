from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from phongdich.core.fields import UnitChoiceField
from phongdich.core.forms import NFCForm
from phongdich.meetings.forms.common import date_field, time_field
from phongdich.meetings.models import Conclusion, Meeting, Minutes
from phongdich.meetings.services.minutes import ConclusionInput, MinutesInput
from phongdich.org.models import Unit

EXTRA_CONCLUSIONS = 3


class MinutesForm(NFCForm):
    day = date_field(_("Ngày họp"))
    start_time = time_field(_("Bắt đầu lúc"))
    end_time = time_field(_("Kết thúc lúc"))
    place = forms.CharField(label=_("Địa điểm"), max_length=300)
    contents = forms.CharField(
        label=_("Nội dung cuộc họp"),
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("Mỗi đoạn một dòng, theo diễn biến cuộc họp."),
    )
    absent_note = forms.CharField(
        label=_("Vắng mặt, lý do (ghi thêm)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    @classmethod
    def initial_of(cls, meeting: Meeting, minutes: Minutes | None) -> dict[str, Any]:
        start = timezone.localtime(minutes.started_at if minutes else meeting.start)
        end = timezone.localtime(minutes.ended_at if minutes else meeting.end)
        online = str(_("trực tuyến")) if meeting.is_online else ""
        place = minutes.place if minutes else " · ".join(x for x in (meeting.room, online) if x)
        return {
            "day": start.date(),
            "start_time": start.time().replace(second=0, microsecond=0),
            "end_time": end.time().replace(second=0, microsecond=0),
            "place": place,
            "contents": minutes.contents if minutes else "",
            "absent_note": minutes.absent_note if minutes else "",
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (
            data.get("start_time")
            and data.get("end_time")
            and data["end_time"] <= data["start_time"]
        ):
            self.add_error("end_time", _("Giờ kết thúc phải sau giờ bắt đầu."))
        return data

    def to_input(self) -> MinutesInput:
        data = self.cleaned_data
        day = data["day"]
        return MinutesInput(
            started_at=timezone.make_aware(dt.datetime.combine(day, data["start_time"])),
            ended_at=timezone.make_aware(dt.datetime.combine(day, data["end_time"])),
            place=data["place"],
            contents=data["contents"],
            absent_note=data.get("absent_note", ""),
        )


class ConclusionForm(NFCForm):
    text = forms.CharField(
        label=_("Kết luận"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    lead_unit = UnitChoiceField(
        label=_("Đơn vị chủ trì"), queryset=Unit.objects.none(), required=False
    )
    deadline = date_field(_("Thời hạn"), required=False)

    def __init__(self, *args: Any, units: QuerySet[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["lead_unit"].queryset = units  # type: ignore[attr-defined]


ConclusionFormSet = forms.formset_factory(ConclusionForm, extra=0, max_num=30)


def conclusion_formset(data: Any, *, units: QuerySet[Unit], existing: list[Conclusion]) -> Any:
    initial = [
        {"text": c.text, "lead_unit": c.lead_unit_id, "deadline": c.deadline} for c in existing
    ] + [{} for _ in range(EXTRA_CONCLUSIONS)]
    formset = ConclusionFormSet(
        data, initial=None if data else initial, prefix="c", form_kwargs={"units": units}
    )
    if data is None:
        formset.extra = 0
    return formset


def conclusion_inputs(formset: Any) -> list[ConclusionInput]:
    return [
        ConclusionInput(
            text=form.cleaned_data.get("text", ""),
            lead_unit=form.cleaned_data.get("lead_unit"),
            deadline=form.cleaned_data.get("deadline"),
        )
        for form in formset.forms
        if form.cleaned_data.get("text")
    ]

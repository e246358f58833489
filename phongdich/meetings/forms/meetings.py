from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from phongdich.core.fields import UnitChoiceField, UnitMultipleChoiceField
from phongdich.core.forms import NFCForm
from phongdich.meetings.forms.common import (
    PeopleChoiceField,
    PersonChoiceField,
    date_field,
    time_field,
)
from phongdich.meetings.models import Invitation, Kind, Meeting
from phongdich.meetings.services.meetings import MeetingInput, RepeatInput
from phongdich.org.models import Unit


def _aware(day: dt.date, at: dt.time) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, at))


class MeetingForm(NFCForm):
    title = forms.CharField(label=_("Tên cuộc họp"), max_length=255)
    kind = forms.ChoiceField(label=_("Loại"), choices=Kind.choices)
    host_unit = UnitChoiceField(label=_("Đơn vị chủ trì"), queryset=Unit.objects.none())
    chair = PersonChoiceField(label=_("Người chủ trì"), queryset=None)  # type: ignore[arg-type]
    secretary = PersonChoiceField(label=_("Thư ký"), queryset=None, required=False)  # type: ignore[arg-type]
    day = date_field(_("Ngày họp"))
    start_time = time_field(_("Bắt đầu"))
    end_time = time_field(pgettext_lazy("meeting time", "Kết thúc"))
    platform = forms.ChoiceField(
        label=_("Họp trực tuyến"), choices=Meeting.Platform.choices, required=False
    )
    online_url = forms.CharField(
        label=_("Đường liên kết họp"),
        required=False,
        max_length=500,
        help_text=_("Khi chọn “Đường liên kết”: dán liên kết Zoom, Google Meet, Teams…"),
    )
    room = forms.CharField(
        label=_("Phòng họp (họp trực tiếp)"),
        required=False,
        max_length=200,
        help_text=_("Để trống nếu chỉ họp trực tuyến."),
    )
    agenda = forms.CharField(
        label=_("Chương trình"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    weekly = forms.BooleanField(label=_("Lặp lại hằng tuần"), required=False)
    repeat_until = date_field(_("Lặp lại đến ngày"), required=False)

    def __init__(
        self,
        *args: Any,
        units: QuerySet[Unit],
        people: QuerySet[Any],
        editing: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["host_unit"].queryset = units  # type: ignore[attr-defined]
        self.fields["chair"].queryset = people  # type: ignore[attr-defined]
        self.fields["secretary"].queryset = people  # type: ignore[attr-defined]
        if not settings.JITSI_BASE_URL:
            self.fields["platform"].choices = [  # type: ignore[attr-defined]
                c for c in Meeting.Platform.choices if c[0] != Meeting.Platform.JITSI
            ]
        if editing:
            del self.fields["weekly"]
            del self.fields["repeat_until"]

    @classmethod
    def initial_of(cls, meeting: Meeting) -> dict[str, Any]:
        start, end = timezone.localtime(meeting.start), timezone.localtime(meeting.end)
        return {
            "title": meeting.title,
            "kind": meeting.kind,
            "host_unit": meeting.host_unit_id,
            "chair": meeting.chair_id,
            "secretary": meeting.secretary_id,
            "day": start.date(),
            "start_time": start.time(),
            "end_time": end.time(),
            "platform": meeting.platform,
            "online_url": meeting.online_url if meeting.platform == Meeting.Platform.LINK else "",
            "room": meeting.room,
            "agenda": meeting.agenda,
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("weekly") and not data.get("repeat_until"):
            self.add_error("repeat_until", _("Hãy chọn ngày cuối của lịch lặp lại."))
        if data.get("platform") == Meeting.Platform.LINK and not data.get("online_url"):
            self.add_error("online_url", _("Hãy dán đường liên kết họp."))
        return data

    def to_input(self) -> MeetingInput:
        data = self.cleaned_data
        return MeetingInput(
            title=data["title"],
            kind=data["kind"],
            chair=data["chair"],
            secretary=data.get("secretary"),
            host_unit=data["host_unit"],
            start=_aware(data["day"], data["start_time"]),
            end=_aware(data["day"], data["end_time"]),
            platform=data.get("platform") or "",
            online_url=data.get("online_url") or "",
            room=data.get("room") or "",
            agenda=data.get("agenda") or "",
        )

    def to_repeat(self) -> RepeatInput | None:
        if not self.cleaned_data.get("weekly"):
            return None
        return RepeatInput(until=self.cleaned_data["repeat_until"])


class CancelForm(NFCForm):
    reason = forms.CharField(label=_("Lý do hủy"), max_length=300)


class DocumentForm(NFCForm):
    file = forms.FileField(
        label=_("Tài liệu"), help_text=_(".pdf, .docx, .xlsx, .pptx, .jpg, .png; tối đa 20 MB.")
    )


class InviteForm(NFCForm):
    units = UnitMultipleChoiceField(
        label=_("Mời đơn vị (trưởng đơn vị dự họp)"),
        queryset=Unit.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    people = PeopleChoiceField(
        label=_("Mời đích danh"),
        queryset=None,  # type: ignore[arg-type]
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    whole_series = forms.BooleanField(
        label=_("Mời cho cả các buổi sau của lịch giao ban định kỳ"), required=False, initial=True
    )

    def __init__(
        self, *args: Any, units: QuerySet[Unit], people: QuerySet[Any], series: bool, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["units"].queryset = units  # type: ignore[attr-defined]
        self.fields["people"].queryset = people  # type: ignore[attr-defined]
        if not series:
            del self.fields["whole_series"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("units") and not data.get("people"):
            raise forms.ValidationError(_("Hãy chọn ít nhất một đơn vị hoặc một người để mời."))
        return data


class ReplyForm(NFCForm):
    reply = forms.ChoiceField(
        label=_("Trả lời"),
        choices=[c for c in Invitation.Reply.choices if c[0] != Invitation.Reply.PENDING],
        widget=forms.RadioSelect,
    )
    delegate = PersonChoiceField(label=_("Người dự thay"), queryset=None, required=False)  # type: ignore[arg-type]
    reason = forms.CharField(
        label=_("Lý do (khi không tham dự được)"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, delegates: QuerySet[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["delegate"].queryset = delegates  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        reply = data.get("reply")
        if reply == Invitation.Reply.DELEGATED and not data.get("delegate"):
            self.add_error("delegate", _("Hãy chọn người dự thay."))
        if reply == Invitation.Reply.DECLINED and not data.get("reason"):
            self.add_error("reason", _("Hãy ghi lý do không tham dự được."))
        return data


def _name(user: Any) -> str:
    staff = getattr(user, "staff", None)
    return getattr(staff, "full_name", "") or user.get_full_name() or user.username


class AttendanceForm(NFCForm):
    present = forms.MultipleChoiceField(
        label=_("Có mặt"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, invitations: list[Invitation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["present"].choices = [  # type: ignore[attr-defined]
            (str(i.pk), f"{_name(i.user)} — {i.unit.name}") for i in invitations
        ]

    def present_ids(self) -> list[int]:
        return [int(v) for v in self.cleaned_data.get("present", [])]

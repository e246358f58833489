"""Forms of the tracing pages: what a tracer types, checked with Vietnamese messages.

Each form only parses and checks input; the services (``services/``) write.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from phongdich.core.forms import NFCForm
from phongdich.core.text import clean_name, phone_or_error
from phongdich.tracing.models import Contact
from phongdich.tracing.selectors import sources

DATE_FORMATS = ["%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d"]
DATETIME_FORMATS = ["%d/%m/%Y %H:%M", "%d/%m/%Y %H:%M:%S", "%d/%m/%Y", "%Y-%m-%dT%H:%M"]
MAX_DEPTH = 5
# "Positive" is recorded by turning the contact into a case (it needs an onset date).
STATUS_CHOICES = [(v, label) for v, label in Contact.Status.choices if v != Contact.Status.POSITIVE]


def local_today() -> date:
    return timezone.localdate()


def date_field(label: Any, *, required: bool = True, help_text: Any = "") -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        input_formats=DATE_FORMATS,
        help_text=help_text,
        widget=forms.DateInput(
            format="%d/%m/%Y",
            attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric", "autocomplete": "off"},
        ),
        error_messages={
            "required": format_lazy(_("Vui lòng nhập {}."), label),
            "invalid": format_lazy(_("{}: nhập ngày dạng dd/mm/yyyy, ví dụ 05/11/2026."), label),
        },
    )


def datetime_field(label: Any, *, help_text: Any = "") -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label,
        required=False,
        input_formats=DATETIME_FORMATS,
        help_text=help_text,
        widget=forms.DateTimeInput(
            format="%d/%m/%Y %H:%M",
            attrs={"placeholder": "dd/mm/yyyy HH:MM", "autocomplete": "off"},
        ),
        error_messages={
            "invalid": format_lazy(
                _("{}: nhập dạng dd/mm/yyyy HH:MM (giờ Việt Nam), ví dụ 05/11/2026 14:30."), label
            ),
        },
    )


def _check_onset_and_isolation(
    form: forms.Form, onset: date | None, isolated_at: datetime | None
) -> None:
    today = local_today()
    if onset is not None and onset > today:
        form.add_error(
            "onset",
            _("Ngày khởi phát %(day)s ở tương lai: hôm nay là %(today)s.")
            % {"day": onset.strftime("%d/%m/%Y"), "today": today.strftime("%d/%m/%Y")},
        )
        return
    if isolated_at is None:
        return
    local = timezone.localtime(isolated_at)
    if isolated_at > timezone.now() + timedelta(minutes=5):
        form.add_error(
            "isolated_at",
            _("Thời điểm cách ly %(at)s ở tương lai.") % {"at": local.strftime("%d/%m/%Y %H:%M")},
        )
    elif onset is not None and local.date() < onset:
        form.add_error(
            "isolated_at",
            _("Thời điểm cách ly (%(at)s) không được trước ngày khởi phát %(day)s.")
            % {"at": local.strftime("%d/%m/%Y %H:%M"), "day": onset.strftime("%d/%m/%Y")},
        )


class CaseCreateForm(NFCForm):
    """Register a case (F0) from a staff record, a visitor of the log, or a phone + name."""

    SOURCE_STAFF = sources.SOURCE_STAFF
    SOURCE_VISIT = sources.SOURCE_VISIT
    SOURCE_PHONE = sources.SOURCE_PHONE

    source = forms.ChoiceField(
        label=_("Người mắc bệnh là"),
        choices=[
            (SOURCE_STAFF, _("Cán bộ trong danh bạ")),
            (SOURCE_VISIT, _("Người đã check-in (nhật ký ra vào)")),
            (SOURCE_PHONE, _("Người khác: nhập số điện thoại và họ tên")),
        ],
        initial=SOURCE_STAFF,
        widget=forms.RadioSelect,
        error_messages={"required": _("Vui lòng chọn cách xác định người mắc bệnh.")},
    )
    staff_query = forms.CharField(
        label=_("Tìm cán bộ (họ tên, mã cán bộ hoặc số điện thoại)"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    staff = forms.IntegerField(required=False, widget=forms.RadioSelect)
    visit_query = forms.CharField(
        label=_("Tìm trong nhật ký ra vào (số điện thoại hoặc họ tên)"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    visit = forms.IntegerField(required=False, widget=forms.RadioSelect)
    phone = forms.CharField(
        label=_("Số điện thoại"),
        required=False,
        max_length=40,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
    )
    full_name = forms.CharField(label=_("Họ và tên"), required=False, max_length=200)
    onset = date_field(
        _("Ngày khởi phát / lấy mẫu dương tính"),
        help_text=_("Ngày sớm hơn giữa ngày có triệu chứng và ngày lấy mẫu dương tính."),
    )
    isolated_at = datetime_field(
        _("Thời điểm cách ly"), help_text=_("Giờ Việt Nam; để trống nếu chưa cách ly.")
    )
    notes = forms.CharField(
        label=_("Ghi chú"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean_staff_query(self) -> str:
        return clean_name(self.cleaned_data.get("staff_query"))

    def clean_visit_query(self) -> str:
        return clean_name(self.cleaned_data.get("visit_query"))

    def clean_full_name(self) -> str:
        return clean_name(self.cleaned_data.get("full_name"))

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        source = data.get("source")
        if source == self.SOURCE_PHONE:
            try:
                data["phone"] = phone_or_error(data.get("phone"))
            except ValidationError as error:
                self.add_error("phone", error)
            if not data.get("full_name"):
                self.add_error("full_name", _("Vui lòng nhập họ và tên người mắc bệnh."))
        elif source == self.SOURCE_STAFF and not data.get("staff") and not data.get("staff_query"):
            self.add_error("staff_query", _("Vui lòng tìm và chọn một cán bộ."))
        elif source == self.SOURCE_VISIT and not data.get("visit") and not data.get("visit_query"):
            self.add_error(
                "visit_query", _("Vui lòng tìm và chọn một lượt check-in trong nhật ký.")
            )
        _check_onset_and_isolation(self, data.get("onset"), data.get("isolated_at"))
        return data


class TraceForm(NFCForm):
    """Run a trace; every parameter left empty takes the disease profile's value."""

    depth = forms.IntegerField(
        label=_("Số cấp truy vết (1–5)"),
        required=False,
        min_value=1,
        max_value=MAX_DEPTH,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "invalid": _("Số cấp truy vết phải là một số từ 1 đến 5."),
            "min_value": _("Số cấp truy vết phải từ 1 đến 5."),
            "max_value": _("Số cấp truy vết phải từ 1 đến 5."),
        },
    )
    min_overlap_minutes = forms.IntegerField(
        label=_("Thời gian tiếp xúc tối thiểu (phút)"),
        required=False,
        min_value=1,
        max_value=1440,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "invalid": _("Thời gian tiếp xúc tối thiểu phải là số phút từ 1 đến 1440."),
            "min_value": _("Thời gian tiếp xúc tối thiểu phải từ 1 đến 1440 phút."),
            "max_value": _("Thời gian tiếp xúc tối thiểu phải từ 1 đến 1440 phút."),
        },
    )
    as_of = datetime_field(_("Tính đến thời điểm"), help_text=_("Để trống: tính đến bây giờ."))

    def clean_as_of(self) -> datetime | None:
        as_of: datetime | None = self.cleaned_data.get("as_of")
        if as_of is not None and as_of > timezone.now() + timedelta(minutes=5):
            raise ValidationError(_("Thời điểm tính đến không được ở tương lai."))
        return as_of


class ContactStatusForm(NFCForm):
    status = forms.ChoiceField(
        label=_("Tình trạng theo dõi"),
        choices=STATUS_CHOICES,
        error_messages={"invalid_choice": _("Tình trạng đã chọn không hợp lệ.")},
    )


class FollowUpForm(NFCForm):
    """One day's entry of a contact's follow-up, within the follow-up period."""

    day = date_field(_("Ngày theo dõi"))
    status = forms.ChoiceField(
        label=_("Tình trạng trong ngày"),
        choices=STATUS_CHOICES,
        error_messages={"invalid_choice": _("Tình trạng đã chọn không hợp lệ.")},
    )
    has_symptoms = forms.BooleanField(label=_("Có triệu chứng"), required=False)
    note = forms.CharField(
        label=_("Ghi chú"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, first_day: date, last_day: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.first_day = first_day
        self.last_day = last_day

    def clean_day(self) -> date:
        day: date = self.cleaned_data["day"]
        if day > local_today():
            raise ValidationError(
                _("Ngày %(day)s chưa tới: chỉ ghi theo dõi cho hôm nay hoặc các ngày trước.")
                % {"day": day.strftime("%d/%m/%Y")}
            )
        if not self.first_day <= day <= self.last_day:
            raise ValidationError(
                _("Ngày %(day)s nằm ngoài thời gian theo dõi (%(first)s – %(last)s).")
                % {
                    "day": day.strftime("%d/%m/%Y"),
                    "first": self.first_day.strftime("%d/%m/%Y"),
                    "last": self.last_day.strftime("%d/%m/%Y"),
                }
            )
        return day


class PromoteForm(NFCForm):
    """Turn a contact that tested positive into a case (F0)."""

    onset = date_field(_("Ngày khởi phát / lấy mẫu dương tính"))
    isolated_at = datetime_field(
        _("Thời điểm cách ly"), help_text=_("Giờ Việt Nam; để trống nếu chưa cách ly.")
    )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        _check_onset_and_isolation(self, data.get("onset"), data.get("isolated_at"))
        return data

"""The gate form: Vietnamese labels, one clear message per bad input."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from phongdich.checkin.models import Location
from phongdich.checkin.selectors.gates import code_taken
from phongdich.core.fields import UnitChoiceField
from phongdich.core.forms import NFCForm
from phongdich.core.text import clean_name, nfc
from phongdich.org.models import Unit

CODE_PATTERN = re.compile(r"[A-Z0-9]+(?:-[A-Z0-9]+)*")
TIME_FORMATS = ["%H:%M", "%H:%M:%S", "%Hh%M", "%H.%M", "%Hh"]
FIELDS = (
    "code",
    "name",
    "unit",
    "address",
    "opens_at",
    "closes_at",
    "is_active",
    "require_cccd",
)
TIME_INVALID = _("Giờ không hợp lệ: nhập theo dạng giờ:phút, 24 giờ (ví dụ 07:30 hoặc 17:00).")


def _time_field(label: StrOrPromise) -> forms.TimeField:
    return forms.TimeField(
        label=label,
        required=False,
        input_formats=TIME_FORMATS,
        error_messages={"invalid": TIME_INVALID},
        widget=forms.TimeInput(
            format="%H:%M", attrs={"placeholder": "07:30", "inputmode": "numeric"}
        ),
        help_text=_("Để trống cả giờ mở và giờ đóng nếu cổng mở cả ngày."),
    )


class LocationForm(NFCForm):
    """A gate's fields; ``gate`` is the gate being edited (None: a new one). Saving is
    the services' job (services/gates.py), with the cleaned values as arguments."""

    code = forms.CharField(
        label=_("Mã cổng"),
        max_length=40,
        help_text=_(
            "Chữ in hoa không dấu, chữ số và dấu gạch ngang, ví dụ SO-CONG-CHINH. "
            "Dùng để in áp phích bằng lệnh; không in trên áp phích."
        ),
        error_messages={
            "required": _("Vui lòng nhập mã cổng."),
            "max_length": _("Mã cổng dài tối đa %(limit_value)d ký tự (đang có %(show_value)d)."),
        },
    )
    name = forms.CharField(
        label=_("Tên cổng / địa điểm"),
        max_length=200,
        help_text=_("In to trên áp phích, ví dụ “Cổng chính Sở”."),
        error_messages={
            "required": _("Vui lòng nhập tên cổng."),
            "max_length": _("Tên cổng dài tối đa %(limit_value)d ký tự (đang có %(show_value)d)."),
        },
    )
    unit = UnitChoiceField(
        with_code=True,
        label=_("Đơn vị quản lý cổng"),
        queryset=Unit.objects.none(),
        empty_label=_("— Chọn đơn vị —"),
        error_messages={
            "required": _("Vui lòng chọn đơn vị."),
            "invalid_choice": _("Đơn vị đã chọn không có hoặc không thuộc phạm vi bạn quản lý."),
        },
    )
    address = forms.CharField(
        label=_("Địa chỉ"),
        max_length=255,
        required=False,
        error_messages={
            "max_length": _("Địa chỉ dài tối đa %(limit_value)d ký tự (đang có %(show_value)d)."),
        },
    )
    opens_at = _time_field(_("Giờ mở cửa"))
    closes_at = _time_field(_("Giờ đóng cửa"))
    is_active = forms.BooleanField(
        label=_("Cổng đang hoạt động (nhận check-in)"), required=False, initial=True
    )
    require_cccd = forms.BooleanField(
        label=_("Bắt buộc khách nhập số CCCD khi check-in"), required=False
    )

    def __init__(
        self, *args: Any, units: QuerySet[Unit], gate: Location | None = None, **kwargs: Any
    ) -> None:
        if gate is not None and "initial" not in kwargs:
            initial = {name: getattr(gate, name) for name in FIELDS if name != "unit"}
            kwargs["initial"] = {**initial, "unit": gate.unit_id}
        super().__init__(*args, **kwargs)
        self.gate = gate
        self.fields["unit"].queryset = units.order_by("path")  # type: ignore[attr-defined]

    def clean_code(self) -> str:
        code = nfc(self.cleaned_data.get("code")).upper()
        if not CODE_PATTERN.fullmatch(code):
            raise forms.ValidationError(
                _(
                    "Mã cổng “%(value)s” không hợp lệ: chỉ dùng chữ in hoa không dấu A–Z, "
                    "chữ số và dấu gạch ngang giữa các phần, ví dụ SO-CONG-CHINH."
                ),
                code="bad_code",
                params={"value": code[:40]},
            )
        if code_taken(code=code, gate=self.gate):
            raise forms.ValidationError(
                _("Mã cổng %(value)s đã được dùng cho một cổng khác: chọn mã khác."),
                code="duplicate_code",
                params={"value": code},
            )
        return code

    def clean_name(self) -> str:
        name = clean_name(self.cleaned_data.get("name"))
        if not name:
            raise forms.ValidationError(_("Vui lòng nhập tên cổng."), code="required")
        return name

    def clean_address(self) -> str:
        return clean_name(self.cleaned_data.get("address"))

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        opens, closes = data.get("opens_at"), data.get("closes_at")
        if "opens_at" in data and "closes_at" in data:
            if (opens is None) != (closes is None):
                missing = "closes_at" if closes is None else "opens_at"
                self.add_error(
                    missing,
                    forms.ValidationError(
                        _("Nhập cả giờ mở và giờ đóng cửa, hoặc để trống cả hai."),
                        code="half_hours",
                    ),
                )
            elif opens is not None and closes is not None and closes <= opens:
                self.add_error(
                    "closes_at",
                    forms.ValidationError(
                        _("Giờ đóng cửa (%(closes)s) phải sau giờ mở cửa (%(opens)s)."),
                        code="closes_before_opens",
                        params={
                            "closes": closes.strftime("%H:%M"),
                            "opens": opens.strftime("%H:%M"),
                        },
                    ),
                )
        return data

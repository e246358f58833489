"""The breach register's form."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from phongdich.core.fields import UnitMultipleChoiceField
from phongdich.core.forms import NFCForm
from phongdich.org.models import Unit
from phongdich.privacy.models import DataKind

DATETIME_FORMATS = ["%d/%m/%Y %H:%M", "%d/%m/%Y %H:%M:%S", "%d/%m/%Y"]
BAD_MOMENT = _("Thời điểm không hợp lệ: nhập theo dạng dd/mm/yyyy hh:mm.")
BAD_DATE = _("Ngày không hợp lệ: nhập theo dạng dd/mm/yyyy.")


def _moment(label: Any, *, required: bool) -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label,
        required=required,
        input_formats=DATETIME_FORMATS,
        widget=forms.DateTimeInput(
            format="%d/%m/%Y %H:%M", attrs={"placeholder": "dd/mm/yyyy hh:mm"}
        ),
        error_messages={"invalid": BAD_MOMENT, "required": _("Vui lòng nhập thời điểm phát hiện.")},
    )


def _day(label: Any) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=False,
        input_formats=["%d/%m/%Y"],
        widget=forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy"}),
        error_messages={"invalid": BAD_DATE},
    )


class IncidentForm(NFCForm):
    title = forms.CharField(
        label=_("Sự cố (tóm tắt)"),
        max_length=200,
        error_messages={"required": _("Vui lòng nhập tóm tắt sự cố.")},
    )
    description = forms.CharField(
        label=_("Diễn biến sự cố"),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Vui lòng mô tả sự cố.")},
    )
    discovered_at = _moment(_("Phát hiện lúc"), required=True)
    occurred_at = _moment(_("Xảy ra lúc (nếu biết)"), required=False)
    data_kinds = forms.MultipleChoiceField(
        label=_("Loại dữ liệu bị ảnh hưởng"),
        choices=DataKind.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Vui lòng chọn ít nhất một loại dữ liệu.")},
    )
    affected_count = forms.IntegerField(
        label=_("Số người bị ảnh hưởng (ước tính)"),
        min_value=0,
        max_value=10_000_000,
        error_messages={
            "required": _("Vui lòng nhập số người bị ảnh hưởng (0 nếu chưa rõ)."),
            "invalid": _("Số người phải là số nguyên."),
            "min_value": _("Số người không được âm."),
            "max_value": _("Số người quá lớn."),
        },
    )
    consequences = forms.CharField(
        label=_("Hậu quả có thể xảy ra"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    measures = forms.CharField(
        label=_("Biện pháp đã thực hiện"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    scope_from = _day(_("Người bị ảnh hưởng: ra vào từ ngày"))
    scope_to = _day(_("đến ngày"))
    scope_units = UnitMultipleChoiceField(
        label=_("tại các đơn vị (bỏ trống: mọi đơn vị)"),
        queryset=Unit.objects.none(),
        required=False,
    )
    number = forms.IntegerField(
        label=_("Số văn bản thông báo (bỏ trống để văn thư ghi số)"),
        required=False,
        min_value=1,
        max_value=99_999,
        error_messages={"invalid": _("Số văn bản phải là số nguyên từ 1.")},
    )
    symbol = forms.CharField(label=_("Ký hiệu"), max_length=60, initial="SLĐTBXH-VP")
    addressee = forms.CharField(label=_("Kính gửi"), max_length=300)
    signer_authority = forms.ChoiceField(
        label=_("Thẩm quyền ký"),
        required=False,
        choices=[("", _("Giám đốc ký")), ("KT. GIÁM ĐỐC", "KT. GIÁM ĐỐC")],
    )
    signer_title = forms.CharField(label=_("Chức vụ người ký"), max_length=100, initial="GIÁM ĐỐC")
    signer_name = forms.CharField(
        label=_("Người ký"),
        max_length=200,
        error_messages={"required": _("Vui lòng nhập họ tên người ký.")},
    )

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["scope_units"]
        assert isinstance(field, UnitMultipleChoiceField)
        field.queryset = units

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        now = timezone.now()
        found, occurred = data.get("discovered_at"), data.get("occurred_at")
        if found and found > now:
            self.add_error("discovered_at", _("Thời điểm phát hiện không được ở tương lai."))
        if found and occurred and occurred > found:
            self.add_error("occurred_at", _("Sự cố không thể xảy ra sau khi được phát hiện."))
        start, end = data.get("scope_from"), data.get("scope_to")
        if (start is None) != (end is None):
            self.add_error("scope_to", _("Nhập cả hai ngày (hoặc bỏ trống cả hai)."))
        elif start and end and end < start:
            self.add_error("scope_to", _("“Đến ngày” phải sau hoặc bằng “từ ngày”."))
        if data.get("signer_authority") and data.get("signer_title") == "GIÁM ĐỐC":
            self.add_error("signer_title", _("Ký thay Giám đốc: chức vụ là Phó Giám đốc."))
        return data

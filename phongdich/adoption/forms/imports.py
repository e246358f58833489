from __future__ import annotations

from pathlib import Path
from typing import Any

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from phongdich.adoption.models import Union
from phongdich.core.fields import UnitChoiceField
from phongdich.core.forms import NFCForm
from phongdich.org.models import Unit


class AdoptionImportForm(NFCForm):
    unit = UnitChoiceField(
        label=_("Danh sách của đơn vị"),
        queryset=Unit.objects.none(),
        required=False,
        empty_label=_("— (danh sách của một tổ chức đoàn thể hoặc toàn Sở) —"),
    )
    union = forms.ModelChoiceField(
        label=_("Danh sách của tổ chức đoàn thể"),
        queryset=Union.objects.none(),
        required=False,
        empty_label=_("— (không phải danh sách đoàn thể) —"),
        help_text=_("Người có tên trong danh sách được ghi nhận là đoàn viên, hội viên."),
    )
    file = forms.FileField(
        label=_("Tệp danh sách (.xlsx hoặc .csv)"),
        help_text=_(
            "Các cột: Mã cán bộ hoặc Số điện thoại, Họ và tên, Ứng dụng, Trạng thái (đã cài, "
            "đang sử dụng, chưa cài, không có điện thoại thông minh), Ghi chú."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )
    skip_invalid = forms.BooleanField(
        label=_("Bỏ qua các dòng lỗi và nhập các dòng hợp lệ"), required=False
    )

    def __init__(self, *args: Any, units: Any, unions: Any, whole: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]
        self.fields["union"].queryset = unions  # type: ignore[attr-defined]
        self.whole = whole

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if Path(upload.name or "").suffix.lower() not in (".xlsx", ".csv"):
            raise forms.ValidationError(_("Chỉ nhận tệp .xlsx hoặc .csv."))
        limit = settings.STAFF_IMPORT_MAX_BYTES
        if upload.size > limit:
            raise forms.ValidationError(
                _("Tệp lớn quá %(limit)s (tệp của bạn: %(size)s).")
                % {"limit": filesizeformat(limit), "size": filesizeformat(upload.size)}
            )
        return upload

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("unit") and not data.get("union") and not self.whole:
            raise forms.ValidationError(_("Hãy chọn đơn vị hoặc tổ chức đoàn thể của danh sách."))
        return data

from __future__ import annotations

from pathlib import Path
from typing import Any

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from phongdich.core.fields import UnitChoiceField
from phongdich.core.forms import NFCForm
from phongdich.org.models import Unit


class EquipmentImportForm(NFCForm):
    unit = UnitChoiceField(label=_("Đơn vị của tệp"), queryset=Unit.objects.none())
    file = forms.FileField(
        label=_("Tệp thiết bị (.xlsx hoặc .csv)"),
        help_text=_(
            "Các cột: STT, Loại thiết bị, Mã tài sản, Model, Số serial, Năm sử dụng, "
            "Tình trạng, Mã cán bộ (người sử dụng), Ghi chú."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )
    skip_invalid = forms.BooleanField(
        label=_("Bỏ qua các dòng lỗi và nhập các dòng hợp lệ"), required=False
    )

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]

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

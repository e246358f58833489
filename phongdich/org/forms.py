from pathlib import Path
from typing import Any

from django import forms
from django.conf import settings
from django.db.models import QuerySet
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from phongdich.core.fields import UnitChoiceField
from phongdich.core.forms import NFCForm
from phongdich.org.models import Unit

ALLOWED_SUFFIXES = {".xlsx", ".csv"}


class StaffImportForm(NFCForm):
    file = forms.FileField(
        label=_("Tệp danh sách cán bộ (.xlsx hoặc .csv)"),
        help_text=_(
            "Các cột: Họ và tên, Mã cán bộ, Số điện thoại, Email, Đơn vị (mã hoặc tên), Chức vụ."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )
    skip_invalid = forms.BooleanField(
        label=_("Bỏ qua các dòng lỗi và nhập các dòng hợp lệ"),
        required=False,
    )

    def clean_file(self):  # type: ignore[no-untyped-def]
        upload = self.cleaned_data["file"]
        suffix = Path(upload.name or "").suffix.lower()
        if suffix not in ALLOWED_SUFFIXES:
            raise forms.ValidationError(_("Chỉ nhận tệp .xlsx hoặc .csv."), code="bad_type")
        if upload.size > settings.STAFF_IMPORT_MAX_BYTES:
            raise forms.ValidationError(
                _("Tệp lớn quá %(limit)s (tệp của bạn: %(size)s).")
                % {
                    "limit": filesizeformat(settings.STAFF_IMPORT_MAX_BYTES),
                    "size": filesizeformat(upload.size),
                },
                code="too_big",
            )
        if upload.size == 0:
            raise forms.ValidationError(_("Tệp trống."), code="empty")
        return upload


class StaffFilterForm(NFCForm):
    q = forms.CharField(label=_("Tìm theo tên, mã cán bộ hoặc số điện thoại"), required=False)
    # The choices are the units the viewer may see (the view passes ``units``).
    unit = UnitChoiceField(
        label=_("Đơn vị"), queryset=Unit.objects.none(), required=False, empty_label=_("Tất cả")
    )

    def __init__(self, *args: Any, units: QuerySet[Unit] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if units is not None:
            self.fields["unit"].queryset = units  # type: ignore[attr-defined]

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from phongdich.adoption.services.indicators import IndicatorFigures, indicator_problems
from phongdich.core.fields import UnitChoiceField
from phongdich.core.forms import NFCForm
from phongdich.org.models import Unit

_MONTH = re.compile(r"^(\d{1,2})\s*[/.-]\s*(\d{4})$")


def _count(label: Any, *, required: bool = True) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        min_value=0,
        required=required,
        error_messages={
            "required": _("Hãy nhập số liệu (0 nếu không có)."),
            "invalid": _("Hãy nhập một số nguyên."),
            "min_value": _("Số liệu không được âm."),
        },
    )


class IndicatorForm(NFCForm):
    unit = UnitChoiceField(label=_("Đơn vị"), queryset=Unit.objects.none())
    month = forms.CharField(label=_("Tháng (mm/yyyy)"), max_length=7)
    documents_total = _count(_("Tổng số văn bản đi, đến đã xử lý"))
    documents_electronic = _count(_("Trong đó xử lý trên môi trường mạng"))
    dossiers_total = _count(_("Tổng số hồ sơ thủ tục hành chính tiếp nhận"))
    dossiers_level3 = _count(_("Hồ sơ trực tuyến mức độ 3"))
    dossiers_level4 = _count(_("Hồ sơ trực tuyến mức độ 4"))
    online_meetings = _count(_("Số cuộc họp trực tuyến"), required=False)
    note = forms.CharField(
        label=_("Ghi chú"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]

    def clean_month(self) -> dt.date:
        match = _MONTH.match(self.cleaned_data["month"])
        month = int(match.group(1)) if match else 0
        if not match or not 1 <= month <= 12:
            raise forms.ValidationError(
                _("Tháng không hợp lệ: ghi theo dạng mm/yyyy, ví dụ 09/2021.")
            )
        return dt.date(int(match.group(2)), month, 1)

    def figures(self) -> IndicatorFigures:
        d = self.cleaned_data
        return IndicatorFigures(
            documents_total=d["documents_total"],
            documents_electronic=d["documents_electronic"],
            dossiers_total=d["dossiers_total"],
            dossiers_level3=d["dossiers_level3"],
            dossiers_level4=d["dossiers_level4"],
            online_meetings=d.get("online_meetings"),
            note=d.get("note", ""),
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        names = ("documents_total", "documents_electronic", "dossiers_total")
        if all(data.get(n) is not None for n in (*names, "dossiers_level3", "dossiers_level4")):
            for name, message in indicator_problems(self.figures()).items():
                self.add_error(name, message)
        return data

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from phongdich.core.forms import NFCForm

DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]


def _date_field(label: Any) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=False,
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


class PeriodForm(NFCForm):
    start = _date_field(_("Từ ngày (kỳ thống kê)"))
    end = _date_field(_("Đến ngày (kỳ thống kê)"))

    def period(self) -> tuple[dt.date, dt.date]:
        today = timezone.localdate()
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        return data.get("start") or today.replace(day=1), data.get("end") or today

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end and start > end:
            raise ValidationError(_("Ngày bắt đầu phải trước ngày kết thúc."))
        return data

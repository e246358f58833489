"""Filters of the visitor log."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from phongdich.checkin.cccd import CCCD_NUMBER
from phongdich.checkin.forms.fields import GateChoiceField
from phongdich.checkin.models import Location, Visit
from phongdich.checkin.selectors.log import LogFilter
from phongdich.core.fields import UnitChoiceField
from phongdich.core.forms import NFCForm
from phongdich.core.text import clean_name
from phongdich.org.models import Unit
from tracing_engine.identity import InvalidPhone, normalize_phone

DATE_FORMATS = ["%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d"]
MAX_DAYS = 92
_DIGITS = re.compile(r"[\d\s.+-]+")


def _date_field(label: StrOrPromise) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=False,
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy"}),
        error_messages={
            "invalid": format_lazy(
                _("{label}: nhập ngày dạng dd/mm/yyyy, ví dụ 05/11/2026."), label=label
            )
        },
    )


class LogFilterForm(NFCForm):
    unit = UnitChoiceField(
        label=_("Đơn vị"),
        queryset=Unit.objects.none(),
        required=False,
        empty_label=_("Tất cả đơn vị được xem"),
        error_messages={"invalid_choice": _("Đơn vị đã chọn không thuộc phạm vi của bạn.")},
    )
    date_from = _date_field(_("Từ ngày"))
    date_to = _date_field(_("Đến ngày"))
    gate = GateChoiceField(
        label=_("Cổng"),
        queryset=Location.objects.none(),
        required=False,
        empty_label=_("Tất cả cổng"),
        error_messages={"invalid_choice": _("Cổng đã chọn không thuộc phạm vi của bạn.")},
    )
    kind = forms.ChoiceField(
        label=_("Khách/Cán bộ"),
        required=False,
        choices=[("", _("Tất cả")), ("visitor", _("Khách")), ("staff", _("Cán bộ"))],
    )
    status = forms.ChoiceField(
        label=_("Trạng thái"), required=False, choices=[("", _("Tất cả")), *Visit.Status.choices]
    )
    q = forms.CharField(
        label=_("Tên, số điện thoại hoặc CCCD"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search"}),
    )

    def __init__(
        self, *args: Any, units: QuerySet[Unit], gates: QuerySet[Location], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]
        self.fields["gate"].queryset = gates  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        today = timezone.localdate()
        # No date given: today, or for one person (a phone, a CCCD) every visit of the
        # last MAX_DAYS days (to_filter), not only today's, which is often the latest.
        self.dates_given = bool(data.get("date_from") or data.get("date_to"))
        first = data.get("date_from") or data.get("date_to") or today
        last = data.get("date_to") or (first if data.get("date_from") else today)
        if "date_from" in self.errors or "date_to" in self.errors:
            return data
        if last < first:
            self.add_error("date_to", gettext("“Đến ngày” phải từ “Từ ngày” trở đi."))
        elif last - first > timedelta(days=MAX_DAYS):
            self.add_error(
                "date_to",
                ngettext(
                    "Mỗi lần tra cứu tối đa %(days)d ngày.",
                    "Mỗi lần tra cứu tối đa %(days)d ngày.",
                    MAX_DAYS,
                )
                % {"days": MAX_DAYS},
            )
        data["date_from"], data["date_to"] = first, last
        return data

    def to_filter(self) -> LogFilter:
        data = self.cleaned_data
        flt = LogFilter(
            date_from=data["date_from"],
            date_to=data["date_to"],
            unit=data.get("unit"),
            gate=data.get("gate"),
            kind=data.get("kind") or "",
            status=data.get("status") or "",
        )
        query = clean_name(data.get("q"))
        if not query:
            return flt
        digits = re.sub(r"[\s.]", "", query)
        if CCCD_NUMBER.fullmatch(digits):
            flt.cccd = digits
        elif _DIGITS.fullmatch(query):
            try:
                flt.phone = normalize_phone(query)
            except InvalidPhone:
                self.add_error(
                    "q", gettext("Số điện thoại “%(value)s” không hợp lệ.") % {"value": query[:40]}
                )
        else:
            flt.name = query
        if (flt.phone or flt.cccd) and not getattr(self, "dates_given", True):
            flt.date_from = flt.date_to - timedelta(days=MAX_DAYS)
            flt.one_person_history = True
        return flt


def default_filter() -> LogFilter:
    today = timezone.localdate()
    return LogFilter(date_from=today, date_to=today)

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from phongdich.adoption.models import Denominator, RequiredApp
from phongdich.core.forms import NFCForm

DATE_INPUT = ["%d/%m/%Y", "%Y-%m-%d"]


class RatesFilterForm(NFCForm):
    app = forms.ModelChoiceField(
        label=_("Ứng dụng"),
        queryset=RequiredApp.objects.filter(is_active=True),
        required=False,
        empty_label=_("Đủ tất cả các ứng dụng"),
    )
    denominator = forms.ChoiceField(
        label=_("Tính trên"), choices=Denominator.choices, required=False
    )
    day = forms.DateField(
        label=_("Đến hết ngày (dd/mm/yyyy)"),
        required=False,
        input_formats=DATE_INPUT,
        error_messages={"invalid": _("Ngày không hợp lệ: ghi theo dạng dd/mm/yyyy.")},
    )

    def values(self, apps: list[RequiredApp]) -> dict[str, Any]:
        """The chosen apps, denominator and day (defaults when the form is not valid)."""
        data = self.cleaned_data if self.is_valid() else {}
        app = data.get("app")
        return {
            "apps": [app] if app else apps,
            "denominator": data.get("denominator") or Denominator.ALL,
            "day": data.get("day"),
        }

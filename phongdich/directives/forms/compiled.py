"""Forms of the Office's follow-up: urging notice, compiled report."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from phongdich.core.text import nfc
from phongdich.directives.forms.fields import date_field, number_field
from phongdich.directives.models import CompiledReport


class UrgingForm(forms.Form):
    number = number_field()


def check_period(form: forms.BaseForm) -> None:
    start, end = form.cleaned_data.get("period_start"), form.cleaned_data.get("period_end")
    if start and end and end < start:
        form.add_error("period_end", _("“Đến ngày” phải sau hoặc bằng “từ ngày”."))


class CompileCreateForm(forms.Form):
    period_start = date_field(_("Từ ngày"), required=True)
    period_end = date_field(_("Đến ngày"), required=True)
    number = number_field()
    issued_on = date_field(_("Ngày báo cáo"), help_text=_("Mặc định: hôm nay."))

    def clean(self) -> dict[str, Any]:
        super().clean()
        check_period(self)
        return self.cleaned_data


class CompiledReportForm(forms.ModelForm):
    period_start = date_field(_("Từ ngày"), required=True)
    period_end = date_field(_("Đến ngày"), required=True)
    number = number_field()
    issued_on = date_field(_("Ngày báo cáo"), required=True)

    class Meta:
        model = CompiledReport
        fields = [
            "number",
            "issued_on",
            "period_start",
            "period_end",
            "intro",
            "difficulties",
            "proposals",
        ]
        widgets = {
            "intro": forms.Textarea(attrs={"rows": 4}),
            "difficulties": forms.Textarea(attrs={"rows": 6}),
            "proposals": forms.Textarea(attrs={"rows": 6}),
        }
        help_texts = {
            "intro": _("Mỗi dòng là một đoạn văn."),
            "difficulties": _("Mỗi dòng là một đoạn văn."),
            "proposals": _("Mỗi dòng là một đoạn văn."),
        }

    def clean(self) -> dict[str, Any]:
        super().clean()
        for name in ("intro", "difficulties", "proposals"):
            if name in self.cleaned_data:
                self.cleaned_data[name] = nfc(self.cleaned_data[name])
        check_period(self)
        return self.cleaned_data

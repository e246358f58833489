"""Forms of the Office's follow-up: urging notice, compiled report (its header, its signer
and the text of every section)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from phongdich.core.forms import NFCForm
from phongdich.directives.drafting import SectionSpec
from phongdich.directives.forms.fields import date_field, number_field
from phongdich.directives.selectors.signers import signer_label, signers


class SignerChoiceField(forms.ModelChoiceField):
    """One of the Director and deputies; shown with the block they sign with."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", _("Người ký"))
        kwargs.setdefault("required", False)
        kwargs.setdefault("empty_label", _("— Giám đốc Sở (mặc định) —"))
        kwargs.setdefault(
            "error_messages",
            {"invalid_choice": _("Người ký phải là Giám đốc hoặc Phó Giám đốc Sở.")},
        )
        super().__init__(queryset=signers(), **kwargs)

    def label_from_instance(self, obj: Any) -> str:
        return signer_label(obj)


class UrgingForm(NFCForm):
    number = number_field()
    reply_by = date_field(_("Hạn báo cáo mới"), help_text=_("Để trống: 03 ngày sau ngày công văn."))
    signer = SignerChoiceField()


def check_period(form: forms.BaseForm) -> None:
    start, end = form.cleaned_data.get("period_start"), form.cleaned_data.get("period_end")
    if start and end and end < start:
        form.add_error("period_end", _("“Đến ngày” phải sau hoặc bằng “từ ngày”."))


class CompileCreateForm(NFCForm):
    period_start = date_field(_("Từ ngày"), required=True)
    period_end = date_field(_("Đến ngày"), required=True)
    number = number_field()
    issued_on = date_field(_("Ngày báo cáo"), help_text=_("Mặc định: hôm nay."))
    signer = SignerChoiceField()

    def clean(self) -> dict[str, Any]:
        super().clean()
        check_period(self)
        return self.cleaned_data


def section_field_name(key: str) -> str:
    return "section_" + key.replace(":", "_")


class CompiledReportForm(NFCForm):
    """The report's number, date, period and signer, and one text area per section
    (``specs``: from ``drafting.specs``); ``restore`` names the section whose
    "Khôi phục số liệu" button was pressed."""

    number = number_field()
    issued_on = date_field(_("Ngày báo cáo"), required=True)
    period_start = date_field(_("Từ ngày"), required=True)
    period_end = date_field(_("Đến ngày"), required=True)
    signer = SignerChoiceField(empty_label=None, required=True)
    restore = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, specs: list[SectionSpec], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.specs = specs
        self.section_names = {spec.key: section_field_name(spec.key) for spec in specs}
        for spec in specs:
            self.fields[self.section_names[spec.key]] = forms.CharField(
                label=spec.label,
                required=False,
                max_length=20_000,
                widget=forms.Textarea(attrs={"rows": 6}),
                help_text=_("Mỗi dòng là một đoạn văn."),
            )

    def clean_restore(self) -> str | None:
        key = self.cleaned_data.get("restore") or ""
        if not key:
            return None
        if key not in self.section_names:
            raise forms.ValidationError(_("Không có phần này trong báo cáo."), code="unknown")
        return str(key)

    def clean(self) -> dict[str, Any]:
        super().clean()
        check_period(self)
        return self.cleaned_data

    @property
    def sections(self) -> dict[str, str]:
        return {
            key: self.cleaned_data.get(name, "") or "" for key, name in self.section_names.items()
        }

    def section_rows(self) -> list[tuple[SectionSpec, Any]]:
        """(spec, bound field) per section, for the template."""
        return [(spec, self[self.section_names[spec.key]]) for spec in self.specs]

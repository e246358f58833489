"""Forms of unit reports: the report itself (one typed input per indicator), the Office's
review, and the dashboard's filters."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from phongdich.core.forms import NFCForm
from phongdich.core.text import nfc
from phongdich.directives import attachments
from phongdich.directives.forms.fields import DirectiveChoiceField, UnitChoiceField, date_field
from phongdich.directives.inputs import ReportInput
from phongdich.directives.models import Directive, Indicator, ReportAttachment, ReportVersion
from phongdich.directives.selectors.status import STATUS_KEYS
from phongdich.org.models import Unit

YES, NO = "yes", "no"


class WholeNumberField(forms.IntegerField):
    """A count: digits only (spaces ignored), 0 or more."""

    def __init__(self, *, name: str, **kwargs: Any) -> None:
        self.display_name = name
        super().__init__(min_value=0, **kwargs)

    def to_python(self, value: Any) -> int | None:
        text = str(value or "").strip().replace(" ", "")
        if not text:
            return None
        if not text.isdigit():
            raise ValidationError(
                _("“%(name)s” phải là số nguyên không âm (ví dụ 12), không nhập “%(value)s”.")
                % {"name": self.display_name, "value": str(value)[:40]},
                code="invalid",
            )
        return int(text)


class PercentField(forms.Field):
    """A percentage 0–100 with at most 2 decimals; "87,5", "87.5" and "87,5 %" are read."""

    def __init__(self, *, name: str, **kwargs: Any) -> None:
        self.display_name = name
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> Decimal | None:
        text = str(value or "").strip().rstrip("%").strip().replace(",", ".")
        if not text:
            return None
        try:
            number = Decimal(text)
        except InvalidOperation:
            number = None
        if number is None or not number.is_finite():
            raise ValidationError(
                _("“%(name)s” phải là một tỷ lệ phần trăm, ví dụ 87,5 (không nhập “%(value)s”).")
                % {"name": self.display_name, "value": str(value)[:40]},
                code="invalid",
            )
        if not Decimal(0) <= number <= Decimal(100):
            raise ValidationError(
                _("“%(name)s” phải từ 0 đến 100 (%%).") % {"name": self.display_name},
                code="range",
            )
        if number != number.quantize(Decimal("0.01")):
            raise ValidationError(
                _("“%(name)s”: tối đa 2 chữ số thập phân, ví dụ 87,25.")
                % {"name": self.display_name},
                code="decimals",
            )
        return number.quantize(Decimal("0.01"))


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(**kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        uploads = data if isinstance(data, list | tuple) else ([data] if data else [])
        errors: list[str] = []
        for upload in uploads:
            try:
                attachments.validate_upload(upload)
            except ValidationError as exc:
                errors.extend(exc.messages)
        if errors:
            raise ValidationError(errors)
        return list(uploads)


def indicator_field_name(indicator: Indicator) -> str:
    return f"ind_{indicator.pk}"


def _label(indicator: Indicator) -> str:
    if indicator.unit_of_measure:
        return f"{indicator.name} ({indicator.unit_of_measure})"
    return indicator.name


class ReportForm(NFCForm):
    """Indicators (typed per kind), progress, completion date, narrative, difficulties,
    proposals and attachments. Requirements that only a submission has (required
    indicators, completion date when done) are checked by ``services.reports`` so that a
    draft can be saved incomplete. Every text is NFC-normalised and stripped."""

    progress = forms.ChoiceField(
        label=gettext_lazy("Tiến độ thực hiện"),
        choices=ReportVersion.Progress.choices,
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Vui lòng chọn tiến độ thực hiện.")},
    )
    completed_on = date_field(
        gettext_lazy("Ngày hoàn thành"),
        help_text=gettext_lazy("Bắt buộc khi đã hoàn thành; dạng dd/mm/yyyy."),
    )
    narrative = forms.CharField(
        label=gettext_lazy("Kết quả thực hiện"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    difficulties = forms.CharField(
        label=gettext_lazy("Khó khăn, vướng mắc"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    proposals = forms.CharField(
        label=gettext_lazy("Đề xuất, kiến nghị"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    attachments = MultipleFileField(
        label=gettext_lazy("Tệp đính kèm"),
        required=False,
        help_text=gettext_lazy(
            "Tệp .pdf, .docx, .doc, .xlsx, .xls, .txt, .jpg, .png; có thể chọn nhiều tệp."
        ),
    )
    remove_attachments = forms.MultipleChoiceField(
        label=gettext_lazy("Bỏ tệp đã đính kèm"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(
        self,
        *args: Any,
        indicators: list[Indicator],
        current: list[ReportAttachment] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.indicators = indicators
        self.fields["attachments"].help_text = _(
            "Tệp .pdf, .docx, .doc, .xlsx, .xls, .txt, .jpg, .png, mỗi tệp tối đa %(mb)s MB; "
            "có thể chọn nhiều tệp."
        ) % {"mb": attachments.max_bytes() // (1024 * 1024)}
        remove = self.fields["remove_attachments"]
        assert isinstance(remove, forms.MultipleChoiceField)
        remove.choices = [(str(a.pk), a.original_name) for a in current or []]
        fields: dict[str, forms.Field] = {}
        for indicator in indicators:
            label = _label(indicator)
            common: dict[str, Any] = {"label": label, "required": False}
            if indicator.kind == Indicator.Kind.INTEGER:
                fields[indicator_field_name(indicator)] = WholeNumberField(
                    name=indicator.name,
                    widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
                    **common,
                )
            elif indicator.kind == Indicator.Kind.PERCENTAGE:
                fields[indicator_field_name(indicator)] = PercentField(
                    name=indicator.name,
                    widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
                    help_text=_("Từ 0 đến 100, tối đa 2 chữ số thập phân (ví dụ 87,5)."),
                    **common,
                )
            elif indicator.kind == Indicator.Kind.BOOLEAN:
                fields[indicator_field_name(indicator)] = forms.TypedChoiceField(
                    choices=[(YES, _("Có")), (NO, _("Không"))],
                    coerce=lambda v: v == YES,
                    empty_value=None,
                    widget=forms.RadioSelect,
                    error_messages={"invalid_choice": _("Chọn Có hoặc Không.")},
                    **common,
                )
            else:
                fields[indicator_field_name(indicator)] = forms.CharField(
                    widget=forms.Textarea(attrs={"rows": 2}), **common
                )
            if indicator.required:  # required to submit, not to save a draft
                fields[indicator_field_name(indicator)].indicator_required = True  # type: ignore[attr-defined]
        # Indicators first, then the rest in declaration order.
        self.fields = {**fields, **self.fields}
        self.indicator_field_names = list(fields)

    def indicator_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.indicator_field_names]

    def to_input(self) -> ReportInput:
        data = self.cleaned_data
        return ReportInput(
            progress=data["progress"],
            completed_on=data.get("completed_on"),
            narrative=nfc(data.get("narrative")),
            difficulties=nfc(data.get("difficulties")),
            proposals=nfc(data.get("proposals")),
            values={i.pk: _text(data.get(indicator_field_name(i))) for i in self.indicators},
            uploads=data.get("attachments") or [],
            remove_attachments=[int(pk) for pk in data.get("remove_attachments") or []],
        )


def _text(value: Any) -> Any:
    return nfc(value) if isinstance(value, str) else value


def initial_from(version: ReportVersion | None) -> dict[str, Any]:
    """The form's starting values: the latest version (a returned one included)."""
    if version is None:
        return {"progress": ReportVersion.Progress.IN_PROGRESS}
    initial: dict[str, Any] = {
        "progress": version.progress,
        "completed_on": version.completed_on,
        "narrative": version.narrative,
        "difficulties": version.difficulties,
        "proposals": version.proposals,
    }
    for value in version.values.all():
        name = indicator_field_name(value.indicator)
        if value.indicator.kind == Indicator.Kind.BOOLEAN:
            initial[name] = YES if value.value_bool else NO
        elif value.indicator.kind == Indicator.Kind.PERCENTAGE and value.value_decimal is not None:
            initial[name] = str(value.value_decimal).replace(".", ",")
        else:
            initial[name] = value.value
    return initial


class ReturnForm(NFCForm):
    note = forms.CharField(
        label=gettext_lazy("Nội dung cần bổ sung, chỉnh sửa"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": gettext_lazy("Vui lòng ghi rõ nội dung cần bổ sung, chỉnh sửa.")
        },
    )

    def clean_note(self) -> str:
        note = nfc(self.cleaned_data.get("note"))
        if not note:
            raise ValidationError(
                _("Vui lòng ghi rõ nội dung cần bổ sung, chỉnh sửa."), code="required"
            )
        return note


class DashboardFilterForm(NFCForm):
    directive = DirectiveChoiceField(
        label=gettext_lazy("Văn bản"),
        queryset=Directive.objects.none(),
        required=False,
        empty_label=gettext_lazy("Tất cả văn bản"),
    )
    unit = UnitChoiceField(
        indent=False,
        label=gettext_lazy("Đơn vị"),
        queryset=Unit.objects.none(),
        required=False,
        empty_label=gettext_lazy("Tất cả đơn vị"),
    )
    status = forms.ChoiceField(label=gettext_lazy("Tình trạng"), required=False)

    def __init__(self, *args: Any, directives: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        directive = self.fields["directive"]
        unit = self.fields["unit"]
        status = self.fields["status"]
        assert isinstance(directive, forms.ModelChoiceField)
        assert isinstance(unit, forms.ModelChoiceField)
        assert isinstance(status, forms.ChoiceField)
        directive.queryset = directives
        unit.queryset = units
        status.choices = [("", _("Tất cả")), *((k, s.display) for k, s in STATUS_KEYS.items())]

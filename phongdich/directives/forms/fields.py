"""Fields shared by the forms of the directives app: dates typed dd/mm/yyyy, unit and
directive choices (labelled once), a letter's number."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

# Units are picked with the project's one field (names, tree order); re-exported here
# for the forms of this app.
from phongdich.core.fields import UnitChoiceField, UnitMultipleChoiceField

__all__ = [
    "DirectiveChoiceField",
    "UnitChoiceField",
    "UnitMultipleChoiceField",
    "date_field",
    "number_field",
]

DATE_FORMATS = ["%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d"]
DATE_INVALID = _("Ngày không hợp lệ: nhập theo dạng ngày/tháng/năm, ví dụ 31/08/2021.")


def date_field(label: Any, *, required: bool = False, help_text: Any = "") -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        input_formats=DATE_FORMATS,
        error_messages={"invalid": DATE_INVALID, "required": _("Vui lòng nhập ngày.")},
        widget=forms.DateInput(
            format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric"}
        ),
        help_text=help_text,
    )


def number_field() -> forms.IntegerField:
    """The number of a letter the Office writes (urging notice, compiled report)."""
    return forms.IntegerField(
        label=_("Số văn bản"),
        required=False,
        min_value=1,
        max_value=99_999,
        help_text=_("Để trống nếu văn thư cấp số sau."),
        error_messages={"invalid": _("Số văn bản là một số nguyên, ví dụ 125.")},
    )


class DirectiveChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        subject = " ".join(obj.subject.split())
        return f"{obj.reference} · {subject}" if obj.reference else subject

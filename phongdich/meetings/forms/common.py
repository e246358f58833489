"""Fields shared by the meetings forms: dates dd/mm/yyyy, times HH:MM, people by name."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

DATE_FORMATS = ["%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d"]


def date_field(label: Any, *, required: bool = True) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        input_formats=DATE_FORMATS,
        error_messages={
            "invalid": _("Ngày không hợp lệ: nhập theo dạng ngày/tháng/năm, ví dụ 05/01/2026."),
            "required": _("Vui lòng nhập ngày."),
        },
        widget=forms.DateInput(
            format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric"}
        ),
    )


def time_field(label: Any) -> forms.TimeField:
    return forms.TimeField(
        label=label,
        input_formats=["%H:%M", "%H.%M", "%Hh%M", "%H:%M:%S"],
        error_messages={
            "invalid": _("Giờ không hợp lệ: nhập theo dạng giờ:phút, ví dụ 08:00."),
            "required": _("Vui lòng nhập giờ."),
        },
        widget=forms.TimeInput(
            format="%H:%M", attrs={"placeholder": "08:00", "inputmode": "numeric"}
        ),
    )


class PersonChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    """A user labelled by their staff name and unit (family name first, as stored)."""

    def label_from_instance(self, obj: Any) -> str:
        staff = getattr(obj, "staff", None)
        if staff is None:
            return obj.get_full_name() or obj.username
        return f"{staff.full_name} — {staff.unit.name}"


class PeopleChoiceField(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return PersonChoiceField.label_from_instance(self, obj)  # type: ignore[arg-type]

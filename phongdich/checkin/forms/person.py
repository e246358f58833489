"""What both check-in forms ask of a person: name, phone, CCCD and the health
declaration of the active profile.

The public form (forms/public.py) and the guard's manual check-in (forms/guard.py)
inherit these fields, so a name, a phone or a CCCD number is judged by one rule
(checkin.identity) and the answers are posted and stored in one encoding
(checkin.profiles: YES/NO on the wire, booleans in the declaration).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from phongdich.checkin import identity
from phongdich.checkin.profiles import NO, YES, stored_answers
from phongdich.core.forms import NFCForm
from phongdich.core.text import phone_or_error

QUESTION_PREFIX = "q_"
YES_NO = [(YES, _("Có")), (NO, _("Không"))]
PHONE_MAX = 40


def localized_label(item: dict[str, Any]) -> str:
    """A question's or option's label in the active language (Vietnamese by default)."""
    if get_language() == "en" and item.get("label_en"):
        return str(item["label_en"])
    return str(item["label"])


def question_field(q: dict[str, Any]) -> forms.Field:
    """The form field of one health-declaration question."""
    label = localized_label(q)
    options = [(o["value"], localized_label(o)) for o in q.get("options", [])]
    field: forms.Field
    if q["kind"] == "multi":
        field = forms.MultipleChoiceField(
            label=label,
            required=False,
            choices=options,
            widget=forms.CheckboxSelectMultiple,
            help_text=_("Đánh dấu tất cả các dấu hiệu đang có; bỏ trống nếu không có."),
        )
    else:
        choices = YES_NO if q["kind"] == "yesno" else options
        field = forms.ChoiceField(label=label, choices=choices, widget=forms.RadioSelect)
    field.error_messages["required"] = _("Vui lòng trả lời câu hỏi này.")
    return field


class PersonForm(NFCForm):
    """The person's fields and the health declaration; subclasses add the rest."""

    full_name = forms.CharField(
        label=_("Họ và tên"), error_messages={"required": identity.NAME_REQUIRED}
    )
    phone = forms.CharField(
        label=_("Số điện thoại"),
        max_length=PHONE_MAX,
        error_messages={"required": _("Vui lòng nhập số điện thoại.")},
        widget=forms.TextInput(attrs={"type": "tel", "inputmode": "tel"}),
    )
    cccd = forms.CharField(
        label=_("Số CCCD"),
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
        error_messages={"required": identity.CCCD_REQUIRED},
    )

    def __init__(self, *args: Any, questions: list[dict[str, Any]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.questions = questions
        for q in questions:
            self.fields[QUESTION_PREFIX + q["key"]] = question_field(q)

    def clean_full_name(self) -> str:
        return identity.full_name_or_error(self.cleaned_data.get("full_name"))

    def clean_phone(self) -> str:
        return phone_or_error(self.cleaned_data.get("phone"))

    def clean_cccd(self) -> str:
        return identity.cccd_or_error(self.cleaned_data.get("cccd"))

    def require_cccd(self) -> None:
        """For a gate that requires one: an error on the CCCD field when it is empty."""
        if "cccd" not in self.errors and not self.cleaned_data.get("cccd"):
            self.add_error("cccd", ValidationError(identity.CCCD_REQUIRED, code="required"))

    def answers(self) -> dict[str, Any]:
        """The cleaned answers, in the form they are stored."""
        posted = {
            q["key"]: self.cleaned_data.get(QUESTION_PREFIX + q["key"]) for q in self.questions
        }
        return stored_answers(self.questions, posted)

    def question_names(self) -> list[str]:
        return [QUESTION_PREFIX + q["key"] for q in self.questions]

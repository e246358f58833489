"""The guard's manual check-in form: a person without a smartphone, at the gate."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.http import QueryDict
from django.utils.translation import gettext, ngettext_lazy
from django.utils.translation import gettext_lazy as _

from phongdich.checkin.models import Location
from phongdich.core.text import clean_name, nfc, phone_or_error

NAME_MAX = 200
TEXT_MAX = 255
_CCCD = re.compile(r"\d{12}")
QUESTION_PREFIX = "q_"

KIND_CHOICES = [("visitor", _("Khách")), ("staff", _("Cán bộ"))]
YES_NO = [("yes", _("Có")), ("no", _("Không"))]


class GateChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Location) -> str:
        return f"{obj.name} · {obj.unit.name}"


class ManualCheckinForm(forms.Form):
    cccd_text = forms.CharField(
        label=_("Quét mã QR trên CCCD"),
        required=False,
        help_text=_(
            "Đưa máy quét vào ô này rồi quét: máy quét tự nhấn Enter để điền sẵn biểu mẫu."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    location = GateChoiceField(
        label=_("Cổng"),
        queryset=Location.objects.none(),
        empty_label=_("— Chọn cổng —"),
        error_messages={
            "required": _("Vui lòng chọn cổng."),
            "invalid_choice": _("Cổng đã chọn không thuộc phạm vi của bạn."),
        },
    )
    full_name = forms.CharField(
        label=_("Họ và tên"),
        max_length=NAME_MAX,
        error_messages={
            "required": _("Vui lòng nhập họ và tên."),
            "max_length": ngettext_lazy(
                "Họ và tên dài quá %(limit_value)d ký tự.",
                "Họ và tên dài quá %(limit_value)d ký tự.",
                "limit_value",
            ),
        },
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    phone = forms.CharField(
        label=_("Số điện thoại"),
        max_length=40,
        error_messages={"required": _("Vui lòng nhập số điện thoại.")},
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
    )
    cccd = forms.CharField(
        label=_("Số CCCD (12 số)"),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    kind = forms.ChoiceField(
        label=_("Đối tượng"),
        choices=KIND_CHOICES,
        initial="visitor",
        widget=forms.RadioSelect,
        error_messages={"required": _("Vui lòng chọn khách hoặc cán bộ.")},
    )
    purpose = forms.CharField(label=_("Mục đích (khách)"), required=False, max_length=TEXT_MAX)
    host = forms.CharField(label=_("Người được gặp (khách)"), required=False, max_length=TEXT_MAX)
    consent = forms.BooleanField(
        label=_(
            "Người khai đã đồng ý cho cơ quan xử lý thông tin cá nhân và sức khỏe này "
            "cho mục đích phòng, chống dịch (bảo vệ đã hỏi và xác nhận)."
        ),
        error_messages={"required": _("Cần xác nhận người khai đã đồng ý mới được ghi nhận.")},
    )

    def __init__(
        self,
        *args: Any,
        gates: QuerySet[Location],
        questions: list[dict[str, Any]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["location"].queryset = gates  # type: ignore[attr-defined]
        self.questions = questions
        for q in questions:
            self.fields[QUESTION_PREFIX + q["key"]] = self._question_field(q)

    @staticmethod
    def _question_field(q: dict[str, Any]) -> forms.Field:
        label = q["label"]
        options = [(o["value"], o["label"]) for o in q.get("options", [])]
        if q["kind"] == "multi":
            return forms.MultipleChoiceField(
                label=label,
                required=False,
                choices=options,
                widget=forms.CheckboxSelectMultiple,
                help_text=_("Không có dấu hiệu nào: để trống."),
            )
        message = {"required": gettext("Vui lòng trả lời câu hỏi: %(label)s") % {"label": label}}
        if q["kind"] == "yesno":
            return forms.ChoiceField(
                label=label, choices=YES_NO, widget=forms.RadioSelect, error_messages=message
            )
        return forms.ChoiceField(
            label=label, choices=options, widget=forms.RadioSelect, error_messages=message
        )

    def question_fields(self) -> list[forms.BoundField]:
        return [self[QUESTION_PREFIX + q["key"]] for q in self.questions]

    def person_fields(self) -> list[forms.BoundField]:
        names = ["location", "full_name", "phone", "cccd", "kind", "purpose", "host"]
        return [self[name] for name in names]

    def clean_full_name(self) -> str:
        name = clean_name(self.cleaned_data["full_name"])
        if not name:
            raise forms.ValidationError(gettext("Vui lòng nhập họ và tên."))
        return name

    def clean_phone(self) -> str:
        return phone_or_error(self.cleaned_data["phone"])

    def clean_cccd(self) -> str:
        value = re.sub(r"[\s.]", "", nfc(self.cleaned_data.get("cccd")))
        if value and not _CCCD.fullmatch(value):
            raise forms.ValidationError(gettext("Số CCCD phải gồm đúng 12 chữ số."))
        return value

    def clean_purpose(self) -> str:
        return clean_name(self.cleaned_data.get("purpose"))

    def clean_host(self) -> str:
        return clean_name(self.cleaned_data.get("host"))

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        location = data.get("location")
        if location is not None and location.require_cccd and not data.get("cccd"):
            if "cccd" not in self.errors:
                self.add_error("cccd", gettext("Cổng này bắt buộc nhập số CCCD (12 chữ số)."))
        if data.get("kind") == "visitor":
            if not data.get("purpose") and "purpose" not in self.errors:
                self.add_error("purpose", gettext("Khách cần ghi mục đích đến."))
            if not data.get("host") and "host" not in self.errors:
                self.add_error("host", gettext("Khách cần ghi người hoặc bộ phận được gặp."))
        return data

    def answers(self) -> dict[str, Any]:
        answers: dict[str, Any] = {}
        for q in self.questions:
            value = self.cleaned_data.get(QUESTION_PREFIX + q["key"])
            if q["kind"] == "multi":
                answers[q["key"]] = list(value or [])
            elif q["kind"] == "yesno":
                answers[q["key"]] = value == "yes"
            else:
                answers[q["key"]] = value
        return answers

    def typed_values(self) -> dict[str, Any]:
        """What was submitted, field by field, to re-render an unbound form with it."""
        data = self.data if isinstance(self.data, QueryDict) else QueryDict(mutable=True)
        values: dict[str, Any] = {}
        for name, field in self.fields.items():
            if name == "cccd_text":
                continue
            value = field.widget.value_from_datadict(data, self.files, self.add_prefix(name))
            if value not in (None, "", []):
                values[name] = value
        return values

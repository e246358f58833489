"""The public check-in form: identity, visit purpose, the health declaration of the
active disease profile, and consent."""

from __future__ import annotations

import re
import uuid
from typing import Any

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from phongdich.checkin.models import DiseaseProfile, Location
from phongdich.core.text import clean_name, nfc, phone_or_error

MAX_NAME = 100
YES_NO = [("1", _("Có")), ("0", _("Không"))]
CCCD_RE = re.compile(r"^\d{12}$")


def _label(item: dict[str, Any]) -> str:
    if get_language() == "en" and item.get("label_en"):
        return str(item["label_en"])
    return str(item["label"])


def validate_cccd(value: str) -> str:
    digits = re.sub(r"[\s.]", "", nfc(value))
    if not CCCD_RE.match(digits):
        raise forms.ValidationError(
            _("Số CCCD phải gồm đúng 12 chữ số (đang nhập “%(value)s”)."),
            code="bad_cccd",
            params={"value": value[:20]},
        )
    return digits


class CheckinForm(forms.Form):
    full_name = forms.CharField(
        label=_("Họ và tên"),
        max_length=400,
        widget=forms.TextInput(attrs={"autocomplete": "name", "autocapitalize": "words"}),
    )
    phone = forms.CharField(
        label=_("Số điện thoại"),
        max_length=40,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "inputmode": "tel"}),
    )
    cccd = forms.CharField(
        label=_("Số CCCD"),
        required=False,
        max_length=40,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    is_visitor = forms.TypedChoiceField(
        label=_("Bạn là"),
        choices=[("0", _("Cán bộ của Sở/đơn vị")), ("1", _("Khách đến liên hệ công tác"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    purpose = forms.CharField(label=_("Mục đích đến"), required=False, max_length=200)
    host = forms.CharField(label=_("Người/phòng cần gặp"), required=False, max_length=200)
    consent = forms.BooleanField(
        label=_("Tôi đồng ý cho cơ quan xử lý thông tin trên theo mục đích đã nêu."),
        error_messages={
            "required": _("Cần có sự đồng ý của bạn thì mới ghi nhận khai báo y tế được.")
        },
    )
    submission_id = forms.UUIDField(widget=forms.HiddenInput, required=False)

    def __init__(
        self, *args: Any, location: Location, profile: DiseaseProfile, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.location = location
        self.profile = profile
        if location.require_cccd:
            self.fields["cccd"].required = True
            self.fields["cccd"].error_messages["required"] = _(
                "Cổng này yêu cầu nhập số CCCD (12 chữ số)."
            )
        self.fields["full_name"].error_messages["required"] = _("Vui lòng nhập họ và tên.")
        self.fields["phone"].error_messages["required"] = _("Vui lòng nhập số điện thoại.")
        self.fields["is_visitor"].error_messages["required"] = _(
            "Vui lòng chọn bạn là cán bộ hay khách."
        )
        self.question_fields: list[str] = []
        for q in profile.questions:
            name = f"q_{q['key']}"
            label = _label(q)
            field: forms.Field
            if q["kind"] == "multi":
                field = forms.MultipleChoiceField(
                    label=label,
                    required=False,
                    choices=[(o["value"], _label(o)) for o in q["options"]],
                    widget=forms.CheckboxSelectMultiple,
                    help_text=_("Đánh dấu tất cả các dấu hiệu đang có; bỏ trống nếu không có."),
                )
            elif q["kind"] == "yesno":
                field = forms.ChoiceField(label=label, choices=YES_NO, widget=forms.RadioSelect)
            else:
                field = forms.ChoiceField(
                    label=label,
                    choices=[(o["value"], _label(o)) for o in q["options"]],
                    widget=forms.RadioSelect,
                )
            field.error_messages["required"] = _("Vui lòng trả lời câu hỏi này.")
            self.fields[name] = field
            self.question_fields.append(name)
        if not self.is_bound and not self.initial.get("submission_id"):
            self.initial["submission_id"] = uuid.uuid4()

    def clean_full_name(self) -> str:
        name = clean_name(self.cleaned_data["full_name"])
        if not name:
            raise forms.ValidationError(_("Vui lòng nhập họ và tên."), code="required")
        if len(name) > MAX_NAME:
            raise forms.ValidationError(
                _("Họ và tên dài quá %(max)s ký tự (đang có %(n)s)."),
                code="too_long",
                params={"max": MAX_NAME, "n": len(name)},
            )
        if any(ch.isdigit() for ch in name):
            raise forms.ValidationError(_("Họ và tên không được chứa chữ số."), code="digits")
        return name

    def clean_phone(self) -> str:
        return phone_or_error(self.cleaned_data["phone"])

    def clean_cccd(self) -> str:
        value = nfc(self.cleaned_data.get("cccd"))
        if not value:
            return ""
        return validate_cccd(value)

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("is_visitor"):
            for name, message in (
                ("purpose", _("Khách vui lòng ghi mục đích đến.")),
                ("host", _("Khách vui lòng ghi người hoặc phòng cần gặp.")),
            ):
                value = clean_name(data.get(name))
                if not value:
                    self.add_error(name, message)
                data[name] = value
        else:
            data["purpose"] = data["host"] = ""
        return data

    def answers(self) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for q in self.profile.questions:
            value = self.cleaned_data.get(f"q_{q['key']}")
            if q["kind"] == "multi":
                result[q["key"]] = sorted(value or [])
            elif q["kind"] == "yesno":
                result[q["key"]] = value == "1"
            else:
                result[q["key"]] = value
        return result

    @property
    def identity_fields(self) -> list[forms.BoundField]:
        return [self[n] for n in ("full_name", "phone", "cccd")]

    @property
    def visit_fields(self) -> list[forms.BoundField]:
        return [self[n] for n in ("is_visitor", "purpose", "host")]

    @property
    def declaration_fields(self) -> list[forms.BoundField]:
        return [self[n] for n in self.question_fields]


class ManualCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Mã cổng (6 ký tự in trên áp phích)"),
        max_length=20,
        widget=forms.TextInput(attrs={"autocapitalize": "characters", "autocomplete": "off"}),
    )

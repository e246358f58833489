"""The public request form and the Office's forms for answering."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from phongdich.checkin.cccd import CccdError, cccd_number
from phongdich.checkin.identity import full_name_or_error
from phongdich.core.forms import NFCForm
from phongdich.core.text import phone_or_error
from phongdich.privacy.models import SubjectRequest

DETAILS_MAX = 1000


class PublicRequestForm(NFCForm):
    """What a person asks, and how they prove who they are. On a phone the one-tap
    cookie names, "device" is offered (and chosen by default); otherwise only a
    request the Office verifies in person with the CCCD."""

    kind = forms.ChoiceField(
        label=_("Anh/chị muốn"),
        choices=SubjectRequest.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Vui lòng chọn điều anh/chị muốn yêu cầu.")},
    )
    proof = forms.ChoiceField(
        label=_("Xác minh anh/chị là chủ dữ liệu bằng"),
        choices=SubjectRequest.Proof.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Vui lòng chọn cách xác minh.")},
    )
    full_name = forms.CharField(label=_("Họ và tên"), required=False, max_length=100)
    phone = forms.CharField(
        label=_("Số điện thoại đã dùng khi check-in"),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"type": "tel", "inputmode": "tel"}),
    )
    details = forms.CharField(
        label=_("Nội dung (bắt buộc khi xin sửa: ghi rõ thông tin đúng)"),
        required=False,
        max_length=DETAILS_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": _("Nội dung dài quá %(limit_value)d ký tự.")},
    )

    def __init__(self, *args: Any, has_device: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.has_device = has_device
        proof = self.fields["proof"]
        assert isinstance(proof, forms.ChoiceField)
        if has_device:
            proof.initial = SubjectRequest.Proof.DEVICE
        else:
            proof.choices = [
                c for c in SubjectRequest.Proof.choices if c[0] == SubjectRequest.Proof.IN_PERSON
            ]
            proof.initial = SubjectRequest.Proof.IN_PERSON

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("proof") == SubjectRequest.Proof.IN_PERSON:
            for name, rule in (("full_name", full_name_or_error), ("phone", phone_or_error)):
                try:
                    data[name] = rule(data.get(name, ""))
                except ValidationError as error:
                    self.add_error(name, error)
        if data.get("kind") == SubjectRequest.Kind.CORRECT and not data.get("details"):
            self.add_error("details", _("Vui lòng ghi rõ thông tin cần sửa."))
        return data


class VerifyForm(NFCForm):
    cccd = forms.CharField(
        label=_("Số CCCD trên thẻ người yêu cầu xuất trình"),
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        error_messages={"required": _("Vui lòng nhập số CCCD trên thẻ.")},
    )

    def clean_cccd(self) -> str:
        try:
            number = cccd_number(self.cleaned_data["cccd"])
        except CccdError as error:
            raise ValidationError(str(error)) from None
        if not number:
            raise ValidationError(_("Vui lòng nhập số CCCD trên thẻ."))
        return number


class AnswerForm(NFCForm):
    answer = forms.CharField(
        label=_("Trả lời người yêu cầu"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    corrected_name = forms.CharField(
        label=_("Họ và tên đã sửa (yêu cầu sửa)"), required=False, max_length=100
    )


class RefuseForm(NFCForm):
    answer = forms.CharField(
        label=_("Lý do không thực hiện được"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Vui lòng ghi lý do không thực hiện được yêu cầu.")},
    )


class QueueFilterForm(NFCForm):
    status = forms.ChoiceField(
        label=_("Trạng thái"),
        required=False,
        choices=[
            ("", _("Đang chờ xử lý")),
            ("all", _("Tất cả")),
            *SubjectRequest.Status.choices,
        ],
    )

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from phongdich.core.fields import UnitMultipleChoiceField
from phongdich.core.forms import NFCForm
from phongdich.equipment.models import Equipment, ReviewItem
from phongdich.org.models import Unit

YES_NO = [("yes", _("Có")), ("no", _("Không"))]
QUESTIONS = {
    "has_home_device": _(
        "Bạn có thiết bị (máy tính, máy tính bảng, điện thoại) để làm việc tại nhà?"
    ),
    "has_home_internet": _("Nhà bạn có Internet?"),
    "has_signature": _("Bạn có chữ ký số (USB token hoặc ký số từ xa)?"),
    "can_use_eoffice": _("Bạn sử dụng được hệ thống quản lý văn bản và điều hành?"),
}


class SelfReviewForm(NFCForm):
    """One radio group per piece of equipment held, then the readiness questions."""

    comment = forms.CharField(
        label=_("Ghi chú (nếu có)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, equipment: list[Equipment], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.equipment = equipment
        for item in equipment:
            self.fields[f"item_{item.pk}"] = forms.ChoiceField(
                label=str(item),
                choices=ReviewItem.Status.choices,
                widget=forms.RadioSelect,
                error_messages={"required": _("Hãy chọn tình trạng của thiết bị này.")},
            )
        for name, question in QUESTIONS.items():
            self.fields[name] = forms.ChoiceField(
                label=question,
                choices=YES_NO,
                widget=forms.RadioSelect,
                error_messages={"required": _("Hãy trả lời câu hỏi này.")},
            )
        self.order_fields([*(f"item_{e.pk}" for e in equipment), *QUESTIONS, "comment"])

    def item_fields(self) -> list[forms.BoundField]:
        return [self[f"item_{e.pk}"] for e in self.equipment]

    def question_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in QUESTIONS]

    def items(self) -> dict[int, str]:
        return {e.pk: self.cleaned_data[f"item_{e.pk}"] for e in self.equipment}

    def answer(self, name: str) -> bool:
        return bool(self.cleaned_data[name] == "yes")


class CampaignForm(NFCForm):
    title = forms.CharField(label=_("Tên đợt rà soát"), max_length=200)
    deadline = forms.DateField(
        label=_("Hạn trả lời (dd/mm/yyyy)"), input_formats=["%d/%m/%Y", "%Y-%m-%d"]
    )
    units = UnitMultipleChoiceField(
        label=_("Đơn vị (để trống: tất cả đơn vị)"), queryset=Unit.objects.none(), required=False
    )

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["units"].queryset = units  # type: ignore[attr-defined]

    def clean_deadline(self) -> dt.date:
        value: dt.date = self.cleaned_data["deadline"]
        return value

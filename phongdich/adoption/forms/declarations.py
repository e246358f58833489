from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from phongdich.adoption import evidence
from phongdich.adoption.models import Status
from phongdich.adoption.services.declarations import MAX_REASON, SELF_STATUSES
from phongdich.core.forms import NFCForm

SELF_CHOICES = [(value, label) for value, label in Status.choices if value in SELF_STATUSES]


class DeclareForm(NFCForm):
    """One app's answer: the button pressed is the status (the second tap)."""

    status = forms.ChoiceField(
        label=_("Trả lời"),
        choices=SELF_CHOICES,
        error_messages={
            "required": _("Hãy chọn một câu trả lời."),
            "invalid_choice": _("Hãy chọn một câu trả lời."),
        },
    )
    reason = forms.CharField(
        label=_("Vì sao không cài được / ghi chú"),
        required=False,
        max_length=MAX_REASON,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    evidence = forms.FileField(
        label=_("Ảnh chụp màn hình (không bắt buộc)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )

    def clean_evidence(self) -> Any:
        upload = self.cleaned_data.get("evidence")
        if not upload:
            return None
        return evidence.clean_image(upload)

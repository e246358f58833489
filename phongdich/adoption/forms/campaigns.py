from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from phongdich.adoption.models import Denominator, RequiredApp, Union
from phongdich.core.fields import UnitMultipleChoiceField
from phongdich.core.forms import NFCForm
from phongdich.org.models import Unit

DATE_INPUT = ["%d/%m/%Y", "%Y-%m-%d"]


class CampaignForm(NFCForm):
    title = forms.CharField(label=_("Tên chiến dịch"), max_length=200)
    apps = forms.ModelMultipleChoiceField(
        label=_("Ứng dụng"),
        queryset=RequiredApp.objects.filter(is_active=True),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Hãy chọn ít nhất một ứng dụng.")},
    )
    union = forms.ModelChoiceField(
        label=_("Chỉ đoàn viên, hội viên của"),
        queryset=Union.objects.none(),
        required=False,
        empty_label=_("— toàn thể cán bộ —"),
    )
    units = UnitMultipleChoiceField(
        label=_("Đơn vị (bỏ trống: mọi đơn vị)"), queryset=Unit.objects.none(), required=False
    )
    target_percent = forms.IntegerField(
        label=_("Chỉ tiêu (%)"),
        error_messages={"invalid": _("Hãy nhập một số nguyên.")},
    )
    denominator = forms.ChoiceField(label=_("Tính tỷ lệ"), choices=Denominator.choices)
    deadline = forms.DateField(
        label=_("Hạn (dd/mm/yyyy)"),
        input_formats=DATE_INPUT,
        error_messages={"invalid": _("Ngày không hợp lệ: ghi theo dạng dd/mm/yyyy.")},
    )

    def clean_target_percent(self) -> int:
        value = self.cleaned_data["target_percent"]
        if not 1 <= value <= 100:
            raise forms.ValidationError(_("Chỉ tiêu phải từ 1 đến 100 %."))
        return int(value)

    def __init__(self, *args: Any, units: Any, unions: Any, office: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["units"].queryset = units  # type: ignore[attr-defined]
        self.fields["union"].queryset = unions  # type: ignore[attr-defined]
        if not office:
            self.fields["union"].required = True
            self.fields["union"].empty_label = None  # type: ignore[attr-defined]

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from phongdich.core.fields import UnitChoiceField
from phongdich.core.forms import NFCForm
from phongdich.meetings.forms.common import date_field
from phongdich.meetings.models import OnlinePlan, PlanItem
from phongdich.meetings.services.plans import PlanInput, PlanItemInput
from phongdich.org.models import Unit


class PlanForm(NFCForm):
    subject = forms.CharField(label=_("Trích yếu"), max_length=300)
    number = forms.IntegerField(
        label=_("Số kế hoạch"),
        required=False,
        min_value=1,
        max_value=99_999,
        help_text=_("Văn thư cấp số khi ban hành."),
    )
    issued_on = date_field(_("Ngày ban hành"), required=False)
    purpose = forms.CharField(
        label=_("I. Mục đích, yêu cầu"), widget=forms.Textarea(attrs={"rows": 5})
    )
    situation = forms.CharField(
        label=_("Tình hình (số liệu từ hệ thống)"), widget=forms.Textarea(attrs={"rows": 6})
    )
    organisation = forms.CharField(
        label=_("III. Tổ chức thực hiện (trách nhiệm từng phòng, đơn vị)"),
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    signer_authority = forms.CharField(label=_("Quyền hạn ký"), required=False, max_length=40)
    signer_title = forms.CharField(label=_("Chức vụ người ký"), max_length=120)
    signer_name = forms.CharField(label=_("Người ký"), max_length=120)

    @classmethod
    def initial_of(cls, plan: OnlinePlan) -> dict[str, Any]:
        return {name: getattr(plan, name) for name in cls.base_fields}

    def to_input(self) -> PlanInput:
        return PlanInput(**{name: self.cleaned_data.get(name) for name in self.base_fields})  # type: ignore[arg-type]


class PlanItemForm(NFCForm):
    content = forms.CharField(
        label=_("Nội dung"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    lead_unit = UnitChoiceField(
        label=_("Đơn vị chủ trì"), queryset=Unit.objects.none(), required=False
    )
    deadline = date_field(_("Thời hạn"), required=False)

    def __init__(self, *args: Any, units: QuerySet[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["lead_unit"].queryset = units  # type: ignore[attr-defined]


PlanItemFormSet = forms.formset_factory(PlanItemForm, extra=0, max_num=50)


def item_formset(data: Any, *, units: QuerySet[Unit], items: list[PlanItem]) -> Any:
    initial = [
        {"content": i.content, "lead_unit": i.lead_unit_id, "deadline": i.deadline} for i in items
    ] + [{}, {}]
    return PlanItemFormSet(
        data, initial=None if data else initial, prefix="i", form_kwargs={"units": units}
    )


def item_inputs(formset: Any) -> list[PlanItemInput]:
    return [
        PlanItemInput(
            content=f.cleaned_data.get("content", ""),
            lead_unit=f.cleaned_data.get("lead_unit"),
            deadline=f.cleaned_data.get("deadline"),
        )
        for f in formset.forms
        if f.cleaned_data.get("content")
    ]

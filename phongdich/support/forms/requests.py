"""Forms of support requests: the phone-first request form and the actions on it."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from phongdich.core.fields import UnitChoiceField
from phongdich.core.forms import NFCForm
from phongdich.org.models import Unit
from phongdich.support.models import Partner, State, TeamMember, Urgency


class EquipmentChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        code = obj.asset_code or obj.serial or f"#{obj.pk}"
        holder = f" · {obj.holder.full_name}" if obj.holder_id else ""
        return f"{obj.kind.name} {code}{holder}"


class RequestForm(NFCForm):
    title = forms.CharField(
        label=_("Cần hỗ trợ việc gì?"),
        max_length=200,
        error_messages={"required": _("Hãy ghi ngắn gọn việc cần hỗ trợ.")},
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    unit = UnitChoiceField(
        label=_("Đơn vị"),
        queryset=Unit.objects.none(),
        error_messages={"required": _("Hãy chọn đơn vị.")},
    )
    urgency = forms.ChoiceField(
        label=_("Mức khẩn"),
        choices=Urgency.choices,
        initial=Urgency.NORMAL,
        widget=forms.RadioSelect,
    )
    description = forms.CharField(
        label=_("Mô tả thêm (không bắt buộc)"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    equipment = EquipmentChoiceField(
        label=_("Thiết bị liên quan (không bắt buộc)"),
        queryset=None,
        required=False,
        empty_label=_("— Không liên quan đến thiết bị —"),
    )
    image = forms.FileField(
        label=_("Ảnh chụp màn hình hoặc ảnh lỗi (không bắt buộc)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )

    def __init__(
        self, *args: Any, units: QuerySet[Unit], equipment: QuerySet[Any], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]
        self.fields["equipment"].queryset = equipment.select_related("kind", "holder")  # type: ignore[attr-defined]
        if not equipment.exists():
            del self.fields["equipment"]


class ActionForm(NFCForm):
    action = forms.CharField(max_length=16)
    note = forms.CharField(
        label=_("Ghi chú"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    partner = forms.ModelChoiceField(
        label=_("Đối tác"), queryset=Partner.objects.none(), required=False
    )
    member = forms.ModelChoiceField(
        label=_("Giao cho"), queryset=TeamMember.objects.none(), required=False
    )
    rating = forms.TypedChoiceField(
        label=_("Đánh giá"),
        choices=[(str(n), str(n)) for n in range(5, 0, -1)],
        coerce=int,
        required=False,
        empty_value=None,
        widget=forms.RadioSelect,
    )

    def __init__(
        self,
        *args: Any,
        partners: QuerySet[Partner] | None = None,
        members: QuerySet[TeamMember] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        if partners is not None:
            self.fields["partner"].queryset = partners  # type: ignore[attr-defined]
        if members is not None:
            self.fields["member"].queryset = members  # type: ignore[attr-defined]
            self.fields["member"].label_from_instance = lambda m: m.staff.full_name  # type: ignore[attr-defined]


class QueueFilterForm(NFCForm):
    scope = forms.ChoiceField(
        label=_("Phạm vi"),
        required=False,
        choices=[
            ("mine", _("Của tôi và đơn vị tôi phụ trách")),
            ("units", _("Đơn vị tôi phụ trách")),
            ("unassigned", _("Chưa có người phụ trách")),
            ("all", _("Toàn bộ hàng đợi")),
        ],
    )
    state = forms.ChoiceField(
        label=_("Trạng thái"),
        required=False,
        choices=[("open", _("Đang mở")), ("", _("Tất cả")), *State.choices],
    )
    unit = UnitChoiceField(
        label=_("Đơn vị"), queryset=Unit.objects.none(), required=False, empty_label=_("Tất cả")
    )

    def __init__(self, *args: Any, units: QuerySet[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]


class MyFilterForm(NFCForm):
    state = forms.ChoiceField(
        label=_("Trạng thái"),
        required=False,
        choices=[("", _("Tất cả")), ("open", _("Đang mở")), *State.choices],
    )
    q = forms.CharField(label=_("Tìm"), required=False, max_length=100)

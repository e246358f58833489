from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from phongdich.core.fields import UnitChoiceField
from phongdich.core.forms import NFCForm
from phongdich.equipment.models import Equipment, EquipmentKind
from phongdich.equipment.selectors.equipment import kinds_active, staff_for_units
from phongdich.equipment.services.equipment import EquipmentFields
from phongdich.org.models import Staff, Unit

DATE_INPUT = ["%d/%m/%Y", "%Y-%m-%d"]


class StaffChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.full_name} ({obj.staff_code})"


class EquipmentForm(NFCForm):
    kind = forms.ModelChoiceField(label=_("Loại thiết bị"), queryset=EquipmentKind.objects.none())
    unit = UnitChoiceField(label=_("Đơn vị"), queryset=Unit.objects.none())
    asset_code = forms.CharField(label=_("Mã tài sản"), max_length=64, required=False)
    model_name = forms.CharField(label=_("Model"), max_length=200, required=False)
    serial = forms.CharField(label=_("Số serial"), max_length=100, required=False)
    year_acquired = forms.IntegerField(
        label=_("Năm sử dụng"), required=False, min_value=1990, max_value=2100
    )
    condition = forms.ChoiceField(label=_("Tình trạng"), choices=Equipment.Condition.choices)
    holder = StaffChoiceField(
        label=_("Người sử dụng"), queryset=Staff.objects.none(), required=False
    )
    location = forms.ChoiceField(label=_("Nơi đặt"), choices=Equipment.Location.choices)
    has_internet = forms.BooleanField(label=_("Có kết nối Internet"), required=False)
    os_supported = forms.BooleanField(
        label=_("Hệ điều hành còn được hỗ trợ"), required=False, initial=True
    )
    certificate_expiry = forms.DateField(
        label=_("Hạn chứng thư số (dd/mm/yyyy)"), required=False, input_formats=DATE_INPUT
    )
    note = forms.CharField(
        label=_("Ghi chú"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]
        self.fields["kind"].queryset = kinds_active()  # type: ignore[attr-defined]
        self.fields["holder"].queryset = staff_for_units(units=units)  # type: ignore[attr-defined]

    @classmethod
    def initial_of(cls, item: Equipment) -> dict[str, Any]:
        return {
            "kind": item.kind_id,
            "unit": item.unit_id,
            "holder": item.holder_id,
            **{
                name: getattr(item, name)
                for name in (
                    "asset_code",
                    "model_name",
                    "serial",
                    "year_acquired",
                    "condition",
                    "location",
                    "has_internet",
                    "os_supported",
                    "certificate_expiry",
                    "note",
                )
            },
        }

    def to_fields(self) -> EquipmentFields:
        data = self.cleaned_data
        return EquipmentFields(
            kind=data["kind"],
            unit=data["unit"],
            asset_code=data["asset_code"],
            model_name=data["model_name"],
            serial=data["serial"],
            year_acquired=data["year_acquired"],
            condition=data["condition"],
            holder=data["holder"],
            location=data["location"],
            has_internet=data["has_internet"],
            os_supported=data["os_supported"],
            certificate_expiry=data["certificate_expiry"],
            note=data["note"],
        )


class EquipmentFilterForm(NFCForm):
    q = forms.CharField(label=_("Tìm"), required=False, max_length=100)
    unit = UnitChoiceField(
        label=_("Đơn vị"), queryset=Unit.objects.none(), required=False, empty_label=_("Tất cả")
    )
    kind = forms.ModelChoiceField(
        label=_("Loại"),
        queryset=EquipmentKind.objects.none(),
        required=False,
        empty_label=_("Tất cả"),
    )
    condition = forms.ChoiceField(
        label=_("Tình trạng"),
        required=False,
        choices=[("", _("Tất cả")), *Equipment.Condition.choices],
    )

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]
        self.fields["kind"].queryset = kinds_active()  # type: ignore[attr-defined]


class CheckoutForm(NFCForm):
    staff = StaffChoiceField(label=_("Giao cho cán bộ"), queryset=Staff.objects.none())
    location = forms.ChoiceField(
        label=_("Nơi sử dụng"), choices=Equipment.Location.choices, initial="home"
    )

    def __init__(self, *args: Any, equipment: Equipment, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["staff"].queryset = Staff.objects.filter(  # type: ignore[attr-defined]
            unit__path__startswith=equipment.unit.path, is_active=True
        ).order_by("full_name")


class IdListField(forms.Field):
    """Record ids given as a repeated parameter (``?id=3&id=7``)."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value: Any) -> list[int]:
        if not value:
            return []
        values = value if isinstance(value, list | tuple) else [value]
        try:
            return sorted({int(v) for v in values})
        except (TypeError, ValueError):
            raise forms.ValidationError(_("Mã thiết bị không hợp lệ.")) from None


class LabelForm(EquipmentFilterForm):
    """The label sheet: the list's filters, or a selection of records (``id`` repeated)."""

    id = IdListField(required=False)

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, units=units, **kwargs)
        self.fields["unit"].empty_label = _("Chọn đơn vị")  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        errors = self.errors
        if "id" in errors:  # a hidden field: its message goes above the form
            raise forms.ValidationError(list(errors.pop("id")))
        if not data.get("unit") and not data.get("id"):
            raise forms.ValidationError(_("Hãy chọn một đơn vị hoặc chọn thiết bị cần in nhãn."))
        return data

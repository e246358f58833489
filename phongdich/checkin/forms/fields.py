"""Form fields shared by the check-in forms."""

from __future__ import annotations

from django import forms

from phongdich.checkin.models import Location


class GateChoiceField(forms.ModelChoiceField):
    """A gate, shown with its unit (the queryset should select_related("unit"))."""

    def label_from_instance(self, obj: Location) -> str:
        return f"{obj.name} · {obj.unit.name}"

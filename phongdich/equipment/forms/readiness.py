from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from phongdich.core.fields import UnitChoiceField
from phongdich.core.forms import NFCForm, NFCModelForm
from phongdich.equipment.models import ReadinessRule
from phongdich.org.models import Unit


class ReadinessFilterForm(NFCForm):
    unit = UnitChoiceField(
        label=_("Đơn vị"), queryset=Unit.objects.none(), required=False, empty_label=_("Tất cả")
    )


class ReadinessRuleForm(NFCModelForm):
    """Fields only: the write is readiness_rule_save (never form.save())."""

    class Meta:
        model = ReadinessRule
        fields = [
            "name",
            "requirement",
            "applies_to",
            "signer_positions",
            "is_active",
            "sort_order",
        ]

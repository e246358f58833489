from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from phongdich.core.fields import UnitMultipleChoiceField
from phongdich.core.forms import NFCForm
from phongdich.core.roles import Role
from phongdich.news.forms.stats import DATE_FORMATS
from phongdich.org.models import Unit


def _date(label: Any) -> forms.DateField:
    return forms.DateField(
        label=label,
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


class BulletinForm(NFCForm):
    number = forms.CharField(label=_("Số, ký hiệu"), max_length=60)
    issued_on = _date(_("Ngày ban hành"))
    issuer = forms.CharField(label=_("Cơ quan ban hành"), max_length=200)
    summary = forms.CharField(
        label=_("Trích yếu"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    file = forms.FileField(
        label=_("Tệp văn bản (.pdf, .docx)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.docx"}),
    )
    deadline = _date(_("Hạn xác nhận"))
    audience_all = forms.BooleanField(label=_("Gửi toàn thể cán bộ"), required=False)
    units = UnitMultipleChoiceField(
        label=_("Hoặc gửi các đơn vị (gồm cả đơn vị cấp dưới)"),
        queryset=Unit.objects.none(),
        required=False,
    )
    roles = forms.MultipleChoiceField(
        label=_("Hoặc gửi những người giữ vai trò"),
        choices=[(r.value, r.label) for r in Role if r != Role.STAFF],
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, units: QuerySet[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["units"].queryset = units  # type: ignore[attr-defined]

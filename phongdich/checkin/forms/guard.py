"""The guard's manual check-in form: a person without a smartphone, at the gate."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.http import QueryDict
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from phongdich.checkin.forms.fields import GateChoiceField
from phongdich.checkin.forms.person import PersonForm
from phongdich.checkin.models import Location
from phongdich.core.text import clean_name

TEXT_MAX = 255

KIND_CHOICES = [("visitor", _("Khách")), ("staff", _("Cán bộ"))]


class ManualCheckinForm(PersonForm):
    cccd_text = forms.CharField(
        label=_("Quét mã QR trên CCCD"),
        required=False,
        help_text=_(
            "Đưa máy quét vào ô này rồi quét: máy quét tự nhấn Enter để điền sẵn biểu mẫu."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    location = GateChoiceField(
        label=_("Cổng"),
        queryset=Location.objects.none(),
        empty_label=_("— Chọn cổng —"),
        error_messages={
            "required": _("Vui lòng chọn cổng."),
            "invalid_choice": _("Cổng đã chọn không thuộc phạm vi của bạn."),
        },
    )
    kind = forms.ChoiceField(
        label=_("Đối tượng"),
        choices=KIND_CHOICES,
        initial="visitor",
        widget=forms.RadioSelect,
        error_messages={"required": _("Vui lòng chọn khách hoặc cán bộ.")},
    )
    purpose = forms.CharField(label=_("Mục đích (khách)"), required=False, max_length=TEXT_MAX)
    host = forms.CharField(label=_("Người được gặp (khách)"), required=False, max_length=TEXT_MAX)
    consent = forms.BooleanField(
        label=_(
            "Người khai đã đồng ý cho cơ quan xử lý thông tin cá nhân và sức khỏe này "
            "cho mục đích phòng, chống dịch (bảo vệ đã hỏi và xác nhận)."
        ),
        error_messages={"required": _("Cần xác nhận người khai đã đồng ý mới được ghi nhận.")},
    )

    field_order = ["cccd_text", "location", "full_name", "phone", "cccd", "kind"]

    def __init__(
        self,
        *args: Any,
        gates: QuerySet[Location],
        questions: list[dict[str, Any]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, questions=questions, **kwargs)
        self.fields["location"].queryset = gates  # type: ignore[attr-defined]
        for name in ("full_name", "phone", "cccd"):
            self.fields[name].widget.attrs["autocomplete"] = "off"
        self.fields["cccd"].label = _("Số CCCD (12 số)")

    def question_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.question_names()]

    def person_fields(self) -> list[forms.BoundField]:
        names = ["location", "full_name", "phone", "cccd", "kind", "purpose", "host"]
        return [self[name] for name in names]

    def clean_purpose(self) -> str:
        return clean_name(self.cleaned_data.get("purpose"))

    def clean_host(self) -> str:
        return clean_name(self.cleaned_data.get("host"))

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        location = data.get("location")
        if location is not None and location.require_cccd:
            self.require_cccd()
        if data.get("kind") == "visitor":
            if not data.get("purpose") and "purpose" not in self.errors:
                self.add_error("purpose", gettext("Khách cần ghi mục đích đến."))
            if not data.get("host") and "host" not in self.errors:
                self.add_error("host", gettext("Khách cần ghi người hoặc bộ phận được gặp."))
        else:
            data["purpose"] = data["host"] = ""
        return data

    @property
    def is_visitor(self) -> bool:
        return self.cleaned_data.get("kind") == "visitor"

    def typed_values(self) -> dict[str, Any]:
        """What was submitted, field by field, to re-render an unbound form with it."""
        data = self.data if isinstance(self.data, QueryDict) else QueryDict(mutable=True)
        values: dict[str, Any] = {}
        for name, field in self.fields.items():
            if name == "cccd_text":
                continue
            value = field.widget.value_from_datadict(data, self.files, self.add_prefix(name))
            if value not in (None, "", []):
                values[name] = value
        return values

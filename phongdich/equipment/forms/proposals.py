from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from phongdich.core.fields import UnitChoiceField
from phongdich.core.forms import NFCForm
from phongdich.equipment.models import EquipmentKind, NeedsProposal
from phongdich.equipment.selectors.equipment import kinds_active
from phongdich.equipment.services.proposals import MAX_QUANTITY
from phongdich.org.models import Unit

DATE_INPUT = ["%d/%m/%Y", "%Y-%m-%d"]


class ProposalForm(NFCForm):
    unit = UnitChoiceField(label=_("Đơn vị đề xuất"), queryset=Unit.objects.none())
    kind = forms.ModelChoiceField(label=_("Loại thiết bị"), queryset=EquipmentKind.objects.none())
    quantity = forms.IntegerField(
        label=_("Số lượng"),
        min_value=1,
        max_value=MAX_QUANTITY,
        error_messages={
            "required": _("Hãy nhập số lượng."),
            "invalid": _("Số lượng phải là số nguyên."),
            "min_value": _("Số lượng phải từ 1 trở lên."),
            "max_value": _("Số lượng tối đa %(limit_value)s cho một đề xuất."),
        },
    )
    for_whom = forms.CharField(
        label=_("Cho ai / vị trí nào"),
        max_length=300,
        help_text=_("Ví dụ: Kế toán trưởng; bộ phận một cửa; 03 chuyên viên Phòng Việc làm."),
        error_messages={"required": _("Hãy ghi thiết bị dành cho ai hoặc cho vị trí nào.")},
    )
    justification = forms.CharField(
        label=_("Lý do"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Hãy ghi lý do cần thiết bị.")},
    )
    priority = forms.TypedChoiceField(
        label=_("Mức ưu tiên"),
        choices=NeedsProposal.Priority.choices,
        coerce=int,
        initial=NeedsProposal.Priority.MEDIUM,
    )

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]
        self.fields["kind"].queryset = kinds_active()  # type: ignore[attr-defined]


class HeadDecisionForm(NFCForm):
    decision = forms.ChoiceField(
        label=_("Quyết định"),
        choices=[("approve", _("Duyệt, chuyển Tổ CNTT")), ("reject", _("Từ chối"))],
        widget=forms.RadioSelect,
        error_messages={"required": _("Hãy chọn duyệt hoặc từ chối.")},
    )
    reason = forms.CharField(
        label=_("Lý do (bắt buộc khi từ chối)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ReviewForm(NFCForm):
    decision = forms.ChoiceField(
        label=_("Kết quả thẩm định"),
        choices=[
            ("accept", _("Chấp thuận")),
            ("change", _("Chấp thuận, điều chỉnh số lượng")),
            ("reject", _("Từ chối")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Hãy chọn kết quả thẩm định.")},
    )
    approved_quantity = forms.IntegerField(
        label=_("Số lượng chấp thuận (khi điều chỉnh)"),
        required=False,
        min_value=1,
        max_value=MAX_QUANTITY,
        error_messages={
            "invalid": _("Số lượng phải là số nguyên."),
            "min_value": _(
                "Số lượng chấp thuận phải từ 1 trở lên; muốn không cấp thì chọn Từ chối."
            ),
            "max_value": _("Số lượng tối đa %(limit_value)s cho một đề xuất."),
        },
    )
    reason = forms.CharField(
        label=_("Lý do (bắt buộc khi điều chỉnh hoặc từ chối)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("decision") == "change" and not data.get("approved_quantity"):
            if "approved_quantity" not in self.errors:
                self.add_error("approved_quantity", _("Hãy nhập số lượng chấp thuận."))
        return data


class BatchForm(NFCForm):
    proposals = forms.ModelMultipleChoiceField(
        label=_("Đề xuất đưa vào công văn"),
        queryset=NeedsProposal.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Hãy chọn ít nhất một đề xuất đã được Tổ CNTT chấp thuận."),
            "invalid_choice": _(
                "Đề xuất %(value)s không còn chờ tổng hợp (đã bị từ chối, chưa được thẩm định "
                "hoặc đã đưa vào công văn khác); hãy tải lại trang."
            ),
            "invalid_pk_value": _("Đề xuất không hợp lệ."),
        },
    )
    subject = forms.CharField(label=_("Trích yếu (V/v)"), max_length=300)
    number = forms.IntegerField(
        label=_("Số văn bản (để trống nếu văn thư sẽ cấp số)"),
        required=False,
        min_value=1,
        max_value=99999,
    )
    issued_on = forms.DateField(label=_("Ngày văn bản (dd/mm/yyyy)"), input_formats=DATE_INPUT)
    signer_authority = forms.CharField(
        label=_("Quyền hạn ký (ví dụ KT. GIÁM ĐỐC; để trống nếu Giám đốc ký)"),
        required=False,
        max_length=100,
    )
    signer_title = forms.CharField(label=_("Chức vụ người ký"), max_length=100)
    signer_name = forms.CharField(label=_("Họ tên người ký"), max_length=200)

    def __init__(self, *args: Any, candidates: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["proposals"]
        field.queryset = candidates  # type: ignore[attr-defined]
        field.label_from_instance = lambda p: (  # type: ignore[attr-defined]
            f"#{p.pk} · {p.unit.name} · {p.kind.name} × {p.final_quantity}"
        )

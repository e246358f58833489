"""Forms of the IT team, partners, service levels, holidays and articles."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from phongdich.core.forms import NFCForm
from phongdich.org.models import Staff
from phongdich.support.models import Article, Partner, TeamMember


class MemberForm(NFCForm):
    staff = forms.ModelChoiceField(
        label=_("Cán bộ (có vai trò Tổ CNTT)"),
        queryset=Staff.objects.none(),
        error_messages={"required": _("Hãy chọn cán bộ.")},
    )
    team_role = forms.CharField(label=_("Nhiệm vụ trong Tổ"), required=False, max_length=100)
    speciality = forms.CharField(label=_("Chuyên môn"), required=False, max_length=200)
    is_leader = forms.BooleanField(label=_("Tổ trưởng / tổ phó"), required=False)
    absent_until = forms.DateField(
        label=_("Vắng mặt đến hết ngày"),
        required=False,
        input_formats=["%d/%m/%Y", "%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Ngày không hợp lệ (dd/mm/yyyy).")},
    )
    is_active = forms.BooleanField(label=_("Đang trong Tổ"), required=False, initial=True)
    sort_order = forms.IntegerField(label=_("Thứ tự"), min_value=0, initial=100)

    def __init__(
        self, *args: Any, candidates: QuerySet[Staff] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        if candidates is None:
            del self.fields["staff"]
        else:
            self.fields["staff"].queryset = candidates  # type: ignore[attr-defined]
            self.fields["staff"].label_from_instance = lambda s: f"{s.full_name} · {s.unit.name}"  # type: ignore[attr-defined]


class AssignmentForm(NFCForm):
    primary = forms.ModelChoiceField(
        label=_("Phụ trách chính"), queryset=TeamMember.objects.none(), required=False
    )
    backup = forms.ModelChoiceField(
        label=_("Dự phòng"), queryset=TeamMember.objects.none(), required=False
    )

    def __init__(self, *args: Any, members: QuerySet[TeamMember], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("primary", "backup"):
            self.fields[name].queryset = members  # type: ignore[attr-defined]
            self.fields[name].label_from_instance = lambda m: m.staff.full_name  # type: ignore[attr-defined]


class PartnerForm(NFCForm):
    name = forms.CharField(label=_("Tên đơn vị"), max_length=255)
    kind = forms.ChoiceField(label=_("Loại"), choices=Partner.Kind.choices)
    purpose = forms.CharField(label=_("Hỗ trợ việc gì"), max_length=500)
    contact_name = forms.CharField(label=_("Người liên hệ"), required=False, max_length=200)
    phone = forms.CharField(
        label=_("Số điện thoại"),
        required=False,
        max_length=30,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
    )
    email = forms.EmailField(
        label=_("Email"),
        required=False,
        error_messages={"invalid": _("Địa chỉ email không hợp lệ.")},
    )
    note = forms.CharField(
        label=_("Ghi chú"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    is_active = forms.BooleanField(label=_("Đang hợp tác"), required=False, initial=True)

    def clean_phone(self) -> str:
        phone = self.cleaned_data["phone"]
        digits = "".join(c for c in phone if c.isdigit())
        if phone and not 8 <= len(digits) <= 15:
            raise forms.ValidationError(_("Số điện thoại phải có từ 8 đến 15 chữ số."))
        return phone


class ServiceLevelForm(NFCForm):
    take_minutes = forms.IntegerField(
        label=_("Tiếp nhận trong (phút)"), min_value=1, max_value=99999
    )
    resolve_minutes = forms.IntegerField(
        label=_("Xử lý xong trong (phút)"), min_value=1, max_value=99999
    )
    remind_before_minutes = forms.IntegerField(
        label=_("Nhắc trước (phút)"), min_value=0, max_value=9999
    )


class HolidayForm(NFCForm):
    date = forms.DateField(
        label=_("Ngày nghỉ"),
        input_formats=["%d/%m/%Y", "%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={
            "required": _("Hãy chọn ngày."),
            "invalid": _("Ngày không hợp lệ (dd/mm/yyyy)."),
        },
    )
    name = forms.CharField(label=_("Tên ngày lễ"), max_length=200)


class ArticleForm(NFCForm):
    title = forms.CharField(label=_("Tiêu đề"), max_length=200)
    summary = forms.CharField(label=_("Tóm tắt"), required=False, max_length=300)
    body = forms.CharField(
        label=_("Các bước (mỗi bước một dòng)"),
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 10}),
    )
    keywords = forms.CharField(label=_("Từ khóa"), required=False, max_length=300)
    topic = forms.ChoiceField(
        label=_("Hiện liên kết ở"),
        choices=Article.Topic.choices,
        required=False,
        error_messages={"invalid_choice": _("Hãy chọn một trang trong danh sách.")},
    )
    publish = forms.BooleanField(label=_("Đăng cho mọi người xem"), required=False)


class ArticleSearchForm(NFCForm):
    q = forms.CharField(label=_("Tìm hướng dẫn"), required=False, max_length=100)

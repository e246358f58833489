from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from phongdich.core.forms import NFCForm
from phongdich.news.forms.stats import DATE_FORMATS
from phongdich.news.models import FalseNewsReport


class ReportForm(NFCForm):
    link = forms.CharField(label=_("Đường dẫn bài đăng"), max_length=500, required=False)
    screenshot = forms.FileField(
        label=_("Hoặc ảnh chụp màn hình (JPEG, PNG, WebP)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )
    platform = forms.ChoiceField(label=_("Thấy ở đâu"), choices=FalseNewsReport.Platform.choices)
    seen_on = forms.DateField(
        label=_("Thấy ngày"),
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    description = forms.CharField(
        label=_("Mô tả ngắn"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4})
    )


class VerdictForm(NFCForm):
    verdict = forms.ChoiceField(
        label=_("Kết luận"), choices=FalseNewsReport.Verdict.choices, widget=forms.RadioSelect
    )
    source = forms.CharField(
        label=_("Nguồn chính thức đã đối chiếu"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    warning_title = forms.CharField(label=_("Tiêu đề cảnh báo"), max_length=200)
    warning_body = forms.CharField(
        label=_("Nội dung cảnh báo"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    public = forms.BooleanField(label=_("Đăng cả lên trang tin công khai"), required=False)

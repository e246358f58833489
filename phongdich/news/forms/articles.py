from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from phongdich.core.fields import UnitChoiceField
from phongdich.core.forms import NFCForm
from phongdich.news.models import Article, Topic
from phongdich.news.services.articles import ArticleFields
from phongdich.org.models import Unit

DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%d/%m/%Y %H:%M", "%d/%m/%Y %H:%M:%S"]


class ArticleForm(NFCForm):
    title = forms.CharField(label=_("Tiêu đề"), max_length=250)
    summary = forms.CharField(
        label=_("Tóm tắt"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3})
    )
    body = forms.CharField(
        label=_("Nội dung"),
        max_length=100_000,
        widget=forms.Textarea(attrs={"rows": 16}),
        help_text=_(
            "Viết bình thường (dòng trống để sang đoạn mới), hoặc dùng các thẻ "
            "<p>, <h2>, <h3>, <ul>, <ol>, <li>, <a href>, <strong>, <em>, <br> và ảnh đã tải "
            "lên. Các thẻ khác bị loại bỏ khi lưu."
        ),
    )
    topic = forms.ChoiceField(label=_("Chủ đề"), choices=Topic.choices)
    unit = UnitChoiceField(label=_("Đơn vị, đoàn thể"), queryset=Unit.objects.none())
    directive_item = forms.CharField(
        label=_("Mục của văn bản chỉ đạo (nếu có)"),
        max_length=40,
        required=False,
        help_text=_("Ví dụ: 5 (mục 5 của Công văn)."),
    )
    cover = forms.FileField(
        label=_("Ảnh đại diện (JPEG, PNG, WebP)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )

    def __init__(self, *args: Any, units: QuerySet[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]

    @classmethod
    def initial_for(cls, article: Article) -> dict[str, Any]:
        return {
            "title": article.title,
            "summary": article.summary,
            "body": article.body,
            "topic": article.topic,
            "unit": article.unit_id,
            "directive_item": article.directive_item,
        }

    def fields_value(self) -> ArticleFields:
        data = self.cleaned_data
        return ArticleFields(
            title=data["title"],
            summary=data["summary"],
            body=data["body"],
            topic=data["topic"],
            unit=data["unit"],
            directive_item=data["directive_item"],
        )


class TransitionForm(NFCForm):
    action = forms.CharField(widget=forms.HiddenInput)
    comment = forms.CharField(
        label=_("Nhận xét"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    publish_at = forms.DateTimeField(
        label=_("Giờ đăng"),
        required=False,
        input_formats=DATETIME_FORMATS,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )


class ImageUploadForm(NFCForm):
    image = forms.FileField(
        label=_("Ảnh chèn vào bài (JPEG, PNG, WebP)"),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )


class PublicFilterForm(NFCForm):
    q = forms.CharField(label=_("Tìm kiếm"), required=False, max_length=100)
    topic = forms.ChoiceField(
        label=_("Chủ đề"), required=False, choices=[("", _("Mọi chủ đề")), *Topic.choices]
    )

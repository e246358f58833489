"""Forms of the directives app: import, header, tasks, indicators, list filters."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from phongdich.core.forms import NFCForm, NFCModelForm
from phongdich.core.text import clean_name, nfc
from phongdich.directives import attachments, parsing
from phongdich.directives.forms.fields import (
    UnitChoiceField,
    UnitMultipleChoiceField,
    date_field,
)
from phongdich.directives.inputs import DirectiveHeader, TaskInput
from phongdich.directives.models import Directive, Indicator, Task
from phongdich.directives.selectors.directives import (
    TaskSuggestion,
    assignable_units,
    task_parents,
)
from phongdich.org.models import Unit

IMPORT_MAX_BYTES = 5 * 1024 * 1024


# Import --------------------------------------------------------------------------


class DirectiveImportForm(NFCForm):
    file = forms.FileField(
        label=_("Tệp văn bản (.txt hoặc .docx)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".txt,.docx"}),
    )
    text = forms.CharField(
        label=_("Hoặc dán nội dung văn bản"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 10}),
    )

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean() or {}
        upload, text = data.get("file"), nfc(data.get("text"))
        if self.errors:
            return data
        if upload and text:
            raise forms.ValidationError(_("Chọn tệp hoặc dán nội dung, không cả hai."), code="both")
        if not upload and not text:
            raise forms.ValidationError(
                _("Chọn tệp .txt/.docx hoặc dán nội dung văn bản."), code="none"
            )
        if upload:
            suffix = Path(upload.name or "").suffix.lower()
            if suffix not in parsing.SUPPORTED_SUFFIXES:
                self.add_error(
                    "file",
                    forms.ValidationError(
                        _("Chỉ nhập được văn bản từ tệp .txt hoặc .docx."), code="bad_type"
                    ),
                )
                return data
            if upload.size > IMPORT_MAX_BYTES:
                self.add_error(
                    "file",
                    forms.ValidationError(
                        _("Tệp lớn quá %(limit)s.") % {"limit": filesizeformat(IMPORT_MAX_BYTES)},
                        code="too_big",
                    ),
                )
                return data
            try:
                text = parsing.extract_text(upload.read(), upload.name)
            except parsing.DirectiveParseError as exc:
                self.add_error("file", forms.ValidationError(str(exc), code="unreadable"))
                return data
        try:
            data["parsed"] = parsing.parse_directive(text)
        except parsing.DirectiveParseError as exc:
            raise forms.ValidationError(str(exc), code="no_items") from None
        return data


# The directive's header ------------------------------------------------------------


class DirectiveHeaderForm(NFCForm):
    number = forms.IntegerField(
        label=_("Số văn bản"),
        required=False,
        min_value=1,
        max_value=999999,
        help_text=_("Phần số trước dấu “/”, ví dụ 2987. Bắt buộc trước khi ban hành."),
        error_messages={
            "invalid": _("Số văn bản là số nguyên dương, ví dụ 2987."),
            "min_value": _("Số văn bản là số nguyên dương, ví dụ 2987."),
        },
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    symbol = forms.CharField(
        label=_("Ký hiệu"),
        required=False,
        max_length=60,
        help_text=_("Phần sau dấu “/”, ví dụ SLĐTBXH-VP."),
    )
    issued_on = date_field(
        _("Ngày văn bản"), help_text=_("Ví dụ 31/08/2021. Bắt buộc trước khi ban hành.")
    )
    place = forms.CharField(label=_("Địa danh"), required=False, max_length=80)
    subject = forms.CharField(
        label=_("Trích yếu"),
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Vui lòng nhập trích yếu (V/v …).")},
    )
    recipients = forms.CharField(
        label=_("Kính gửi"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Mỗi dòng một nơi nhận."),
    )
    issuer_authority = forms.CharField(
        label=_("Quyền hạn ký"),
        required=False,
        max_length=40,
        help_text=_("Ví dụ “KT. GIÁM ĐỐC”; để trống nếu người đứng đầu ký."),
    )
    issuer_position = forms.CharField(label=_("Chức vụ người ký"), required=False, max_length=120)
    issuer_name = forms.CharField(label=_("Người ký"), required=False, max_length=120)
    body = forms.CharField(
        label=_("Nội dung văn bản"), required=False, widget=forms.Textarea(attrs={"rows": 8})
    )
    distribution = forms.CharField(
        label=_("Nơi nhận"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Mỗi dòng một nơi nhận."),
    )
    source_kind = forms.CharField(
        label=_("Thực hiện văn bản: loại"),
        required=False,
        max_length=40,
        help_text=_("Văn bản cấp trên mà văn bản này triển khai, ví dụ Công văn."),
    )
    source_reference = forms.CharField(
        label=_("Thực hiện văn bản: số, ký hiệu"),
        required=False,
        max_length=80,
        help_text=_("Ví dụ 13341/UBND-CNTT. Báo cáo kết quả sẽ trả lời văn bản này."),
    )
    source_issued_on = date_field(_("Thực hiện văn bản: ngày"))
    source_issuer = forms.CharField(
        label=_("Thực hiện văn bản: của"),
        required=False,
        max_length=200,
        help_text=_("Ví dụ Chủ tịch UBND tỉnh Thanh Hóa (nơi nhận báo cáo kết quả)."),
    )

    def clean_source_reference(self) -> str:
        reference = clean_name(self.cleaned_data.get("source_reference")).replace(" ", "")
        if reference and "/" not in reference:
            raise forms.ValidationError(
                _("Số, ký hiệu gồm số và ký hiệu cách nhau bởi “/”, ví dụ 13341/UBND-CNTT."),
                code="bad_reference",
            )
        return reference

    def clean_symbol(self) -> str:
        return clean_name(self.cleaned_data.get("symbol")).replace(" ", "").upper()

    def clean_subject(self) -> str:
        subject = clean_name(self.cleaned_data.get("subject"))
        if not subject:
            raise forms.ValidationError(_("Vui lòng nhập trích yếu (V/v …)."), code="required")
        return subject

    def header(self) -> DirectiveHeader:
        data = self.cleaned_data
        return DirectiveHeader(
            **{key: data[key] or "" for key in HEADER_TEXT},
            number=data["number"],
            issued_on=data["issued_on"],
            source_issued_on=data.get("source_issued_on"),
        )


HEADER_TEXT = [
    name
    for name in DirectiveHeader.names()
    if name not in {"number", "issued_on", "source_issued_on"}
]


class ImportHeaderForm(DirectiveHeaderForm):
    default_deadline = date_field(
        _("Thời hạn chung"),
        help_text=_("Áp dụng cho các nhiệm vụ chưa nhập thời hạn riêng."),
    )


class DirectiveEditForm(DirectiveHeaderForm):
    attachment = forms.FileField(
        label=_("Tệp văn bản đã ký"),
        required=False,
        help_text=_(".pdf, .docx, .doc, .xlsx, .xls, .txt, .jpg, .png"),
    )

    def clean_attachment(self) -> Any:
        upload = self.cleaned_data.get("attachment")
        if upload:
            attachments.validate_upload(upload)
        return upload


def header_initial(directive: Directive) -> dict[str, Any]:
    return {key: getattr(directive, key) for key in DirectiveHeader.names()}


# Tasks ---------------------------------------------------------------------------


class TaskForm(NFCForm):
    number = forms.CharField(
        label=_("Mục"),
        max_length=16,
        error_messages={"required": _("Vui lòng nhập số mục, ví dụ 3 hoặc 8.1.")},
    )
    content = forms.CharField(
        label=_("Nội dung nhiệm vụ"),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Vui lòng nhập nội dung nhiệm vụ.")},
    )
    title = forms.CharField(
        label=_("Tên ngắn"),
        required=False,
        max_length=120,
        help_text=_(
            "Vài chữ gọi tên nhiệm vụ trong phụ lục và công văn đôn đốc, ví dụ "
            "“Rà soát trang thiết bị CNTT”. Để trống: lấy vế đầu của nội dung."
        ),
    )
    lead_unit = UnitChoiceField(
        indent=False,
        label=_("Đơn vị chủ trì"),
        queryset=Unit.objects.none(),
        required=False,
        empty_label=_("— Không có —"),
        error_messages={"invalid_choice": _("Đơn vị đã chọn không có hoặc đã ngừng hoạt động.")},
    )
    supporting_units = UnitMultipleChoiceField(
        indent=False,
        label=_("Đơn vị phối hợp"),
        queryset=Unit.objects.none(),
        required=False,
        checkboxes=True,
        error_messages={"invalid_choice": _("Đơn vị đã chọn không có hoặc đã ngừng hoạt động.")},
    )
    all_units = forms.BooleanField(
        label=_("Giao tất cả phòng nghiệp vụ và đơn vị trực thuộc"), required=False
    )
    deadline = date_field(_("Thời hạn"))
    recurrence = forms.ChoiceField(
        label=_("Báo cáo"), choices=Task.Recurrence.choices, initial=Task.Recurrence.ONCE
    )

    def __init__(self, *args: Any, units: QuerySet[Unit] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        units = units if units is not None else assignable_units()
        self.fields["lead_unit"].queryset = units  # type: ignore[attr-defined]
        self.fields["supporting_units"].queryset = units  # type: ignore[attr-defined]

    def clean_number(self) -> str:
        number = nfc(self.cleaned_data.get("number")).rstrip(".")
        if not number or len(number) > 16 or " " in number:
            raise forms.ValidationError(
                _("Số mục không hợp lệ: ví dụ 3, 8.1 hoặc II.2."), code="bad_number"
            )
        return number

    def clean_content(self) -> str:
        content = nfc(self.cleaned_data.get("content"))
        if not content:
            raise forms.ValidationError(_("Vui lòng nhập nội dung nhiệm vụ."), code="required")
        return content

    def task_input(self, *, parent: str | None = None, deadline: Any = None) -> TaskInput:
        data = self.cleaned_data
        return TaskInput(
            number=data["number"],
            content=data["content"],
            title=clean_name(data.get("title")),
            parent=parent,
            lead_unit=data.get("lead_unit"),
            supporting_units=list(data.get("supporting_units") or []),
            all_units=bool(data.get("all_units")),
            deadline=data.get("deadline") or deadline,
            recurrence=data.get("recurrence") or Task.Recurrence.ONCE,
        )


class ImportTaskForm(TaskForm):
    parent = forms.CharField(required=False, widget=forms.HiddenInput)
    is_group = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["number"].widget.attrs["readonly"] = "readonly"
        self.fields["number"].widget.attrs["size"] = "5"


class BaseImportTaskFormSet(forms.BaseFormSet):
    def __init__(self, *args: Any, units: QuerySet[Unit] | None = None, **kwargs: Any) -> None:
        self.units = units
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index: int | None) -> dict[str, Any]:
        kwargs = super().get_form_kwargs(index)
        kwargs["units"] = self.units
        return kwargs

    def clean(self) -> None:
        if any(self.errors):
            return
        seen: set[str] = set()
        for form in self.forms:
            number = form.cleaned_data.get("number")
            if number in seen:
                raise forms.ValidationError(
                    _("Mục %(n)s xuất hiện hai lần.") % {"n": number}, code="duplicate"
                )
            seen.add(number)
        if not seen:
            raise forms.ValidationError(_("Văn bản chưa có nhiệm vụ nào."), code="empty")


ImportTaskFormSet: Any = forms.formset_factory(
    ImportTaskForm, formset=BaseImportTaskFormSet, extra=0, max_num=300, validate_max=True
)


class TaskEditForm(TaskForm):
    parent = forms.ModelChoiceField(
        label=_("Thuộc mục"),
        queryset=Task.objects.none(),
        required=False,
        empty_label=_("— Mục chính —"),
        help_text=_("Chọn mục cha khi đây là ý nhỏ (ví dụ 8.1 thuộc mục 8)."),
    )

    field_order = ["number", "parent", "content"]

    def __init__(
        self, *args: Any, directive: Directive, task: Task | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        parents = task_parents(directive=directive, task=task)
        self.fields["parent"].queryset = parents  # type: ignore[attr-defined]


def task_initial(task: Task) -> dict[str, Any]:
    return {
        "number": task.number,
        "parent": task.parent_id,
        "content": task.content,
        "title": task.title,
        "lead_unit": task.lead_unit_id,
        "supporting_units": [u.pk for u in task.supporting_units.all()],
        "all_units": task.all_units,
        "deadline": task.deadline,
        "recurrence": task.recurrence,
    }


def suggestion_initial(suggestion: TaskSuggestion) -> dict[str, Any]:
    """A suggested task of an imported text, as a row of the confirmation formset."""
    return {
        "number": suggestion.number,
        "parent": suggestion.parent or "",
        "is_group": suggestion.is_group,
        "content": suggestion.content,
        "title": suggestion.title,
        "lead_unit": suggestion.lead_unit.pk if suggestion.lead_unit else None,
        "supporting_units": [u.pk for u in suggestion.supporting_units],
        "all_units": suggestion.all_units,
        "deadline": suggestion.deadline,
        "recurrence": suggestion.recurrence,
    }


# Indicators ------------------------------------------------------------------------


class IndicatorForm(NFCModelForm):
    class Meta:
        model = Indicator
        fields = ["name", "kind", "unit_of_measure", "required", "order"]
        error_messages = {
            "name": {"required": _("Vui lòng nhập tên chỉ tiêu.")},
            "kind": {"required": _("Vui lòng chọn kiểu số liệu.")},
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["order"].required = False
        self.fields["required"].label = _("Bắt buộc báo cáo")

    def clean_name(self) -> str:
        name = clean_name(self.cleaned_data.get("name"))
        if not name:
            raise forms.ValidationError(_("Vui lòng nhập tên chỉ tiêu."), code="required")
        return name

    def clean_unit_of_measure(self) -> str:
        return clean_name(self.cleaned_data.get("unit_of_measure"))

    def values(self) -> dict[str, Any]:
        """The keyword arguments of ``indicator_create`` / ``indicator_update``."""
        data = self.cleaned_data
        return {
            "name": data["name"],
            "kind": data["kind"],
            "unit_of_measure": data.get("unit_of_measure") or "",
            "required": bool(data.get("required")),
            "order": data.get("order"),
        }


# List filters ------------------------------------------------------------------------


class DirectiveFilterForm(NFCForm):
    state = forms.ChoiceField(
        label=_("Trạng thái"),
        required=False,
        choices=[("", _("Tất cả"))] + list(Directive.State.choices),
    )
    year = forms.IntegerField(
        label=_("Năm"), required=False, min_value=1945, max_value=2999, widget=forms.Select
    )

    def __init__(self, *args: Any, years: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].widget.choices = [("", _("Tất cả"))] + [  # type: ignore[attr-defined]
            (y, str(y)) for y in years
        ]

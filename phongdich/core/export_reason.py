"""Why personal data is exported: the reason every export of personal data asks for.

An export view binds ``ExportReasonForm(request.GET)`` next to its own filters; while
the form is not valid it answers 400 with the form (``export_reason_refused``), and
once valid it passes ``form.reason_text()`` to the selector or service that audits the
export, which stores it in ``AuditEvent.reason``::

    reason_form = ExportReasonForm(request.GET)
    if not reason_form.is_valid():
        return export_reason_refused(request, reason_form, action=reverse(...))
    rows = visit_log_export(user=request.user, flt=flt, ip=client_ip(request),
                            reason=reason_form.reason_text())

In a page, ``{% include "core/_export_reason.html" with form=reason_form %}`` renders
the fields inside the page's own GET form that leads to the export.

The reason is stored in Vietnamese (the source language), whatever language the
exporter reads the site in, so that the audit page reads the same for everyone.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from phongdich.core.forms import NFCForm

# (code, label): the label is what the audit entry stores (untranslated).
REASONS: list[tuple[str, Any]] = [
    ("health", _("Truy vết theo yêu cầu của cơ quan y tế")),
    ("superior", _("Báo cáo theo yêu cầu của cấp trên")),
    ("internal", _("Kiểm tra, đối chiếu nội bộ")),
    ("other", _("Khác")),
]
# The Vietnamese text of each reason, as stored.
REASON_TEXT: dict[str, str] = {
    "health": "Truy vết theo yêu cầu của cơ quan y tế",
    "superior": "Báo cáo theo yêu cầu của cấp trên",
    "internal": "Kiểm tra, đối chiếu nội bộ",
    "other": "Khác",
}
NOTE_MAX = 200
REASON_MAX = 255  # AuditEvent.reason

MISSING = _("Vui lòng chọn lý do xuất dữ liệu cá nhân.")
NOTE_REQUIRED = _("Vui lòng ghi rõ lý do khi chọn “Khác”.")


class ExportReasonForm(NFCForm):
    """The reason of one export: a choice, and a note (required for "Khác")."""

    export_reason = forms.ChoiceField(
        label=_("Lý do xuất dữ liệu"),
        choices=[("", _("— Chọn lý do —")), *REASONS],
        error_messages={"required": MISSING, "invalid_choice": MISSING},
    )
    export_note = forms.CharField(
        label=_("Ghi rõ lý do"),
        required=False,
        max_length=NOTE_MAX,
        help_text=_("Bắt buộc khi chọn “Khác”."),
        error_messages={
            "max_length": _("Lý do dài quá %(limit_value)d ký tự (đang có %(show_value)d).")
        },
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("export_reason") == "other" and not data.get("export_note"):
            self.add_error("export_note", NOTE_REQUIRED)
        return data

    def reason_text(self) -> str:
        """What the audit entry stores: "Kiểm tra, đối chiếu nội bộ", or with the note
        "Khác: theo công văn số 12/SYT"."""
        code = self.cleaned_data["export_reason"]
        note = self.cleaned_data.get("export_note", "")
        text = REASON_TEXT[code]
        if note:
            text = f"{text}: {note}"
        return text[:REASON_MAX]


def export_reason_refused(
    request: HttpRequest, form: ExportReasonForm, *, action: str, title: str = ""
) -> HttpResponse:
    """A 400 page: the reason form again (what was typed kept), with the other query
    parameters of the export carried as hidden fields, and a Vietnamese message."""
    carried = [
        (key, value)
        for key, values in request.GET.lists()
        if key not in form.fields
        for value in values
    ]
    return render(
        request,
        "core/export_reason.html",
        {"form": form, "action": action, "carried": carried, "title": title},
        status=400,
    )

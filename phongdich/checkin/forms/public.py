"""The public check-in form: identity, visit purpose, the health declaration of the
active disease profile, and consent."""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from phongdich.checkin.forms.person import PersonForm
from phongdich.checkin.models import DiseaseProfile, Location
from phongdich.core.forms import NFCForm
from phongdich.core.text import clean_name


class CheckinForm(PersonForm):
    is_visitor = forms.TypedChoiceField(
        label=_("Bạn là"),
        choices=[("0", _("Cán bộ của Sở/đơn vị")), ("1", _("Khách đến liên hệ công tác"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    purpose = forms.CharField(label=_("Mục đích đến"), required=False, max_length=200)
    host = forms.CharField(label=_("Người/phòng cần gặp"), required=False, max_length=200)
    consent = forms.BooleanField(
        label=_("Tôi đồng ý cho cơ quan xử lý thông tin trên theo mục đích đã nêu."),
        error_messages={
            "required": _("Cần có sự đồng ý của bạn thì mới ghi nhận khai báo y tế được.")
        },
    )
    submission_id = forms.UUIDField(widget=forms.HiddenInput, required=False)

    def __init__(
        self, *args: Any, location: Location, profile: DiseaseProfile, **kwargs: Any
    ) -> None:
        # The fields are built once per profile instance, language and CCCD rule and
        # shared by every form of that kind (read-only: nothing below or in the views
        # changes a field after it is built), instead of Django's deep copy of every
        # field and widget per request. The profile instance lives in the per-process
        # cache (checkin.cache) for seconds: a changed profile is a new instance.
        shared: dict[tuple[str, bool], dict[str, forms.Field]] = profile.__dict__.setdefault(
            "_checkin_form_fields", {}
        )
        key = (get_language() or "", location.require_cccd)
        fields = shared.get(key)
        if fields is None:
            super().__init__(*args, questions=profile.questions, **kwargs)
            self._prepare_fields(location)
            shared[key] = fields = self.fields
        else:
            self.base_fields = {}  # type: ignore[misc]  # the instance's own: BaseForm's deep copy has nothing to do
            forms.Form.__init__(self, *args, **kwargs)
            self.questions = profile.questions
        self.fields = dict(fields)  # a dict of its own, the same (read-only) fields
        self.location = location
        self.profile = profile
        self.question_fields: list[str] = self.question_names()
        if not self.is_bound and not self.initial.get("submission_id"):
            self.initial["submission_id"] = uuid.uuid4()

    def _prepare_fields(self, location: Location) -> None:
        self.fields["full_name"].widget.attrs.update(autocomplete="name", autocapitalize="words")
        self.fields["phone"].widget.attrs.update(autocomplete="tel")
        if location.require_cccd:
            self.fields["cccd"].required = True
        self.fields["is_visitor"].error_messages["required"] = _(
            "Vui lòng chọn bạn là cán bộ hay khách."
        )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("is_visitor"):
            for name, message in (
                ("purpose", _("Khách vui lòng ghi mục đích đến.")),
                ("host", _("Khách vui lòng ghi người hoặc phòng cần gặp.")),
            ):
                value = clean_name(data.get(name))
                if not value:
                    self.add_error(name, message)
                data[name] = value
        else:
            data["purpose"] = data["host"] = ""
        return data

    @property
    def identity_fields(self) -> list[forms.BoundField]:
        return [self[n] for n in ("full_name", "phone", "cccd")]

    @property
    def visit_fields(self) -> list[forms.BoundField]:
        return [self[n] for n in ("is_visitor", "purpose", "host")]

    @property
    def declaration_fields(self) -> list[forms.BoundField]:
        return [self[n] for n in self.question_fields]


class ManualCodeForm(NFCForm):
    code = forms.CharField(
        label=_("Mã cổng (6 ký tự in trên áp phích)"),
        max_length=20,
        widget=forms.TextInput(attrs={"autocapitalize": "characters", "autocomplete": "off"}),
    )

"""The public check-in form: identity, visit purpose, the health declaration of the
active disease profile, and consent."""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from phongdich.checkin import identity
from phongdich.checkin.forms.person import PHONE_MAX, QUESTION_PREFIX, PersonForm
from phongdich.checkin.models import DiseaseProfile, Location
from phongdich.checkin.profiles import NO, YES, stored_answers
from phongdich.core.forms import NFCForm
from phongdich.core.text import clean_name, nfc, nfc_only, phone_or_error

TEXT_MAX = 200  # purpose and host


class CheckinForm(PersonForm):
    is_visitor = forms.TypedChoiceField(
        label=_("Bạn là"),
        choices=[("0", _("Cán bộ của Sở/đơn vị")), ("1", _("Khách đến liên hệ công tác"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    purpose = forms.CharField(label=_("Mục đích đến"), required=False, max_length=TEXT_MAX)
    host = forms.CharField(label=_("Người/phòng cần gặp"), required=False, max_length=TEXT_MAX)
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

    def submitted(self) -> dict[str, Any]:
        """The valid form's values as ``clean_submission`` gives them: the arguments of
        the check-in service."""
        data = self.cleaned_data
        return {
            "phone": data["phone"],
            "full_name": data["full_name"],
            "cccd": data["cccd"],
            "answers": self.answers(),
            "is_visitor": data["is_visitor"],
            "purpose": data["purpose"],
            "host": data["host"],
            "consent": data["consent"],
            "submission_id": data.get("submission_id"),
        }

    @property
    def identity_fields(self) -> list[forms.BoundField]:
        return [self[n] for n in ("full_name", "phone", "cccd")]

    @property
    def visit_fields(self) -> list[forms.BoundField]:
        return [self[n] for n in ("is_visitor", "purpose", "host")]

    @property
    def declaration_fields(self) -> list[forms.BoundField]:
        return [self[n] for n in self.question_fields]


def clean_submission(
    data: Any, *, location: Location, profile: DiseaseProfile
) -> dict[str, Any] | None:
    """``CheckinForm(data, …).submitted()`` for a valid post, without building the form:
    the same rules (NFC and strip, the identity rules, choices, consent, the visitor's
    two fields) on the raw ``data`` (a QueryDict). None for anything else, including
    every invalid post: the form then judges it and gives its messages, so this never
    decides what is wrong, only what is plainly right. Property tests pin it to the
    form (tests/test_public_fast_clean.py): whenever it answers, the form is valid and
    gives the same values."""
    get = data.get
    texts = [get(name) for name in ("full_name", "phone", "cccd", "purpose", "host")]
    if any(v is not None and "\x00" in v for v in texts):
        return None  # Django's CharField refuses null characters: the form says so
    full_name, phone, cccd, purpose, host = (nfc(v) for v in texts)
    if len(phone) > PHONE_MAX or len(purpose) > TEXT_MAX or len(host) > TEXT_MAX:
        return None
    visitor = nfc_only(get("is_visitor"))
    if visitor not in ("0", "1") or not _checked(get("consent")):
        return None
    try:
        full_name = identity.full_name_or_error(full_name)
        phone = phone_or_error(phone)
        if location.require_cccd and not cccd:
            return None
        cccd = identity.cccd_or_error(cccd)
    except ValidationError:
        return None
    is_visitor = visitor == "1"
    if is_visitor:
        purpose, host = clean_name(purpose), clean_name(host)
        if not (purpose and host):
            return None
    else:
        purpose = host = ""
    submission = get("submission_id")
    submission_id = None
    if submission is not None:
        if "\x00" in submission:
            return None
        if submission := nfc(submission):
            try:
                submission_id = uuid.UUID(hex=submission)
            except ValueError:
                return None
    posted: dict[str, Any] = {}
    for q in profile.questions:
        name = QUESTION_PREFIX + q["key"]
        kind = q["kind"]
        if kind == "multi":
            values = [nfc_only(v) for v in data.getlist(name)]
            allowed = {str(o["value"]) for o in q.get("options", [])}
            if any(v not in allowed for v in values):
                return None
            posted[q["key"]] = values
        else:
            value = nfc_only(get(name))
            allowed = (
                {YES, NO} if kind == "yesno" else {str(o["value"]) for o in q.get("options", [])}
            )
            if not value or value not in allowed:
                return None
            posted[q["key"]] = value
    return {
        "phone": phone,
        "full_name": full_name,
        "cccd": cccd,
        "answers": stored_answers(profile.questions, posted),
        "is_visitor": is_visitor,
        "purpose": purpose,
        "host": host,
        "consent": True,
        "submission_id": submission_id,
    }


def _checked(value: str | None) -> bool:
    """A plainly ticked checkbox ("on", "1", "true"…). Django reads a few more values as
    ticked (e.g. "0"); those go to the form, which decides."""
    if value is None:
        return False
    return value.lower() not in ("", "0", "false")


class ManualCodeForm(NFCForm):
    code = forms.CharField(
        label=_("Mã cổng (6 ký tự in trên áp phích)"),
        max_length=20,
        widget=forms.TextInput(attrs={"autocapitalize": "characters", "autocomplete": "off"}),
    )

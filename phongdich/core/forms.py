"""Forms whose text arrives NFC-normalised and stripped, before any validation.

Every form of the project derives from ``NFCForm`` or ``NFCModelForm`` (or mixes
``NFCFormMixin`` into another form class, left of the Django base)::

    from phongdich.core.forms import NFCForm, NFCModelForm

    class NoteForm(NFCForm):
        note = forms.CharField(max_length=200, widget=forms.Textarea)

    class GateForm(NFCModelForm):
        class Meta:
            model = Gate
            fields = ["code", "name"]

What is normalised, just before each field's own ``clean()`` (so ``required``,
``max_length``, validators and ``clean_<name>()`` all see the normalised value):

- every ``forms.CharField`` and subclass (``EmailField``, ``URLField``,
  ``RegexField``, ``SlugField``, any widget: ``TextInput``, ``Textarea``…):
  NFC, then stripped (a field declared ``strip=False`` is NFC-normalised only);
- every ``forms.ChoiceField`` and subclass (``MultipleChoiceField``,
  ``ModelChoiceField``…): NFC only, so a decomposed "Nguyễn" matches its choice;
- each item of a multi-value input (a list from ``SelectMultiple`` or a
  ``MultipleHiddenInput``) and each part of a ``MultiValueField`` whose sub-field
  is text.

Left alone: password inputs (``PasswordInput``: a password is compared byte for
byte), ``JSONField`` (structured data), files, and the names listed in a form's
``nfc_exclude``. Inner white space is kept (a Textarea keeps its lines); use
``phongdich.core.text.clean_name`` in ``clean_<name>`` where runs of spaces must fold.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from django import forms
from django.utils.translation import gettext_lazy as _

from phongdich.core.text import nfc, nfc_only

_WRAPPED = "_nfc_wrapped"


def normalise_value(value: Any, *, strip: bool = True) -> Any:
    """``value`` NFC-normalised (and stripped when ``strip``); lists and tuples item by item.

    Anything that is not text (None, numbers, uploaded files) is returned unchanged.
    """
    if isinstance(value, str):
        return nfc(value) if strip else nfc_only(value)
    if isinstance(value, list | tuple):
        return type(value)(normalise_value(item, strip=strip) for item in value)
    return value


def _text_rule(field: forms.Field) -> tuple[bool, bool] | None:
    """(normalise, strip) for ``field``; None when the field is not text."""
    if isinstance(field.widget, forms.PasswordInput) or isinstance(field, forms.JSONField):
        return None
    if isinstance(field, forms.CharField):
        return True, bool(field.strip)
    if isinstance(field, forms.ChoiceField):
        return True, False
    return None


def _normaliser(field: forms.Field) -> Callable[[Any], Any] | None:
    """A function turning the raw value of ``field`` into its normalised form, or None."""
    rule = _text_rule(field)
    if rule is not None:
        strip = rule[1]
        return lambda value: normalise_value(value, strip=strip)
    if isinstance(field, forms.MultiValueField):
        parts = [_normaliser(sub) for sub in field.fields]
        if not any(parts):
            return None

        def by_part(value: Any) -> Any:
            if not isinstance(value, list | tuple):
                return value
            out = list(value)
            for index, part in enumerate(parts):
                if part is not None and index < len(out):
                    out[index] = part(out[index])
            return out

        return by_part
    return None


def nfc_field(field: forms.Field) -> forms.Field:
    """Make ``field`` (an instance, e.g. one of ``form.fields``) normalise its raw value
    before its own ``clean()``. Idempotent; returns the field."""
    if getattr(field, _WRAPPED, False):
        return field
    normaliser = _normaliser(field)
    if normaliser is None:
        return field
    original = field.clean

    def clean(value: Any) -> Any:
        return original(normaliser(value))

    setattr(field, "clean", clean)  # noqa: B010  (an instance attribute over the method)
    setattr(field, _WRAPPED, True)
    return field


class NFCFormMixin:
    """Normalises every text field (see the module docstring) when the form is cleaned.

    Fields are prepared in ``full_clean``, so fields a subclass adds in its own
    ``__init__`` are covered too.
    """

    nfc_exclude: ClassVar[tuple[str, ...]] = ()
    fields: dict[str, forms.Field]

    def full_clean(self) -> None:
        for name, field in self.fields.items():
            if name not in self.nfc_exclude:
                nfc_field(field)
        super().full_clean()  # type: ignore[misc]


class NFCForm(NFCFormMixin, forms.Form):
    """A ``forms.Form`` whose text fields are NFC-normalised and stripped before validation."""


class NFCModelForm(NFCFormMixin, forms.ModelForm):  # type: ignore[type-arg]
    """A ``forms.ModelForm`` whose text fields are NFC-normalised and stripped before validation."""


def _date_filter(label: Any) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=False,
        input_formats=["%d/%m/%Y"],
        widget=forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy"}),
        error_messages={"invalid": _("Ngày không hợp lệ: nhập theo dạng dd/mm/yyyy.")},
    )


class ActorChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.get_full_name() or obj.username} ({obj.username})"


class AuditFilterForm(NFCForm):
    """The filters of the audit page (``core:audit``): which actions, whose, when.

    ``action`` is "" for every export of personal data (the default), "*" for every
    action, or one action code (``checkin.log.export``); ``actions`` are the codes
    offered, ``actors`` the users offered."""

    action = forms.ChoiceField(
        label=_("Hoạt động"),
        required=False,
        error_messages={"invalid_choice": _("Hoạt động không có trong nhật ký.")},
    )
    actor = ActorChoiceField(
        label=_("Người thực hiện"),
        queryset=None,
        required=False,
        empty_label=_("Mọi người"),
        error_messages={"invalid_choice": _("Người đã chọn không có trong danh sách.")},
    )
    date_from = _date_filter(_("Từ ngày"))
    date_to = _date_filter(_("Đến ngày"))

    def __init__(self, *args: Any, actions: list[str], actors: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        action = self.fields["action"]
        assert isinstance(action, forms.ChoiceField)
        action.choices = [
            ("", _("Mọi lượt xuất dữ liệu cá nhân")),
            ("*", _("Mọi hoạt động")),
            *[(code, code) for code in actions],
        ]
        actor = self.fields["actor"]
        assert isinstance(actor, forms.ModelChoiceField)
        actor.queryset = actors

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", _("“Đến ngày” phải sau hoặc bằng “Từ ngày”."))
        return data

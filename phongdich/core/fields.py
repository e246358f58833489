"""Shared form fields: the choice of one or several units of the organisation.

``queryset`` is required (keyword-only): the caller scopes it to the units the user
may see, usually ``phongdich.core.permissions.visible_units(user, roles=...)``::

    from phongdich.core.fields import UnitChoiceField, UnitMultipleChoiceField

    class LogFilterForm(NFCForm):
        unit = UnitChoiceField(queryset=Unit.objects.none(), required=False,
                               empty_label=_("Tất cả"))

        def __init__(self, *args, user, **kwargs):
            super().__init__(*args, **kwargs)
            self.fields["unit"].queryset = visible_units(user)

Units are listed in tree order (by their materialised ``path``) and each label is
the unit's name (``with_code=True``: "name (code)"), indented by its depth below
the shallowest unit of the queryset, so a unit head's own unit starts at the left
margin. ``indent=False`` gives flat labels. ``label_from_instance`` returns the
plain label (no indentation), for messages and titles.

``UnitMultipleChoiceField(checkboxes=True)`` renders ``UnitCheckboxes``: a
``<details>`` whose summary shows the chosen units as chips and which opens on a
plain list of checkboxes (works without JavaScript); ``static/js/lists.js`` adds a
filter box on top and keeps the chips up to date. No Ctrl multi-select.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.forms.models import ModelChoiceIterator

__all__ = [
    "INDENT",
    "UnitCheckboxes",
    "UnitChoiceField",
    "UnitMultipleChoiceField",
    "unit_depth",
]

INDENT = "\u00a0" * 4  # per level; no-break spaces survive HTML white-space folding


def unit_depth(obj: Any) -> int:
    """The depth of a tree node: its ``depth`` attribute, else from its ``path``
    ("/1/4/9/" is depth 2), else 0."""
    depth = getattr(obj, "depth", None)
    if isinstance(depth, int):
        return depth
    path = getattr(obj, "path", None)
    if isinstance(path, str) and path:
        return max(path.strip("/").count("/"), 0)
    return 0


def _ordered(queryset: QuerySet[Any] | None) -> QuerySet[Any] | None:
    if queryset is None:
        return None
    names = {f.name for f in queryset.model._meta.get_fields()}
    return queryset.order_by("path") if "path" in names else queryset


class _TreeIterator(ModelChoiceIterator):
    """Choices in tree order, labels indented relative to the shallowest unit."""

    def __iter__(self) -> Iterator[Any]:
        field: Any = self.field
        if field.empty_label is not None:
            yield ("", field.empty_label)
        units = list(self.queryset)
        base = min((unit_depth(u) for u in units), default=0) if field.indent else 0
        for unit in units:
            value, label = self.choice(unit)
            if field.indent:
                label = INDENT * (unit_depth(unit) - base) + label
            yield value, label


class _UnitFieldMixin:
    with_code: bool
    indent: bool
    _queryset: QuerySet[Any] | None
    widget: forms.Widget

    def label_from_instance(self, obj: Any) -> str:
        if self.with_code and getattr(obj, "code", None):
            return f"{obj.name} ({obj.code})"
        return str(getattr(obj, "name", obj))

    def _get_queryset(self) -> QuerySet[Any] | None:
        return self._queryset

    def _set_queryset(self, queryset: QuerySet[Any] | None) -> None:
        self._queryset = _ordered(None if queryset is None else queryset.all())
        self.widget.choices = self.choices  # type: ignore[attr-defined]

    queryset = property(_get_queryset, _set_queryset)


class UnitChoiceField(_UnitFieldMixin, forms.ModelChoiceField):  # type: ignore[type-arg]
    """One unit, from ``queryset`` (required: scope it to the user's visible units)."""

    iterator = _TreeIterator

    def __init__(
        self,
        *,
        queryset: QuerySet[Any],
        with_code: bool = False,
        indent: bool = True,
        **kwargs: Any,
    ) -> None:
        self.with_code = with_code
        self.indent = indent
        super().__init__(queryset, **kwargs)


class UnitCheckboxes(forms.CheckboxSelectMultiple):
    """Checkboxes in a ``<details>``, the chosen units shown as chips in its summary."""

    template_name = "core/widgets/unit_checkboxes.html"


class UnitMultipleChoiceField(_UnitFieldMixin, forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    """Several units, from ``queryset`` (required: scope it to the user's visible units).
    ``checkboxes=True``: the ``UnitCheckboxes`` widget."""

    iterator = _TreeIterator

    def __init__(
        self,
        *,
        queryset: QuerySet[Any],
        with_code: bool = False,
        indent: bool = True,
        checkboxes: bool = False,
        **kwargs: Any,
    ) -> None:
        self.with_code = with_code
        self.indent = indent
        if checkboxes:
            kwargs.setdefault("widget", UnitCheckboxes)
        super().__init__(queryset, **kwargs)

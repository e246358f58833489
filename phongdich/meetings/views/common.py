"""Small helpers shared by the meetings views."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.http import Http404


def get_or_404[T](getter: Callable[..., T], **kwargs: Any) -> T:
    """Call a selector; another unit's object (DoesNotExist) is a 404."""
    try:
        return getter(**kwargs)
    except ObjectDoesNotExist:
        raise Http404 from None


def add_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Show a service's ValidationError on the form (per field when it names fields)."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)

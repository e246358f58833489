"""A person's name as Vietnamese writes it: family name first, always.

``person_name(user)`` is the full name of the user's staff record (stored family
first, as the staff lists give it); a user with no staff record falls back to
Django's name fields in Vietnamese order (last_name holds the family name, first_name
the given names), then to the username. ``person_name`` also takes a ``Staff`` row.

``short_name(user)`` is how a greeting or a letter names someone: the given name (the
last word of the full name: "Bình" of "Đỗ Văn Bình") after the staff record's form of
address when there is one ("anh Bình", "chị Hương"); without one, the given name
alone; never the family name alone, never the parts reversed.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import get_language

from phongdich.core.text import nfc


def _staff_of(person: Any) -> Any:
    """The staff record behind ``person`` (a user or a Staff row), or None."""
    if person is None:
        return None
    if hasattr(person, "staff_code"):
        return person
    if not hasattr(person, "_state"):
        return None
    known = getattr(person, "_mine_staff", None)  # core.mine.my_staff, read this request
    if known is not None:
        return known
    try:
        return getattr(person, "staff", None)
    except Exception:  # noqa: BLE001 - a user without a staff row raises RelatedObjectDoesNotExist
        return None


def _clean(text: Any) -> str:
    return " ".join(nfc(str(text or "")).split())


def django_name(user: Any) -> str:
    """Django's name fields in Vietnamese order: family (last_name), then given names."""
    parts = [_clean(getattr(user, "last_name", "")), _clean(getattr(user, "first_name", ""))]
    return " ".join(part for part in parts if part)


def person_name(user: Any) -> str:
    if user is None or not getattr(user, "is_authenticated", True):
        return ""
    staff = _staff_of(user)
    full_name = _clean(getattr(staff, "full_name", "")) if staff is not None else ""
    if full_name:
        return full_name
    if hasattr(user, "staff_code"):
        return ""
    return django_name(user) or _clean(getattr(user, "username", ""))


def given_name(full_name: str) -> str:
    """The name a person is called by: the last word of a family-first full name."""
    words = _clean(full_name).split()
    return words[-1] if words else ""


def short_name(user: Any) -> str:
    """ "anh Bình" with a form of address on the staff record, "Bình" without one; a
    user with neither a staff record nor a name: the username."""
    if user is None or not getattr(user, "is_authenticated", True):
        return ""
    staff = _staff_of(user)
    full_name = _clean(getattr(staff, "full_name", "")) if staff is not None else ""
    if not full_name and not hasattr(user, "staff_code"):
        first = _clean(getattr(user, "first_name", ""))
        full_name = first or django_name(user)
    given = given_name(full_name)
    if not given:
        return "" if hasattr(user, "staff_code") else _clean(getattr(user, "username", ""))
    title = _clean(getattr(staff, "form_of_address", "")) if staff is not None else ""
    if not (get_language() or "vi").startswith("vi"):
        return given  # "Hello, Hương": English has no such title before a given name
    return f"{title} {given}" if title else given

"""A person's name as Vietnamese writes it: family name first, always.

``person_name(user)`` is the full name of the user's staff record (stored family
first, as the staff lists give it); a user with no staff record falls back to
Django's name fields in Vietnamese order (last_name holds the family name, first_name
the given names), then to the username.
"""

from __future__ import annotations

from typing import Any


def person_name(user: Any) -> str:
    if user is None or not getattr(user, "is_authenticated", True):
        return ""
    staff = getattr(user, "staff", None) if hasattr(user, "_state") else None
    try:
        full_name = staff.full_name if staff is not None else ""
    except Exception:  # noqa: BLE001 - a user without a staff row raises RelatedObjectDoesNotExist
        full_name = ""
    if full_name:
        return str(full_name)
    parts = [getattr(user, "last_name", ""), getattr(user, "first_name", "")]
    joined = " ".join(part.strip() for part in parts if part and part.strip())
    return joined or str(getattr(user, "username", ""))

"""The person at the gate: one rule each for the name, the phone and the CCCD number.

The phone's rule is ``phongdich.core.text.phone_or_error`` (a +84… number). Both
check-in forms (the public one and the guard's) validate with these, and the
check-in service checks its arguments with them again, so that a command or a future
API cannot store what a form would refuse. Each rule returns the normalised value or
raises ``ValidationError`` with a Vietnamese message.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from phongdich.checkin.cccd import CccdError, cccd_number
from phongdich.core.text import clean_name

NAME_MAX = 100

NAME_REQUIRED = _("Vui lòng nhập họ và tên.")
CCCD_REQUIRED = _("Cổng này yêu cầu nhập số CCCD (12 chữ số).")


def full_name_or_error(value: str | None) -> str:
    """A person's name: NFC, white space folded, 1 to NAME_MAX characters, no digit."""
    name = clean_name(value)
    if not name:
        raise ValidationError(NAME_REQUIRED, code="required")
    if len(name) > NAME_MAX:
        raise ValidationError(
            _("Họ và tên dài quá %(max)s ký tự (đang có %(n)s)."),
            code="too_long",
            params={"max": NAME_MAX, "n": len(name)},
        )
    if any(ch.isdigit() for ch in name):
        raise ValidationError(_("Họ và tên không được chứa chữ số."), code="digits")
    return name


def cccd_or_error(value: str | None, *, required: bool = False) -> str:
    """The 12-digit CCCD number (checkin.cccd's rule), "" when empty and not required."""
    try:
        number = cccd_number(value)
    except CccdError as exc:
        raise ValidationError(str(exc), code="bad_cccd") from None
    if required and not number:
        raise ValidationError(CCCD_REQUIRED, code="required")
    return number

"""Writes of gates: create, update, a new poster token, revoking the token.

Each service validates what the database would refuse anyway (a code already used,
closing before opening), writes, and records its audit entry in the same transaction.
"""

from __future__ import annotations

from datetime import time
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from phongdich.checkin.models import Location, new_manual_code, new_poster_token
from phongdich.checkin.selectors.gates import code_taken
from phongdich.core.audit import audit
from phongdich.org.models import Unit

TOKEN_ATTEMPTS = 5


class GateError(Exception):
    """A gate that cannot be saved; ``field`` names the form field at fault."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


def _code_taken_error() -> GateError:
    return GateError(_("Mã cổng này vừa được dùng cho một cổng khác: chọn mã khác."), field="code")


def _check(*, code: str, name: str, opens_at: time | None, closes_at: time | None) -> None:
    if not code:
        raise GateError(_("Vui lòng nhập mã cổng."), field="code")
    if not name:
        raise GateError(_("Vui lòng nhập tên cổng."), field="name")
    if (opens_at is None) != (closes_at is None):
        raise GateError(
            _("Nhập cả giờ mở và giờ đóng cửa, hoặc để trống cả hai."),
            field="closes_at" if closes_at is None else "opens_at",
        )
    if opens_at is not None and closes_at is not None and closes_at <= opens_at:
        raise GateError(
            _("Giờ đóng cửa (%(closes)s) phải sau giờ mở cửa (%(opens)s).")
            % {"closes": closes_at.strftime("%H:%M"), "opens": opens_at.strftime("%H:%M")},
            field="closes_at",
        )


def gate_create(
    *,
    user: Any,
    ip: str | None = None,
    code: str,
    name: str,
    unit: Unit,
    address: str = "",
    opens_at: time | None = None,
    closes_at: time | None = None,
    is_active: bool = True,
    require_cccd: bool = False,
) -> Location:
    """A new gate with a fresh poster token; ``GateError`` when its code is taken."""
    _check(code=code, name=name, opens_at=opens_at, closes_at=closes_at)
    gate = Location(
        code=code,
        name=name,
        unit=unit,
        address=address,
        opens_at=opens_at,
        closes_at=closes_at,
        is_active=is_active,
        require_cccd=require_cccd,
    )
    try:
        with transaction.atomic():
            if code_taken(code=code):
                raise _code_taken_error()
            gate.save()
            audit(None, "checkin.gate.create", actor=user, ip=ip, obj=gate, code=gate.code)
    except IntegrityError:  # the same code saved meanwhile by someone else
        raise _code_taken_error() from None
    return gate


def gate_update(
    *,
    location: Location,
    user: Any,
    ip: str | None = None,
    code: str,
    name: str,
    unit: Unit,
    address: str = "",
    opens_at: time | None = None,
    closes_at: time | None = None,
    is_active: bool = True,
    require_cccd: bool = False,
) -> Location:
    """Save a gate's fields (its poster token is kept: printed posters still work);
    the audit entry names the fields that changed."""
    _check(code=code, name=name, opens_at=opens_at, closes_at=closes_at)
    values: dict[str, Any] = {
        "code": code,
        "name": name,
        "unit": unit,
        "address": address,
        "opens_at": opens_at,
        "closes_at": closes_at,
        "is_active": is_active,
        "require_cccd": require_cccd,
    }
    changed = sorted(
        field
        for field, value in values.items()
        if (location.unit_id != unit.pk if field == "unit" else getattr(location, field) != value)
    )
    try:
        with transaction.atomic():
            if "code" in changed and code_taken(code=code, gate=location):
                raise _code_taken_error()
            for field, value in values.items():
                setattr(location, field, value)
            location.save()
            audit(None, "checkin.gate.update", actor=user, ip=ip, obj=location, fields=changed)
    except IntegrityError:
        location.refresh_from_db()
        raise _code_taken_error() from None
    return location


def location_regenerate_token(
    *, location: Location, user: Any = None, ip: str | None = None
) -> Location:
    """A new poster token and manual code: the old poster stops working."""
    with transaction.atomic():
        for attempt in range(TOKEN_ATTEMPTS):
            location.poster_token = new_poster_token()
            location.manual_code = new_manual_code()
            location.token_revoked = False
            location.token_issued_at = timezone.now()
            try:
                with transaction.atomic():
                    location.save(
                        update_fields=[
                            "poster_token",
                            "manual_code",
                            "token_revoked",
                            "token_issued_at",
                        ]
                    )
            except IntegrityError:  # a 6-character manual code collided: draw again
                if attempt == TOKEN_ATTEMPTS - 1:
                    raise
                continue
            break
        audit(
            None,
            "checkin.gate.token_regenerate",
            actor=user,
            ip=ip,
            obj=location,
            code=location.code,
        )
    return location


def location_revoke_token(
    *, location: Location, user: Any = None, ip: str | None = None
) -> Location:
    """The poster stops checking people in; a token already revoked is left as it is."""
    if location.token_revoked:
        return location
    with transaction.atomic():
        location.token_revoked = True
        location.save(update_fields=["token_revoked"])
        audit(
            None, "checkin.gate.token_revoke", actor=user, ip=ip, obj=location, code=location.code
        )
    return location

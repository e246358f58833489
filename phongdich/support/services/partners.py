"""Outside partners of the IT team."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from phongdich.core.audit import audit
from phongdich.core.text import nfc
from phongdich.support.models import Partner


@dataclass(frozen=True)
class PartnerInput:
    name: str
    kind: str
    purpose: str
    contact_name: str = ""
    phone: str = ""
    email: str = ""
    note: str = ""
    is_active: bool = True


def partner_save(
    *, data: PartnerInput, actor: Any, ip: str | None, partner: Partner | None = None
) -> Partner:
    name, purpose = nfc(data.name), nfc(data.purpose)
    errors: dict[str, list[str]] = {}
    if not name:
        errors["name"] = [_("Hãy nhập tên đối tác.")]
    if not purpose:
        errors["purpose"] = [_("Hãy ghi đối tác hỗ trợ việc gì.")]
    if data.kind not in Partner.Kind.values:
        errors["kind"] = [_("Loại đối tác không hợp lệ.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        creating = partner is None
        partner = partner or Partner()
        partner.name, partner.kind, partner.purpose = name, data.kind, purpose
        partner.contact_name = nfc(data.contact_name)
        partner.phone, partner.email = nfc(data.phone), nfc(data.email).lower()
        partner.note, partner.is_active = nfc(data.note), data.is_active
        partner.save()
        audit(
            None,
            "support.partner.create" if creating else "support.partner.update",
            actor=actor,
            ip=ip,
            obj=partner,
        )
    return partner

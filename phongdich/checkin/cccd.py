"""The text of the QR code on a Vietnamese chip citizen ID card (CCCD).

``ID number|old ID number|full name|DDMMYYYY birth|gender|address|DDMMYYYY issue date``

A USB scanner types that text followed by Enter; a phone camera decodes it in the
browser. Either way the server parses it here, once.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from typing import NamedTuple

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from phongdich.core.text import clean_name, nfc

FIELD_COUNT = 7
# The one rule for a CCCD number, typed or scanned: exactly twelve ASCII digits (a
# Unicode digit such as "٣" would give another blind index than "3": refused).
CCCD_NUMBER = re.compile(r"[0-9]{12}")
_SEPARATORS = re.compile(r"[\s.]")
_DATE = re.compile(r"[0-9]{8}")


class CccdError(ValueError):
    """Malformed CCCD text; the message is for the guard, in the active language."""


class CccdData(NamedTuple):
    id_number: str
    full_name: str
    birth_date: date
    gender: str
    address: str
    issue_date: date


def cccd_number(value: str | None) -> str:
    """The CCCD number typed in ``value`` (spaces and dots between digit groups
    dropped), "" for an empty value, or ``CccdError``."""
    text = nfc(value)
    digits = _SEPARATORS.sub("", text)
    if digits and not CCCD_NUMBER.fullmatch(digits):
        raise CccdError(
            _("Số CCCD phải gồm đúng 12 chữ số (đang nhập “%(value)s”).") % {"value": text[:20]}
        )
    return digits


def _date(value: str, label: str) -> date:
    if not _DATE.fullmatch(value):
        raise CccdError(
            _("%(label)s “%(value)s” không đúng dạng ngàythángnăm (8 chữ số).")
            % {"label": label, "value": value[:20]}
        )
    try:
        return date(int(value[4:]), int(value[2:4]), int(value[:2]))
    except ValueError:
        raise CccdError(
            _("%(label)s “%(value)s” không phải là ngày có thật.")
            % {"label": label, "value": value}
        ) from None


def parse_cccd(text: str | None) -> CccdData:
    """The fields of a CCCD QR text, NFC-normalised, or ``CccdError``."""
    raw = unicodedata.normalize("NFC", text or "").strip()
    if not raw:
        raise CccdError(_("Chưa có dữ liệu quét từ mã QR trên CCCD."))
    parts = [part.strip() for part in raw.split("|")]
    if len(parts) != FIELD_COUNT:
        raise CccdError(
            ngettext(
                "Dữ liệu mã QR CCCD phải có %(expected)d phần ngăn cách bởi dấu “|”, "
                "nhận được %(count)d phần. Vui lòng quét lại.",
                "Dữ liệu mã QR CCCD phải có %(expected)d phần ngăn cách bởi dấu “|”, "
                "nhận được %(count)d phần. Vui lòng quét lại.",
                len(parts),
            )
            % {"expected": FIELD_COUNT, "count": len(parts)}
        )
    id_number, _old_id, name, birth, gender, address, issued = parts
    if not CCCD_NUMBER.fullmatch(id_number):
        raise CccdError(
            _("Số CCCD “%(value)s” không hợp lệ: cần đúng 12 chữ số.") % {"value": id_number[:20]}
        )
    full_name = clean_name(name)
    if not full_name:
        raise CccdError(_("Dữ liệu mã QR CCCD thiếu họ và tên."))
    birth_date = _date(birth, _("Ngày sinh"))
    issue_date = _date(issued, _("Ngày cấp"))
    if issue_date < birth_date:
        raise CccdError(_("Ngày cấp CCCD không thể trước ngày sinh."))
    return CccdData(
        id_number=id_number,
        full_name=full_name,
        birth_date=birth_date,
        gender=clean_name(gender),
        address=clean_name(address),
        issue_date=issue_date,
    )

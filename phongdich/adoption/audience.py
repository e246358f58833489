"""Whom an app is for: everyone, union members, or signers (by their position)."""

from __future__ import annotations

from phongdich.adoption.models import RequiredApp
from phongdich.core.text import fold
from phongdich.org.models import Staff

# Positions that sign documents (folded, matched as words inside the position).
SIGNER_POSITIONS = (
    "giam doc",
    "truong phong",
    "chanh van phong",
    "chanh thanh tra",
    "hieu truong",
    "thu truong",
    "ke toan truong",
)


def is_signer(staff: Staff) -> bool:
    position = fold(staff.position)
    return any(word in position for word in SIGNER_POSITIONS)


def applies(app: RequiredApp, staff: Staff, *, union_member: bool) -> bool:
    if app.audience == RequiredApp.Audience.UNION_MEMBERS:
        return union_member
    if app.audience == RequiredApp.Audience.SIGNERS:
        return is_signer(staff)
    return True

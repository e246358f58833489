"""Who may sign the Department's reports and letters: the Director and the deputies (staff
whose user holds the Director role), and the signature block each of them signs with.

A deputy signs on behalf of the Director: ``KT. GIÁM ĐỐC`` above ``PHÓ GIÁM ĐỐC``; the
Director signs ``GIÁM ĐỐC``. No name comes from settings: the signer is chosen per
document from the staff directory.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils.translation import gettext

from phongdich.core.roles import Role
from phongdich.org.models import RoleAssignment, Staff

DIRECTOR_TITLE = "GIÁM ĐỐC"
DEPUTY_TITLE = "PHÓ GIÁM ĐỐC"
DEPUTY_AUTHORITY = "KT. GIÁM ĐỐC"


@dataclass(frozen=True)
class SignerBlock:
    """The lines of a signature block: ``authority`` (blank for the Director), ``title``,
    ``name``."""

    authority: str
    title: str
    name: str


def is_deputy(staff: Staff) -> bool:
    return "phó" in staff.position.casefold()


def signer_block(staff: Staff) -> SignerBlock:
    if is_deputy(staff):
        return SignerBlock(DEPUTY_AUTHORITY, DEPUTY_TITLE, staff.full_name)
    return SignerBlock("", DIRECTOR_TITLE, staff.full_name)


def signers() -> QuerySet[Staff]:
    """Active staff whose user holds the Director role (Director and deputies)."""
    users = RoleAssignment.objects.filter(role=Role.DIRECTOR).values("user_id")
    return Staff.objects.filter(is_active=True, user_id__in=users).order_by("full_name", "pk")


def signers_ordered() -> list[Staff]:
    """The Director first, then the deputies, each by name."""
    return sorted(signers(), key=lambda s: (is_deputy(s), s.full_name, s.pk))


def default_signer() -> Staff | None:
    """The Director (the first signer who is not a deputy), else the first deputy."""
    found = signers_ordered()
    return found[0] if found else None


def signer_label(staff: Staff) -> str:
    block = signer_block(staff)
    role = gettext("Phó Giám đốc") if block.authority else gettext("Giám đốc")
    signs = " / ".join(filter(None, [block.authority, block.title]))  # as the document prints
    return gettext("%(name)s (%(role)s: %(signs)s)") % {
        "name": staff.full_name,
        "role": role,
        "signs": signs,
    }

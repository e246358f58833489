"""The IT team: members and the units they support."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from phongdich.core.audit import audit
from phongdich.core.roles import Role
from phongdich.core.text import nfc
from phongdich.org.models import RoleAssignment, Staff, Unit
from phongdich.support.models import TeamMember, UnitAssignment


@dataclass(frozen=True)
class MemberInput:
    speciality: str = ""
    team_role: str = ""
    is_leader: bool = False
    absent_until: dt.date | None = None
    is_active: bool = True
    sort_order: int = 100


def holds_it_role(staff: Staff) -> bool:
    return staff.user_id is not None and (
        RoleAssignment.objects.filter(user_id=staff.user_id, role=Role.IT).exists()
    )


def member_save(
    *,
    staff: Staff,
    data: MemberInput,
    actor: Any,
    ip: str | None,
    member: TeamMember | None = None,
) -> TeamMember:
    """Add ``staff`` to the team (or update ``member``). Only staff with an account that
    holds the IT team role may be members."""
    if member is None and not holds_it_role(staff):
        raise ValidationError(
            {
                "staff": [
                    _(
                        "%(name)s chưa có vai trò Tổ CNTT: hãy phân quyền cho tài khoản của "
                        "cán bộ này trước."
                    )
                    % {"name": staff.full_name}
                ]
            }
        )
    with transaction.atomic():
        creating = member is None
        if member is None:
            if TeamMember.objects.filter(staff=staff).exists():
                raise ValidationError({"staff": [_("Cán bộ này đã là thành viên Tổ CNTT.")]})
            member = TeamMember(staff=staff)
        member.speciality = nfc(data.speciality)
        member.team_role = nfc(data.team_role)
        member.is_leader = data.is_leader
        member.absent_until = data.absent_until
        member.is_active = data.is_active
        member.sort_order = data.sort_order
        member.save()
        audit(
            None,
            "support.member.create" if creating else "support.member.update",
            actor=actor,
            ip=ip,
            obj=member,
            active=member.is_active,
            absent_until=str(member.absent_until or ""),
        )
    return member


def assignment_set(
    *,
    unit: Unit,
    primary: TeamMember | None,
    backup: TeamMember | None,
    actor: Any,
    ip: str | None,
) -> UnitAssignment:
    if primary is not None and backup is not None and primary.pk == backup.pk:
        raise ValidationError({"backup": [_("Người dự phòng phải khác người phụ trách chính.")]})
    for member, field in ((primary, "primary"), (backup, "backup")):
        if member is not None and not member.is_active:
            raise ValidationError({field: [_("Thành viên này không còn trong Tổ CNTT.")]})
    with transaction.atomic():
        assignment, _created = UnitAssignment.objects.select_for_update().get_or_create(unit=unit)
        assignment.primary, assignment.backup = primary, backup
        assignment.save()
        audit(
            None,
            "support.assignment.set",
            actor=actor,
            ip=ip,
            obj=assignment,
            unit=unit.code,
            primary=primary.pk if primary else None,
            backup=backup.pk if backup else None,
        )
    return assignment

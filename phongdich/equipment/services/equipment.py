"""Writes of equipment records: create, update, check out, return. Each records its
history entry and its audit entry inside its own transaction."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from phongdich.core.audit import audit
from phongdich.core.text import nfc
from phongdich.equipment.models import Checkout, Equipment, EquipmentEvent, EquipmentKind
from phongdich.org.models import Staff, Unit


@dataclass(frozen=True)
class EquipmentFields:
    """Everything a person (or a sheet) says about one piece of equipment."""

    kind: EquipmentKind
    unit: Unit
    asset_code: str = ""
    model_name: str = ""
    serial: str = ""
    year_acquired: int | None = None
    condition: str = Equipment.Condition.GOOD
    holder: Staff | None = None
    location: str = Equipment.Location.OFFICE
    has_internet: bool = False
    os_supported: bool = True
    certificate_expiry: dt.date | None = None
    note: str = ""


FIELD_NAMES = tuple(f.name for f in fields(EquipmentFields))


def normalise_code(value: str) -> str:
    """Asset codes and serials compare upper-case, without spaces."""
    return nfc(value).upper().replace(" ", "")


def _display(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    if hasattr(value, "pk"):
        return str(value)
    return value


def _check(data: EquipmentFields, *, current: Equipment | None) -> dict[str, Any]:
    values = {name: getattr(data, name) for name in FIELD_NAMES}
    values["asset_code"] = normalise_code(data.asset_code)
    values["serial"] = normalise_code(data.serial)
    errors: dict[str, list[str]] = {}
    if not values["asset_code"] and not values["serial"]:
        errors.setdefault("asset_code", []).append(_("Cần có mã tài sản hoặc số serial."))
    others = (
        Equipment.objects.all() if current is None else Equipment.objects.exclude(pk=current.pk)
    )
    if values["asset_code"] and others.filter(asset_code=values["asset_code"]).exists():
        errors.setdefault("asset_code", []).append(
            _("Mã tài sản %(code)s đã có trong danh mục.") % {"code": values["asset_code"]}
        )
    if values["serial"]:
        owner = others.filter(serial=values["serial"]).select_related("unit").first()
        if owner is not None:
            errors.setdefault("serial", []).append(
                _("Số serial %(serial)s đã thuộc thiết bị của %(unit)s.")
                % {"serial": values["serial"], "unit": owner.unit.name}
            )
    holder = data.holder
    if holder is not None and not holder.unit.path.startswith(data.unit.path):
        errors.setdefault("holder", []).append(
            _("Người sử dụng %(name)s không thuộc đơn vị %(unit)s.")
            % {"name": holder.full_name, "unit": data.unit.name}
        )
    year = data.year_acquired
    if year is not None and not 1990 <= year <= timezone.localdate().year:
        errors.setdefault("year_acquired", []).append(
            _("Năm sử dụng %(year)s không hợp lệ.") % {"year": year}
        )
    if errors:
        raise ValidationError(errors)
    return values


def equipment_create(
    *,
    data: EquipmentFields,
    actor: Any,
    ip: str | None,
    action: str = EquipmentEvent.Action.CREATED,
) -> Equipment:
    with transaction.atomic():
        values = _check(data, current=None)
        item = Equipment.objects.create(**values)
        EquipmentEvent.objects.create(
            equipment=item,
            actor=actor,
            action=action,
            changes={name: ["", _display(value)] for name, value in values.items() if value},
        )
        audit(None, "equipment.create", actor=actor, ip=ip, obj=item)
    return item


def equipment_update(
    *,
    equipment: Equipment,
    data: EquipmentFields,
    actor: Any,
    ip: str | None,
    action: str = EquipmentEvent.Action.UPDATED,
) -> list[str]:
    """Save the changes; return the names of the fields that changed (none: nothing saved)."""
    with transaction.atomic():
        values = _check(data, current=equipment)
        changes = {}
        for name, value in values.items():
            old = getattr(equipment, name)
            if old != value:
                changes[name] = [_display(old), _display(value)]
                setattr(equipment, name, value)
        if not changes:
            return []
        equipment.save()
        if "holder" in changes:
            _close_checkout(equipment, actor=actor)
            if equipment.holder is not None:
                Checkout.objects.create(
                    equipment=equipment, staff=equipment.holder, checked_out_by=actor
                )
        EquipmentEvent.objects.create(
            equipment=equipment, actor=actor, action=action, changes=changes
        )
        audit(None, "equipment.update", actor=actor, ip=ip, obj=equipment, fields=sorted(changes))
    return sorted(changes)


def _close_checkout(equipment: Equipment, *, actor: Any) -> None:
    Checkout.objects.filter(equipment=equipment, returned_at__isnull=True).update(
        returned_at=timezone.now(), returned_by=actor
    )


def equipment_check_out(
    *, equipment: Equipment, staff: Staff, actor: Any, ip: str | None, location: str
) -> Checkout:
    """Hand ``equipment`` to ``staff`` (a member of the equipment's unit or below)."""
    with transaction.atomic():
        item = (
            Equipment.objects.select_for_update(of=("self",))
            .select_related("unit", "holder")
            .get(pk=equipment.pk)
        )
        if not staff.unit.path.startswith(item.unit.path):
            raise ValidationError(
                _("Cán bộ %(name)s không thuộc đơn vị %(unit)s.")
                % {"name": staff.full_name, "unit": item.unit.name}
            )
        if item.holder_id == staff.pk:
            raise ValidationError(
                _("Thiết bị đang được giao cho %(name)s.") % {"name": staff.full_name}
            )
        if item.condition == Equipment.Condition.BROKEN:
            raise ValidationError(_("Thiết bị đang hỏng: không giao cho cán bộ được."))
        old = str(item.holder) if item.holder else ""
        _close_checkout(item, actor=actor)
        checkout = Checkout.objects.create(equipment=item, staff=staff, checked_out_by=actor)
        changes = {"holder": [old, str(staff)]}
        if location != item.location:
            changes["location"] = [item.location, location]
        item.holder = staff
        item.location = location
        item.save(update_fields=["holder", "location", "updated_at"])
        EquipmentEvent.objects.create(
            equipment=item, actor=actor, action=EquipmentEvent.Action.CHECKED_OUT, changes=changes
        )
        audit(None, "equipment.check_out", actor=actor, ip=ip, obj=item, staff=staff.staff_code)
    equipment.refresh_from_db()
    return checkout


def equipment_return(*, equipment: Equipment, actor: Any, ip: str | None) -> None:
    """Take the equipment back from its holder: it is at the office again, held by no one."""
    with transaction.atomic():
        item = (
            Equipment.objects.select_for_update(of=("self",))
            .select_related("holder")
            .get(pk=equipment.pk)
        )
        if item.holder_id is None:
            raise ValidationError(_("Thiết bị chưa giao cho ai nên không thu hồi được."))
        old = str(item.holder)
        _close_checkout(item, actor=actor)
        item.holder = None
        item.location = Equipment.Location.OFFICE
        item.save(update_fields=["holder", "location", "updated_at"])
        EquipmentEvent.objects.create(
            equipment=item,
            actor=actor,
            action=EquipmentEvent.Action.RETURNED,
            changes={"holder": [old, ""]},
        )
        audit(None, "equipment.return", actor=actor, ip=ip, obj=item)
    equipment.refresh_from_db()

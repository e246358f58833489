"""Import a unit's equipment sheet: validate every row, write nothing if one is bad
(unless asked to skip bad rows), update by asset code or serial, never duplicate."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from phongdich.core import sheets
from phongdich.core.audit import audit
from phongdich.core.import_jobs import run_file_import, store_upload
from phongdich.core.text import fold, nfc
from phongdich.equipment.models import Equipment, EquipmentEvent, EquipmentImport, EquipmentKind
from phongdich.equipment.services.equipment import normalise_code
from phongdich.org.models import Staff, Unit

COLUMNS: dict[str, tuple[str, ...]] = {
    "stt": ("stt", "số thứ tự", "tt", "no"),
    "kind": ("loại thiết bị", "loại", "tên thiết bị", "chủng loại", "kind"),
    "asset_code": ("mã tài sản", "mã ts", "số hiệu tài sản", "asset code"),
    "model_name": ("model", "kiểu máy", "mẫu máy", "model/cấu hình"),
    "serial": ("số serial", "serial", "số sê-ri", "số seri", "s/n", "serial number"),
    "year": ("năm sử dụng", "năm đưa vào sử dụng", "ngày sử dụng", "năm sd", "năm"),
    "condition": ("tình trạng", "hiện trạng", "tình trạng sử dụng"),
    "staff_code": (
        "mã cán bộ (người sử dụng)",
        "mã cán bộ",
        "người sử dụng",
        "mã cb",
        "mã người sử dụng",
    ),
    "note": ("ghi chú", "note"),
}
ALIASES = {fold(alias): name for name, spellings in COLUMNS.items() for alias in spellings}
LABELS = {
    "kind": gettext_lazy("Loại thiết bị"),
    "asset_code": gettext_lazy("Mã tài sản"),
}
REQUIRED = ("kind", "asset_code")
CONDITIONS = {
    Equipment.Condition.GOOD: ("tốt", "bình thường", "đang sử dụng", "tot", "good", "còn tốt"),
    Equipment.Condition.NEEDS_REPAIR: (
        "cần sửa chữa",
        "cần sửa",
        "hỏng nhẹ",
        "xuống cấp",
        "cần bảo dưỡng",
        "repair",
    ),
    Equipment.Condition.BROKEN: (
        "hỏng",
        "hư",
        "hư hỏng",
        "không sử dụng được",
        "broken",
        "hỏng nặng",
    ),
}
_CONDITION_OF = {fold(text): value for value, texts in CONDITIONS.items() for text in texts}
_YEAR = re.compile(r"(?:^|\D)(\d{4})(?:\D|$)")
MAX_NOTE = 2000
CHUNK = 500


@dataclass
class CleanRow:
    line: int
    kind_id: int
    asset_code: str
    model_name: str
    serial: str
    year_acquired: int | None
    condition: str
    holder_id: int | None
    note: str
    existing_id: int | None = None


@dataclass
class Checked:
    rows: list[CleanRow] = field(default_factory=list)
    errors: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class Result:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


def parse_year(value: Any) -> int | None:
    """2019, "2019", "15/03/2019", a real date → 2019; "" → None; anything else raises."""
    if value in ("", None):
        return None
    if isinstance(value, dt.date):
        return value.year
    match = _YEAR.search(str(value))
    if not match:
        raise ValueError(str(value))
    return int(match.group(1))


def _kinds() -> dict[str, EquipmentKind]:
    found: dict[str, EquipmentKind] = {}
    for kind in EquipmentKind.objects.filter(is_active=True):
        for spelling in kind.spellings():
            found.setdefault(fold(spelling), kind)
    return found


def validate_rows(rows: list[sheets.Row], *, unit: Unit) -> Checked:
    """Check every row against the file and the database; never stop at the first error."""
    kinds = _kinds()
    this_year = timezone.localdate().year
    codes = {normalise_code(str(r.values.get("staff_code", ""))) for r in rows} - {""}
    staff = {
        s.staff_code.upper(): s
        for s in Staff.objects.filter(
            Q(staff_code__in=codes) | Q(staff_code__in={c.lower() for c in codes})
        ).select_related("unit")
    }
    assets = {normalise_code(str(r.values.get("asset_code", ""))) for r in rows} - {""}
    serials = {normalise_code(str(r.values.get("serial", ""))) for r in rows} - {""}
    existing = list(
        Equipment.objects.filter(Q(asset_code__in=assets) | Q(serial__in=serials)).select_related(
            "unit"
        )
    )
    by_asset = {e.asset_code: e for e in existing if e.asset_code}
    by_serial = {e.serial: e for e in existing if e.serial}
    seen_asset: dict[str, int] = {}
    seen_serial: dict[str, int] = {}
    checked = Checked()
    for row in rows:
        v = row.values
        reasons: list[str] = []
        kind_text = nfc(str(v.get("kind", "")))
        kind = kinds.get(fold(kind_text))
        if not kind_text:
            reasons.append(_("Thiếu loại thiết bị."))
        elif kind is None:
            reasons.append(_("Không rõ loại thiết bị “%(kind)s”.") % {"kind": kind_text[:60]})
        asset = normalise_code(str(v.get("asset_code", "")))
        serial = normalise_code(str(v.get("serial", "")))
        if not asset and not serial:
            reasons.append(_("Thiếu mã tài sản và số serial: cần ít nhất một."))
        if len(asset) > 64:
            reasons.append(_("Mã tài sản dài quá 64 ký tự."))
        if len(serial) > 100:
            reasons.append(_("Số serial dài quá 100 ký tự."))
        if asset in seen_asset:
            reasons.append(
                _("Mã tài sản %(code)s trùng với dòng %(line)s.")
                % {"code": asset, "line": seen_asset[asset]}
            )
        elif asset:
            seen_asset[asset] = row.line
        if serial in seen_serial:
            reasons.append(
                _("Số serial %(serial)s trùng với dòng %(line)s.")
                % {"serial": serial, "line": seen_serial[serial]}
            )
        elif serial:
            seen_serial[serial] = row.line
        year = None
        try:
            year = parse_year(v.get("year", ""))
        except ValueError:
            reasons.append(
                _(
                    "Năm sử dụng “%(value)s” không hợp lệ "
                    "(ghi năm, ví dụ 2019, hoặc ngày dd/mm/yyyy)."
                )
                % {"value": str(v.get("year"))[:30]}
            )
        if year is not None and not 1990 <= year <= this_year:
            reasons.append(
                _("Năm sử dụng %(year)s không hợp lệ (từ 1990 đến %(now)s).")
                % {"year": year, "now": this_year}
            )
        condition_text = nfc(str(v.get("condition", "")))
        condition = _CONDITION_OF.get(fold(condition_text)) if condition_text else "good"
        if condition is None:
            reasons.append(
                _("Tình trạng “%(value)s” không rõ (ghi: Tốt, Cần sửa chữa hoặc Hỏng).")
                % {"value": condition_text[:40]}
            )
        code = normalise_code(str(v.get("staff_code", "")))
        holder = staff.get(code) if code else None
        if code and holder is None:
            reasons.append(_("Không có cán bộ mã %(code)s.") % {"code": code[:32]})
        elif holder is not None and not holder.unit.path.startswith(unit.path):
            reasons.append(
                _("Cán bộ mã %(code)s thuộc %(unit)s, không thuộc đơn vị nhập.")
                % {"code": code, "unit": holder.unit.name}
            )
        note = nfc(str(v.get("note", "")))[:MAX_NOTE]
        match_asset = by_asset.get(asset) if asset else None
        match_serial = by_serial.get(serial) if serial else None
        target = match_asset or match_serial
        if match_asset and match_serial and match_asset.pk != match_serial.pk:
            reasons.append(
                _("Mã tài sản %(code)s và số serial %(serial)s thuộc hai thiết bị khác nhau.")
                % {"code": asset, "serial": serial}
            )
        elif target is not None and not target.unit.path.startswith(unit.path):
            if target is match_serial:
                reasons.append(
                    _("Số serial %(serial)s đã thuộc thiết bị của %(unit)s.")
                    % {"serial": serial, "unit": target.unit.name}
                )
            else:
                reasons.append(
                    _("Mã tài sản %(code)s đã thuộc thiết bị của %(unit)s.")
                    % {"code": asset, "unit": target.unit.name}
                )
        if reasons or kind is None or condition is None:
            checked.errors.append({"line": row.line, "reasons": reasons})
            continue
        checked.rows.append(
            CleanRow(
                line=row.line,
                kind_id=kind.pk,
                asset_code=asset,
                model_name=nfc(str(v.get("model_name", "")))[:200],
                serial=serial,
                year_acquired=year,
                condition=condition,
                holder_id=holder.pk if holder else None,
                note=note,
                existing_id=target.pk if target else None,
            )
        )
    return checked


FIELDS = ("kind_id", "asset_code", "model_name", "serial", "year_acquired", "condition", "note")


def apply_rows(
    rows: list[CleanRow],
    *,
    unit: Unit,
    actor: Any,
    progress: Callable[[int], None] | None = None,
) -> Result:
    """Create or update, chunk by chunk; each change gets its history entry."""
    result = Result()
    done = 0
    for start in range(0, len(rows), CHUNK):
        chunk = rows[start : start + CHUNK]
        with transaction.atomic():
            current = Equipment.objects.select_for_update().in_bulk(
                [r.existing_id for r in chunk if r.existing_id]
            )
            created: list[Equipment] = []
            updated: list[Equipment] = []
            events: list[EquipmentEvent] = []
            for row in chunk:
                item = current.get(row.existing_id) if row.existing_id else None
                if item is None:
                    item = Equipment(unit=unit, holder_id=row.holder_id)
                    for name in FIELDS:
                        setattr(item, name, getattr(row, name))
                    created.append(item)
                    continue
                changes: dict[str, list[Any]] = {}
                for name in FIELDS:
                    if getattr(item, name) != getattr(row, name) and (name != "note" or row.note):
                        changes[name.removesuffix("_id")] = [
                            str(getattr(item, name) or ""),
                            str(getattr(row, name) or ""),
                        ]
                        setattr(item, name, getattr(row, name))
                if row.holder_id and row.holder_id != item.holder_id:
                    changes["holder"] = [str(item.holder_id or ""), str(row.holder_id)]
                    item.holder_id = row.holder_id
                if not changes:
                    result.unchanged += 1
                    continue
                item.updated_at = timezone.now()
                updated.append(item)
                events.append(
                    EquipmentEvent(
                        equipment=item,
                        actor=actor,
                        action=EquipmentEvent.Action.IMPORTED,
                        changes=changes,
                    )
                )
            Equipment.objects.bulk_create(created)
            if updated:
                Equipment.objects.bulk_update(updated, [*FIELDS, "holder_id", "updated_at"])
            for item in created:
                events.append(
                    EquipmentEvent(
                        equipment=item,
                        actor=actor,
                        action=EquipmentEvent.Action.IMPORTED,
                        changes={"asset_code": ["", item.asset_code], "serial": ["", item.serial]},
                    )
                )
            EquipmentEvent.objects.bulk_create(events)
            result.created += len(created)
            result.updated += len(updated)
        done += len(chunk)
        if progress is not None:
            progress(done)
    return result


def equipment_import_create(
    *, user: Any, ip: str | None, unit: Unit, upload: UploadedFile, skip_invalid: bool
) -> EquipmentImport:
    """Store the upload outside the web root and queue its import."""
    target = store_upload(upload, folder="equipment-imports")
    with transaction.atomic():
        job = EquipmentImport.objects.create(
            started_by=user,
            unit=unit,
            original_name=(upload.name or "")[:255],
            stored_path=str(target),
            skip_invalid=skip_invalid,
        )
        audit(None, "equipment.import.upload", actor=user, ip=ip, obj=job, unit=unit.code)
        from phongdich.equipment.tasks import run_equipment_import

        transaction.on_commit(lambda: run_equipment_import.enqueue(str(job.pk)))
    return job


def equipment_import_run(*, job_id: str) -> EquipmentImport:
    """The background part: read, validate every row, then write (or refuse)."""
    job = EquipmentImport.objects.select_related("unit", "started_by").get(pk=job_id)

    def check(rows: Any) -> tuple[list[CleanRow], list[dict[str, Any]]]:
        checked = validate_rows(rows, unit=job.unit)
        return checked.rows, checked.errors

    def apply(rows: Any, progress: Callable[[int], None]) -> dict[str, int]:
        with transaction.atomic():
            audit(
                None,
                "equipment.import",
                actor=job.started_by,
                obj=job,
                unit=job.unit.code,
                rows=len(rows),
            )
        result = apply_rows(rows, unit=job.unit, actor=job.started_by, progress=progress)
        return {
            "created_count": result.created,
            "updated_count": result.updated,
            "unchanged_count": result.unchanged,
        }

    return run_file_import(
        job, read=read_sheet, read_errors=(sheets.SheetError,), check=check, apply=apply
    )


def read_sheet(data: bytes, filename: str) -> list[sheets.Row]:
    return sheets.read_rows(
        data,
        filename,
        aliases=ALIASES,
        required=("kind",),
        labels={k: str(v) for k, v in LABELS.items()},
    )


def equipment_import_file(
    *, data: bytes, filename: str, unit: Unit, skip_invalid: bool, actor: Any = None
) -> tuple[Checked, Result | None]:
    """The command's path: the same reading, checks and writes, in the foreground.
    Returns the checks and, when something was written, the result."""
    rows = read_sheet(data, filename)
    checked = validate_rows(rows, unit=unit)
    if checked.errors and not skip_invalid:
        return checked, None
    with transaction.atomic():
        audit(None, "equipment.import", actor=actor, obj=unit, rows=len(checked.rows))
    return checked, apply_rows(checked.rows, unit=unit, actor=actor)

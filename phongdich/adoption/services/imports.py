"""Import the lists units and unions keep: who installed which app.

Every row is checked (never stopping at the first bad one); nothing is written when a
row is bad unless asked to skip bad rows; a re-import updates the same person's answer
for the same app (no duplicate); a union's list also records its members.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from phongdich.adoption.models import (
    AdoptionImport,
    Declaration,
    DeclarationEvent,
    RequiredApp,
    Source,
    Status,
    Union,
    UnionMembership,
)
from phongdich.adoption.models.catalogue import app_key
from phongdich.adoption.services.declarations import record_change
from phongdich.core import sheets
from phongdich.core.audit import audit
from phongdich.core.crypto import blind_index
from phongdich.core.import_jobs import run_file_import, store_upload
from phongdich.core.text import clean_name, fold, nfc, phone_or_error
from phongdich.org.models import Staff, Unit

COLUMNS: dict[str, tuple[str, ...]] = {
    "stt": ("stt", "số thứ tự", "tt", "no"),
    "staff_code": ("mã cán bộ", "mã cb", "mã số cán bộ", "mã nhân viên", "mã"),
    "phone": ("số điện thoại", "điện thoại", "sđt", "sdt", "số đt", "đtdđ", "di động"),
    "full_name": ("họ và tên", "họ tên", "tên cán bộ", "họ và tên cán bộ"),
    "app": ("ứng dụng", "tên ứng dụng", "app", "phần mềm"),
    "status": ("trạng thái", "tình trạng", "tình trạng cài đặt", "kết quả"),
    "note": ("ghi chú", "note"),
}
ALIASES = {fold(alias): name for name, spellings in COLUMNS.items() for alias in spellings}
LABELS = {
    "app": gettext_lazy("Ứng dụng"),
    "status": gettext_lazy("Trạng thái"),
    "full_name": gettext_lazy("Họ và tên"),
}
REQUIRED = ("app", "status")
STATUSES: dict[str, tuple[str, ...]] = {
    Status.INSTALLED: ("đã cài", "đã cài đặt", "cài rồi", "đã tải", "có cài", "installed"),
    Status.USING: ("đang sử dụng", "đang dùng", "sử dụng", "có sử dụng", "đã sử dụng", "using"),
    Status.NOT_INSTALLED: ("chưa cài", "chưa cài đặt", "chưa", "chưa tải", "not installed"),
    Status.NO_SMARTPHONE: (
        "không có điện thoại thông minh",
        "không có đt thông minh",
        "không có đtdđ thông minh",
        "không có smartphone",
        "không có điện thoại",
        "ko có điện thoại thông minh",
        "không có đttm",
    ),
    Status.CANNOT_INSTALL: ("không cài được", "không thể cài", "không cài đặt được", "lỗi cài"),
}


def status_key(text: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"[^a-z0-9 ]", " ", fold(text))).strip()


_STATUS_OF = {status_key(t): value for value, texts in STATUSES.items() for t in texts}
MAX_NOTE = 500
CHUNK = 500


@dataclass
class CleanRow:
    line: int
    staff_id: int
    app_id: int
    status: str
    note: str


@dataclass
class Checked:
    rows: list[CleanRow] = field(default_factory=list)
    errors: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class Result:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    members_added: int = 0


def parse_status(text: str) -> str | None:
    return _STATUS_OF.get(status_key(text))


def read_sheet(data: bytes, filename: str) -> list[sheets.Row]:
    rows = sheets.read_rows(
        data,
        filename,
        aliases=ALIASES,
        required=REQUIRED,
        labels={k: str(v) for k, v in LABELS.items()},
    )
    if not ({"staff_code", "phone"} & set(rows[0].values)):
        raise sheets.SheetError(
            _("Tệp thiếu cột “Mã cán bộ” hoặc “Số điện thoại”: cần một trong hai để biết là ai.")
        )
    return rows


def _apps() -> dict[str, RequiredApp]:
    found: dict[str, RequiredApp] = {}
    for app in RequiredApp.objects.filter(is_active=True):
        for key in app.keys():
            found.setdefault(key, app)
    return found


def validate_rows(rows: list[sheets.Row], *, unit: Unit | None) -> Checked:
    """Check every row against the file and the database (a fixed number of queries)."""
    apps = _apps()
    codes = {nfc(str(r.values.get("staff_code", ""))).upper() for r in rows} - {""}
    phone_of: dict[int, str] = {}
    phone_problem: dict[int, str] = {}
    for row in rows:
        raw = nfc(str(row.values.get("phone", "")))
        if raw:
            try:
                phone_of[row.line] = blind_index(phone_or_error(raw), purpose="phone")
            except ValidationError as exc:
                phone_problem[row.line] = " ".join(exc.messages)
    people = Staff.objects.filter(
        Q(staff_code__in=codes)
        | Q(staff_code__in={c.lower() for c in codes})
        | Q(phone_index__in=set(phone_of.values()))
    ).select_related("unit")
    by_code: dict[str, Staff] = {}
    by_phone: dict[str, Staff] = {}
    for found in people:
        by_code[found.staff_code.upper()] = found
        if found.phone_index:
            by_phone[found.phone_index] = found
    seen: dict[tuple[int, int], int] = {}
    checked = Checked()
    for row in rows:
        v = row.values
        reasons: list[str] = []
        code = nfc(str(v.get("staff_code", ""))).upper()
        person: Staff | None = None
        if code:
            person = by_code.get(code)
            if person is None:
                reasons.append(_("Không có cán bộ mã %(code)s.") % {"code": code[:32]})
        elif row.line in phone_problem:
            reasons.append(phone_problem[row.line])
        elif row.line in phone_of:
            person = by_phone.get(phone_of[row.line])
            if person is None:
                reasons.append(_("Không có cán bộ nào có số điện thoại này."))
        else:
            reasons.append(_("Thiếu mã cán bộ và số điện thoại: cần một trong hai."))
        if person is not None and code and row.line in phone_of:
            other = by_phone.get(phone_of[row.line])
            if other is not None and other.pk != person.pk:
                reasons.append(
                    _("Mã cán bộ %(code)s và số điện thoại thuộc hai người khác nhau.")
                    % {"code": code[:32]}
                )
        name = clean_name(str(v.get("full_name", "")))
        if person is not None and name and fold(name) != fold(person.full_name):
            reasons.append(
                _("Họ và tên “%(name)s” không khớp với cán bộ %(code)s (%(real)s).")
                % {"name": name[:80], "code": person.staff_code, "real": person.full_name}
            )
        if person is not None and not person.is_active:
            reasons.append(_("Cán bộ %(code)s đã nghỉ công tác.") % {"code": person.staff_code})
        if person is not None and unit is not None and not person.unit.path.startswith(unit.path):
            reasons.append(
                _("Cán bộ %(code)s thuộc %(unit)s, không thuộc đơn vị nhập.")
                % {"code": person.staff_code, "unit": person.unit.name}
            )
        app_text = nfc(str(v.get("app", "")))
        app = apps.get(app_key(app_text))
        if not app_text:
            reasons.append(_("Thiếu tên ứng dụng."))
        elif app is None:
            reasons.append(
                _("Không rõ ứng dụng “%(app)s” (các ứng dụng: %(known)s).")
                % {
                    "app": app_text[:60],
                    "known": ", ".join(sorted({a.name for a in apps.values()})),
                }
            )
        status_text = nfc(str(v.get("status", "")))
        status = parse_status(status_text)
        if not status_text:
            reasons.append(_("Thiếu trạng thái."))
        elif status is None:
            reasons.append(
                _(
                    "Trạng thái “%(value)s” không rõ (ghi: đã cài, đang sử dụng, chưa cài, "
                    "không có điện thoại thông minh)."
                )
                % {"value": status_text[:60]}
            )
        if person is not None and app is not None:
            key = (person.pk, app.pk)
            if key in seen:
                reasons.append(
                    _("%(name)s đã có dòng %(line)s cho ứng dụng %(app)s.")
                    % {"name": person.full_name, "line": seen[key], "app": app.name}
                )
            else:
                seen[key] = row.line
        if reasons or person is None or app is None or status is None:
            checked.errors.append({"line": row.line, "reasons": reasons})
            continue
        checked.rows.append(
            CleanRow(
                line=row.line,
                staff_id=person.pk,
                app_id=app.pk,
                status=status,
                note=nfc(str(v.get("note", "")))[:MAX_NOTE],
            )
        )
    return checked


def apply_rows(
    rows: list[CleanRow],
    *,
    union: Union | None,
    actor: Any,
    progress: Callable[[int], None] | None = None,
) -> Result:
    """Create or update each person's answer, chunk by chunk, with its history entry."""
    result = Result()
    now = timezone.now()
    done = 0
    for start in range(0, len(rows), CHUNK):
        chunk = rows[start : start + CHUNK]
        with transaction.atomic():
            staff_ids = {r.staff_id for r in chunk}
            current = {
                (d.staff_id, d.app_id): d
                for d in Declaration.objects.select_for_update().filter(
                    staff_id__in=staff_ids, app_id__in={r.app_id for r in chunk}
                )
            }
            created, updated, events = [], [], []
            for row in chunk:
                declaration = current.get((row.staff_id, row.app_id))
                event = record_change(
                    staff_id=row.staff_id,
                    app_id=row.app_id,
                    status=row.status,
                    source=Source.IMPORT,
                    at=now,
                    current=declaration,
                )
                if event is not None:
                    events.append(event)
                if declaration is None:
                    created.append(
                        Declaration(
                            staff_id=row.staff_id,
                            app_id=row.app_id,
                            status=row.status,
                            reason=row.note,
                            source=Source.IMPORT,
                            declared_at=now,
                            updated_by=actor,
                        )
                    )
                    continue
                if event is None and (not row.note or row.note == declaration.reason):
                    result.unchanged += 1
                    continue
                declaration.status = row.status
                if row.note:
                    declaration.reason = row.note
                declaration.source = Source.IMPORT
                declaration.declared_at = now
                declaration.updated_by = actor
                updated.append(declaration)
            Declaration.objects.bulk_create(created)
            if updated:
                Declaration.objects.bulk_update(
                    updated, ["status", "reason", "source", "declared_at", "updated_by"]
                )
            DeclarationEvent.objects.bulk_create(events)
            if union is not None:
                known = set(
                    UnionMembership.objects.filter(union=union, staff_id__in=staff_ids).values_list(
                        "staff_id", flat=True
                    )
                )
                fresh = [
                    UnionMembership(union=union, staff_id=s) for s in sorted(staff_ids - known)
                ]
                UnionMembership.objects.bulk_create(fresh)
                result.members_added += len(fresh)
            result.created += len(created)
            result.updated += len(updated)
        done += len(chunk)
        if progress is not None:
            progress(done)
    return result


def adoption_import_create(
    *,
    user: Any,
    ip: str | None,
    unit: Unit | None,
    union: Union | None,
    upload: UploadedFile,
    skip_invalid: bool,
) -> AdoptionImport:
    """Store the upload outside the web root and queue its import."""
    target = store_upload(upload, folder="adoption-imports")
    with transaction.atomic():
        job = AdoptionImport.objects.create(
            started_by=user,
            unit=unit,
            union=union,
            original_name=(upload.name or "")[:255],
            stored_path=str(target),
            skip_invalid=skip_invalid,
        )
        audit(
            None,
            "adoption.import.upload",
            actor=user,
            ip=ip,
            obj=job,
            unit=unit.code if unit else "",
            union=union.code if union else "",
        )
        from phongdich.adoption.tasks import run_adoption_import

        transaction.on_commit(lambda: run_adoption_import.enqueue(str(job.pk)))
    return job


def adoption_import_run(*, job_id: str) -> AdoptionImport:
    """The background part: read, validate every row, then write (or refuse)."""
    job = AdoptionImport.objects.select_related("unit", "union", "started_by").get(pk=job_id)

    def check(rows: Any) -> tuple[list[CleanRow], list[dict[str, Any]]]:
        checked = validate_rows(rows, unit=job.unit)
        return checked.rows, checked.errors

    def apply(rows: Any, progress: Callable[[int], None]) -> dict[str, int]:
        with transaction.atomic():
            audit(None, "adoption.import", actor=job.started_by, obj=job, rows=len(rows))
        result = apply_rows(rows, union=job.union, actor=job.started_by, progress=progress)
        return {
            "created_count": result.created,
            "updated_count": result.updated,
            "unchanged_count": result.unchanged,
            "members_added": result.members_added,
        }

    return run_file_import(
        job, read=read_sheet, read_errors=(sheets.SheetError,), check=check, apply=apply
    )


def adoption_import_file(
    *,
    data: bytes,
    filename: str,
    unit: Unit | None,
    union: Union | None,
    skip_invalid: bool,
    actor: Any = None,
) -> tuple[Checked, Result | None]:
    """The command's path: the same reading, checks and writes, in the foreground.
    Returns the checks and, when something was written, the result."""
    rows = read_sheet(data, filename)
    checked = validate_rows(rows, unit=unit)
    if checked.errors and not skip_invalid:
        return checked, None
    with transaction.atomic():
        audit(
            None,
            "adoption.import",
            actor=actor,
            object_type="adoption.file",
            object_id=filename[:64],
            rows=len(checked.rows),
            unit=unit.code if unit else "",
            union=union.code if union else "",
        )
    return checked, apply_rows(checked.rows, union=union, actor=actor)

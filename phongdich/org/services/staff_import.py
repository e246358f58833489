"""Writes of the staff import: the upload, the background run, and the staff rows.

A web import stores the file and queues a job (``staff_import_create``); the
worker reads, checks and writes it (``staff_import_run``). ``manage.py
import_staff`` checks a file the same way and calls ``staff_rows_apply``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Q
from django.db.models.functions import Upper
from django.utils import timezone

from phongdich.core.audit import audit
from phongdich.core.crypto import blind_index
from phongdich.core.import_jobs import run_file_import, store_upload
from phongdich.core.permissions import visible_units
from phongdich.org import imports
from phongdich.org.imports import CleanRow
from phongdich.org.models import Staff, StaffImport
from phongdich.org.selectors import IMPORT_ROLES
from phongdich.org.tasks import run_staff_import

__all__ = ["ApplyResult", "staff_import_create", "staff_import_run", "staff_rows_apply"]


@dataclass
class ApplyResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


def staff_import_create(
    *, user: Any, upload: UploadedFile, skip_invalid: bool, ip: str | None = None
) -> StaffImport:
    """Store the uploaded file outside the web root and queue its import."""
    target = store_upload(upload, folder="staff-imports")
    with transaction.atomic():
        job = StaffImport.objects.create(
            started_by=user,
            original_name=(upload.name or "")[:255],
            stored_path=str(target),
            skip_invalid=skip_invalid,
        )
        audit(
            None,
            "org.staff_import.create",
            actor=user,
            ip=ip,
            obj=job,
            size=upload.size,
            skip_invalid=skip_invalid,
        )
        job_id = str(job.pk)
        transaction.on_commit(lambda: run_staff_import.enqueue(job_id))
    return job


def staff_import_run(*, job_id: str) -> StaffImport:
    """Validate every row; import nothing if any is bad (unless asked to skip them).

    The job's lifecycle is ``core.import_jobs.run_file_import``'s: started, its
    progress in rows, then done, rejected or failed."""
    job = StaffImport.objects.select_related("started_by").get(pk=job_id)

    def check(rows: Any) -> tuple[list[CleanRow], list[dict[str, Any]]]:
        units = visible_units(job.started_by, roles=IMPORT_ROLES)
        checked = imports.validate_rows(rows, allowed_units=units)
        return checked.rows, [e.as_dict() for e in checked.errors]

    def apply(rows: Any, progress: Callable[[int], None]) -> dict[str, int]:
        result = staff_rows_apply(rows=rows, user=job.started_by, job=job, progress=progress)
        return {
            "created_count": result.created,
            "updated_count": result.updated,
            "unchanged_count": result.unchanged,
        }

    return run_file_import(
        job,
        read=imports.read_rows,
        read_errors=(imports.ImportFileError,),
        check=check,
        apply=apply,
    )


FIELDS = ("full_name", "phone", "email", "unit_id", "position")


def _fields_of(row: CleanRow) -> tuple[str, ...]:
    """The fields a row writes: the form of address only when the file has its column."""
    return (*FIELDS, "form_of_address") if row.form_of_address is not None else FIELDS


def _by_code(codes: list[str]) -> dict[str, Staff]:
    """Existing staff by upper-case code (a code typed in lower case elsewhere still matches)."""
    found: dict[str, Staff] = {}
    for staff in (
        Staff.objects.select_for_update()
        .annotate(code_upper=Upper("staff_code"))
        .filter(Q(code_upper__in=codes) | Q(staff_code__in=codes))
        .order_by("pk")
    ):
        key = staff.staff_code.upper()
        if key not in found or staff.staff_code == key:
            found[key] = staff
    return found


def _release_moving_phones(rows: list[CleanRow], *, chunk_size: int) -> int:
    """Take numbers that move to another staff member in this file off their owner first.

    Rows are written chunk by chunk, and the owner's row may come in a later
    chunk than the row taking the number; the unique phone index would refuse it.
    """
    claimed = {blind_index(row.phone, purpose="phone"): row.staff_code for row in rows if row.phone}
    codes = {row.staff_code for row in rows}
    keys = list(claimed)
    moving: list[int] = []
    for start in range(0, len(keys), chunk_size):
        for pk, code, index in Staff.objects.filter(
            phone_index__in=keys[start : start + chunk_size]
        ).values_list("pk", "staff_code", "phone_index"):
            if code.upper() != claimed[index] and code.upper() in codes:
                moving.append(pk)
    if moving:
        Staff.objects.filter(pk__in=moving).update(
            phone="", phone_index="", updated_at=timezone.now()
        )
    return len(moving)


def staff_rows_apply(
    *,
    rows: list[CleanRow],
    user: Any = None,
    ip: str | None = None,
    job: StaffImport | None = None,
    chunk_size: int = 500,
    progress: Callable[[int], None] | None = None,
) -> ApplyResult:
    """Create or update staff by staff code from checked rows (``imports.validate_rows``),
    in chunks of one transaction each; ``progress(done)`` after each chunk.

    Each transaction that changes staff records its audit entry (``org.staff.import``:
    the counts and the file's line numbers, no personal values), on behalf of
    ``user`` (None: a command) and for ``job`` when a web import runs it."""
    result = ApplyResult()
    target: dict[str, Any] = {"obj": job} if job is not None else {"object_type": "org.staff"}
    with transaction.atomic():
        released = _release_moving_phones(rows, chunk_size=chunk_size)
        if released:
            audit(None, "org.staff.import", actor=user, ip=ip, released_phones=released, **target)
    done = 0
    for start in range(0, len(rows), chunk_size):
        chunk = rows[start : start + chunk_size]
        with transaction.atomic():
            existing = _by_code([r.staff_code for r in chunk])
            to_create: list[Staff] = []
            to_update: list[Staff] = []
            for row in chunk:
                staff = existing.get(row.staff_code)
                fields = _fields_of(row)
                if staff is None:
                    staff = Staff(staff_code=row.staff_code)
                    for name in fields:
                        setattr(staff, name, getattr(row, name))
                    staff.refresh_indexes()
                    to_create.append(staff)
                    continue
                changed = [n for n in fields if getattr(staff, n) != getattr(row, n)]
                if not changed and staff.is_active and staff.staff_code == row.staff_code:
                    result.unchanged += 1
                    continue
                for name in fields:
                    setattr(staff, name, getattr(row, name))
                staff.staff_code = row.staff_code
                staff.is_active = True
                staff.refresh_indexes()
                to_update.append(staff)
            if to_update:
                now = timezone.now()
                for staff in to_update:
                    staff.updated_at = now
                # Free phones first so that two staff swapping numbers do not collide.
                Staff.objects.filter(pk__in=[s.pk for s in to_update]).update(phone_index="")
                Staff.objects.bulk_update(
                    to_update,
                    # form_of_address: the stored value when the file has no such column.
                    [*FIELDS, "form_of_address", "staff_code", "phone_index", "is_active"]
                    + ["updated_at"],
                )
            Staff.objects.bulk_create(to_create)
            result.created += len(to_create)
            result.updated += len(to_update)
            if to_create or to_update:
                audit(
                    None,
                    "org.staff.import",
                    actor=user,
                    ip=ip,
                    created=len(to_create),
                    updated=len(to_update),
                    lines=[chunk[0].line, chunk[-1].line],
                    **target,
                )
        done += len(chunk)
        if progress is not None:
            progress(done)
    return result

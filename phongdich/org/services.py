"""Writes of the organisation app."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from phongdich.core.permissions import visible_units
from phongdich.core.roles import Role
from phongdich.org import staff_import
from phongdich.org.models import RoleAssignment, StaffImport, Unit

IMPORT_ROLES = {Role.OFFICE, Role.ADMIN, Role.UNIT_HEAD}


def _import_dir() -> Path:
    path = Path(settings.MEDIA_ROOT) / "staff-imports"
    path.mkdir(parents=True, exist_ok=True)
    return path


def staff_import_create(*, user: Any, upload: UploadedFile, skip_invalid: bool) -> StaffImport:
    """Store the uploaded file outside the web root and queue its import."""
    suffix = Path(upload.name or "").suffix.lower()
    target = _import_dir() / f"{uuid.uuid4().hex}{suffix}"
    with target.open("wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    job = StaffImport.objects.create(
        created_by=user,
        original_name=(upload.name or "")[:255],
        stored_path=str(target),
        skip_invalid=skip_invalid,
    )
    from phongdich.org.tasks import run_staff_import

    transaction.on_commit(lambda: run_staff_import.enqueue(str(job.pk)))
    return job


def staff_import_run(*, job_id: str) -> StaffImport:
    """Validate every row; import nothing if any is bad (unless asked to skip them)."""
    job = StaffImport.objects.select_related("created_by").get(pk=job_id)
    if job.is_finished:
        return job
    job.status = StaffImport.Status.RUNNING
    job.save(update_fields=["status"])
    path = Path(job.stored_path)
    try:
        try:
            rows = staff_import.read_rows(path.read_bytes(), job.original_name)
        except staff_import.ImportFileError as exc:
            job.file_error = str(exc)
            job.status = StaffImport.Status.REJECTED
            return job
        job.total_rows = len(rows)
        job.save(update_fields=["total_rows"])
        units = visible_units(job.created_by, roles=IMPORT_ROLES)
        checked = staff_import.validate_rows(rows, allowed_units=units)
        job.row_errors = [e.as_dict() for e in checked.errors]
        if checked.errors and not job.skip_invalid:
            # Every row was checked; none was written.
            job.processed_rows = job.total_rows
            job.status = StaffImport.Status.REJECTED
            return job
        job.skipped_count = len(checked.errors)
        job.processed_rows = job.skipped_count

        def progress(done: int) -> None:
            StaffImport.objects.filter(pk=job.pk).update(processed_rows=job.skipped_count + done)

        result = staff_import.apply_rows(checked.rows, progress=progress)
        job.processed_rows = job.total_rows
        job.created_count = result.created
        job.updated_count = result.updated
        job.unchanged_count = result.unchanged
        job.status = StaffImport.Status.DONE
        return job
    except Exception:
        job.status = StaffImport.Status.FAILED
        job.file_error = gettext("Lỗi hệ thống khi nhập tệp; Tổ CNTT đã được ghi nhận lỗi.")
        raise
    finally:
        job.finished_at = timezone.now()
        job.save()
        path.unlink(missing_ok=True)


def role_assign(*, user: Any, role: str, unit: Unit | None = None) -> RoleAssignment:
    assignment, _ = RoleAssignment.objects.get_or_create(user=user, role=role, unit=unit)
    if role == Role.ADMIN and not (user.is_staff and user.is_superuser):
        user.is_staff = True
        user.is_superuser = True
        user.save(update_fields=["is_staff", "is_superuser"])
    return assignment

"""The life of a file import, once for every module that imports a sheet.

A web import stores the upload outside the web root (``store_upload``) and queues a
job; the worker calls ``run_file_import``: read the file (a bad file rejects the job
with its message), check every row (bad rows reject the job, nothing written, unless
the job skips them), write the good rows with progress, record the counts, and
delete the stored file whatever happens. A crash marks the job failed with a message
for the user and re-raises for the task log.

The module supplies what differs: how to read, how to check, how to write (which
audits its own entry and returns the counts to store on the job).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext

from phongdich.core.models import Job

__all__ = ["run_file_import", "store_upload"]


def store_upload(upload: UploadedFile, *, folder: str) -> Path:
    """Write ``upload`` under MEDIA_ROOT/``folder`` with a random name (its suffix kept)."""
    directory = Path(settings.MEDIA_ROOT) / folder
    directory.mkdir(parents=True, exist_ok=True)
    suffix = Path(upload.name or "").suffix.lower()
    target = directory / f"{uuid.uuid4().hex}{suffix}"
    with target.open("wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    return target


def run_file_import[J: Job](
    job: J,
    *,
    read: Callable[[bytes, str], Sequence[Any]],
    read_errors: tuple[type[Exception], ...],
    check: Callable[[Sequence[Any]], tuple[Sequence[Any], list[dict[str, Any]]]],
    apply: Callable[[Sequence[Any], Callable[[int], None]], Mapping[str, Any]],
) -> J:
    """Run ``job`` (a ``Job`` with ``stored_path``, ``original_name``, ``skip_invalid``,
    ``row_errors``, ``skipped_count`` and a ``Status.REJECTED``).

    ``read(data, name)`` gives the rows or raises one of ``read_errors`` (its text is
    the user's message); ``check(rows)`` gives ``(clean_rows, row_errors)``;
    ``apply(clean_rows, progress)`` writes them and returns the count columns to save
    (``{"created_count": 3, ...}``)."""
    if job.is_finished:
        return job
    rejected = type(job).Status.REJECTED  # type: ignore[attr-defined]
    job.job_start()
    path = Path(job.stored_path)  # type: ignore[attr-defined]
    try:
        try:
            rows = read(path.read_bytes(), job.original_name)  # type: ignore[attr-defined]
        except read_errors as exc:
            job.job_finish(status=rejected, error=str(exc))
            return job
        total = len(rows)
        job.job_advance(0, total=total)
        clean, row_errors = check(rows)
        if row_errors and not job.skip_invalid:  # type: ignore[attr-defined]
            # Every row was checked; none was written.
            job.job_finish(status=rejected, progress_done=total, row_errors=row_errors)
            return job
        skipped = len(row_errors)
        job.job_advance(skipped)

        def progress(done: int) -> None:
            job.job_advance(skipped + done)

        counts = apply(clean, progress)
        job.job_finish(progress_done=total, skipped_count=skipped, row_errors=row_errors, **counts)
        return job
    except Exception:
        job.job_fail(gettext("Lỗi hệ thống khi nhập tệp; Tổ CNTT đã được ghi nhận lỗi."))
        raise
    finally:
        path.unlink(missing_ok=True)

"""Shared pieces of management commands."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import CommandError


def read_input_file(name: str) -> tuple[Path, bytes]:
    """The path and bytes of a command's input file; exit code 2 with a Vietnamese
    message when it is missing or unreadable."""
    path = Path(name)
    if not path.is_file():
        raise CommandError(f"Không tìm thấy tệp {path}", returncode=2)
    try:
        return path, path.read_bytes()
    except OSError as exc:
        raise CommandError(f"Không đọc được tệp {path}: {exc.strerror}", returncode=2) from None

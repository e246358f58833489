"""static/vendor/manifest.json: every vendored file listed, with a matching SHA-256."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

from django.conf import settings

VENDOR = Path(settings.BASE_DIR) / "static" / "vendor"
MANIFEST = VENDOR / "manifest.json"
FIELDS = {"path", "name", "version", "source", "license", "sha256"}


def manifest() -> list[dict[str, str]]:
    files: list[dict[str, str]] = json.loads(MANIFEST.read_text(encoding="utf-8"))["files"]
    return files


def vendored_files() -> set[str]:
    return {
        p.relative_to(VENDOR).as_posix()
        for p in VENDOR.rglob("*")
        if p.is_file() and p != MANIFEST and not p.name.upper().startswith(("LICENSE", "COPYING"))
    }


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_every_entry_has_name_version_source_license_and_hash() -> None:
    for entry in manifest():
        assert FIELDS <= entry.keys(), entry
        assert all(str(entry[f]).strip() for f in FIELDS), entry
        assert re.fullmatch(r"[0-9a-f]{64}", entry["sha256"]), entry["path"]
        assert re.fullmatch(r"\d+\.\d+\.\d+\S*", entry["version"]), entry["path"]


def test_every_vendored_file_is_listed() -> None:
    listed = {entry["path"] for entry in manifest()}
    assert vendored_files() - listed == set()


def test_every_listed_file_exists_once() -> None:
    paths = [entry["path"] for entry in manifest()]
    assert len(paths) == len(set(paths))
    assert {p for p in paths if not (VENDOR / p).is_file()} == set()


def test_every_file_matches_its_hash() -> None:
    mismatched = [e["path"] for e in manifest() if sha256(VENDOR / e["path"]) != e["sha256"]]
    assert mismatched == []


def test_every_named_license_file_exists() -> None:
    for entry in manifest():
        if "license_file" in entry:
            assert (VENDOR / entry["license_file"]).is_file(), entry["license_file"]


def test_htmx_is_the_version_the_pages_load() -> None:
    (htmx,) = [e for e in manifest() if e["name"] == "htmx.org"]
    assert htmx["version"] == "2.0.11"
    assert htmx["license"] == "0BSD"
    assert f'version:"{htmx["version"]}"' in (VENDOR / htmx["path"]).read_text(encoding="utf-8")
    base = (Path(settings.BASE_DIR) / "templates" / "base.html").read_text(encoding="utf-8")
    assert f"vendor/{htmx['path']}" in base


def test_a_changed_byte_is_caught(tmp_path: Path) -> None:
    (entry,) = [e for e in manifest() if e["name"] == "htmx.org"]
    copy = tmp_path / "htmx.js"
    copy.write_bytes((VENDOR / entry["path"]).read_bytes() + b" ")
    assert sha256(copy) != entry["sha256"]

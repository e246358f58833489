#!/usr/bin/env python3
"""Audit the pinned versions of a lock file against an advisory database that ships
inside a PyPI package, so that it runs with no network (CI here reaches only the
package index; pip-audit needs PyPI's JSON API or OSV: `make audit` where allowed).

The database is safety-db (PyUp.io's free database, CC BY-NC-SA 4.0), installed from
requirements.lock like every dependency. Its last release dates from July 2021: it
catches old, known-vulnerable pins (a downgrade, a forgotten old package), not
advisories published since; the date is printed with each run.

Usage: dependency_audit.py [LOCK_FILE]   (default: requirements.lock)
Exit status: 0 no known vulnerability, 1 vulnerable pins found, 2 cannot audit.
Advisories judged not to apply are listed, with the reason, in
.ci/dependency-audit-ignore.txt (one id per line, "# reason" after it).
"""

from __future__ import annotations

import importlib.util
import json
import re
import sys
from datetime import UTC, datetime
from pathlib import Path

from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.utils import canonicalize_name
from packaging.version import InvalidVersion, Version

PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?==([^\s;\\]+)")
IGNORE_FILE = Path(__file__).with_name("dependency-audit-ignore.txt")


def pins(lock: Path) -> dict[str, str]:
    found: dict[str, str] = {}
    for line in lock.read_text(encoding="utf-8").splitlines():
        match = PIN.match(line.strip())
        if match:
            found[canonicalize_name(match.group(1))] = match.group(2)
    return found


def advisories() -> tuple[dict[str, list[dict[str, object]]], str]:
    # Found without importing it: the package's __init__ opens its data by a path
    # relative to the working directory and fails anywhere else.
    spec = importlib.util.find_spec("safety_db")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("safety_db")
    path = Path(next(iter(spec.submodule_search_locations))) / "insecure_full.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    meta = data.pop("$meta", {})
    stamp = meta.get("timestamp")
    when = datetime.fromtimestamp(stamp, UTC).date().isoformat() if stamp else "unknown"
    return {canonicalize_name(name): entries for name, entries in data.items()}, when


def ignored() -> set[str]:
    if not IGNORE_FILE.exists():
        return set()
    lines = IGNORE_FILE.read_text(encoding="utf-8").splitlines()
    return {line.split("#", 1)[0].strip() for line in lines if line.split("#", 1)[0].strip()}


def affected(version: str, specs: list[str]) -> bool:
    try:
        parsed = Version(version)
    except InvalidVersion:
        return False
    for spec in specs:
        try:
            if parsed in SpecifierSet(spec, prereleases=True):
                return True
        except InvalidSpecifier:
            continue
    return False


def main(argv: list[str]) -> int:
    lock = Path(argv[1] if len(argv) > 1 else "requirements.lock")
    if not lock.is_file():
        print(f"dependency audit: no lock file at {lock}", file=sys.stderr)
        return 2
    try:
        database, as_of = advisories()
    except (ModuleNotFoundError, FileNotFoundError) as exc:
        print(
            f"dependency audit: safety-db is not installed ({exc}); run make install",
            file=sys.stderr,
        )
        return 2
    skip = ignored()
    locked = pins(lock)
    findings = []
    for name, version in sorted(locked.items()):
        for entry in database.get(name, []):
            ident = str(entry.get("id", ""))
            specs = [str(s) for s in entry.get("specs", [])]  # type: ignore[attr-defined]
            if ident in skip or not affected(version, specs):
                continue
            cve = entry.get("cve") or "no CVE"
            text = " ".join(str(entry.get("advisory", "")).split())
            findings.append(f"  {name}=={version}: {ident} ({cve}) {text[:160]}")
    print(
        f"dependency audit: {len(locked)} pinned packages of {lock} against safety-db "
        f"(advisories as of {as_of}, offline)"
    )
    if findings:
        print(f"{len(findings)} known vulnerabilities:")
        print("\n".join(findings))
        return 1
    print("no known vulnerability")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

"""The CI step `.ci/dependency_audit.py`: the locked dependencies against the advisory
database that safety-db ships (offline); an old, vulnerable pin fails it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
SCRIPT = ROOT / ".ci" / "dependency_audit.py"


def audit(lock: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(SCRIPT), str(lock)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd="/",  # safety-db's own __init__ would only work from a special directory
    )


def test_the_locked_dependencies_have_no_known_vulnerability() -> None:
    result = audit(ROOT / "requirements.lock")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no known vulnerability" in result.stdout
    assert "advisories as of 2021-07-01, offline" in result.stdout


def test_a_known_vulnerable_pin_fails_the_audit(tmp_path: Path) -> None:
    lock = tmp_path / "requirements.lock"
    lock.write_text(
        "django==2.2.0 \\\n    --hash=sha256:0000\n    # via phongdich\n"
        "cryptography==3.2 \\\n    --hash=sha256:0000\n"
        "whitenoise==6.12.0\n"
    )
    result = audit(lock)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "django==2.2.0: pyup.io-37771 (CVE-2019-19844)" in result.stdout
    assert "cryptography==3.2:" in result.stdout
    assert "whitenoise" not in result.stdout.split("known vulnerabilities:")[1]


def test_a_missing_lock_file_is_an_error_not_a_pass(tmp_path: Path) -> None:
    result = audit(tmp_path / "missing.lock")
    assert result.returncode == 2

"""`make run` prints posters for the address it serves: PUBLIC_BASE_URL follows HOST
and PORT unless the environment sets it. The recipe runs with a stand-in Python that
prints the variable it was given."""

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from django.test import SimpleTestCase

ROOT = Path(__file__).resolve().parents[3]


class MakeRunBaseUrlTests(SimpleTestCase):
    def setUp(self) -> None:
        if shutil.which("make") is None:
            self.skipTest("make is not installed")
        tmp = tempfile.TemporaryDirectory()
        self.addCleanup(tmp.cleanup)
        self.venv = Path(tmp.name) / "venv"
        self.venv.mkdir()
        (self.venv / ".installed").touch()  # newer than requirements.lock: no install
        self.python = Path(tmp.name) / "python"
        self.python.write_text('#!/bin/sh\necho "BASE=$PUBLIC_BASE_URL $2"\n')
        self.python.chmod(0o755)

    def bases(self, *args: str, **env: str) -> set[str]:
        environ = {k: v for k, v in os.environ.items() if k != "PUBLIC_BASE_URL"}
        result = subprocess.run(
            ["make", "-s", "run", f"PY={self.python}", f"VENV={self.venv}", *args],
            cwd=ROOT,
            env={**environ, **env},
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
        )
        lines = [line.split() for line in result.stdout.splitlines() if line.startswith("BASE=")]
        # the background worker may be stopped (trap on EXIT) before it prints
        commands = {command for _base, command in lines}
        self.assertLessEqual({"migrate", "load_demo", "runserver"}, commands, result.stdout)
        return {base.removeprefix("BASE=") for base, _command in lines}

    def test_another_port_gives_a_matching_base_url(self) -> None:
        self.assertEqual(self.bases("PORT=8100"), {"http://127.0.0.1:8100"})
        self.assertEqual(self.bases("HOST=192.168.1.20", "PORT=8200"), {"http://192.168.1.20:8200"})

    def test_the_default_is_the_default_address(self) -> None:
        self.assertEqual(self.bases(), {"http://127.0.0.1:8000"})

    def test_a_base_url_from_the_environment_is_kept(self) -> None:
        self.assertEqual(
            self.bases("PORT=8100", PUBLIC_BASE_URL="https://demo.example.vn"),
            {"https://demo.example.vn"},
        )

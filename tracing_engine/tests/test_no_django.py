"""tracing_engine is pure Python: it imports neither Django nor the web application."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent
FORBIDDEN = ("django", "phongdich")


def _modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def _imported(node: ast.AST) -> list[str]:
    """Module names that ``node`` imports (statements, __import__ and import_module calls)."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if isinstance(node, ast.ImportFrom):
        return [node.module] if node.level == 0 and node.module else []
    if isinstance(node, ast.Call):
        func = node.func
        called = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
        if called in ("__import__", "import_module"):
            return [
                a.value
                for a in node.args
                if isinstance(a, ast.Constant) and isinstance(a.value, str)
            ]
    return []


def test_scan_sees_every_kind_of_import() -> None:
    tree = ast.parse(
        "import django.db\nfrom phongdich import x\nimportlib.import_module('django')\n"
    )
    assert [n for node in ast.walk(tree) for n in _imported(node)] == [
        "django.db",
        "phongdich",
        "django",
    ]


def test_no_module_imports_django() -> None:
    offenders = []
    for path in _modules():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            for name in _imported(node):
                if name.split(".")[0] in FORBIDDEN:
                    line = getattr(node, "lineno", 0)
                    offenders.append(f"{path.relative_to(PACKAGE)}:{line}: {name}")
    assert len(_modules()) >= 6
    assert offenders == []


def test_importing_the_engine_loads_no_django() -> None:
    code = (
        "import sys\n"
        "import tracing_engine, tracing_engine.engine, tracing_engine.stores\n"
        "import tracing_engine.models, tracing_engine.identity, tracing_engine.reference\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('django', 'phongdich'))\n"
        "assert not bad, bad\n"
        "print('ok')\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env["PYTHONPATH"] = str(PACKAGE.parent)
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=PACKAGE.parent,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"

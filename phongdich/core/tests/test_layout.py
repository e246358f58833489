"""The tree reads like docs/architecture.md: layers by package, thin views, no cycles.

These tests hold the layout that every module follows:

- no file names a layer by prefix or suffix (``report_views.py``, ``views_guard.py``);
- no view module calls ``audit()`` (writes audit inside their service, reads inside
  their selector);
- the root ``templates/`` keeps only the base layout, errors and shared includes;
- every module of the project imports on its own, first, in a fresh interpreter
  (no import cycles hidden by the order Django happens to load them in).
"""

from __future__ import annotations

import ast
import os
import random
import re
import subprocess
import sys
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
PROJECT = ROOT / "phongdich"

LAYERS = ("views", "forms", "urls", "models", "services", "selectors")
BANNED_NAME = re.compile(rf"^(?:\w+_(?:{'|'.join(LAYERS)})|(?:{'|'.join(LAYERS)})_\w+)\.py$")
# What the root templates/ may hold: the base layout, error pages, shared includes.
ROOT_TEMPLATES = re.compile(r"^(?:base\.html|\d{3}\.html|includes/.+)$")


def _sources() -> list[Path]:
    return sorted(
        path
        for path in PROJECT.rglob("*.py")
        if "migrations" not in path.parts and "__pycache__" not in path.parts
    )


def _is_view_module(path: Path) -> bool:
    relative = path.relative_to(PROJECT).parts
    return "tests" not in relative and (path.stem == "views" or "views" in relative[:-1])


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def test_no_file_names_a_layer_by_prefix_or_suffix() -> None:
    offenders = [
        str(path.relative_to(ROOT))
        for path in _sources()
        if BANNED_NAME.match(path.name) and not path.name.startswith("test_")
    ]
    assert offenders == [], f"make these packages of their layer: {offenders}"


def test_no_module_shadows_a_builtin() -> None:
    import builtins

    shadows = {name for name in dir(builtins) if not name.startswith("_")}
    offenders = [str(path.relative_to(ROOT)) for path in _sources() if path.stem in shadows]
    assert offenders == []


def test_every_app_has_at_most_one_urls_module() -> None:
    offenders = [
        str(path.relative_to(ROOT))
        for path in PROJECT.rglob("*.py")
        if "urls" in path.stem and path.name != "urls.py" and "tests" not in path.parts
    ]
    assert offenders == []


def _audit_calls(path: Path) -> list[int]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    lines: list[int] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
            if name == "audit":
                lines.append(node.lineno)
        elif isinstance(node, ast.ImportFrom) and node.module == "phongdich.core.audit":
            if any(alias.name == "audit" for alias in node.names):
                lines.append(node.lineno)
    return lines


def test_the_ast_check_finds_an_audit_call() -> None:
    """The check below would see a view that audits (so it can fail)."""
    probe = ROOT / "var" / "probe_views.py"
    probe.parent.mkdir(exist_ok=True)
    probe.write_text("from phongdich.core.audit import audit\n\ndef v(r):\n    audit(r, 'x')\n")
    try:
        assert _audit_calls(probe) == [1, 4]
    finally:
        probe.unlink()


def test_no_view_module_calls_audit() -> None:
    view_modules = [path for path in _sources() if _is_view_module(path)]
    assert len(view_modules) >= 8, view_modules  # the walk does find the views
    offenders = {
        str(path.relative_to(ROOT)): lines for path in view_modules if (lines := _audit_calls(path))
    }
    assert offenders == {}, f"audit inside the service or selector, not the view: {offenders}"


def test_root_templates_hold_only_the_layout_errors_and_includes() -> None:
    folder = ROOT / "templates"
    names = sorted(str(path.relative_to(folder)) for path in folder.rglob("*.*"))
    assert names, "the base layout is missing"
    misplaced = [name for name in names if not ROOT_TEMPLATES.match(name)]
    assert misplaced == [], f"move these into their app's templates/: {misplaced}"


# In a fresh interpreter: set Django up, then for each module fork a child that
# imports that module first. A cycle (A imports B imports A) fails in the child
# that starts from either end, whatever order Django's start-up happens to use.
_IMPORT_EACH = r"""
import importlib, os, random, sys, traceback
import django
django.setup()
names = sys.argv[2:]
random.Random(int(sys.argv[1])).shuffle(names)
failed = 0
for name in names:
    pid = os.fork()
    if pid == 0:
        try:
            importlib.import_module(name)
        except BaseException:
            traceback.print_exc()
            os._exit(1)
        os._exit(0)
    _, status = os.waitpid(pid, 0)
    if status != 0:
        failed += 1
        print("FAILED", name, flush=True)
print("imported", len(names), "failed", failed)
sys.exit(1 if failed else 0)
"""


def test_every_module_imports_alone_in_a_fresh_interpreter() -> None:
    names = sorted(
        _module_name(path)
        for path in _sources()
        if "tests" not in path.relative_to(PROJECT).parts and path.stem not in {"wsgi", "asgi"}
    )
    names += ["tracing_engine", "tracing_engine.engine"]
    seed = random.randrange(1_000_000)
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "phongdich.settings"}
    result = subprocess.run(
        [sys.executable, "-c", _IMPORT_EACH, str(seed), *names],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, f"seed {seed}:\n{result.stdout}\n{result.stderr[-4000:]}"
    assert f"imported {len(names)} failed 0" in result.stdout


SQL_TEXT = re.compile(r"\b(?:INSERT INTO|DELETE FROM|UPDATE \S+ SET|SELECT\b.+\bFROM)\b")


def _sql_literals(path: Path) -> list[int]:
    """Lines of string literals (f-strings with their holes filled) that hold SQL."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    inside_fstrings = {
        id(part)
        for node in ast.walk(tree)
        if isinstance(node, ast.JoinedStr)
        for part in node.values
    }
    lines: list[int] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            text = "".join(
                part.value if isinstance(part, ast.Constant) else "x" for part in node.values
            )
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            if id(node) in inside_fstrings:
                continue
            text = node.value
        else:
            continue
        if SQL_TEXT.search(str(text)):
            lines.append(node.lineno)
    return sorted(set(lines))


def test_the_sql_check_finds_a_statement() -> None:
    probe = ROOT / "var" / "probe_sql.py"
    probe.parent.mkdir(exist_ok=True)
    probe.write_text('q = f"UPDATE {t} SET a = 1"\nr = "SELECT a FROM b"\n')
    try:
        assert _sql_literals(probe) == [1, 2]
    finally:
        probe.unlink()


def test_raw_sql_lives_in_each_apps_sql_module() -> None:
    offenders = {
        str(path.relative_to(ROOT)): lines
        for path in _sources()
        if path.name != "sql.py"
        and "tests" not in path.relative_to(PROJECT).parts
        and (lines := _sql_literals(path))
    }
    assert offenders == {}, f"move these statements into the app's sql.py: {offenders}"

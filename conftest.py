"""Shared pytest fixtures: the browser for Playwright tests; the Citus pass.

With ``CITUS_URL`` (a Citus coordinator, e.g. from ``../shared/citus/cluster.sh``) the
suite runs only its database-bound part, the tests marked ``citus`` (every test of
the check-in, tracing and privacy apps: the check-in, tracing and retention tables
and the Playwright check-in flow), each xdist worker in its own test database made
on every node of the cluster."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings

REQUIRE_BROWSER = os.environ.get("REQUIRE_BROWSER", "") in {"1", "true", "yes"}
CITUS_URL = os.environ.get("CITUS_URL", "").strip()
# The database-bound part of the suite: what runs on a Citus cluster.
CITUS_PATHS = ("phongdich/checkin/", "phongdich/tracing/", "phongdich/privacy/")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    root = Path(str(config.rootpath))
    kept, dropped = [], []
    for item in items:
        where = Path(str(item.path)).resolve().relative_to(root).as_posix()
        if where.startswith(CITUS_PATHS):
            item.add_marker(pytest.mark.citus)
            kept.append(item)
        else:
            dropped.append(item)
    if CITUS_URL and dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = kept


if CITUS_URL:

    @pytest.fixture(scope="session")
    def django_db_setup(
        django_test_environment: None,
        django_db_blocker: Any,
        django_db_modify_db_settings: None,
        django_db_keepdb: bool,
    ) -> Iterator[None]:
        """Each test database made on every node of the cluster, then migrated (which
        distributes the tables), dropped on every node at the end."""
        from django.db import connection, connections
        from django.test.utils import setup_databases, teardown_databases

        from phongdich.checkin.tests import citus_cluster

        name = connection.creation._get_test_db_name()
        with django_db_blocker.unblock():
            if not (django_db_keepdb and citus_cluster.exists(CITUS_URL, name)):
                citus_cluster.create(CITUS_URL, name)
            old = setup_databases(verbosity=0, interactive=False, keepdb=True)
        yield
        with django_db_blocker.unblock():
            teardown_databases(old, verbosity=0, keepdb=True)
            for conn in connections.all():
                conn.close()
            if not django_db_keepdb:  # --reuse-db keeps it for the next run
                citus_cluster.drop(CITUS_URL, name)


def _chromium_path() -> str | None:
    path = settings.CHROMIUM_PATH
    if Path(path).is_file():
        return path
    return shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(autouse=True)
def _default_language() -> Iterator[None]:
    """Each test starts in Vietnamese: a request in English (LocaleMiddleware) leaves
    English active in the thread, which would leak into the next test's messages."""
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    path = _chromium_path()
    if path is None:
        if REQUIRE_BROWSER:
            pytest.fail(f"Chromium not found at {settings.CHROMIUM_PATH} (REQUIRE_BROWSER=1)")
        pytest.skip("Chromium not installed; set CHROMIUM_PATH")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the live server's
    # database calls in the same thread are safe here.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=path,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--disable-quic",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh")
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


@pytest.fixture
def phone_page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(
        locale="vi-VN",
        timezone_id="Asia/Ho_Chi_Minh",
        viewport={"width": 360, "height": 740},
        is_mobile=True,
        has_touch=True,
    )
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


@pytest.fixture(scope="session")
def soffice() -> str:
    """LibreOffice's command, for tests that convert a generated .docx/.xlsx to PDF and
    count its pages: the rule of ``core.tests.office.require_soffice`` (skipped where
    LibreOffice is not installed, failed when ``REQUIRE_SOFFICE=1``, as in CI)."""
    from phongdich.core.tests.office import require_soffice

    return require_soffice()

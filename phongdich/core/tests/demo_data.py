"""The demo department for transactional (live-server) tests.

A transactional test flushes every table when it ends, the data migrations' seed rows
included, so a later one on the same worker finds no equipment kinds, apps or service
levels. ``load_demo_after_flush`` puts those seeds back (each is idempotent), then
loads the demo as ``make run`` does."""

from __future__ import annotations

import importlib
from io import StringIO

from django.apps import apps as django_apps
from django.core.management import call_command

SEEDS = (
    "phongdich.equipment.migrations.0002_seed_kinds_and_rules",
    "phongdich.adoption.migrations.0002_seed_apps_and_unions",
    "phongdich.support.migrations.0002_seed_service_levels_and_holidays",
)


def load_demo_after_flush() -> None:
    for name in SEEDS:
        importlib.import_module(name).seed(django_apps, None)
    call_command("load_demo", stdout=StringIO())

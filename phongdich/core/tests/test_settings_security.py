"""Security settings at start: published development keys are refused with DEBUG=0,
TRUSTED_PROXIES and TWO_FACTOR_REQUIRED_ROLES are validated (subprocess, like
test_settings.py)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from phongdich.core.tests.test_settings import ROOT, manage, production_env

DEV_SECRET = "dev-only-insecure-key-do-not-use-in-production-0123456789abcdef"
DEV_FERNET = "Hc0uWQm0Sx9mH5eYp3x2Xh0pYwzX9m0sQd5yQdHq7wU="
DEV_BLIND = "dev-only-blind-index-key"

PUBLISHED = {
    "secret-key": ({"SECRET_KEY": DEV_SECRET}, "SECRET_KEY is the published development key"),
    "encryption-key": (
        {"FIELD_ENCRYPTION_KEYS": DEV_FERNET},
        "FIELD_ENCRYPTION_KEYS holds the published development key",
    ),
    "encryption-key-behind-a-new-one": (
        {"FIELD_ENCRYPTION_KEYS": "Tgb0oY2Vq2n7KQx5m0lCq6w1n0u8a3W9ZfQ0bXy2rAc=," + DEV_FERNET},
        "FIELD_ENCRYPTION_KEYS holds the published development key",
    ),
    "blind-index-key": ({"BLIND_INDEX_KEY": DEV_BLIND}, "BLIND_INDEX_KEY is the published"),
}


def last_line(result: subprocess.CompletedProcess[str]) -> str:
    return result.stderr.strip().splitlines()[-1]


@pytest.mark.parametrize(("changes", "message"), PUBLISHED.values(), ids=PUBLISHED.keys())
def test_a_published_development_key_stops_a_production_start(
    changes: dict[str, str], message: str
) -> None:
    result = manage("check", env=production_env(**changes))
    assert result.returncode != 0
    line = last_line(result)
    assert line.startswith("django.core.exceptions.ImproperlyConfigured: ")
    assert message in line
    assert "python manage.py generate_keys" in line


def test_the_development_keys_still_work_in_development() -> None:
    env = production_env(
        DEBUG="1", SECRET_KEY=None, FIELD_ENCRYPTION_KEYS=None, BLIND_INDEX_KEY=None
    )
    result = manage("check", env=env)
    assert result.returncode == 0, result.stderr


BAD = {
    "proxy-word": ({"TRUSTED_PROXIES": "nginx"}, "TRUSTED_PROXIES must be comma-separated IP"),
    "proxy-bad-mask": ({"TRUSTED_PROXIES": "10.0.0.0/33"}, "got '10.0.0.0/33'"),
    "proxy-second-bad": ({"TRUSTED_PROXIES": "127.0.0.1, [::1]"}, "got '[::1]'"),
    "two-factor-unknown-role": (
        {"TWO_FACTOR_REQUIRED_ROLES": "director,boss"},
        "TWO_FACTOR_REQUIRED_ROLES names unknown roles ['boss']",
    ),
    "address-limit-zero": (
        {"AXES_ADDRESS_FAILURE_LIMIT": "0"},
        "AXES_ADDRESS_FAILURE_LIMIT must be at least 1",
    ),
    "remember-days-words": (
        {"TWO_FACTOR_REMEMBER_DAYS": "month"},
        "TWO_FACTOR_REMEMBER_DAYS must be a whole number",
    ),
}


@pytest.mark.parametrize(("changes", "message"), BAD.values(), ids=BAD.keys())
def test_a_bad_security_setting_stops_the_start(changes: dict[str, str], message: str) -> None:
    result = manage("check", env=production_env(**changes))
    assert result.returncode != 0
    line = last_line(result)
    assert line.startswith("django.core.exceptions.ImproperlyConfigured: ")
    assert message in line


def test_trusted_proxies_are_read_as_networks() -> None:
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.TRUSTED_PROXIES, s.AXES_CLIENT_IP_CALLABLE)"
    )
    env = production_env(TRUSTED_PROXIES="127.0.0.1, 10.1.2.3/8,::1")
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == (
        "['127.0.0.1/32', '10.0.0.0/8', '::1/128'] phongdich.core.audit.client_ip"
    )


def test_trusted_proxies_are_empty_by_default() -> None:
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.TRUSTED_PROXIES)"
    )
    env = production_env(TRUSTED_PROXIES=None)
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"

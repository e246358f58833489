"""Settings read from the environment: bad values stop the start with a clear message;
production values pass Django's deployment checks."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.fernet import Fernet

ROOT = Path(__file__).resolve().parents[3]
GOOD_SECRET = "k3P9-vX2_qLm8ZrT5wYb1NcF7hJd4GsA0eUo6iRt-yQp2WxVz8MnB5"
GOOD_BLIND = "b7Jq2LmX9pR4vT8wZ3nC6yF1hK5sD0gA"


def production_env(**changes: str | None) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "EMAIL_", "SECURE_", "SESSION_", "AXES_"))
        and key
        not in {
            "DEBUG",
            "SECRET_KEY",
            "ALLOWED_HOSTS",
            "DATABASE_URL",
            "FIELD_ENCRYPTION_KEYS",
            "BLIND_INDEX_KEY",
            "TESTING",
            "PUBLIC_BASE_URL",
        }
    }
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "phongdich.settings",
            "DEBUG": "0",
            "SECRET_KEY": GOOD_SECRET,
            "ALLOWED_HOSTS": "phongdich.example.gov.vn",
            "FIELD_ENCRYPTION_KEYS": Fernet.generate_key().decode(),
            "BLIND_INDEX_KEY": GOOD_BLIND,
            "PUBLIC_BASE_URL": "https://phongdich.example.gov.vn",
        }
    )
    for key, value in changes.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    return env


def manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_pass_the_deployment_checks() -> None:
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=production_env())
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_the_deployment_checks_catch_a_console_mailer_in_production() -> None:
    env = production_env(EMAIL_BACKEND="django.core.mail.backends.console.EmailBackend")
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode != 0
    assert "mail.E001" in result.stderr


def test_production_cookies_are_secure_and_https_is_enforced() -> None:
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY, "
        "s.SESSION_COOKIE_SAMESITE, s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS > 0, s.DEBUG)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=production_env(),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "True", "True", "Lax", "True", "True", "False"]


BAD_ENVIRONMENTS = {
    "debug-maybe": ({"DEBUG": "maybe"}, "DEBUG must be one of"),
    "no-secret-key": ({"SECRET_KEY": None}, "SECRET_KEY must be set when DEBUG=0"),
    "short-secret-key": ({"SECRET_KEY": "too-short"}, "SECRET_KEY must be at least 50"),
    "no-allowed-hosts": ({"ALLOWED_HOSTS": None}, "ALLOWED_HOSTS must be set when DEBUG=0"),
    "empty-allowed-hosts": ({"ALLOWED_HOSTS": " , "}, "ALLOWED_HOSTS must be set"),
    "database-url-garbage": ({"DATABASE_URL": "nonsense"}, "DATABASE_URL is not a valid"),
    "database-url-empty": ({"DATABASE_URL": ""}, "DATABASE_URL is set but empty"),
    "database-url-mysql": (
        {"DATABASE_URL": "mysql://u:p@db/phongdich"},
        "DATABASE_URL must be sqlite:///… or postgres://…",
    ),
    "database-url-bad-port": (
        {"DATABASE_URL": "postgres://u:p@db:port/phongdich"},
        "DATABASE_URL is not a valid",
    ),
    "no-encryption-keys": (
        {"FIELD_ENCRYPTION_KEYS": None},
        "FIELD_ENCRYPTION_KEYS and BLIND_INDEX_KEY must be set",
    ),
    "encryption-key-garbage": (
        {"FIELD_ENCRYPTION_KEYS": "not-a-fernet-key"},
        "FIELD_ENCRYPTION_KEYS: key 1 is not a Fernet key",
    ),
    "second-encryption-key-garbage": (
        {"FIELD_ENCRYPTION_KEYS": Fernet.generate_key().decode() + ",c2hvcnQ="},
        "FIELD_ENCRYPTION_KEYS: key 2 is not a Fernet key",
    ),
    "no-blind-index-key": (
        {"BLIND_INDEX_KEY": None},
        "FIELD_ENCRYPTION_KEYS and BLIND_INDEX_KEY must be set",
    ),
    "short-blind-index-key": ({"BLIND_INDEX_KEY": "abc"}, "BLIND_INDEX_KEY must be at least 32"),
    "axes-limit-zero": ({"AXES_FAILURE_LIMIT": "0"}, "AXES_FAILURE_LIMIT must be at least 1"),
    "session-idle-words": (
        {"SESSION_IDLE_MINUTES": "thirty"},
        "SESSION_IDLE_MINUTES must be a whole number",
    ),
    "tls-and-ssl": (
        {"EMAIL_USE_TLS": "1", "EMAIL_USE_SSL": "1"},
        "EMAIL_USE_TLS and EMAIL_USE_SSL cannot both be set",
    ),
}


@pytest.mark.parametrize(
    ("changes", "message"), BAD_ENVIRONMENTS.values(), ids=BAD_ENVIRONMENTS.keys()
)
def test_a_bad_environment_value_stops_the_start_with_a_clear_message(
    changes: dict[str, str | None], message: str
) -> None:
    result = manage("check", env=production_env(**changes))
    assert result.returncode != 0
    last_line = result.stderr.strip().splitlines()[-1]
    assert last_line.startswith("django.core.exceptions.ImproperlyConfigured: ")
    assert message in last_line


def test_a_bad_fernet_key_is_refused_in_development_too() -> None:
    env = production_env(DEBUG="1", FIELD_ENCRYPTION_KEYS="xyz")
    result = manage("check", env=env)
    assert result.returncode != 0
    assert "FIELD_ENCRYPTION_KEYS: key 1 is not a Fernet key" in result.stderr


def test_development_needs_no_environment_at_all() -> None:
    env = production_env(
        DEBUG=None,
        SECRET_KEY=None,
        ALLOWED_HOSTS=None,
        FIELD_ENCRYPTION_KEYS=None,
        BLIND_INDEX_KEY=None,
        PUBLIC_BASE_URL=None,
    )
    result = manage("check", env=env)
    assert result.returncode == 0, result.stderr

"""Settings for Phòng dịch số.

One file; every knob comes from the environment through the small readers
below, which fail at start with a clear message when a value is malformed.
"""

from __future__ import annotations

import ipaddress
import os
import sys
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be one of 1/0/true/false/yes/no/on/off, got {raw!r}")


def env_int(name: str, default: int, *, minimum: int = 0) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, got {raw!r}") from None
    if value < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}, got {value}")
    return value


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_networks(name: str) -> list[str]:
    """Comma-separated IP addresses or CIDR ranges (``10.0.0.0/8``, ``::1``),
    each normalised to its network (``10.1.2.3/8`` -> ``10.0.0.0/8``)."""
    networks = []
    for item in env_list(name, []):
        try:
            networks.append(str(ipaddress.ip_network(item, strict=False)))
        except ValueError:
            raise ImproperlyConfigured(
                f"{name} must be comma-separated IP addresses or CIDR ranges "
                f"(such as 127.0.0.1,10.0.0.0/8,::1), got {item!r}"
            ) from None
    return networks


TESTING = "pytest" in sys.modules or env_bool("TESTING", False)
DEBUG = env_bool("DEBUG", True)

# Development defaults: published in this repository, so refused when DEBUG=0.
_DEV_SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production-0123456789abcdef"
_DEV_FERNET_KEY = "Hc0uWQm0Sx9mH5eYp3x2Xh0pYwzX9m0sQd5yQdHq7wU="
_DEV_BLIND_INDEX_KEY = "dev-only-blind-index-key"
_GENERATE = "generate new ones with: python manage.py generate_keys"

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG=0")
    SECRET_KEY = _DEV_SECRET_KEY
if not DEBUG and SECRET_KEY == _DEV_SECRET_KEY:
    raise ImproperlyConfigured(
        f"SECRET_KEY is the published development key: never use it with DEBUG=0 ({_GENERATE})"
    )
if not DEBUG and len(SECRET_KEY) < 50:
    raise ImproperlyConfigured("SECRET_KEY must be at least 50 characters long when DEBUG=0")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if DEBUG else [])
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured(
        "ALLOWED_HOSTS must be set when DEBUG=0 (comma-separated host names)"
    )

# Keys for personal data at rest. FIELD_ENCRYPTION_KEYS: comma-separated Fernet
# keys, newest first (rotation: add a new one in front, run `reencrypt`).
# BLIND_INDEX_KEY: the HMAC key for lookups of encrypted values.
FIELD_ENCRYPTION_KEYS = env_list("FIELD_ENCRYPTION_KEYS", [] if not DEBUG else [_DEV_FERNET_KEY])
BLIND_INDEX_KEY = env_str("BLIND_INDEX_KEY", "" if not DEBUG else _DEV_BLIND_INDEX_KEY)
if not DEBUG and (not FIELD_ENCRYPTION_KEYS or not BLIND_INDEX_KEY):
    raise ImproperlyConfigured(
        "FIELD_ENCRYPTION_KEYS and BLIND_INDEX_KEY must be set when DEBUG=0 "
        "(generate a key with: python manage.py generate_keys)"
    )
if not DEBUG and _DEV_FERNET_KEY in FIELD_ENCRYPTION_KEYS:
    raise ImproperlyConfigured(
        "FIELD_ENCRYPTION_KEYS holds the published development key: never use it with "
        f"DEBUG=0 ({_GENERATE})"
    )
if not DEBUG and BLIND_INDEX_KEY == _DEV_BLIND_INDEX_KEY:
    raise ImproperlyConfigured(
        f"BLIND_INDEX_KEY is the published development key: never use it with DEBUG=0 ({_GENERATE})"
    )
for _position, _key in enumerate(FIELD_ENCRYPTION_KEYS, start=1):
    try:
        Fernet(_key.encode())
    except (ValueError, TypeError):
        raise ImproperlyConfigured(
            f"FIELD_ENCRYPTION_KEYS: key {_position} is not a Fernet key (32 url-safe "
            "base64-encoded bytes; generate one with: python manage.py generate_keys)"
        ) from None
if not DEBUG and len(BLIND_INDEX_KEY) < 32:
    raise ImproperlyConfigured(
        "BLIND_INDEX_KEY must be at least 32 characters long when DEBUG=0 "
        "(generate one with: python manage.py generate_keys)"
    )

INSTALLED_APPS = [
    "phongdich.core.apps.PhongdichAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_tasks_db",
    "phongdich.core",
    "phongdich.accounts",
    "phongdich.org",
    "phongdich.checkin",
    "phongdich.tracing",
    "phongdich.directives",
    "phongdich.notifications",
    "phongdich.equipment",
    "phongdich.support",
    "phongdich.adoption",
    "phongdich.news",
    "phongdich.meetings",
    "phongdich.privacy",
    "phongdich.guide",
]

MIDDLEWARE = [
    # First: everything after it reads the client address through TRUSTED_PROXIES.
    "phongdich.core.middleware.ClientAddressMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "phongdich.core.middleware.PrivateCacheMiddleware",
    "phongdich.accounts.middleware.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "phongdich.urls"
WSGI_APPLICATION = "phongdich.wsgi.application"
AUTH_USER_MODEL = "accounts.User"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "phongdich.core.context_processors.roles",
                "phongdich.notifications.context_processors.unread",
            ],
        },
    },
]

# Database: SQLite file in the repo root by default; DATABASE_URL for PostgreSQL.
_db_url = env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}").strip()
# The test suite's Citus pass (conftest.py): CITUS_URL is a cluster's coordinator; only
# the database-bound tests run, each test database made on every node.
CITUS_URL = env_str("CITUS_URL").strip() if TESTING else ""
if CITUS_URL:
    _db_url = CITUS_URL
if not _db_url:
    raise ImproperlyConfigured(
        "DATABASE_URL is set but empty: unset it for SQLite, or give sqlite:///… or postgres://…"
    )
try:
    _db = dj_database_url.parse(_db_url, conn_max_age=600, conn_health_checks=True)
except (ValueError, dj_database_url.UnknownSchemeError) as exc:
    raise ImproperlyConfigured(f"DATABASE_URL is not a valid database URL: {exc}") from None
if _db["ENGINE"] == "django.db.backends.sqlite3":
    _db["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
            "PRAGMA busy_timeout=20000; PRAGMA foreign_keys=ON;"
        ),
    }
elif _db["ENGINE"] != "django.db.backends.postgresql":
    raise ImproperlyConfigured("DATABASE_URL must be sqlite:///… or postgres://…")
DATABASES = {"default": _db}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: local memory by default (one process); a shared cache is not needed
# for anything the application counts (rate limits live in the database).
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

TASKS = {
    "default": {
        "BACKEND": env_str(
            "TASKS_BACKEND",
            "django.tasks.backends.immediate.ImmediateBackend"
            if TESTING
            else "django_tasks_db.DatabaseBackend",
        ),
        "QUEUES": ["default"],
    }
}

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "phongdich.accounts.backends.UsernameOrPhoneBackend",
]
if TESTING:
    # The test client's force_login() takes the first backend that can load a user:
    # this one, which never authenticates a password and stands for a completed
    # second factor, so tests that sign a privileged user in directly keep working.
    # Real log-ins in tests go through UsernameOrPhoneBackend and the second factor.
    AUTHENTICATION_BACKENDS.insert(1, "phongdich.core.tests.base.ForceLoginBackend")
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Lockout after repeated failures: an account after AXES_FAILURE_LIMIT failures from
# any addresses, an address after AXES_ADDRESS_FAILURE_LIMIT failures against any
# accounts, both for AXES_COOLOFF_MINUTES after the last failure (or until an Admin
# unlocks). The counting is phongdich.accounts.lockout.AccountAndAddressHandler.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5, minimum=1)
AXES_ADDRESS_FAILURE_LIMIT = env_int("AXES_ADDRESS_FAILURE_LIMIT", 30, minimum=1)
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_MINUTES", 15, minimum=1) / 60  # hours
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_HANDLER = "phongdich.accounts.lockout.AccountAndAddressHandler"
AXES_HTTP_RESPONSE_CODE = 429
AXES_LOCKOUT_CALLABLE = "phongdich.accounts.lockout.lockout_response"
# One count per account, whichever spelling (username, phone in any format) is typed.
AXES_USERNAME_CALLABLE = "phongdich.accounts.lockout.axes_username"
# The client address behind TRUSTED_PROXIES (the same one rate limits and audit use).
AXES_CLIENT_IP_CALLABLE = "phongdich.core.audit.client_ip"
AXES_RESET_ON_SUCCESS = True
# A lock lasts the cool-off from the failure that set it: refused tries do not extend
# it (an attacker cannot keep the owner out for ever by trying on).
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_USERNAME_FORM_FIELD = "username"
AXES_VERBOSE = False

# Second factor (TOTP, django-otp): required for these roles (codes of
# phongdich.core.roles.Role), optional for everyone else.
TWO_FACTOR_REQUIRED_ROLES = env_list(
    "TWO_FACTOR_REQUIRED_ROLES", ["director", "office", "tracer", "it", "admin"]
)
TWO_FACTOR_REMEMBER_DAYS = env_int("TWO_FACTOR_REMEMBER_DAYS", 30, minimum=1)
OTP_TOTP_ISSUER = "Phòng dịch số"
OTP_TOTP_THROTTLE_FACTOR = 1

# Reverse proxies whose X-Forwarded-For is believed (addresses or CIDR ranges; empty:
# none, the client is REMOTE_ADDR). See phongdich.core.audit.client_ip.
TRUSTED_PROXIES = env_networks("TRUSTED_PROXIES")

# Sessions: idle timeout (the cookie's age is renewed on every request).
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_MINUTES", 30, minimum=1) * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_FAILURE_VIEW = "phongdich.core.views.csrf_failure"

# Language and time.
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Tiếng Việt")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["phongdich.formats"]

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "var" / "uploads")))
if TESTING and "MEDIA_ROOT" not in os.environ:
    # Tests never write into the working tree's uploads.
    import tempfile

    MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="phongdich-test-media-"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or TESTING
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DIRECTIVE_ATTACHMENT_MAX_MB = env_int("DIRECTIVE_ATTACHMENT_MAX_MB", 20, minimum=1)
# Directive reminders (days before the deadline, comma-separated; overdue every N days).
# Urging notices and compiled reports are signed by the Director or a deputy chosen per
# document from the staff directory (role "Giám đốc / Phó Giám đốc"): no name here.
DIRECTIVE_REMINDER_DAYS_BEFORE = env_str("DIRECTIVE_REMINDER_DAYS_BEFORE", "3,1")
REMINDER_OVERDUE_EVERY_DAYS = env_int("REMINDER_OVERDUE_EVERY_DAYS", 1, minimum=1)
STAFF_IMPORT_MAX_BYTES = env_int("STAFF_IMPORT_MAX_MB", 20, minimum=1) * 1024 * 1024
# Meetings: a self-hosted Jitsi for generated rooms (empty: no generated rooms).
JITSI_BASE_URL = env_str("JITSI_BASE_URL", "").strip().rstrip("/")

# Email (Django 6.1 MAILERS): the console in development, SMTP in production
# (EMAIL_HOST…). `check --deploy` refuses a development backend with DEBUG=0.
_SMTP_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
_mail_backend = env_str(
    "EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend" if DEBUG else _SMTP_BACKEND
)
_mail_options: dict[str, object] = {}
if _mail_backend == _SMTP_BACKEND:
    _mail_options = {
        "host": env_str("EMAIL_HOST", "localhost"),
        "port": env_int("EMAIL_PORT", 25, minimum=1),
        "username": env_str("EMAIL_HOST_USER"),
        "password": env_str("EMAIL_HOST_PASSWORD"),
        "use_tls": env_bool("EMAIL_USE_TLS", False),
        "use_ssl": env_bool("EMAIL_USE_SSL", False),
        "timeout": env_int("EMAIL_TIMEOUT", 20, minimum=1),
    }
    if _mail_options["use_tls"] and _mail_options["use_ssl"]:
        raise ImproperlyConfigured("EMAIL_USE_TLS and EMAIL_USE_SSL cannot both be set")
MAILERS = {"default": {"BACKEND": _mail_backend, "OPTIONS": _mail_options}}
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "phongdich@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Content Security Policy with nonces; nothing from a third-party host.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "connect-src": [CSP.SELF],
    "font-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

if not DEBUG:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

# Public check-in: rate limits per client address and per phone (requests per window).
CHECKIN_RATE_WINDOW_SECONDS = env_int("CHECKIN_RATE_WINDOW_SECONDS", 300, minimum=1)
CHECKIN_RATE_PER_CLIENT = env_int("CHECKIN_RATE_PER_CLIENT", 300, minimum=1)
CHECKIN_RATE_PER_PHONE = env_int("CHECKIN_RATE_PER_PHONE", 10, minimum=1)
CHECKIN_COOKIE_DAYS = env_int("CHECKIN_COOKIE_DAYS", 365, minimum=1)
CHECKIN_FORM_MAX_AGE_SECONDS = env_int("CHECKIN_FORM_MAX_AGE_SECONDS", 6 * 3600, minimum=60)
# import_checkins: unknown gate codes are created under this unit (a unit code;
# empty: the root unit, the one without a parent).
CHECKIN_IMPORT_DEFAULT_UNIT = env_str("CHECKIN_IMPORT_DEFAULT_UNIT", "").strip()
CONSENT_VERSION = "2026-11-v1"

# Absolute base of the URLs printed on QR posters ("https://phongdich.example.gov.vn").
PUBLIC_BASE_URL = env_str("PUBLIC_BASE_URL", "http://127.0.0.1:8000").strip().rstrip("/")
_public = urlsplit(PUBLIC_BASE_URL)
if _public.scheme not in {"http", "https"} or not _public.netloc or _public.query:
    raise ImproperlyConfigured(
        f"PUBLIC_BASE_URL must be an absolute http(s) URL such as https://phongdich.example.vn, "
        f"got {PUBLIC_BASE_URL!r}"
    )
if _public.path or _public.fragment:
    raise ImproperlyConfigured(
        f"PUBLIC_BASE_URL must be scheme and host only (no path), got {PUBLIC_BASE_URL!r}"
    )
if not DEBUG and _public.scheme != "https":
    raise ImproperlyConfigured(
        f"PUBLIC_BASE_URL must start with https:// when DEBUG=0 (QR posters carry it), "
        f"got {PUBLIC_BASE_URL!r}"
    )

# Browser tests: Debian's Chromium by default.
CHROMIUM_PATH = env_str("CHROMIUM_PATH", "/usr/bin/chromium")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}

# Adoption (issue 13 item 2): the weekly app question on a staff member's first check-in
# result page of the day; off only to measure it (benchmarks/checkin_app_prompt.py).
ADOPTION_CHECKIN_PROMPT = env_bool("ADOPTION_CHECKIN_PROMPT", True)
# `make run` (DEBUG=1) shows the Vietnamese 404 and 500 pages, not Django's English
# technical pages (docs/operations.md); DEBUG_TECHNICAL_PAGES=1 brings those back.
DEBUG_TECHNICAL_PAGES = env_bool("DEBUG_TECHNICAL_PAGES", False)
if DEBUG and not DEBUG_TECHNICAL_PAGES:
    MIDDLEWARE.append("phongdich.core.middleware.DebugErrorPagesMiddleware")
# Printed pages (issue 16): the header of every printed page names the Department.
ORG_NAME = env_str("ORG_NAME", "Sở Lao động - Thương binh và Xã hội tỉnh Thanh Hóa")

"""The second factor: a TOTP authenticator app (django-otp), one-time recovery codes,
and browsers remembered for TWO_FACTOR_REMEMBER_DAYS.

Who needs it: holders of a role in TWO_FACTOR_REQUIRED_ROLES must enrol; anyone else
may, and once enrolled must verify at each log-in too. Until then the session reaches
only the pages in ``OPEN_URL_NAMES`` (``SecondFactorMiddleware``).
"""

from __future__ import annotations

import hashlib
import secrets
import time
from base64 import b32encode
from enum import StrEnum
from typing import Any
from urllib.parse import quote, urlencode

import segno
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, REDIRECT_FIELD_NAME, load_backend
from django.core import signing
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp import login as otp_login
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from phongdich.core.permissions import roles_of

RECOVERY_CODE_COUNT = 10
RECOVERY_ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz"  # Crockford's base 32
BROWSER_COOKIE = "pd_2fa_browser"
BROWSER_SALT = "phongdich.accounts.trusted-browser"
# A session of a user who needs no second factor is re-checked this often (a role
# given meanwhile then takes effect).
OPTIONAL_RECHECK_SECONDS = 300
_OPTIONAL_UNTIL = "pd_2fa_optional_until"
PENDING_KEY = "pd_2fa_pending_key"
NEW_CODES = "pd_2fa_new_codes"

# Pages an unverified session may still open (namespace "accounts" unless qualified).
OPEN_URL_NAMES = frozenset(
    {
        "accounts:logout",
        "accounts:two_factor_enrol",
        "accounts:two_factor_verify",
        "accounts:two_factor_codes",
        "set_language",
    }
)


class State(StrEnum):
    OK = "ok"  # verified, or no second factor needed
    VERIFY = "verify"  # enrolled: must type a code
    ENROL = "enrol"  # a required role and no authenticator yet


def required_for(user: Any) -> bool:
    return bool(roles_of(user) & set(settings.TWO_FACTOR_REQUIRED_ROLES))


def device_of(user: Any) -> TOTPDevice | None:
    """The user's confirmed authenticator, if any."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("-pk").first()


def _backend_stands_for_second_factor(request: HttpRequest) -> bool:
    path = request.session.get(BACKEND_SESSION_KEY)
    if not path or path not in settings.AUTHENTICATION_BACKENDS:
        return False
    return bool(getattr(load_backend(path), "verifies_second_factor", False))


def _session_device_ok(request: HttpRequest) -> bool:
    persistent_id = request.session.get(DEVICE_ID_SESSION_KEY)
    if not persistent_id:
        return False
    from django_otp.models import Device

    device = Device.from_persistent_id(persistent_id)
    return device is not None and device.user_id == request.user.pk and device.confirmed


def state(request: HttpRequest) -> State:
    """Where the signed-in user of ``request`` stands with the second factor.

    A valid remembered-browser cookie verifies the session on the way (no code)."""
    user = request.user
    if not user.is_authenticated:
        return State.OK
    session = request.session
    if _backend_stands_for_second_factor(request) or _session_device_ok(request):
        return State.OK
    until = session.get(_OPTIONAL_UNTIL)
    if isinstance(until, int | float) and until > time.time():
        return State.OK
    device = device_of(user)
    if device is not None:
        if trusted_browser_valid(request, user):
            mark_verified(request, device)
            return State.OK
        return State.VERIFY
    if required_for(user):
        return State.ENROL
    session[_OPTIONAL_UNTIL] = time.time() + OPTIONAL_RECHECK_SECONDS
    return State.OK


def mark_verified(request: HttpRequest, device: TOTPDevice) -> None:
    """The session passed the second factor (django-otp's session key)."""
    request.session.pop(_OPTIONAL_UNTIL, None)
    otp_login(request, device)


def with_next(name: str, next_url: str) -> str:
    return f"{reverse(name)}?{urlencode({REDIRECT_FIELD_NAME: next_url})}"


def step_url(request: HttpRequest, next_url: str) -> str | None:
    """Where a signed-in user goes before ``next_url`` for the second factor; None
    when the session may go on."""
    current = state(request)
    if current == State.VERIFY:
        return with_next("accounts:two_factor_verify", next_url)
    if current == State.ENROL:
        return with_next("accounts:two_factor_enrol", next_url)
    return None


# TOTP secrets --------------------------------------------------------------------


def new_secret() -> str:
    """A fresh TOTP key, hex-encoded as TOTPDevice.key (20 random bytes)."""
    return secrets.token_hex(20)


def code_at(key_hex: str, *, at: float | None = None, step: int = 30, digits: int = 6) -> str:
    """The TOTP code of ``key_hex`` at time ``at`` (now by default)."""
    totp = TOTP(bytes.fromhex(key_hex), step=step, digits=digits)
    totp.time = time.time() if at is None else at
    return f"{totp.token():0{digits}d}"


def code_matches(key_hex: str, code: str, *, tolerance: int = 1) -> bool:
    """Whether ``code`` is the key's code now, or one step before or after."""
    if not code.isdigit():
        return False
    totp = TOTP(bytes.fromhex(key_hex))
    totp.time = time.time()
    return bool(totp.verify(int(code), tolerance))


def config_url(key_hex: str, username: str) -> str:
    """The otpauth:// URL an authenticator app reads from the QR code."""
    issuer = settings.OTP_TOTP_ISSUER.replace(":", "")
    params = {
        "secret": b32encode(bytes.fromhex(key_hex)).decode().rstrip("="),
        "issuer": issuer,
        "algorithm": "SHA1",
        "digits": 6,
        "period": 30,
    }
    return f"otpauth://totp/{quote(f'{issuer}:{username}')}?{urlencode(params, quote_via=quote)}"


def qr_svg(url: str) -> str:
    """An inline SVG QR code (no script, no external reference: CSP-safe)."""
    return str(segno.make(url, error="m").svg_inline(scale=4, border=4, dark="#000", light="#fff"))


def secret_for_typing(key_hex: str) -> str:
    """The base-32 secret, in groups of four, for apps that cannot scan."""
    text = b32encode(bytes.fromhex(key_hex)).decode().rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


# Recovery codes ------------------------------------------------------------------


def new_recovery_code() -> str:
    raw = "".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(10))
    return f"{raw[:5]}-{raw[5:]}"


def normalise_recovery_code(text: str) -> str:
    cleaned = "".join(ch for ch in text.lower() if ch.isalnum())
    return cleaned.translate(str.maketrans("oilu", "011v"))


def code_hash(code: str) -> str:
    """A keyed hash of a recovery code (the code itself is never stored)."""
    normalised = normalise_recovery_code(code)
    return salted_hmac(
        "phongdich.accounts.recovery-code", normalised, algorithm="sha256"
    ).hexdigest()


def looks_like_recovery_code(text: str) -> bool:
    return len(normalise_recovery_code(text)) == 10


# Remembered browsers -------------------------------------------------------------


def browser_key_hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def trusted_browser_valid(request: HttpRequest, user: Any) -> bool:
    from phongdich.accounts.models import TrustedBrowser

    try:
        value = request.get_signed_cookie(
            BROWSER_COOKIE, salt=BROWSER_SALT, max_age=settings.TWO_FACTOR_REMEMBER_DAYS * 86400
        )
    except (KeyError, signing.BadSignature):
        return False
    user_id, _, key = str(value).partition(":")
    if user_id != str(user.pk) or not key:
        return False
    updated = TrustedBrowser.objects.filter(
        user=user, key_hash=browser_key_hash(key), expires_at__gt=timezone.now()
    ).update(last_used_at=timezone.now())
    return updated == 1


def set_browser_cookie(response: HttpResponse, *, user: Any, key: str) -> None:
    response.set_signed_cookie(
        BROWSER_COOKIE,
        f"{user.pk}:{key}",
        salt=BROWSER_SALT,
        max_age=settings.TWO_FACTOR_REMEMBER_DAYS * 86400,
        httponly=True,
        samesite="Lax",
        secure=not settings.DEBUG,
    )

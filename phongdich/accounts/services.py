"""Writes of the accounts app: the second factor, log-in unlocks, password-reset mail.

Each service validates, writes, records its audit entry in the same transaction and
enqueues follow-up work on commit.
"""

from __future__ import annotations

import math
import secrets
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from axes.models import AccessAttempt
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from phongdich.accounts import two_factor
from phongdich.accounts.backends import login_key
from phongdich.accounts.models import RecoveryCode, TrustedBrowser
from phongdich.core.audit import audit


@dataclass(frozen=True)
class Verified:
    device: TOTPDevice
    browser_key: str | None  # set when the browser is to be remembered
    by_recovery_code: bool


def _new_codes(user: Any) -> list[str]:
    RecoveryCode.objects.filter(user=user).delete()
    codes = [two_factor.new_recovery_code() for _ in range(two_factor.RECOVERY_CODE_COUNT)]
    RecoveryCode.objects.bulk_create(
        RecoveryCode(user=user, code_hash=two_factor.code_hash(code)) for code in codes
    )
    return codes


def _forget_second_factor(user: Any) -> dict[str, int]:
    devices, _ = TOTPDevice.objects.filter(user=user).delete()
    codes, _ = RecoveryCode.objects.filter(user=user).delete()
    browsers, _ = TrustedBrowser.objects.filter(user=user).delete()
    return {"devices": devices, "codes": codes, "browsers": browsers}


def totp_enrol(*, user: Any, key: str, code: str, ip: str | None) -> tuple[TOTPDevice, list[str]]:
    """Enrol the authenticator app holding ``key`` (hex), proven by a current ``code``.

    Returns the device and the recovery codes, in clear for the only time."""
    code = code.strip().replace(" ", "")
    if not two_factor.code_matches(key, code):
        raise ValidationError(
            _("Mã không đúng. Hãy nhập mã 6 chữ số đang hiện trong ứng dụng xác thực."),
            code="bad_code",
        )
    with transaction.atomic():
        if two_factor.device_of(user) is not None:
            raise ValidationError(
                _("Tài khoản đã có ứng dụng xác thực. Hãy đặt lại trước khi đăng ký lại."),
                code="enrolled",
            )
        TOTPDevice.objects.filter(user=user).delete()
        device = TOTPDevice(
            user=user, name="TOTP", key=key, confirmed=True, tolerance=1, step=30, digits=6
        )
        # The code just typed cannot be used again.
        device.last_t = int(timezone.now().timestamp()) // device.step
        device.save()
        codes = _new_codes(user)
        audit(None, "accounts.two_factor.enrol", actor=user, ip=ip, obj=user)
    return device, codes


def _throttled_message(device: TOTPDevice) -> str | None:
    allowed, data = device.verify_is_allowed()
    if allowed:
        return None
    until = (data or {}).get("locked_until")
    seconds = math.ceil((until - timezone.now()).total_seconds()) if until else 1
    return _("Đã nhập sai nhiều lần. Vui lòng đợi %(n)s giây rồi thử lại.") % {"n": max(1, seconds)}


def two_factor_verify(
    *, user: Any, code: str, remember: bool, user_agent: str, ip: str | None
) -> Verified:
    """Check a TOTP code or a one-time recovery code of ``user``.

    Failures slow the next try down (django-otp's throttling, doubling each time); the
    failure count is committed even though the call then raises."""
    with transaction.atomic():
        device = (
            TOTPDevice.objects.select_for_update()
            .filter(user=user, confirmed=True)
            .order_by("-pk")
            .first()
        )
        error = _check_code(device, user=user, code=code, ip=ip)
        browser_key = None
        if error is None and remember:
            browser_key = secrets.token_urlsafe(32)
            TrustedBrowser.objects.create(
                user=user,
                key_hash=two_factor.browser_key_hash(browser_key),
                user_agent=user_agent[:200],
                expires_at=timezone.now() + timedelta(days=settings.TWO_FACTOR_REMEMBER_DAYS),
            )
            audit(None, "accounts.two_factor.browser_remembered", actor=user, ip=ip, obj=user)
    if error is not None:
        raise error
    assert device is not None
    by_recovery = two_factor.looks_like_recovery_code(code)
    return Verified(device=device, browser_key=browser_key, by_recovery_code=by_recovery)


def _check_code(
    device: TOTPDevice | None, *, user: Any, code: str, ip: str | None
) -> ValidationError | None:
    if device is None:
        return ValidationError(_("Tài khoản chưa đăng ký ứng dụng xác thực."), code="none")
    throttled = _throttled_message(device)
    if throttled:
        return ValidationError(throttled, code="throttled")
    text = code.strip()
    if two_factor.looks_like_recovery_code(text):
        match = RecoveryCode.objects.filter(
            user=user, code_hash=two_factor.code_hash(text), used_at__isnull=True
        ).first()
        if match is None:
            device.throttle_increment()
        else:
            match.used_at = timezone.now()
            match.save(update_fields=["used_at"])
            device.throttle_reset()
            left = RecoveryCode.objects.filter(user=user, used_at__isnull=True).count()
            audit(
                None,
                "accounts.two_factor.recovery_code_used",
                actor=user,
                ip=ip,
                obj=user,
                codes_left=left,
            )
            return None
    elif device.verify_token(text.replace(" ", "")):
        return None
    return ValidationError(
        _("Mã xác thực không đúng hoặc đã được dùng. Hãy thử lại."), code="bad_code"
    )


def recovery_codes_regenerate(*, user: Any, ip: str | None) -> list[str]:
    """New recovery codes (the old ones stop working)."""
    with transaction.atomic():
        if two_factor.device_of(user) is None:
            raise ValidationError(_("Tài khoản chưa đăng ký ứng dụng xác thực."), code="none")
        codes = _new_codes(user)
        audit(None, "accounts.two_factor.codes_regenerate", actor=user, ip=ip, obj=user)
    return codes


def trusted_browsers_forget(*, user: Any, ip: str | None) -> int:
    """Revoke every remembered browser of ``user``."""
    with transaction.atomic():
        deleted, _ = TrustedBrowser.objects.filter(user=user).delete()
        audit(None, "accounts.two_factor.browsers_forget", actor=user, ip=ip, obj=user, n=deleted)
    return deleted


def two_factor_disable(*, user: Any, ip: str | None) -> None:
    """Turn the optional second factor off (refused for a role that requires it)."""
    with transaction.atomic():
        if two_factor.required_for(user):
            raise ValidationError(
                _("Vai trò của bạn bắt buộc xác thực hai lớp; không thể tắt."), code="required"
            )
        removed = _forget_second_factor(user)
        audit(None, "accounts.two_factor.disable", actor=user, ip=ip, obj=user, removed=removed)


def two_factor_reset(*, user: Any, actor: Any, ip: str | None) -> dict[str, int]:
    """The Admin removes a user's authenticator, recovery codes and remembered
    browsers (a lost phone): the user enrols again at the next request."""
    with transaction.atomic():
        removed = _forget_second_factor(user)
        audit(
            None,
            "accounts.two_factor.reset",
            actor=actor,
            ip=ip,
            obj=user,
            devices=removed["devices"],
            codes=removed["codes"],
            browsers=removed["browsers"],
        )
    return removed


def login_unlock(*, user: Any, actor: Any, ip: str | None) -> int:
    """The Admin ends a log-in lockout of ``user``'s account (its failures from every
    address are forgotten)."""
    with transaction.atomic():
        deleted, _ = AccessAttempt.objects.filter(username=login_key(user.get_username())).delete()
        audit(None, "accounts.login.unlock", actor=actor, ip=ip, obj=user, attempts=deleted)
    return deleted


def password_reset_request(*, email: str, domain: str, use_https: bool, language: str) -> None:
    """Queue the password-reset mail for ``email``.

    The request only enqueues: whether an account has that address is looked up by
    the background task, so the answer is the same, in the same time, either way."""
    from phongdich.accounts.tasks import send_password_reset
    from phongdich.core.crypto import encrypt

    # The address waits in the task table until the worker runs: encrypted there.
    send_password_reset.enqueue(
        sealed_email=encrypt(email), domain=domain, use_https=use_https, language=language
    )

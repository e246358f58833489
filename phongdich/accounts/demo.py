"""Demo second factors: the demo accounts of roles that require TOTP are enrolled with
known secrets (listed in the README), so the demo is tried without a phone:
``python manage.py totp_code USERNAME`` prints the current code."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from phongdich.accounts import two_factor


def demo_key(username: str) -> str:
    """The published TOTP key (hex) of a demo account: never secret."""
    return hashlib.sha1(
        f"phongdich-demo-totp:{username}".encode(), usedforsecurity=False
    ).hexdigest()


@transaction.atomic
def enrol_demo_accounts(usernames: Iterable[str]) -> dict[str, str]:
    """Enrol each named account that needs a second factor and has none, with its
    demo key. Returns username -> base-32 secret for every such account (idempotent)."""
    User: Any = get_user_model()
    secrets: dict[str, str] = {}
    for user in User.objects.filter(username__in=list(usernames)).order_by("pk"):
        if not two_factor.required_for(user):
            continue
        key = demo_key(user.username)
        if not TOTPDevice.objects.filter(user=user, confirmed=True).exists():
            TOTPDevice.objects.create(user=user, name="TOTP (demo)", key=key, confirmed=True)
        secrets[user.username] = two_factor.secret_for_typing(key)
    return secrets

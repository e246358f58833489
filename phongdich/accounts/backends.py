from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest

from phongdich.core.crypto import blind_index
from phongdich.core.text import nfc
from tracing_engine.identity import InvalidPhone, normalize_phone


def find_user(identifier: str) -> Any:
    """The account named by a username, or by the phone number of its staff record
    (any spelling: 0912345678, +84 912 345 678, 84912345678…); None if neither."""
    text = nfc(identifier)
    if not text:
        return None
    User = get_user_model()
    # Usernames are stored NFKC-normalised (AbstractBaseUser.normalize_username).
    user = User._default_manager.filter(username=User.normalize_username(text)).first()
    if user is not None:
        return user
    try:
        phone = normalize_phone(text)
    except InvalidPhone:
        return None
    return User._default_manager.filter(
        staff__phone_index=blind_index(phone, purpose="phone")
    ).first()


def login_key(identifier: str) -> str:
    """One key per account for counting failed log-ins: the username of the account
    the identifier names, else the normalised phone, else the identifier itself.

    Without it, each spelling of a phone number (and the username) would get its
    own allowance of failures before the lockout.
    """
    user = find_user(identifier)
    if user is not None:
        return str(user.get_username())
    text = nfc(identifier)
    try:
        return normalize_phone(text)
    except InvalidPhone:
        return text


class UsernameOrPhoneBackend(ModelBackend):
    """Log in with a username, or with the phone number of one's staff record."""

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> Any:
        if username is None or password is None:
            return None
        user = find_user(username)
        if user is None:
            get_user_model()().set_password(password)  # same work as a real check
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None

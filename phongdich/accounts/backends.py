from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest

from phongdich.core.crypto import blind_index
from tracing_engine.identity import InvalidPhone, normalize_phone


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
        User = get_user_model()
        user = User._default_manager.filter(username=username.strip()).first()
        if user is None:
            try:
                phone = normalize_phone(username)
            except InvalidPhone:
                phone = ""
            if phone:
                user = User._default_manager.filter(
                    staff__phone_index=blind_index(phone, purpose="phone")
                ).first()
        if user is None:
            User().set_password(password)  # same work as a real check: no timing oracle
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None

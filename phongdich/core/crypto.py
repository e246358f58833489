"""Personal data at rest: Fernet-encrypted text fields and keyed-hash (blind) indexes.

An encrypted column cannot be filtered on, so each searchable one has a
sibling column holding HMAC-SHA256(BLIND_INDEX_KEY, purpose, value).
"""

from __future__ import annotations

import hashlib
import hmac
from functools import cache
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models


@cache
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    try:
        return MultiFernet([Fernet(key.encode()) for key in keys])
    except (ValueError, TypeError):
        raise ImproperlyConfigured(
            "FIELD_ENCRYPTION_KEYS must hold url-safe base64 Fernet keys of 32 bytes"
        ) from None


def fernet() -> MultiFernet:
    return _fernet(tuple(settings.FIELD_ENCRYPTION_KEYS))


def encrypt(value: str) -> str:
    return fernet().encrypt(value.encode()).decode()


def decrypt(token: str) -> str:
    try:
        return fernet().decrypt(token.encode()).decode()
    except InvalidToken:
        raise ImproperlyConfigured(
            "An encrypted value could not be decrypted: FIELD_ENCRYPTION_KEYS lacks its key"
        ) from None


def blind_index(value: str, *, purpose: str) -> str:
    """A stable keyed hash of ``value`` for equality lookups; empty for an empty value."""
    if not value:
        return ""
    key = settings.BLIND_INDEX_KEY.encode()
    return hmac.new(key, f"{purpose}\x00{value}".encode(), hashlib.sha256).hexdigest()


class EncryptedTextField(models.TextField):
    """Text stored as a Fernet token; read back as plain text. Not filterable."""

    description = "Encrypted text"

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return encrypt(str(value))

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        if value is None or value == "":
            return value
        return decrypt(value)


# Key rotation (``manage.py reencrypt``) ---------------------------------------------------


def token_is_current(token: str) -> bool:
    """True when ``token`` decrypts with the newest key (FIELD_ENCRYPTION_KEYS[0]) alone."""
    keys = tuple(settings.FIELD_ENCRYPTION_KEYS)
    if not keys:
        raise ImproperlyConfigured("FIELD_ENCRYPTION_KEYS is empty")
    try:
        _fernet(keys[:1]).decrypt(token.encode())
    except InvalidToken:
        return False
    return True


def reencrypt_token(token: str) -> str:
    """``token`` re-encrypted under the newest key (its timestamp kept). Raises
    ``InvalidToken`` when no configured key decrypts it."""
    return fernet().rotate(token.encode()).decode()


def encrypted_models() -> list[tuple[type[models.Model], list[EncryptedTextField]]]:
    """Every concrete model with encrypted columns of its own table, and those columns,
    sorted by ``app_label.ModelName``."""
    from django.apps import apps

    found = []
    for model in apps.get_models():
        meta = model._meta
        if meta.abstract or meta.proxy or not meta.managed:
            continue
        columns = [f for f in meta.local_concrete_fields if isinstance(f, EncryptedTextField)]
        if columns:
            found.append((model, columns))
    return sorted(found, key=lambda item: item[0]._meta.label)

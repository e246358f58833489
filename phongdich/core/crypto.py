"""Personal data at rest: Fernet-encrypted text fields and keyed-hash (blind) indexes.

An encrypted column cannot be filtered on, so each searchable one has a
sibling column holding HMAC-SHA256(BLIND_INDEX_KEY, purpose, value).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import time
from collections.abc import Sequence
from functools import cache
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
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


def encrypt_many(values: Sequence[str]) -> list[str]:
    """``encrypt`` of each value (the newest key), for many values at once (bulk import).

    The same tokens as ``Fernet.encrypt`` would make with this moment and fresh random
    IVs; cheaper because the AES work of all values is done in a few calls (one per
    block position) instead of a new cipher context per value (``fernet_tokens``)."""
    if not values:
        return []
    fernet()  # the configured keys are valid (ImproperlyConfigured otherwise)
    raw = base64.urlsafe_b64decode(settings.FIELD_ENCRYPTION_KEYS[0].encode())
    return fernet_tokens(
        [v.encode() for v in values],
        signing_key=raw[:16],
        encryption_key=raw[16:],
        now=int(time.time()),
        ivs=os.urandom(16 * len(values)),
    )


def fernet_tokens(
    plain: Sequence[bytes], *, signing_key: bytes, encryption_key: bytes, now: int, ivs: bytes
) -> list[str]:
    """Fernet tokens of ``plain`` (the spec: version 0x80, timestamp ``now``, IV, AES-128-CBC
    of the PKCS7-padded data, HMAC-SHA256 of all that), value ``i`` with IV
    ``ivs[16 i : 16 i + 16]``. Pinned to ``cryptography``'s ``Fernet`` byte for byte by
    property tests (core/tests/test_crypto_batch.py).

    CBC chains the blocks of one value, not the values: block ``j`` of every value that
    has one is enciphered in the same AES (ECB, one block each) call, after XOR with the
    value's previous ciphertext block (its IV for ``j = 0``); the XOR of all those
    blocks is one big-integer operation."""
    count = len(plain)
    padded = []
    for data in plain:
        pad = 16 - len(data) % 16
        padded.append(data + bytes((pad,)) * pad)
    previous = [ivs[16 * i : 16 * i + 16] for i in range(count)]
    bodies: list[list[bytes]] = [[] for _ in range(count)]
    # ECB enciphers single blocks here; the chaining (CBC) is applied above it.
    encryptor = Cipher(algorithms.AES(encryption_key), modes.ECB()).encryptor()  # noqa: S305
    active = list(range(count))
    at = 0
    while active:
        chained = b"".join([previous[i] for i in active])
        blocks = b"".join([padded[i][at : at + 16] for i in active])
        size = len(chained)
        mixed = (int.from_bytes(chained) ^ int.from_bytes(blocks)).to_bytes(size)
        enciphered = encryptor.update(mixed)
        still = []
        for k, i in enumerate(active):
            block = enciphered[16 * k : 16 * k + 16]
            bodies[i].append(block)
            previous[i] = block
            if len(padded[i]) > at + 16:
                still.append(i)
        active = still
        at += 16
    head = b"\x80" + now.to_bytes(8, "big")
    digest = hmac.digest
    encode = base64.urlsafe_b64encode
    tokens = []
    for i in range(count):
        signed = head + ivs[16 * i : 16 * i + 16] + b"".join(bodies[i])
        tokens.append(encode(signed + digest(signing_key, signed, "sha256")).decode())
    return tokens


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

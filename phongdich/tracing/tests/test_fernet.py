"""The store's hand-written Fernet decryption agrees exactly with ``MultiFernet``.

``store._fernet_decrypt_batch`` re-implements Fernet decryption for speed (one
AES call per key for a whole batch; see its docstring). These property tests pin
it to the library over random plaintexts (text and arbitrary bytes), random
keys, key rotations (tokens made under an older key of the list, or re-encrypted
with ``MultiFernet.rotate``), tokens of a key that left the list, and tampered
tokens: flipped bytes, truncated bytes or text, a wrong version byte (also
re-signed, so that only the version is wrong), bad base64, and tokens correctly
signed around an arbitrary body (bad padding, a ciphertext that is not whole
blocks, too short to hold an IV).

The reference is what ``core.crypto.decrypt`` does with ``MultiFernet``:
``MultiFernet(keys).decrypt(token.encode()).decode()``, where ``InvalidToken``
becomes ``ImproperlyConfigured``. The hand-written path must return exactly what
the reference returns, or raise where it raises (the same exception class).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from typing import Any
from unittest import mock

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from django.core.exceptions import ImproperlyConfigured
from django.test import SimpleTestCase, override_settings
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from phongdich.tracing import store as store_module

Outcome = tuple[str, Any]  # ("returns", value) or ("raises", exception class)

PROPERTY = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])

raw_keys = st.binary(min_size=32, max_size=32)
halves = st.binary(min_size=16, max_size=16)


def _encoded(keys: list[bytes]) -> list[str]:
    return [base64.urlsafe_b64encode(k).decode() for k in keys]


independent_keys = st.lists(raw_keys, min_size=1, max_size=4, unique=True).map(_encoded)
# Keys sharing a signing half: a token then authenticates under several keys, and
# MultiFernet moves on to the next key when the padding is wrong.
shared_signing_keys = st.lists(halves, min_size=1, max_size=2, unique=True).flatmap(
    lambda signing: st.lists(
        st.tuples(st.sampled_from(signing), halves).map(b"".join),
        min_size=1,
        max_size=4,
        unique=True,
    ).map(_encoded)
)
key_lists = st.one_of(independent_keys, shared_signing_keys)
plaintexts = st.one_of(
    st.text(max_size=120).map(str.encode),  # identities are text...
    st.binary(max_size=120),  # ...but a token may hold any bytes (e.g. not UTF-8)
)
timestamps = st.integers(min_value=0, max_value=2**64 - 1)
KINDS = ("current", "older", "rotated", "foreign", "signed", "crafted")
TAMPERS = (
    "none",
    "flip",
    "truncate_bytes",
    "truncate_text",
    "version",
    "version_resigned",
    "base64_junk",
    "base64_garbage",
    "drop_padding",
    "extend",
)


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode()


def sign(key: str, data: bytes) -> bytes:
    """``data`` followed by its Fernet HMAC under ``key`` (its signing half)."""
    signing = base64.urlsafe_b64decode(key)[:16]
    return data + hmac.digest(signing, data, hashlib.sha256)


@st.composite
def honest_tokens(draw: st.DrawFn, keys: list[str]) -> tuple[str, bytes]:
    """A token any key of the list made (or a rotation re-made), and its plaintext."""
    plain = draw(plaintexts)
    kind = draw(st.sampled_from(("current", "older", "rotated")))
    at = draw(timestamps)
    if kind == "current":
        token = Fernet(keys[0]).encrypt_at_time(plain, at)
    elif kind == "older":
        token = Fernet(draw(st.sampled_from(keys))).encrypt_at_time(plain, at)
    else:
        old = Fernet(draw(st.sampled_from(keys))).encrypt_at_time(plain, at)
        token = MultiFernet([Fernet(k) for k in keys]).rotate(old)
    return token.decode(), plain


@st.composite
def crafted_tokens(draw: st.DrawFn, keys: list[str]) -> str:
    """A token a key holder built by hand: whole blocks enciphered as they are, with a
    padding that is often nearly right (its last byte in range, one byte off), signed."""
    raw = base64.urlsafe_b64decode(draw(st.sampled_from(keys)))
    signing, encryption = raw[:16], raw[16:]
    blocks = draw(st.integers(0, 5))
    padded = bytearray(draw(st.binary(min_size=16 * blocks, max_size=16 * blocks)))
    if padded:
        pad = draw(st.integers(0, 17))
        for j in range(1, min(pad, len(padded)) + 1):
            padded[-j] = pad
        if pad > 1 and draw(st.booleans()):
            padded[-draw(st.integers(2, min(pad, len(padded))))] ^= draw(st.integers(1, 255))
    iv = draw(st.binary(min_size=16, max_size=16))
    encryptor = Cipher(algorithms.AES(encryption), modes.CBC(iv)).encryptor()
    body = encryptor.update(bytes(padded)) + encryptor.finalize()
    header = b"\x80" + draw(timestamps).to_bytes(8, "big") + iv
    return b64(header + body + hmac.digest(signing, header + body, hashlib.sha256))


@st.composite
def any_tokens(draw: st.DrawFn, keys: list[str]) -> str:
    """An honest, foreign, hand-built or signed-around-anything token, maybe tampered."""
    kind = draw(st.sampled_from(KINDS))
    if kind == "foreign":  # a key that left the list (or never was in it)
        foreign = b64(draw(raw_keys.filter(lambda k: b64(k) not in keys)))
        token = Fernet(foreign).encrypt_at_time(draw(plaintexts), draw(timestamps)).decode()
    elif kind == "crafted":
        token = draw(crafted_tokens(keys))
    elif kind == "signed":  # correctly signed by a key of the list around any body
        version = draw(st.one_of(st.just(0x80), st.integers(0, 255)))
        body = draw(st.binary(max_size=100))
        token = b64(sign(draw(st.sampled_from(keys)), bytes((version,)) + body))
    else:
        token, _plain = draw(honest_tokens(keys))
    return tamper(draw, keys, token)


def tamper(draw: st.DrawFn, keys: list[str], token: str) -> str:
    how = draw(st.one_of(st.just("none"), st.sampled_from(TAMPERS)))  # half untouched
    data = bytearray(base64.urlsafe_b64decode(token))
    if how == "flip" and data:
        at = draw(st.integers(0, len(data) - 1))
        data[at] ^= draw(st.integers(1, 255))
        return b64(bytes(data))
    if how == "truncate_bytes":
        return b64(bytes(data[: draw(st.integers(0, max(len(data) - 1, 0)))]))
    if how == "truncate_text":
        return token[: draw(st.integers(0, max(len(token) - 1, 0)))]
    if how in ("version", "version_resigned") and data:
        data[0] = draw(st.integers(0, 255).filter(lambda v: v != 0x80))
        if how == "version":
            return b64(bytes(data))
        return b64(sign(draw(st.sampled_from(keys)), bytes(data[:-32])))
    if how == "base64_junk":  # characters outside the alphabet, anywhere
        at = draw(st.integers(0, len(token)))
        junk = draw(
            st.text(
                alphabet=st.one_of(
                    st.sampled_from("!*.~ \n\t=+/$%"),
                    st.characters(exclude_categories=("Cs",)),
                ),
                min_size=1,
                max_size=3,
            )
        )
        return token[:at] + junk + token[at:]
    if how == "base64_garbage":
        return draw(st.text(st.characters(exclude_categories=("Cs",)), max_size=120))
    if how == "drop_padding":
        return token.rstrip("=")
    if how == "extend":
        return b64(bytes(data) + draw(st.binary(min_size=1, max_size=32)))
    return token


def reference(keys: list[str], token: str) -> Outcome:
    """What ``core.crypto.decrypt`` gives through ``MultiFernet``."""
    try:
        value = MultiFernet([Fernet(k) for k in keys]).decrypt(token.encode()).decode()
    except InvalidToken:
        return ("raises", ImproperlyConfigured)  # decrypt(): "FIELD_ENCRYPTION_KEYS lacks its key"
    except Exception as exc:  # whatever else the library raises, the store must raise too
        return ("raises", type(exc))
    return ("returns", value)


def hand_written(keys: list[str], tokens: list[str]) -> Outcome:
    with override_settings(FIELD_ENCRYPTION_KEYS=keys):
        try:
            return ("returns", store_module._fernet_decrypt_batch(tokens))
        except Exception as exc:
            return ("raises", type(exc))


class HandWrittenFernetAgreesWithMultiFernet(SimpleTestCase):
    @PROPERTY
    @given(data=st.data(), keys=key_lists)
    def test_one_token_decrypts_or_raises_as_multifernet(
        self, data: st.DataObject, keys: list[str]
    ) -> None:
        token = data.draw(any_tokens(keys))
        kind, value = reference(keys, token)
        want: Outcome = (kind, [value]) if kind == "returns" else (kind, value)
        self.assertEqual(hand_written(keys, [token]), want, token)

    @PROPERTY
    @given(data=st.data(), keys=key_lists)
    def test_a_hand_built_token_decrypts_or_raises_as_multifernet(
        self, data: st.DataObject, keys: list[str]
    ) -> None:
        """Authenticated tokens whose padding or length is wrong, or nearly right."""
        token = data.draw(crafted_tokens(keys))
        kind, value = reference(keys, token)
        want: Outcome = (kind, [value]) if kind == "returns" else (kind, value)
        self.assertEqual(hand_written(keys, [token]), want, token)

    @PROPERTY
    @given(data=st.data(), keys=key_lists)
    def test_a_batch_decrypts_as_multifernet_or_raises(
        self, data: st.DataObject, keys: list[str]
    ) -> None:
        tokens = data.draw(st.lists(any_tokens(keys), min_size=1, max_size=8))
        outcomes = [reference(keys, t) for t in tokens]
        got = hand_written(keys, tokens)
        if all(kind == "returns" for kind, _ in outcomes):
            self.assertEqual(got, ("returns", [value for _, value in outcomes]))
        else:  # one bad token fails the whole batch, as decrypt() of it would
            raised = {value for kind, value in outcomes if kind == "raises"}
            self.assertEqual(got[0], "raises")
            self.assertIn(got[1], raised)

    @PROPERTY
    @given(data=st.data(), keys=independent_keys)
    def test_honest_tokens_never_fall_back_to_the_library(
        self, data: st.DataObject, keys: list[str]
    ) -> None:
        made = data.draw(
            st.lists(
                honest_tokens(keys).filter(lambda pair: _is_utf8(pair[1])),
                min_size=1,
                max_size=8,
            )
        )
        tokens = [token for token, _ in made]
        fallback = mock.patch.object(
            store_module, "decrypt", side_effect=AssertionError("slow path taken")
        )
        with override_settings(FIELD_ENCRYPTION_KEYS=keys), fallback:
            got = store_module._fernet_decrypt_batch(tokens)
        self.assertEqual(got, [plain.decode() for _, plain in made])
        self.assertEqual(got, [reference(keys, t)[1] for t in tokens])


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode()
    except UnicodeDecodeError:
        return False
    return True

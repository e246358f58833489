"""``crypto.encrypt_many`` / ``fernet_tokens``: the bulk import's Fernet encryption.

``fernet_tokens`` re-implements Fernet encryption for many values at once (one AES
call per block position instead of a cipher context per value). These property
tests pin it to ``cryptography``'s ``Fernet`` byte for byte: for random keys,
plaintexts (text and arbitrary bytes, of every length around the block size), IVs
and timestamps, each token equals ``Fernet(key)._encrypt_from_parts(data, now, iv)``
(the library's own encryption with the same IV and time). ``encrypt_many`` (fresh
random IVs, the current time) is checked through decryption with ``MultiFernet`` and
``core.crypto.decrypt``, under key rotation.
"""

from __future__ import annotations

import base64
import time

from cryptography.fernet import Fernet, MultiFernet
from django.core.exceptions import ImproperlyConfigured
from django.test import SimpleTestCase, override_settings
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from phongdich.core import crypto

PROPERTY = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

raw_keys = st.binary(min_size=32, max_size=32)
plaintexts = st.one_of(
    st.binary(max_size=80),
    st.text(max_size=60).map(str.encode),
    st.integers(min_value=0, max_value=49).map(lambda n: b"x" * n),  # every padding length
)


def _key(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode()


class FernetTokensTest(SimpleTestCase):
    @PROPERTY
    @given(
        raw=raw_keys,
        data=st.lists(plaintexts, min_size=1, max_size=12),
        now=st.integers(min_value=0, max_value=2**40),
        seed=st.binary(min_size=16, max_size=16),
    )
    def test_each_token_is_the_libraries_token_for_the_same_iv_and_time(
        self, raw: bytes, data: list[bytes], now: int, seed: bytes
    ) -> None:
        ivs = b"".join(bytes((b + i) % 256 for b in seed) for i in range(len(data)))
        got = crypto.fernet_tokens(
            data, signing_key=raw[:16], encryption_key=raw[16:], now=now, ivs=ivs
        )
        reference = Fernet(_key(raw))
        expected = [
            reference._encrypt_from_parts(d, now, ivs[16 * i : 16 * i + 16]).decode()
            for i, d in enumerate(data)
        ]
        self.assertEqual(got, expected)

    def test_an_empty_list_gives_no_tokens(self) -> None:
        self.assertEqual(crypto.encrypt_many([]), [])


class EncryptManyTest(SimpleTestCase):
    @PROPERTY
    @given(
        new=raw_keys,
        old=raw_keys,
        values=st.lists(st.text(max_size=40), min_size=1, max_size=10),
    )
    def test_tokens_decrypt_to_the_values_under_the_newest_key(
        self, new: bytes, old: bytes, values: list[str]
    ) -> None:
        keys = [_key(new), _key(old)]
        crypto._fernet.cache_clear()
        with override_settings(FIELD_ENCRYPTION_KEYS=keys):
            before = int(time.time())
            tokens = crypto.encrypt_many(values)
            after = int(time.time())
            self.assertEqual([crypto.decrypt(t) for t in tokens], values)
            self.assertTrue(all(crypto.token_is_current(t) for t in tokens))
        crypto._fernet.cache_clear()
        newest = Fernet(keys[0])
        for token, value in zip(tokens, values, strict=True):
            self.assertEqual(MultiFernet([newest]).decrypt(token.encode()).decode(), value)
            self.assertTrue(before <= newest.extract_timestamp(token.encode()) <= after)
        ivs = [base64.urlsafe_b64decode(t)[9:25] for t in tokens]
        self.assertEqual(len(set(ivs)), len(ivs))  # a fresh IV per token

    def test_bad_keys_are_refused_as_encrypt_refuses_them(self) -> None:
        crypto._fernet.cache_clear()
        with override_settings(FIELD_ENCRYPTION_KEYS=["not a key"]):
            with self.assertRaises(ImproperlyConfigured):
                crypto.encrypt_many(["x"])
        crypto._fernet.cache_clear()

"""The identity examples of docs/tracing.md, through the engine's value types."""

from __future__ import annotations

import pytest

from tracing_engine import normalize_identity
from tracing_engine.models import CheckinRecord

from .helpers import at


@pytest.mark.parametrize(
    "raw", ["0912345678", "84912345678", "+84 912 345 678", "0912.345.678", "0912-345-678"]
)
def test_spec_examples_normalise_to_one_form(raw: str) -> None:
    assert normalize_identity(raw) == "+84912345678"
    assert CheckinRecord(raw, "L", at(9, 10)).person == "+84912345678"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("nv-001", "NV-001"), (" NV-001 ", "NV-001"), ("+84212345678", "+84212345678")],
)
def test_other_identities_are_staff_codes(raw: str, expected: str) -> None:
    assert CheckinRecord(raw, "L", at(9, 10)).person == expected
    assert normalize_identity(raw) == expected

"""Value types: validation, rounding, and the Output JSON of docs/tracing.md byte for byte."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta

import pytest

from tracing_engine import (
    Case,
    InMemoryStore,
    InvalidCase,
    InvalidParams,
    InvalidRecord,
    Params,
    TracingError,
    trace,
)
from tracing_engine.models import CheckinRecord, format_time, round_minutes

from .helpers import VN, at, run

# The example of docs/tracing.md, verbatim.
SPEC_EXAMPLE = """\
{
  "case": "+84912345678",
  "window": {"start": "2021-09-08T00:00:00+07:00", "end": "2021-09-12T09:00:00+07:00"},
  "as_of": "2021-09-12T09:00:00+07:00",
  "params": {"days_before_onset": 2, "min_overlap_minutes": 15, "open_visit_hours": 8, "depth": 2},
  "contacts": [
    {"person": "+84987654321", "level": 1, "exposed_at": "2021-09-08T07:45:00+07:00",
     "via": "+84912345678", "location": "SO-CONG-CHINH", "overlap_minutes": 42.0}
  ]
}
"""


def _example_result() -> str:
    records = [
        CheckinRecord("0912 345 678", "SO-CONG-CHINH", at(8, 7, 30), at(8, 8, 27)),
        CheckinRecord("84987654321", "SO-CONG-CHINH", at(8, 7, 45), at(8, 9)),
    ]
    case = Case("0912.345.678", date(2021, 9, 10), as_of=at(12, 9))
    result = run(records, case)
    return json.dumps(result.to_json_dict())


def test_json_matches_the_spec_example_byte_for_byte() -> None:
    expected = json.dumps(json.loads(SPEC_EXAMPLE))
    assert _example_result() == expected
    assert '"overlap_minutes": 42.0}' in expected


def test_json_key_order_is_the_spec_order() -> None:
    data = json.loads(_example_result())
    assert list(data) == ["case", "window", "as_of", "params", "contacts"]
    assert list(data["window"]) == ["start", "end"]
    assert list(data["params"]) == [
        "days_before_onset",
        "min_overlap_minutes",
        "open_visit_hours",
        "depth",
    ]
    assert list(data["contacts"][0]) == [
        "person",
        "level",
        "exposed_at",
        "via",
        "location",
        "overlap_minutes",
    ]
    assert isinstance(data["contacts"][0]["overlap_minutes"], float)


def test_to_json_keeps_vietnamese_text() -> None:
    records = [
        CheckinRecord("0912345678", "Chợ Bến Thành", at(9, 8), at(9, 9)),
        CheckinRecord("0987654321", "Chợ Bến Thành", at(9, 8), at(9, 9)),
    ]
    text = trace(
        InMemoryStore(records), Case("0912345678", date(2021, 9, 10), as_of=at(12, 9))
    ).to_json()
    assert "Chợ Bến Thành" in text
    assert json.loads(text)["contacts"][0]["location"] == "Chợ Bến Thành"


@pytest.mark.parametrize(
    ("seconds", "micro", "expected"),
    [
        (42 * 60, 0, 42.0),
        (15 * 60 + 20, 0, 15.33),
        (15 * 60 + 30, 0, 15.5),
        (15 * 60 + 1, 0, 15.02),
        (899, 0, 14.98),
        (15 * 60, 300_000, 15.01),  # exactly 15.005: half-up
        (15 * 60, 299_999, 15.0),
        (60 * 480, 0, 480.0),
    ],
)
def test_round_minutes(seconds: int, micro: int, expected: float) -> None:
    assert round_minutes(timedelta(seconds=seconds, microseconds=micro)) == expected


def test_format_time_is_to_the_second_in_the_zone() -> None:
    instant = datetime(2021, 9, 8, 0, 45, 12, 999_999, tzinfo=UTC)
    assert format_time(instant, VN) == "2021-09-08T07:45:12+07:00"


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"depth": 0}, "depth must be between 1 and 5, got 0"),
        ({"depth": 6}, "depth must be between 1 and 5, got 6"),
        ({"days_before_onset": -1}, "days_before_onset must be between 0 and 30, got -1"),
        ({"days_before_onset": 31}, "days_before_onset must be between 0 and 30"),
        ({"min_overlap_minutes": -1}, "min_overlap_minutes must be between 0 and 1440"),
        ({"min_overlap_minutes": 1441}, "min_overlap_minutes must be between 0 and 1440"),
        ({"open_visit_hours": 0}, "open_visit_hours must be between 1 and 24, got 0"),
        ({"open_visit_hours": 25}, "open_visit_hours must be between 1 and 24"),
        ({"depth": True}, "depth must be an integer"),
        ({"depth": 2.0}, "depth must be an integer"),
        ({"timezone": "Asia/Hanoi_Not"}, "unknown time zone 'Asia/Hanoi_Not'"),
        ({"timezone": ""}, "timezone must be an IANA time zone name"),
        ({"timezone": "../etc/passwd"}, "unknown time zone"),
    ],
)
def test_params_out_of_range_are_rejected(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(InvalidParams) as caught:
        Params(**kwargs)
    assert message in str(caught.value)
    assert isinstance(caught.value, ValueError) and isinstance(caught.value, TracingError)


def test_params_limits_are_allowed() -> None:
    Params(days_before_onset=0, min_overlap_minutes=0, open_visit_hours=1, depth=1)
    Params(days_before_onset=30, min_overlap_minutes=1440, open_visit_hours=24, depth=5)
    assert Params().to_json_dict() == {
        "days_before_onset": 2,
        "min_overlap_minutes": 15,
        "open_visit_hours": 8,
        "depth": 2,
    }
    assert Params().timezone == "Asia/Ho_Chi_Minh"


def test_case_validation() -> None:
    with pytest.raises(InvalidCase, match="onset must be a date"):
        Case("0912345678", at(9, 10))
    with pytest.raises(InvalidCase, match="timezone-aware"):
        Case("0912345678", date(2021, 9, 10), as_of=datetime(2021, 9, 12))
    with pytest.raises(InvalidCase, match="timezone-aware"):
        Case("0912345678", date(2021, 9, 10), isolated_at=datetime(2021, 9, 12))
    with pytest.raises(InvalidCase, match="not a valid identity"):
        Case("   ", date(2021, 9, 10))
    default = Case("0912345678", date(2021, 9, 10))
    assert abs(default.as_of - datetime.now(UTC)) < timedelta(minutes=1)


def test_record_validation() -> None:
    with pytest.raises(InvalidRecord, match="location must be a non-empty string"):
        CheckinRecord("0912345678", "", at(9, 10))
    with pytest.raises(InvalidRecord, match="not a valid identity"):
        CheckinRecord("", "L", at(9, 10))
    with pytest.raises(InvalidRecord, match="must be a datetime"):
        CheckinRecord("0912345678", "L", date(2021, 9, 9))
    record = CheckinRecord("84 912 345 678", "L", at(9, 10))
    assert record.person == "+84912345678"
    assert "no check-out" in record.describe()


@pytest.mark.parametrize(
    ("person", "location", "check_in", "check_out"),
    [
        ("+84912345678", "CONG-A", datetime(2021, 9, 8, 1, tzinfo=UTC), None),
        (
            "+84912345678",
            "CONG-A",
            datetime(2021, 9, 8, 8, tzinfo=VN),
            datetime(2021, 9, 8, 9, 30, tzinfo=VN),
        ),
        ("NV-0042", "CHO-B", datetime(2021, 9, 8, 1, 2, 3, 456, tzinfo=UTC), None),
    ],
)
def test_trusted_equals_the_validated_record_on_valid_input(
    person: str, location: str, check_in: datetime, check_out: datetime | None
) -> None:
    validated = CheckinRecord(person, location, check_in, check_out)
    assert validated.person == person  # the input is already normalised
    trusted = CheckinRecord.trusted(person, location, check_in, check_out)
    assert type(trusted) is CheckinRecord
    assert trusted == validated
    assert hash(trusted) == hash(validated)
    assert (trusted.person, trusted.location, trusted.check_in, trusted.check_out) == (
        person,
        location,
        check_in,
        check_out,
    )
    assert trusted.describe() == validated.describe()
    with pytest.raises(AttributeError):
        trusted.person = "+84900000000"

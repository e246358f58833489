"""Shared helpers of the engine tests: times in Vietnam, and running engine and reference."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from tracing_engine import Case, CheckinRecord, InMemoryStore, Params, TraceResult, trace
from tracing_engine.reference import reference_trace

VN = ZoneInfo("Asia/Ho_Chi_Minh")
CASE = "0912345678"
CASE_ID = "+84912345678"
ONSET = date(2021, 9, 10)  # W0 = 2021-09-08 00:00 +07:00 with the defaults
AS_OF = datetime(2021, 9, 12, 9, 0, tzinfo=VN)


def at(day: int, hour: int, minute: int = 0, second: int = 0, micro: int = 0) -> datetime:
    """A local (Asia/Ho_Chi_Minh) time in September 2021."""
    return datetime(2021, 9, day, hour, minute, second, micro, tzinfo=VN)


def rec(
    person: str, location: str, check_in: datetime, check_out: datetime | None = None
) -> CheckinRecord:
    return CheckinRecord(person, location, check_in, check_out)


def case(onset: date = ONSET, isolated_at: datetime | None = None, as_of: datetime = AS_OF) -> Case:
    return Case(CASE, onset, isolated_at=isolated_at, as_of=as_of)


def run(
    records: Iterable[CheckinRecord], the_case: Case | None = None, params: Params | None = None
) -> TraceResult:
    """Trace with the engine, check the reference agrees exactly, return the result."""
    records = list(records)
    the_case = the_case if the_case is not None else case()
    params = params if params is not None else Params()
    result = trace(InMemoryStore(records), the_case, params)
    expected = reference_trace(records, the_case, params)
    assert result == expected
    assert result.to_json_dict() == expected.to_json_dict()
    return result


def summary(result: TraceResult) -> list[tuple[str, int, str, str, str, float]]:
    """(person, level, exposed_at, via, location, overlap_minutes) of every contact."""
    return [
        (
            c["person"],
            c["level"],
            c["exposed_at"],
            c["via"],
            c["location"],
            c["overlap_minutes"],
        )
        for c in result.to_json_dict()["contacts"]
    ]


def exposure(delta: timedelta) -> str:
    return (datetime(2021, 9, 8, tzinfo=VN) + delta).isoformat(timespec="seconds")

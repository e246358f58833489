"""The public presence() and infectious_window() helpers, and a store breaking its contract."""

from __future__ import annotations

from collections.abc import Collection, Iterator, Sequence
from datetime import UTC, date, datetime, timedelta

import pytest

from tracing_engine import (
    Case,
    InvalidRecord,
    LocationWindow,
    Params,
    StoredRecord,
    infectious_window,
    presence,
    trace,
)

from .helpers import AS_OF, CASE, at, rec


def test_presence_with_check_out() -> None:
    stored = StoredRecord(rec(CASE, "L", at(9, 10), at(9, 11)), at(9, 10, 30))
    assert presence(stored, Params()) == (at(9, 10), at(9, 11))


@pytest.mark.parametrize(
    ("check_in", "following", "params", "end"),
    [
        (at(9, 10), None, Params(), at(9, 18)),  # open_visit_hours
        (at(9, 10), at(9, 12), Params(), at(9, 12)),  # next check-in
        (at(9, 20), None, Params(), at(10, 0)),  # local midnight
        (at(9, 20), at(10, 1), Params(), at(10, 0)),
        (at(9, 20), None, Params(open_visit_hours=2), at(9, 22)),
        (at(9, 6), None, Params(timezone="UTC"), at(9, 7)),  # midnight UTC = 07:00 local
    ],
)
def test_presence_without_check_out(
    check_in: datetime, following: datetime | None, params: Params, end: datetime
) -> None:
    stored = StoredRecord(rec(CASE, "L", check_in), following)
    start, stop = presence(stored, params)
    assert (start, stop) == (check_in, end)
    assert stop.tzinfo is UTC


def test_infectious_window() -> None:
    the_case = Case(CASE, date(2021, 9, 10), isolated_at=at(11, 8), as_of=AS_OF)
    w0, w1 = infectious_window(the_case, Params())
    assert w0.isoformat() == "2021-09-08T00:00:00+07:00"
    assert w1.isoformat() == "2021-09-11T08:00:00+07:00"
    w0, _ = infectious_window(the_case, Params(days_before_onset=0, timezone="UTC"))
    assert w0.isoformat() == "2021-09-10T00:00:00+00:00"


class BrokenStore:
    """Returns a next check-in that is not after the record: a store bug."""

    def records_of(
        self, persons: Collection[str], start: datetime, end: datetime, *, open_visit: timedelta
    ) -> Iterator[StoredRecord]:
        yield StoredRecord(rec(CASE, "L", at(9, 10)), at(9, 10))

    def records_at(
        self, windows: Sequence[LocationWindow], *, open_visit: timedelta
    ) -> Iterator[StoredRecord]:
        return iter(())


def test_store_breaking_the_next_check_in_contract_is_reported() -> None:
    the_case = Case(CASE, date(2021, 9, 10), as_of=AS_OF)
    with pytest.raises(InvalidRecord, match="store error: next check-in .* is not after"):
        trace(BrokenStore(), the_case)

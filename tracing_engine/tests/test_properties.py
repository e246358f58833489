"""Property tests: the engine agrees exactly with the brute-force reference on random data.

Small populations (a few people in mixed phone formats, a staff code), a few
locations, check-ins on a minute grid plus times on threshold multiples and
around local midnight, random missing check-outs, duplicates, random depth.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tracing_engine import (
    Case,
    CheckinRecord,
    InMemoryStore,
    LocationWindow,
    Params,
    StoredRecord,
    trace,
)
from tracing_engine.reference import reference_presence, reference_trace
from tracing_engine.stores import to_us

from .helpers import VN

BASE = datetime(2021, 9, 8, tzinfo=VN)
# Two spellings of some people, so that normalisation matters.
PEOPLE = [
    "0912345678",
    "+84 912 345 678",
    "0912345679",
    "84912345679",
    "0912.345.680",
    "0912345681",
    "0912-345-682",
    "nv-01",
    "NV-01",
    "0912345683",
]
LOCATIONS = ["A", "A", "B", "C"]
ZONES = [VN, UTC, timezone(timedelta(hours=7)), timezone(timedelta(hours=-5))]

SPECIAL_OFFSETS = sorted(
    {
        day * 1440 * 60 + delta
        for day in range(0, 3)
        for delta in (-3600, -900, -899, -60, -1, 0, 1, 60, 899, 900, 901)
    }
    | {h * 3600 + m * 60 for h in (1, 8, 9, 17, 23, 31) for m in (0, 15, 30, 45)}
)
DURATIONS = [60, 899, 900, 901, 1800, 3600, 8 * 3600 - 1, 8 * 3600, 8 * 3600 + 1, 12 * 3600]


OFFSETS = st.one_of(
    st.integers(-6 * 60, 36 * 60).map(lambda m: m * 60),
    st.sampled_from(SPECIAL_OFFSETS),
)
STAYS = st.one_of(
    st.none(),
    st.none(),
    st.sampled_from(DURATIONS),
    st.integers(1, 10 * 60).map(lambda m: m * 60),
)


def _instant(seconds: int, zone: tzinfo) -> datetime:
    return (BASE + timedelta(seconds=seconds)).astimezone(zone)


def _record(
    person: str, location: str, seconds: int, zone: tzinfo, stay: int | None
) -> CheckinRecord:
    check_in = _instant(seconds, zone)
    check_out = None if stay is None else check_in + timedelta(seconds=stay)
    return CheckinRecord(person, location, check_in, check_out)


def instants() -> st.SearchStrategy[datetime]:
    return st.builds(_instant, OFFSETS, st.sampled_from(ZONES))


def records(
    people: Sequence[str] = PEOPLE,
    locations: Sequence[str] = LOCATIONS,
    offsets: st.SearchStrategy[int] = OFFSETS,
) -> st.SearchStrategy[CheckinRecord]:
    """Check-ins on a minute grid or special times; half without check-out."""
    return st.builds(
        _record,
        st.sampled_from(people),
        st.sampled_from(locations),
        offsets,
        st.sampled_from(ZONES),
        STAYS,
    )


@st.composite
def datasets(draw: st.DrawFn) -> list[CheckinRecord]:
    own = draw(st.lists(records(PEOPLE[:2]), min_size=1, max_size=5))  # the case's
    others = draw(st.lists(records(), min_size=8, max_size=30))
    data: list[CheckinRecord] = draw(st.permutations(own + others))
    duplicate: bool = draw(st.booleans())
    if duplicate:  # some exact duplicates
        data += draw(st.lists(st.sampled_from(data), max_size=4))
    return data


# One busy day at two places: many chains of contacts, levels 2 and 3.
DENSE_OFFSETS = st.one_of(
    st.integers(6 * 60, 22 * 60).map(lambda m: m * 60),
    st.sampled_from([s for s in SPECIAL_OFFSETS if 0 <= s <= 86400]),
)


@st.composite
def dense_datasets(draw: st.DrawFn) -> list[CheckinRecord]:
    data = draw(st.lists(records(PEOPLE[:2], ["A", "B"], DENSE_OFFSETS), min_size=1, max_size=3))
    data += draw(st.lists(records(PEOPLE, ["A", "B"], DENSE_OFFSETS), min_size=10, max_size=25))
    return draw(st.permutations(data))


@st.composite
def cases(draw: st.DrawFn) -> Case:
    onset = date(2021, 9, 8) + timedelta(days=draw(st.integers(0, 2)))
    as_of = BASE + timedelta(days=5)
    if draw(st.booleans()):
        as_of = BASE + timedelta(minutes=draw(st.integers(0, 3 * 1440)))
    isolated_at = None
    if draw(st.integers(0, 3)) == 0:
        isolated_at = BASE + timedelta(minutes=draw(st.integers(-1440, 4 * 1440)))
    return Case(draw(st.sampled_from(PEOPLE[:2])), onset, isolated_at=isolated_at, as_of=as_of)


params_strategy = st.builds(
    Params,
    days_before_onset=st.integers(0, 3),
    min_overlap_minutes=st.sampled_from([0, 1, 15, 15, 30]),
    open_visit_hours=st.sampled_from([1, 8, 8, 24]),
    depth=st.integers(1, 3),
    timezone=st.sampled_from(["Asia/Ho_Chi_Minh", "Asia/Ho_Chi_Minh", "UTC", "America/New_York"]),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=datasets(), case=cases(), params=params_strategy)
def test_engine_equals_reference(data: list[CheckinRecord], case: Case, params: Params) -> None:
    result = trace(InMemoryStore(data), case, params)
    expected = reference_trace(data, case, params)
    assert result == expected
    assert result.to_json_dict() == expected.to_json_dict()


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    data=dense_datasets(),
    min_overlap=st.sampled_from([0, 15, 30]),
    depth=st.integers(2, 3),
    as_of_minutes=st.sampled_from([14 * 60, 20 * 60, 5 * 1440]),
)
def test_engine_equals_reference_on_dense_days(
    data: list[CheckinRecord], min_overlap: int, depth: int, as_of_minutes: int
) -> None:
    case = Case(PEOPLE[0], date(2021, 9, 8), as_of=BASE + timedelta(minutes=as_of_minutes))
    params = Params(days_before_onset=0, min_overlap_minutes=min_overlap, depth=depth)
    result = trace(InMemoryStore(data), case, params)
    assert result == reference_trace(data, case, params)


class EverythingStore:
    """A store that answers every question with every record, twice: the engine must filter."""

    def __init__(self, data: Iterable[CheckinRecord]) -> None:
        self._data = list(data)
        self.questions = 0

    def _all(self) -> Iterator[StoredRecord]:
        self.questions += 1
        for _ in range(2):
            for record in self._data:
                later = [
                    r.check_in
                    for r in self._data
                    if r.person == record.person and r.check_in > record.check_in
                ]
                yield StoredRecord(record, min(later) if later else None)

    def records_of(
        self,
        persons: Iterable[str],
        start: datetime,
        end: datetime,
        *,
        open_visit: timedelta,
    ) -> Iterator[StoredRecord]:
        return self._all()

    def records_at(
        self, windows: Sequence[LocationWindow], *, open_visit: timedelta
    ) -> Iterator[StoredRecord]:
        return self._all()


@settings(max_examples=40, deadline=None)
@given(data=datasets(), case=cases(), params=params_strategy)
def test_extra_and_duplicate_answers_change_nothing(
    data: list[CheckinRecord], case: Case, params: Params
) -> None:
    store = EverythingStore(data)
    assert trace(store, case, params) == reference_trace(data, case, params)
    assert store.questions <= 2 * params.depth


def _may_intersect(record: CheckinRecord, start: datetime, end: datetime, ov: timedelta) -> bool:
    if record.check_in >= end:
        return False
    if record.check_out is not None:
        return record.check_out > start
    return record.check_in > start - ov


@settings(max_examples=40, deadline=None)
@given(
    data=datasets(),
    start=instants(),
    length=st.integers(0, 2 * 1440),
    hours=st.sampled_from([1, 8, 24]),
    location=st.sampled_from(LOCATIONS),
    person=st.sampled_from(PEOPLE),
)
def test_in_memory_store_honours_the_contract(
    data: list[CheckinRecord],
    start: datetime,
    length: int,
    hours: int,
    location: str,
    person: str,
) -> None:
    end = start + timedelta(minutes=length)
    ov = timedelta(hours=hours)
    store = InMemoryStore(data)
    unique = list(dict.fromkeys(data))
    params = Params(open_visit_hours=hours)
    pid = CheckinRecord(person, "X", start).person

    at = list(store.records_at([LocationWindow(location, start, end)], open_visit=ov))
    want_at = {r for r in unique if r.location == location and _may_intersect(r, start, end, ov)}
    assert {s.record for s in at} >= want_at
    assert all(s.record.location == location for s in at)

    of = list(store.records_of([pid], start, end, open_visit=ov))
    want_of = {r for r in unique if r.person == pid and _may_intersect(r, start, end, ov)}
    assert {s.record for s in of} >= want_of
    assert all(s.record.person == pid for s in of)

    for stored in at + of:
        later = [r.check_in for r in unique if r.person == stored.record.person]
        later = [t for t in later if t > stored.record.check_in]
        assert stored.next_check_in == (min(later) if later else None)
        # whatever the store left out cannot intersect the window
    for record in unique:
        s, e = reference_presence(record, unique, params)
        if s < end and e > start:
            if record.location == location:
                assert record in want_at
            if record.person == pid:
                assert record in want_of


def test_to_us_is_exact() -> None:
    instant = datetime(2021, 9, 8, 0, 0, 0, 1, tzinfo=UTC)
    assert to_us(instant) == 1_631_059_200_000_001

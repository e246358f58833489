"""Hand-written cases for every edge that docs/tracing.md names.

Every case is run through the engine AND the brute-force reference (``run``),
which must agree exactly, and the engine's answer is checked against numbers
worked out by hand. Unless said otherwise: the case is +84912345678, onset
2021-09-10 (W0 = 2021-09-08 00:00 +07:00), as_of 2021-09-12 09:00 +07:00.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from tracing_engine import InMemoryStore, InvalidRecord, Params, trace

from .helpers import AS_OF, CASE, CASE_ID, at, case, rec, run, summary

Q = "0987654321"
Q_ID = "+84987654321"
R = "0977000001"
R_ID = "+84977000001"


def persons(result_contacts: list[tuple[str, int, str, str, str, float]]) -> list[str]:
    return [c[0] for c in result_contacts]


# --- threshold -------------------------------------------------------------------------


def test_overlap_exactly_at_threshold_counts() -> None:
    result = run([rec(CASE, "L", at(9, 10), at(9, 11)), rec(Q, "L", at(9, 10, 45), at(9, 12))])
    assert summary(result) == [(Q_ID, 1, "2021-09-09T10:45:00+07:00", CASE_ID, "L", 15.0)]


def test_overlap_of_14m59s_does_not_count() -> None:
    result = run([rec(CASE, "L", at(9, 10), at(9, 11)), rec(Q, "L", at(9, 10, 45, 1), at(9, 12))])
    assert summary(result) == []


def test_overlaps_are_not_added_up() -> None:
    records = [
        rec(CASE, "L", at(9, 10), at(9, 11)),
        rec(Q, "L", at(9, 10, 0), at(9, 10, 10)),
        rec(Q, "L", at(9, 10, 20), at(9, 10, 30)),
    ]
    assert summary(run(records)) == []


def test_zero_threshold_needs_a_positive_overlap() -> None:
    params = Params(min_overlap_minutes=0)
    touching = [rec(CASE, "L", at(9, 10), at(9, 11)), rec(Q, "L", at(9, 11), at(9, 12))]
    assert summary(run(touching, params=params)) == []
    one_second = [rec(CASE, "L", at(9, 10), at(9, 11)), rec(Q, "L", at(9, 10, 59, 59), at(9, 12))]
    assert summary(run(one_second, params=params)) == [
        (Q_ID, 1, "2021-09-09T10:59:59+07:00", CASE_ID, "L", 0.02)
    ]


def test_different_locations_never_meet() -> None:
    assert (
        summary(run([rec(CASE, "L", at(9, 10), at(9, 11)), rec(Q, "M", at(9, 10), at(9, 11))]))
        == []
    )


# --- presence of records without check-out -------------------------------------------------


def test_missing_check_out_cut_by_next_check_in_anywhere() -> None:
    base = [rec(CASE, "L", at(9, 10), at(9, 12)), rec(Q, "L", at(9, 10, 30))]
    # next check-in 10 minutes later elsewhere: presence 10:30-10:40, too short
    assert summary(run([*base, rec(Q, "M", at(9, 10, 40), at(9, 11))])) == []
    # 20 minutes later: presence 10:30-10:50
    assert summary(run([*base, rec(Q, "M", at(9, 10, 50), at(9, 11))])) == [
        (Q_ID, 1, "2021-09-09T10:30:00+07:00", CASE_ID, "L", 20.0)
    ]


def test_next_check_in_must_be_strictly_later() -> None:
    # another check-in at the very same time does not cut the open visit
    records = [
        rec(CASE, "L", at(9, 10), at(9, 12)),
        rec(Q, "L", at(9, 10, 30)),
        rec(Q, "M", at(9, 10, 30), at(9, 10, 31)),
    ]
    assert summary(run(records)) == [(Q_ID, 1, "2021-09-09T10:30:00+07:00", CASE_ID, "L", 90.0)]


def test_next_check_in_after_as_of_still_cuts() -> None:
    # the check-in after as_of is data too: it ends the open visit at 09:20
    records = [
        rec(CASE, "L", at(12, 8), at(12, 8, 59)),
        rec(Q, "L", at(12, 8, 30)),
        rec(Q, "M", at(12, 9, 20), at(12, 10)),
    ]
    assert summary(run(records)) == [(Q_ID, 1, "2021-09-12T08:30:00+07:00", CASE_ID, "L", 29.0)]
    # and an open visit of the case itself is cut by it too
    records = [
        rec(CASE, "L", at(12, 8)),
        rec(CASE, "M", at(12, 9, 10), at(12, 10)),
        rec(Q, "L", at(12, 8, 50), at(12, 11)),
    ]
    assert summary(run(records, case(as_of=at(12, 9, 30)))) == [
        (Q_ID, 1, "2021-09-12T08:50:00+07:00", CASE_ID, "L", 20.0)
    ]


def test_missing_check_out_cut_by_local_midnight() -> None:
    base = [rec(CASE, "L", at(8, 23), at(9, 2))]
    assert summary(run([*base, rec(Q, "L", at(8, 23, 50))])) == []  # 23:50-00:00
    assert summary(run([*base, rec(Q, "L", at(8, 23, 40))])) == [
        (Q_ID, 1, "2021-09-08T23:40:00+07:00", CASE_ID, "L", 20.0)
    ]


def test_midnight_is_local_not_utc() -> None:
    # 06:50 in Vietnam is 23:50 UTC: a UTC midnight would cut this visit at 07:00
    check_in = at(9, 6, 50).astimezone(UTC)
    records = [rec(CASE, "L", at(9, 6), at(9, 9)), rec(Q, "L", check_in)]
    assert summary(run(records)) == [(Q_ID, 1, "2021-09-09T06:50:00+07:00", CASE_ID, "L", 130.0)]
    # with the profile in UTC, it is cut at 07:00 local = midnight UTC
    params = Params(timezone="UTC", min_overlap_minutes=5)
    assert summary(run(records, params=params)) == [
        (Q_ID, 1, "2021-09-08T23:50:00+00:00", CASE_ID, "L", 10.0)
    ]


def test_check_in_at_midnight_lasts_the_whole_day_at_most() -> None:
    records = [rec(CASE, "L", at(9, 0), at(9, 23)), rec(Q, "L", at(9, 0))]
    result = run(records, params=Params(open_visit_hours=24))
    assert summary(result) == [(Q_ID, 1, "2021-09-09T00:00:00+07:00", CASE_ID, "L", 1380.0)]


def test_missing_check_out_cut_by_open_visit_hours() -> None:
    records = [rec(CASE, "L", at(9, 8), at(9, 20)), rec(Q, "L", at(9, 9))]
    assert summary(run(records)) == [(Q_ID, 1, "2021-09-09T09:00:00+07:00", CASE_ID, "L", 480.0)]
    assert summary(run(records, params=Params(open_visit_hours=2))) == [
        (Q_ID, 1, "2021-09-09T09:00:00+07:00", CASE_ID, "L", 120.0)
    ]


def test_open_visit_of_the_case_and_of_the_contact() -> None:
    # both open: case 10:00-18:00, Q 17:30 -> overlap 30 min
    records = [rec(CASE, "L", at(9, 10)), rec(Q, "L", at(9, 17, 30))]
    assert summary(run(records)) == [(Q_ID, 1, "2021-09-09T17:30:00+07:00", CASE_ID, "L", 30.0)]


# --- the infectious window -----------------------------------------------------------------


def test_presence_ending_exactly_at_w0_does_not_overlap() -> None:
    records = [rec(CASE, "L", at(7, 20), at(8, 0)), rec(Q, "L", at(7, 20), at(8, 1))]
    assert summary(run(records)) == []


def test_window_start_clips_the_case_but_not_the_contact() -> None:
    # Ip = [00:00, 00:20), Iq starts 23:00 the day before: contact at max = 00:00
    records = [rec(CASE, "L", at(7, 23), at(8, 0, 20)), rec(Q, "L", at(7, 23), at(8, 3))]
    assert summary(run(records)) == [(Q_ID, 1, "2021-09-08T00:00:00+07:00", CASE_ID, "L", 20.0)]
    # 14 minutes inside the window: nothing
    records = [rec(CASE, "L", at(7, 23), at(8, 0, 14)), rec(Q, "L", at(7, 23), at(8, 3))]
    assert summary(run(records)) == []


def test_days_before_onset_moves_w0() -> None:
    records = [rec(CASE, "L", at(7, 10), at(7, 11)), rec(Q, "L", at(7, 10), at(7, 11))]
    assert summary(run(records)) == []
    result = run(records, params=Params(days_before_onset=3))
    assert result.to_json_dict()["window"]["start"] == "2021-09-07T00:00:00+07:00"
    assert summary(result) == [(Q_ID, 1, "2021-09-07T10:00:00+07:00", CASE_ID, "L", 60.0)]


def test_isolated_at_cuts_the_window() -> None:
    records = [rec(CASE, "L", at(9, 10), at(9, 11)), rec(Q, "L", at(9, 9, 50), at(9, 12))]
    assert summary(run(records, case(isolated_at=at(9, 10, 10)))) == []
    result = run(records, case(isolated_at=at(9, 10, 15)))
    assert result.to_json_dict()["window"]["end"] == "2021-09-09T10:15:00+07:00"
    assert summary(result) == [(Q_ID, 1, "2021-09-09T10:00:00+07:00", CASE_ID, "L", 15.0)]


def test_isolated_after_as_of_uses_as_of() -> None:
    records = [rec(CASE, "L", at(9, 10), at(9, 11)), rec(Q, "L", at(9, 10), at(9, 12))]
    result = run(records, case(isolated_at=at(9, 12), as_of=at(9, 10, 20)))
    assert result.to_json_dict()["window"]["end"] == "2021-09-09T10:20:00+07:00"
    assert result.to_json_dict()["as_of"] == "2021-09-09T10:20:00+07:00"
    assert summary(result) == [(Q_ID, 1, "2021-09-09T10:00:00+07:00", CASE_ID, "L", 20.0)]


def test_isolated_before_w0_gives_an_empty_window() -> None:
    records = [rec(CASE, "L", at(9, 10), at(9, 11)), rec(Q, "L", at(9, 10), at(9, 12))]
    result = run(records, case(isolated_at=at(7, 12)))
    assert summary(result) == []
    assert result.to_json_dict()["window"] == {
        "start": "2021-09-08T00:00:00+07:00",
        "end": "2021-09-07T12:00:00+07:00",
    }


def test_as_of_cuts_the_case_and_the_traced() -> None:
    records = [rec(CASE, "L", at(9, 10), at(9, 11)), rec(Q, "L", at(9, 10), at(9, 12))]
    assert summary(run(records, case(as_of=at(9, 10, 14)))) == []
    assert persons(summary(run(records, case(as_of=at(9, 10, 15))))) == [Q_ID]
    # the F1's window [e, as_of): an F2 contact needs 15 minutes before as_of
    records = [*records, rec(R, "M", at(9, 13), at(9, 14))]
    records += [rec(Q, "M", at(9, 13), at(9, 14))]
    assert persons(summary(run(records, case(as_of=at(9, 13, 14))))) == [Q_ID]
    assert persons(summary(run(records, case(as_of=at(9, 13, 15))))) == [Q_ID, R_ID]


def test_records_after_as_of_are_no_contacts() -> None:
    records = [rec(CASE, "L", at(12, 8), at(12, 12)), rec(Q, "L", at(12, 9), at(12, 10))]
    assert summary(run(records)) == []  # as_of 09:00


# --- levels ----------------------------------------------------------------------------


def test_contacts_before_own_exposure_do_not_count() -> None:
    s, t = "0966000001", "0966000002"
    records = [
        rec(CASE, "L", at(9, 12), at(9, 13)),
        rec(Q, "L", at(9, 12), at(9, 13)),  # Q exposed at 12:00
        rec(Q, "M", at(9, 9), at(9, 10)),
        rec(R, "M", at(9, 9), at(9, 10)),  # before 12:00: R is nothing
        rec(Q, "N", at(9, 11, 50), at(9, 12, 20)),
        rec(t, "N", at(9, 11, 50), at(9, 12, 20)),  # Ip = [12:00, 12:20): 20 minutes
        rec(Q, "P", at(9, 11, 50), at(9, 12, 14)),
        rec(s, "P", at(9, 11, 50), at(9, 12, 14)),  # Ip = [12:00, 12:14): too short
    ]
    assert summary(run(records)) == [
        (Q_ID, 1, "2021-09-09T12:00:00+07:00", CASE_ID, "L", 60.0),
        ("+84966000002", 2, "2021-09-09T12:00:00+07:00", Q_ID, "N", 20.0),
    ]


def test_reachable_at_two_levels_is_at_the_lower() -> None:
    records = [
        rec(CASE, "L", at(9, 8), at(9, 9)),
        rec(Q, "L", at(9, 8), at(9, 9)),
        rec(Q, "M", at(9, 9, 30), at(9, 10, 30)),
        rec(R, "M", at(9, 9, 30), at(9, 10, 30)),  # would be F2 at 09:30 ...
        rec(CASE, "N", at(9, 15), at(9, 16)),
        rec(R, "N", at(9, 15), at(9, 16)),  # ... but is F1 at 15:00
    ]
    assert summary(run(records)) == [
        (Q_ID, 1, "2021-09-09T08:00:00+07:00", CASE_ID, "L", 60.0),
        (R_ID, 1, "2021-09-09T15:00:00+07:00", CASE_ID, "N", 60.0),
    ]


def test_earliest_contact_gives_exposure() -> None:
    records = [
        rec(CASE, "L", at(9, 8), at(9, 9)),
        rec(Q, "L", at(9, 8, 30), at(9, 9)),
        rec(CASE, "M", at(10, 8), at(10, 12)),
        rec(Q, "M", at(10, 8), at(10, 12)),  # longer but later
    ]
    assert summary(run(records)) == [(Q_ID, 1, "2021-09-09T08:30:00+07:00", CASE_ID, "L", 30.0)]


def test_case_never_appears_as_a_contact() -> None:
    records = [
        rec(CASE, "L", at(9, 8), at(9, 9)),
        rec(Q, "L", at(9, 8), at(9, 9)),
        rec(Q, "M", at(9, 10), at(9, 11)),
        rec(CASE, "M", at(9, 10), at(9, 11)),
    ]
    assert persons(summary(run(records, params=Params(depth=3)))) == [Q_ID]


def test_same_level_persons_do_not_trace_each_other() -> None:
    # Q and R both F1; their meeting afterwards makes neither an F2
    records = [
        rec(CASE, "L", at(9, 8), at(9, 9)),
        rec(Q, "L", at(9, 8), at(9, 9)),
        rec(R, "L", at(9, 8), at(9, 9)),
        rec(Q, "M", at(9, 10), at(9, 11)),
        rec(R, "M", at(9, 10), at(9, 11)),
    ]
    assert [(c[0], c[1]) for c in summary(run(records))] == [(R_ID, 1), (Q_ID, 1)]


@pytest.mark.parametrize(("depth", "expected"), [(1, 1), (2, 2), (3, 3), (5, 5)])
def test_depth(depth: int, expected: int) -> None:
    people = [CASE] + [f"09880000{i:02d}" for i in range(1, 8)]
    records = []
    for i in range(len(people) - 1):
        # person i meets person i+1 on day 8+i, 10:00-11:00, at location Li
        records.append(rec(people[i], f"L{i}", at(8 + i // 2, 10 + i, 0), at(8 + i // 2, 11 + i)))
        records.append(rec(people[i + 1], f"L{i}", at(8 + i // 2, 10 + i), at(8 + i // 2, 11 + i)))
    result = run(records, case(as_of=at(20, 0)), Params(depth=depth))
    contacts = summary(result)
    assert [c[1] for c in contacts] == list(range(1, expected + 1))
    assert [c[0] for c in contacts] == [f"+849880000{i:02d}" for i in range(1, expected + 1)]
    assert [c[3] for c in contacts] == [CASE_ID] + [
        f"+849880000{i:02d}" for i in range(1, expected)
    ]


# --- ties ------------------------------------------------------------------------------------


def test_via_tie_takes_the_smallest_identity() -> None:
    a, b = "0987000002", "0987000001"  # b is the smaller identity
    x = "0955000000"
    records = [
        rec(CASE, "L", at(9, 8), at(9, 9)),
        rec(a, "L", at(9, 8), at(9, 9)),
        rec(b, "L", at(9, 8), at(9, 9)),
        rec(a, "M", at(9, 10), at(9, 12)),  # longer overlap with x, but a > b
        rec(b, "M", at(9, 10), at(9, 10, 30)),
        rec(x, "M", at(9, 10), at(9, 12)),
    ]
    contacts = summary(run(records))
    assert contacts[-1] == (
        "+84955000000",
        2,
        "2021-09-09T10:00:00+07:00",
        "+84987000001",
        "M",
        30.0,
    )


def test_earlier_time_beats_smaller_via() -> None:
    a, b = "0987000002", "0987000001"
    x = "0955000000"
    records = [
        rec(CASE, "L", at(9, 8), at(9, 9)),
        rec(a, "L", at(9, 8), at(9, 9)),
        rec(b, "L", at(9, 8), at(9, 9)),
        rec(a, "M", at(9, 10), at(9, 12)),
        rec(b, "M", at(9, 10, 1), at(9, 12)),
        rec(x, "M", at(9, 10), at(9, 12)),
    ]
    assert summary(run(records))[-1][3] == "+84987000002"


def test_same_time_and_via_takes_the_smallest_location() -> None:
    records = [
        rec(CASE, "ZOO", at(9, 8), at(9, 10)),
        rec(Q, "ZOO", at(9, 8), at(9, 10)),
        rec(CASE, "AQUARIUM", at(9, 8), at(9, 8, 20)),
        rec(Q, "AQUARIUM", at(9, 8), at(9, 8, 20)),
    ]
    assert summary(run(records)) == [
        (Q_ID, 1, "2021-09-09T08:00:00+07:00", CASE_ID, "AQUARIUM", 20.0)
    ]


def test_same_time_via_and_location_takes_the_largest_overlap() -> None:
    records = [
        rec(CASE, "L", at(9, 8), at(9, 10)),
        rec(Q, "L", at(9, 8), at(9, 8, 20)),
        rec(Q, "L", at(9, 8), at(9, 9, 30)),
        rec(Q, "L", at(9, 8), at(9, 8, 40)),
    ]
    assert summary(run(records)) == [(Q_ID, 1, "2021-09-09T08:00:00+07:00", CASE_ID, "L", 90.0)]


# --- identities and records ------------------------------------------------------------------


def test_identities_in_mixed_phone_formats_are_one_person() -> None:
    records = [
        rec("0912.345.678", "L", at(9, 8), at(9, 9)),
        rec("+84 912 345 678", "M", at(9, 10), at(9, 11)),
        rec("84987654321", "L", at(9, 8), at(9, 9)),
        rec("0987-654-321", "N", at(9, 12), at(9, 13)),  # the same F1 later
        rec("nv-007", "N", at(9, 12), at(9, 13)),
        rec("0977 000 001", "M", at(9, 10), at(9, 11)),
    ]
    result = run(records, case(), Params(depth=2))
    assert summary(result) == [
        (Q_ID, 1, "2021-09-09T08:00:00+07:00", CASE_ID, "L", 60.0),
        (R_ID, 1, "2021-09-09T10:00:00+07:00", CASE_ID, "M", 60.0),
        ("NV-007", 2, "2021-09-09T12:00:00+07:00", Q_ID, "N", 60.0),
    ]
    assert result.case == CASE_ID


def test_mixed_formats_of_the_same_person_cut_open_visits() -> None:
    records = [
        rec(CASE, "L", at(9, 10), at(9, 12)),
        rec("0987654321", "L", at(9, 10, 30)),
        rec("+84-98-765-4321", "M", at(9, 10, 40), at(9, 11)),
    ]
    assert summary(run(records)) == []


def test_duplicates_are_one_record() -> None:
    records = [
        rec(CASE, "L", at(9, 10), at(9, 12)),
        rec(Q, "L", at(9, 10, 30)),
        rec(Q, "L", at(9, 10, 30)),
        rec("84987654321", "L", at(9, 10, 30)),
        rec(Q, "L", at(9, 10, 30).astimezone(UTC)),
    ]
    assert len(InMemoryStore(records)) == 2
    assert summary(run(records)) == [(Q_ID, 1, "2021-09-09T10:30:00+07:00", CASE_ID, "L", 90.0)]


@pytest.mark.parametrize("minutes", [0, -5])
def test_check_out_at_or_before_check_in_is_rejected(minutes: int) -> None:
    with pytest.raises(InvalidRecord) as caught:
        rec(Q, "SO-CONG-CHINH", at(9, 10), at(9, 10) + timedelta(minutes=minutes))
    message = str(caught.value)
    assert "+84987654321" in message and "SO-CONG-CHINH" in message
    assert "2021-09-09T10:00:00+07:00" in message and "not after" in message
    assert isinstance(caught.value, ValueError)


def test_naive_times_are_rejected() -> None:
    with pytest.raises(InvalidRecord, match="timezone-aware"):
        rec(Q, "L", datetime(2021, 9, 9, 10))
    with pytest.raises(InvalidRecord, match="timezone-aware"):
        rec(Q, "L", at(9, 10), datetime(2021, 9, 9, 11))


def test_times_in_any_zone_are_the_same_instants() -> None:
    plus7 = timezone(timedelta(hours=7))
    records = [
        rec(CASE, "L", at(9, 10).astimezone(UTC), at(9, 11).astimezone(plus7)),
        rec(Q, "L", datetime(2021, 9, 9, 3, 30, tzinfo=UTC)),  # 10:30 local, open
    ]
    result = run(records, case(as_of=AS_OF.astimezone(UTC)))
    assert result.to_json_dict()["as_of"] == "2021-09-12T09:00:00+07:00"
    assert summary(result) == [(Q_ID, 1, "2021-09-09T10:30:00+07:00", CASE_ID, "L", 30.0)]


def test_sub_second_times_print_to_the_second() -> None:
    records = [
        rec(CASE, "L", at(9, 10), at(9, 11)),
        rec(Q, "L", at(9, 10, 20, 30, 999_999), at(9, 12)),
    ]
    assert summary(run(records)) == [(Q_ID, 1, "2021-09-09T10:20:30+07:00", CASE_ID, "L", 39.48)]


def test_trace_without_params_uses_the_defaults() -> None:
    records = [rec(CASE, "L", at(9, 10), at(9, 11)), rec(Q, "L", at(9, 10), at(9, 11))]
    result = trace(InMemoryStore(records), case())
    assert result.params == Params()
    assert [c.person for c in result.contacts] == [Q_ID]


def test_contacts_sorted_by_level_time_person() -> None:
    people = ["0911000003", "0911000001", "0911000002"]
    records = [rec(CASE, "L", at(9, 8), at(9, 12))]
    records += [rec(people[0], "L", at(9, 9), at(9, 10)), rec(people[1], "L", at(9, 9), at(9, 10))]
    records += [rec(people[2], "L", at(9, 8, 30), at(9, 10))]
    records += [
        rec(people[0], "M", at(9, 11), at(9, 12)),
        rec("0922000000", "M", at(9, 11), at(9, 12)),
    ]
    result = run(records)
    assert [(c.level, c.person) for c in result.contacts] == [
        (1, "+84911000002"),
        (1, "+84911000001"),
        (1, "+84911000003"),
        (2, "+84922000000"),
    ]


def test_case_identity_is_normalised() -> None:
    assert case().person == CASE_ID
    assert trace(InMemoryStore([]), case()).case == CASE_ID
    assert date(2021, 9, 10) == case().onset

"""Value types of the tracing engine (docs/tracing.md): records, a case, parameters, results.

All types are frozen dataclasses. Identities are normalised on construction
(``normalize_identity``), so every record, case and contact speaks of a person
in one form only. Datetimes must be timezone-aware; they are compared as
instants, whatever zone they carry.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, cast
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .identity import normalize_identity

__all__ = [
    "Case",
    "CheckinRecord",
    "Contact",
    "InvalidCase",
    "InvalidParams",
    "InvalidRecord",
    "Params",
    "TraceResult",
    "TracingError",
    "format_time",
    "round_minutes",
]


class TracingError(ValueError):
    """Bad input to the tracing engine; the message is plain English."""


class InvalidRecord(TracingError):
    """A check-in record that cannot be used (e.g. check-out at or before check-in)."""


class InvalidCase(TracingError):
    """A case (F0) that cannot be traced as given."""


class InvalidParams(TracingError):
    """A tracing parameter outside its allowed range."""


# Already normalised phone numbers (what a database holds) skip the parser.
_CANONICAL_PHONE = re.compile(r"\+84(?:[35789][0-9]{8}|2[0-9]{9})")


@functools.lru_cache(maxsize=65536)
def _parse_identity(raw: str) -> str:
    return normalize_identity(raw)


def _identity(raw: str) -> str:
    if _CANONICAL_PHONE.fullmatch(raw):
        return raw
    return _parse_identity(raw)


def _require_aware(value: object, what: str, error: type[TracingError]) -> datetime:
    if not isinstance(value, datetime):
        raise error(f"{what} must be a datetime, got {type(value).__name__}")
    if value.tzinfo is None or value.utcoffset() is None:
        raise error(f"{what} must be timezone-aware, got naive {value.isoformat()}")
    return value


def _identity_or_error(raw: object, what: str, error: type[TracingError]) -> str:
    if not isinstance(raw, str):
        raise error(f"{what} must be a string, got {type(raw).__name__}")
    try:
        return _identity(raw)
    except ValueError as exc:
        raise error(f"{what} {raw!r} is not a valid identity: {exc}") from None


@dataclass(frozen=True, slots=True)
class CheckinRecord:
    """One check-in: ``person`` was at ``location`` from ``check_in`` to ``check_out``.

    ``check_out`` is None when none was recorded (see the presence rules).
    ``person`` is normalised on construction; a check-out at or before the
    check-in raises InvalidRecord naming the record.
    """

    person: str
    location: str
    check_in: datetime
    check_out: datetime | None = None

    def __post_init__(self) -> None:
        object.__setattr__(
            self, "person", _identity_or_error(self.person, "record person", InvalidRecord)
        )
        if not isinstance(self.location, str) or not self.location:
            raise InvalidRecord(f"record of {self.person}: location must be a non-empty string")
        _require_aware(
            self.check_in, f"check-in of {self.person} at {self.location}", InvalidRecord
        )
        if self.check_out is not None:
            _require_aware(
                self.check_out, f"check-out of {self.person} at {self.location}", InvalidRecord
            )
            if self.check_out <= self.check_in:
                raise InvalidRecord(
                    f"check-out {self.check_out.isoformat()} is not after check-in "
                    f"{self.check_in.isoformat()} in the record of {self.person} at "
                    f"{self.location}"
                )

    @classmethod
    def trusted(
        cls,
        person: str,
        location: str,
        check_in: datetime,
        check_out: datetime | None = None,
    ) -> CheckinRecord:
        """A record built from input already known to be valid, without re-validating it.

        For stores that read records back from a database which guarantees what
        ``__post_init__`` checks: ``person`` already normalised (as
        ``normalize_identity`` returns it), ``location`` a non-empty string,
        timezone-aware times and ``check_out`` (if any) after ``check_in``. The
        result equals ``CheckinRecord(person, location, check_in, check_out)`` on
        such input; on any other input the record is invalid and the engine's
        results are undefined, so never pass untrusted data here.
        """
        record = object.__new__(cls)
        _set_person(record, person)
        _set_location(record, location)
        _set_check_in(record, check_in)
        _set_check_out(record, check_out)
        return record

    def describe(self) -> str:
        out = "no check-out" if self.check_out is None else self.check_out.isoformat()
        return f"{self.person} at {self.location} from {self.check_in.isoformat()} ({out})"


# The slot descriptors of CheckinRecord: setting through them skips the frozen
# dataclass's __setattr__ (as object.__setattr__ does) and the lookup by name.
_set_person = cast(Any, CheckinRecord.__dict__["person"]).__set__
_set_location = cast(Any, CheckinRecord.__dict__["location"]).__set__
_set_check_in = cast(Any, CheckinRecord.__dict__["check_in"]).__set__
_set_check_out = cast(Any, CheckinRecord.__dict__["check_out"]).__set__


def _now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True, slots=True)
class Case:
    """The case (F0): ``onset`` is the earlier of symptom onset and positive sample date."""

    person: str
    onset: date
    isolated_at: datetime | None = None
    as_of: datetime = field(default_factory=_now)

    def __post_init__(self) -> None:
        object.__setattr__(
            self, "person", _identity_or_error(self.person, "case person", InvalidCase)
        )
        if isinstance(self.onset, datetime) or not isinstance(self.onset, date):
            raise InvalidCase(f"onset must be a date (not a datetime), got {self.onset!r}")
        if self.isolated_at is not None:
            _require_aware(self.isolated_at, "isolated_at", InvalidCase)
        _require_aware(self.as_of, "as_of", InvalidCase)


_RANGES: dict[str, tuple[int, int]] = {
    "days_before_onset": (0, 30),
    "min_overlap_minutes": (0, 1440),
    "open_visit_hours": (1, 24),
    "depth": (1, 5),
}


@dataclass(frozen=True, slots=True)
class Params:
    """Tracing parameters of a disease profile (COVID-19 defaults).

    Allowed ranges (inclusive): days_before_onset 0..30, min_overlap_minutes
    0..1440 (0 means any positive overlap), open_visit_hours 1..24, depth 1..5;
    timezone must be an IANA zone name.
    """

    days_before_onset: int = 2
    min_overlap_minutes: int = 15
    open_visit_hours: int = 8
    depth: int = 2
    timezone: str = "Asia/Ho_Chi_Minh"

    def __post_init__(self) -> None:
        for name, (low, high) in _RANGES.items():
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int):
                raise InvalidParams(f"{name} must be an integer, got {value!r}")
            if not low <= value <= high:
                raise InvalidParams(f"{name} must be between {low} and {high}, got {value}")
        if not isinstance(self.timezone, str) or not self.timezone:
            raise InvalidParams(f"timezone must be an IANA time zone name, got {self.timezone!r}")
        try:
            ZoneInfo(self.timezone)
        except (ZoneInfoNotFoundError, ValueError):
            raise InvalidParams(f"unknown time zone {self.timezone!r}") from None

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def open_visit(self) -> timedelta:
        return timedelta(hours=self.open_visit_hours)

    @property
    def min_overlap(self) -> timedelta:
        return timedelta(minutes=self.min_overlap_minutes)

    def window_start(self, onset: date) -> datetime:
        """W0: local midnight starting the day ``onset - days_before_onset``."""
        day = onset - timedelta(days=self.days_before_onset)
        return datetime.combine(day, time(0), tzinfo=self.zone)

    def to_json_dict(self) -> dict[str, int]:
        return {
            "days_before_onset": self.days_before_onset,
            "min_overlap_minutes": self.min_overlap_minutes,
            "open_visit_hours": self.open_visit_hours,
            "depth": self.depth,
        }


def format_time(value: datetime, zone: ZoneInfo) -> str:
    """ISO 8601 in ``zone`` to the second (sub-second digits are dropped, not rounded)."""
    return value.astimezone(zone).isoformat(timespec="seconds")


_MINUTE_US = 60_000_000


def round_minutes(overlap: timedelta) -> float:
    """Minutes rounded half-up to two decimals, computed exactly from microseconds."""
    return round_minutes_us(overlap // timedelta(microseconds=1))


def round_minutes_us(overlap_us: int) -> float:
    """``round_minutes`` of an overlap given in microseconds."""
    return ((overlap_us * 200 + _MINUTE_US) // (2 * _MINUTE_US)) / 100


@dataclass(frozen=True, slots=True)
class Contact:
    """A traced person: level, first exposure, and the contact that exposed them first."""

    person: str
    level: int
    exposed_at: datetime
    via: str
    location: str
    overlap_minutes: float

    @classmethod
    def trusted(
        cls,
        person: str,
        level: int,
        exposed_at: datetime,
        via: str,
        location: str,
        overlap_minutes: float,
    ) -> Contact:
        """``Contact(...)`` without the frozen dataclass's per-field ``__setattr__``
        (the engine builds tens of thousands of them)."""
        contact = object.__new__(cls)
        _set_contact_person(contact, person)
        _set_contact_level(contact, level)
        _set_contact_exposed_at(contact, exposed_at)
        _set_contact_via(contact, via)
        _set_contact_location(contact, location)
        _set_contact_overlap(contact, overlap_minutes)
        return contact

    def to_json_dict(self, zone: ZoneInfo) -> dict[str, Any]:
        return {
            "person": self.person,
            "level": self.level,
            "exposed_at": format_time(self.exposed_at, zone),
            "via": self.via,
            "location": self.location,
            "overlap_minutes": self.overlap_minutes,
        }


_set_contact_person = cast(Any, Contact.__dict__["person"]).__set__
_set_contact_level = cast(Any, Contact.__dict__["level"]).__set__
_set_contact_exposed_at = cast(Any, Contact.__dict__["exposed_at"]).__set__
_set_contact_via = cast(Any, Contact.__dict__["via"]).__set__
_set_contact_location = cast(Any, Contact.__dict__["location"]).__set__
_set_contact_overlap = cast(Any, Contact.__dict__["overlap_minutes"]).__set__


def contact_sort_key(contact: Contact) -> tuple[int, datetime, str]:
    return (contact.level, contact.exposed_at, contact.person)


@dataclass(frozen=True, slots=True)
class TraceResult:
    """The outcome of one trace; ``contacts`` is sorted by level, exposed_at, person."""

    case: str
    window_start: datetime
    window_end: datetime
    as_of: datetime
    params: Params
    contacts: tuple[Contact, ...]

    def __post_init__(self) -> None:
        object.__setattr__(self, "contacts", tuple(sorted(self.contacts, key=contact_sort_key)))

    def to_json_dict(self) -> dict[str, Any]:
        """Exactly the Output JSON of docs/tracing.md (key order included)."""
        zone = self.params.zone
        return {
            "case": self.case,
            "window": {
                "start": format_time(self.window_start, zone),
                "end": format_time(self.window_end, zone),
            },
            "as_of": format_time(self.as_of, zone),
            "params": self.params.to_json_dict(),
            "contacts": [c.to_json_dict(zone) for c in self.contacts],
        }

    def to_json(self) -> str:
        import json

        return json.dumps(self.to_json_dict(), ensure_ascii=False)

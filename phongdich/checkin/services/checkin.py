"""The check-in: one service, ``checkin_submit``, for the public first visit, the
one-tap return and the guard's manual check-in; and the writes it is made of
(person, declaration, visit), which other apps and the tests use too.

The hot path is a handful of statements (sql.py): the person upsert, the declaration
and the visit inserts and the person-keyed row that cuts the person's earlier open
visits (models.PersonCheckin), in one
transaction (one commit). The public check-in is anonymous and not audited; the
guard's manual check-in is audited in the same transaction.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from contextlib import nullcontext
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from phongdich.checkin import identity, sql
from phongdich.checkin.models import (
    Declaration,
    DiseaseProfile,
    Location,
    Person,
    PersonCheckin,
    Visit,
)
from phongdich.checkin.presence import open_visit_end
from phongdich.checkin.profiles import risk_reasons
from phongdich.checkin.selectors.visits import person_returning, visit_open_at, visit_submitted
from phongdich.core import ratelimit
from phongdich.core.audit import audit
from phongdich.core.crypto import blind_index, decrypt, encrypt
from phongdich.core.text import clean_name, mask_phone, phone_or_error


class CheckinError(Exception):
    """A check-in that cannot be done; the message is for the person at the gate."""


class CheckinSource(StrEnum):
    """Who is checking in, and how."""

    PUBLIC = "public"  # the public form at /c/<token>: a new declaration
    QUICK = "quick"  # the one-tap return with the person's current declaration
    GUARD = "guard"  # the guard's manual check-in for a person without a smartphone


_VISIT_SOURCE = {
    CheckinSource.PUBLIC: Visit.Source.QR,
    CheckinSource.QUICK: Visit.Source.QR,
    CheckinSource.GUARD: Visit.Source.MANUAL,
}


class _Replayed(Exception):
    """The submission was stored meanwhile by a concurrent request: undo ours."""

    def __init__(self, visit: Visit) -> None:
        self.visit = visit


# The check-in -----------------------------------------------------------------------


def quick_checkin_refusal(
    *, person: Person | None, declaration: Declaration | None, location: Location
) -> str:
    """Why a one-tap return cannot be done ("" when it can): the rule the public view
    uses to choose its page, and that ``checkin_submit`` enforces."""
    if (
        person is None
        or declaration is None
        or declaration.person_id != person.pk
        or declaration.is_risky
        or declaration.valid_until <= timezone.now()
    ):
        return _("Tờ khai y tế của bạn đã hết hiệu lực, vui lòng khai báo lại.")
    # cccd_index is the CCCD's blind index: empty exactly when the CCCD is (a one-tap
    # reads the person without decrypting anything).
    if location.require_cccd and not person.cccd_index:
        return _("Cổng này yêu cầu số CCCD, vui lòng bổ sung.")
    return ""


def checkin_submit(
    *,
    location: Location,
    profile: DiseaseProfile,
    source: CheckinSource,
    phone: str = "",
    full_name: str = "",
    cccd: str = "",
    answers: dict[str, Any] | None = None,
    is_visitor: bool = False,
    purpose: str = "",
    host: str = "",
    consent: bool = False,
    person: Person | None = None,
    declaration: Declaration | None = None,
    submission_id: uuid.UUID | None = None,
    replay_checked: bool = False,
    user: Any = None,
    ip: str | None = None,
) -> Visit:
    """Check a person in at ``location``; ``CheckinError`` with a message for the gate.

    PUBLIC and GUARD: a new declaration under ``profile`` from the person fields
    (judged again by checkin.identity), the stored ``answers`` and the consent. GUARD
    records ``user`` as who entered it, and the audit entry. QUICK: the one-tap
    return of ``person`` with their current, healthy ``declaration``.

    ``submission_id`` makes a double or replayed submit the same visit, once;
    ``replay_checked``: the caller has just looked it up and found nothing.
    """
    if source == CheckinSource.QUICK:
        refusal = quick_checkin_refusal(person=person, declaration=declaration, location=location)
        if refusal or person is None or declaration is None:
            raise CheckinError(refusal)
        if sql.single_statement():
            return _one_statement(
                visit=_live_visit(
                    person=person,
                    location=location,
                    source=Visit.Source.QR,
                    declaration=declaration,
                    submission_id=submission_id,
                    profile=profile,
                ),
                replay_checked=replay_checked,
            )
        with transaction.atomic():  # the visit and the cut it makes: one commit
            return visit_check_in(
                person=person,
                location=location,
                declaration=declaration,
                submission_id=submission_id,
                profile=profile,
                replay_checked=replay_checked,
            )

    phone, full_name, cccd, purpose, host = _judged(
        location, phone, full_name, cccd, consent, is_visitor, purpose, host
    )
    guard = source == CheckinSource.GUARD
    if not guard and sql.single_statement():
        return _first_visit_one_statement(
            location=location,
            profile=profile,
            phone=phone,
            full_name=full_name,
            cccd=cccd,
            answers=answers or {},
            is_visitor=is_visitor,
            purpose=purpose,
            host=host,
            submission_id=submission_id,
            replay_checked=replay_checked,
        )
    try:
        # One transaction for the person, the declaration and the visit: one commit (one
        # WAL flush on PostgreSQL, one write lock on SQLite) instead of one per statement.
        with transaction.atomic():
            new_person = person_upsert(identity=phone, full_name=full_name, cccd=cccd)
            new_declaration = declaration_create(
                person=new_person,
                profile=profile,
                answers=answers or {},
                is_visitor=is_visitor,
                purpose=purpose,
                host=host,
            )
            visit = visit_check_in(
                person=new_person,
                location=location,
                source=_VISIT_SOURCE[source],
                declaration=new_declaration,
                submission_id=submission_id,
                recorded_by=user if guard else None,
                profile=profile,
                replay_checked=replay_checked,
            )
            if visit.declaration_id != new_declaration.pk:
                raise _Replayed(visit)
            if guard:
                audit(
                    None,
                    "checkin.guard.manual_checkin",
                    actor=user,
                    ip=ip,
                    obj=visit,
                    phone=mask_phone(phone),
                    location=location.code,
                    status=visit.status,
                )
    except _Replayed as replayed:
        return replayed.visit
    return visit


class RateLimited(Exception):
    """A rate limit refused the check-in; the counts it made are kept."""


def _judged(
    location: Location,
    phone: str,
    full_name: str,
    cccd: str,
    consent: bool,
    is_visitor: bool,
    purpose: str,
    host: str,
) -> tuple[str, str, str, str, str]:
    """A new declaration's person fields and visitor fields as stored (checkin.identity's
    rules), or ``CheckinError`` with the message for the gate; consent required."""
    try:
        phone = phone_or_error(phone)
        full_name = identity.full_name_or_error(full_name)
        cccd = identity.cccd_or_error(cccd, required=location.require_cccd)
    except ValidationError as exc:
        raise CheckinError(" ".join(exc.messages)) from None
    if not consent:
        raise CheckinError(_("Cần có sự đồng ý của người khai thì mới ghi nhận khai báo y tế."))
    purpose, host = (clean_name(purpose), clean_name(host)) if is_visitor else ("", "")
    if is_visitor and not (purpose and host):
        raise CheckinError(_("Khách cần ghi mục đích đến và người hoặc bộ phận được gặp."))
    return phone, full_name, cccd, purpose, host


@dataclass(frozen=True, slots=True)
class Checked:
    """What a public check-in's answer needs: the visit (its ticket) and the person (the
    cookie that remembers them)."""

    visit_id: int
    person_id: int


def checkin_first_visit(
    *,
    location: Location,
    profile: DiseaseProfile,
    phone: str,
    full_name: str,
    cccd: str,
    answers: dict[str, Any],
    is_visitor: bool,
    purpose: str,
    host: str,
    consent: bool,
    submission_id: uuid.UUID | None,
    limits: Sequence[tuple[str, int]],
    rate_window: int,
) -> Checked:
    """The public first visit of the check-in page, with its rate limits: ``limits``
    (key, limit) pairs, the first one the client's. The values come as the public
    form's rules leave them (forms.public: ``clean_submission`` or the form's
    ``submitted()``); consent, the visitor's fields and the gate are checked here.

    A submission already stored at this gate (a double tap, a replay) counts against
    the client's limit only and gives the same visit, nothing new. ``RateLimited``
    when a limit refuses (the counts are kept); ``CheckinError`` for the gate.

    On SQLite the counts, the replay check and the writes are one transaction under
    the database's write lock (BEGIN IMMEDIATE: nothing can claim the submission in
    between), one commit; the rows are built before it and written from their values,
    no model instance. Plain PostgreSQL: the counts, then the same rows as one
    statement (``sql.checkin_values_statement``); Citus: ``checkin_submit``'s
    transaction of several."""
    if not location.accepts_checkins:
        raise CheckinError(_("Mã QR của cổng này đã bị thu hồi hoặc cổng ngừng hoạt động."))
    # Judged again (idempotent): no caller stores what the form would refuse.
    phone, full_name, cccd, purpose, host = _judged(
        location, phone, full_name, cccd, consent, is_visitor, purpose, host
    )
    if connection.vendor != "sqlite":
        return _first_visit_elsewhere(
            location=location,
            profile=profile,
            submitted={
                "phone": phone,
                "full_name": full_name,
                "cccd": cccd,
                "answers": answers,
                "is_visitor": is_visitor,
                "purpose": purpose,
                "host": host,
                "consent": consent,
                "submission_id": submission_id,
            },
            limits=limits,
            rate_window=rate_window,
        )
    # The rows are built (encrypted) before the transaction: SQLite has one writer, and
    # every other worker's check-in waits while this one holds the write lock.
    now = timezone.now()
    person = _person_upsert_args(identity=phone, full_name=full_name, cccd=cccd, now=now)
    declaration, risky = _declaration_row(
        None, profile, answers, is_visitor=is_visitor, purpose=purpose, host=host, now=now
    )
    status = Visit.Status.PENDING if risky else Visit.Status.ADMITTED
    visit = _visit_row(None, location, profile, status, None, submission_id, now)
    with transaction.atomic():
        checked = _first_visit_sqlite(
            location=location,
            submission_id=submission_id,
            person=person,
            declaration=declaration,
            visit=visit,
            now=now,
            limits=limits,
            rate_window=rate_window,
        )
    if checked is None:  # refused: the transaction kept the counts
        raise RateLimited
    return checked


_DECLARATION_PERSON = sql.DECLARATION_COLUMNS.index("person_id")
_VISIT_PERSON = sql.VISIT_LIVE_COLUMNS.index("person_id")
_VISIT_DECLARATION = sql.VISIT_LIVE_COLUMNS.index("declaration_id")


def _first_visit_sqlite(
    *,
    location: Location,
    submission_id: uuid.UUID | None,
    person: dict[str, Any],
    declaration: list[Any],
    visit: list[Any],
    now: datetime,
    limits: Sequence[tuple[str, int]],
    rate_window: int,
) -> Checked | None:
    """Inside the caller's transaction, the rows already built (``person``: the person
    upsert's arguments; the declaration and the visit without their ids); None when a
    rate limit refuses."""
    replayed = (
        sql.submission_visit(location_id=location.pk, submission_id=submission_id)
        if submission_id is not None
        else None
    )
    counted = list(limits[:1]) if replayed is not None else list(limits)
    if not ratelimit.hit_all(counted, window_seconds=rate_window):
        return None
    if replayed is not None:
        return Checked(*replayed)
    person_id = sql.person_upsert(**person)[0]
    declaration[_DECLARATION_PERSON] = person_id
    declaration_id = sql.insert_row(
        Declaration._meta.db_table, sql.DECLARATION_COLUMNS, declaration
    )
    visit[_VISIT_PERSON], visit[_VISIT_DECLARATION] = person_id, declaration_id
    visit_id = sql.insert_row(Visit._meta.db_table, sql.VISIT_LIVE_COLUMNS, visit)
    if submission_id is not None:
        sql.submission_insert(
            location_id=location.pk, submission_id=submission_id, visit_id=visit_id, check_in=now
        )
    sql.person_checkin_insert(person_id=person_id, check_in=now, location_id=location.pk)
    return Checked(visit_id, person_id)


def _declaration_row(
    person_id: int | None,
    profile: DiseaseProfile,
    answers: dict[str, Any],
    *,
    is_visitor: bool,
    purpose: str,
    host: str,
    now: datetime,
) -> tuple[list[Any], bool]:
    """A new declaration's row in ``sql.DECLARATION_COLUMNS`` order, as the backend
    stores it (encrypted, JSON, times), and whether it is risky."""
    risky = _declaration_check(profile, answers)
    at = sql.db_datetime(now)
    row = [
        person_id,
        profile.pk,
        at,
        sql.db_datetime(profile.declaration_valid_until(now)),
        encrypt(json.dumps(answers, ensure_ascii=False, sort_keys=True)),
        risky,
        is_visitor,
        encrypt(purpose) if purpose else "",
        encrypt(host) if host else "",
        settings.CONSENT_VERSION,
        at,
    ]
    return row, risky


def _visit_row(
    person_id: int | None,
    location: Location,
    profile: DiseaseProfile,
    status: str,
    declaration_id: int | None,
    submission_id: uuid.UUID | None,
    now: datetime,
) -> list[Any]:
    """A live QR visit's row in ``sql.VISIT_LIVE_COLUMNS`` order, as the backend stores
    it: open until the profile's open-visit hours end it."""
    end = open_visit_end(now, open_visit_hours=profile.open_visit_hours)
    submission = (
        _SUBMISSION_FIELD.get_db_prep_save(submission_id, connection) if submission_id else None
    )
    return [
        person_id,
        location.pk,
        location.unit_id,
        sql.db_datetime(now),
        sql.db_datetime(end),
        Visit.Source.QR.value,
        status,
        declaration_id,
        submission,
        "",
    ]


def _values_statement(
    location: Location,
    submission_id: uuid.UUID | None,
    **rows: Any,
) -> Checked:
    """``sql.checkin_values_statement`` (plain PostgreSQL, autocommit: its own
    transaction; inside one, a savepoint keeps a refused claim from breaking it); a
    submission claimed meanwhile is that stored visit, nothing new."""
    try:
        if connection.in_atomic_block:
            with transaction.atomic():
                return Checked(*sql.checkin_values_statement(**rows))
        return Checked(*sql.checkin_values_statement(**rows))
    except IntegrityError:
        if submission_id is None:
            raise
    replayed = sql.submission_visit(location_id=location.pk, submission_id=submission_id)
    if replayed is None:
        raise CheckinError(_("Không ghi nhận được lượt vào, xin thử lại."))
    return Checked(*replayed)


def _first_visit_elsewhere(
    *,
    location: Location,
    profile: DiseaseProfile,
    submitted: dict[str, Any],
    limits: Sequence[tuple[str, int]],
    rate_window: int,
) -> Checked:
    """PostgreSQL and Citus: the replay check, the counts, then ``checkin_submit``."""
    submission_id = submitted["submission_id"]
    replayed = (
        sql.submission_visit(location_id=location.pk, submission_id=submission_id)
        if submission_id is not None
        else None
    )
    counted = list(limits[:1]) if replayed is not None else list(limits)
    if not ratelimit.hit_all(counted, window_seconds=rate_window):
        raise RateLimited
    if replayed is not None:
        return Checked(*replayed)
    if sql.single_statement():  # plain PostgreSQL: one statement from the values
        now = timezone.now()
        person = _person_upsert_args(
            identity=submitted["phone"],
            full_name=submitted["full_name"],
            cccd=submitted["cccd"],
            now=now,
        )
        declaration, risky = _declaration_row(
            None,
            profile,
            submitted["answers"],
            is_visitor=submitted["is_visitor"],
            purpose=submitted["purpose"],
            host=submitted["host"],
            now=now,
        )
        status = Visit.Status.PENDING if risky else Visit.Status.ADMITTED
        row = _visit_row(None, location, profile, status, None, submission_id, now)
        return _values_statement(
            location, submission_id, person=person, declaration=declaration, visit=row
        )
    visit = checkin_submit(
        location=location,
        profile=profile,
        source=CheckinSource.PUBLIC,
        replay_checked=submission_id is not None,
        **submitted,
    )
    return Checked(visit.pk, visit.person_id)


@dataclass(frozen=True, slots=True)
class OneTapRefused:
    """A one-tap return that cannot be done: the person must declare again (``message``
    says why; ``person_id`` None when the cookie names nobody stored), or, with
    ``stale``, the page's form token has expired (nothing was refused, only the page)."""

    person_id: int | None
    message: str = ""
    stale: bool = False


def checkin_one_tap(
    *,
    location: Location,
    profile: DiseaseProfile,
    person_id: int | None,
    token_fresh: bool,
    submission_id: uuid.UUID | None,
    limits: Sequence[tuple[str, int]],
    rate_window: int,
) -> Checked | OneTapRefused:
    """The one-tap return of the person a signed cookie names (``person_id``) with their
    current, healthy declaration; its rate limit (``limits``: the client's) counted
    first, kept when it refuses (``RateLimited``). ``quick_checkin_refusal`` decides
    whether the person must declare again; a stale page (``token_fresh`` False) writes
    nothing. A submission already stored at this gate is the same visit.

    On SQLite the count, the read and the writes are one transaction under the write
    lock (BEGIN IMMEDIATE), one commit; on plain PostgreSQL the count commits on its own
    (asynchronously) and the visit is one statement (``sql.checkin_values_statement``);
    the visit is written from its values on both. Citus: ``checkin_submit``."""
    with transaction.atomic() if connection.vendor == "sqlite" else nullcontext():
        result = _one_tap(
            location=location,
            profile=profile,
            person_id=person_id,
            token_fresh=token_fresh,
            submission_id=submission_id,
            limits=limits,
            rate_window=rate_window,
        )
    if result is None:  # refused by the limit: the count is kept (committed)
        raise RateLimited
    return result


def _one_tap(
    *,
    location: Location,
    profile: DiseaseProfile,
    person_id: int | None,
    token_fresh: bool,
    submission_id: uuid.UUID | None,
    limits: Sequence[tuple[str, int]],
    rate_window: int,
) -> Checked | OneTapRefused | None:
    if not ratelimit.hit_all(list(limits), window_seconds=rate_window):
        return None
    found = person_returning(pk=person_id, profile=profile) if person_id is not None else None
    person, declaration = found if found is not None else (None, None)
    refusal = quick_checkin_refusal(person=person, declaration=declaration, location=location)
    if refusal or person is None or declaration is None:
        return OneTapRefused(person.pk if person is not None else None, refusal)
    if not token_fresh:
        return OneTapRefused(person.pk, stale=True)
    if submission_id is not None:
        replayed = sql.submission_visit(location_id=location.pk, submission_id=submission_id)
        if replayed is not None:
            return Checked(*replayed)
    if connection.vendor != "sqlite" and not sql.single_statement():
        try:  # Citus: checkin_submit's transaction of several statements
            visit = checkin_submit(
                location=location,
                profile=profile,
                source=CheckinSource.QUICK,
                person=person,
                declaration=declaration,
                submission_id=submission_id,
                replay_checked=submission_id is not None,
            )
        except CheckinError as exc:
            return OneTapRefused(person.pk, str(exc))
        return Checked(visit.pk, person.pk)
    if not location.accepts_checkins:
        return OneTapRefused(
            person.pk, _("Mã QR của cổng này đã bị thu hồi hoặc cổng ngừng hoạt động.")
        )
    now = timezone.now()
    # A one-tap needs a healthy declaration: the visit is admitted.
    row = _visit_row(
        person.pk, location, profile, Visit.Status.ADMITTED, declaration.pk, submission_id, now
    )
    if connection.vendor != "sqlite":  # plain PostgreSQL: one statement
        return _values_statement(location, submission_id, person=None, declaration=None, visit=row)
    return _one_tap_rows(location, person.pk, submission_id, row, now)


def _one_tap_rows(
    location: Location,
    person_id: int,
    submission_id: uuid.UUID | None,
    visit: list[Any],
    now: datetime,
) -> Checked:
    visit_id = sql.insert_row(Visit._meta.db_table, sql.VISIT_LIVE_COLUMNS, visit)
    if submission_id is not None:
        sql.submission_insert(
            location_id=location.pk, submission_id=submission_id, visit_id=visit_id, check_in=now
        )
    sql.person_checkin_insert(person_id=person_id, check_in=now, location_id=location.pk)
    return Checked(visit_id, person_id)


def _first_visit_one_statement(
    *,
    location: Location,
    profile: DiseaseProfile,
    phone: str,
    full_name: str,
    cccd: str,
    answers: dict[str, Any],
    is_visitor: bool,
    purpose: str,
    host: str,
    submission_id: uuid.UUID | None,
    replay_checked: bool,
) -> Visit:
    """A public first visit as one statement (plain PostgreSQL): the person upsert, the
    declaration, the visit, its submission claim and the cut, as the multi-statement
    path writes them."""
    if not location.accepts_checkins:
        raise CheckinError(_("Mã QR của cổng này đã bị thu hồi hoặc cổng ngừng hoạt động."))
    person_args = _person_upsert_args(identity=phone, full_name=full_name, cccd=cccd)
    person = Person(identity=phone, identity_index=person_args["identity_index"])
    declaration = _new_declaration(
        person=person,
        profile=profile,
        answers=answers,
        is_visitor=is_visitor,
        purpose=purpose,
        host=host,
        at=None,
    )
    visit = _live_visit(
        person=person,
        location=location,
        source=Visit.Source.QR,
        declaration=declaration,
        submission_id=submission_id,
        profile=profile,
    )
    row = _one_statement_row(visit=visit, person_args=person_args, declaration=declaration)
    if row is None:  # the same submission, stored meanwhile: that visit, nothing new
        return _stored_submission(location, submission_id)
    person = _person_from_row(phone, full_name, cccd, person_args["identity_index"], row[2:])
    declaration.person = person
    declaration.pk = row[1]
    _saved(declaration)
    visit.person, visit.declaration, visit.pk = person, declaration, row[0]
    _saved(visit)
    return visit


def _one_statement(*, visit: Visit, replay_checked: bool) -> Visit:
    """A one-tap return's visit as one statement (plain PostgreSQL)."""
    if not visit.location.accepts_checkins:
        raise CheckinError(_("Mã QR của cổng này đã bị thu hồi hoặc cổng ngừng hoạt động."))
    if visit.submission_id is not None and not replay_checked:
        existing = visit_submitted(location=visit.location, submission_id=visit.submission_id)
        if existing is not None:
            return existing  # a replayed or double submit: the same visit, once
    row = _one_statement_row(visit=visit, person_args=None, declaration=None)
    if row is None:
        return _stored_submission(visit.location, visit.submission_id)
    visit.pk = row[0]
    _saved(visit)
    return visit


def _one_statement_row(
    *, visit: Visit, person_args: dict[str, Any] | None, declaration: Declaration | None
) -> tuple[Any, ...] | None:
    """Run sql.checkin_one_statement; None when the submission was already claimed (the
    statement wrote nothing). In autocommit the statement is its own transaction;
    inside one, a savepoint keeps a refused claim from breaking it."""
    try:
        if connection.in_atomic_block:
            with transaction.atomic():
                return sql.checkin_one_statement(
                    person=person_args, declaration=declaration, visit=visit
                )
        return sql.checkin_one_statement(person=person_args, declaration=declaration, visit=visit)
    except IntegrityError:
        if visit.submission_id is None:
            raise
        return None


def _saved(obj: Any) -> None:
    obj._state.adding = False
    obj._state.db = connection.alias


def checkin_check_out(*, person: Person, location: Location) -> Visit | None:
    """The public check-out: the person's open visit at ``location`` ends now (None:
    there was none)."""
    with transaction.atomic():
        visit = visit_open_at(person=person, location=location)
        if visit is not None:
            visit_check_out(visit=visit)
    return visit


# People ------------------------------------------------------------------------------


def person_upsert(*, identity: str, full_name: str = "", cccd: str = "") -> Person:
    """The person with this normalised identity, created or updated; linked to the
    staff record with the same phone when there is one.

    One statement on SQLite and PostgreSQL alike (sql.person_upsert). Two concurrent
    first visits of the same person meet in the unique index, not in a transaction:
    no savepoint, no retry. A non-empty name or CCCD replaces the stored one, an empty
    one keeps it; an existing staff link is never replaced."""
    args = _person_upsert_args(identity=identity, full_name=full_name, cccd=cccd)
    row = sql.person_upsert(**args)
    return _person_from_row(identity, full_name, cccd, args["identity_index"], row)


def _person_upsert_args(
    *, identity: str, full_name: str, cccd: str, now: datetime | None = None
) -> dict[str, Any]:
    by_phone = identity.startswith("+")
    return {
        "identity_token": encrypt(identity),
        "identity_index": Person.index_of(identity),
        "name_token": encrypt(full_name) if full_name else "",
        "cccd_token": encrypt(cccd) if cccd else "",
        "cccd_index": blind_index(cccd, purpose="cccd"),
        "staff_by_phone": by_phone,
        "staff_key": blind_index(identity, purpose="phone") if by_phone else identity,
        "now": now or timezone.now(),
    }


def _person_from_row(
    identity: str, full_name: str, cccd: str, index: str, row: Sequence[Any]
) -> Person:
    """The Person a person upsert returned ``(id, name token, cccd token, cccd_index,
    staff_id, created_at, last_seen_at)`` for; only a stored value not given is
    decrypted."""
    pk, name_token, cccd_token, cccd_index, staff_id, created_at, last_seen_at = row
    person = Person(
        pk=pk,
        identity=identity,
        identity_index=index,
        full_name=full_name or (decrypt(name_token) if name_token else ""),
        cccd=cccd or (decrypt(cccd_token) if cccd_token else ""),
        cccd_index=cccd_index,
        staff_id=staff_id,
        created_at=sql.python_datetime(created_at),
        last_seen_at=sql.python_datetime(last_seen_at),
    )
    _saved(person)
    return person


# Declarations ------------------------------------------------------------------------


def declaration_create(
    *,
    person: Person,
    profile: DiseaseProfile,
    answers: dict[str, Any],
    is_visitor: bool,
    purpose: str = "",
    host: str = "",
    at: datetime | None = None,
) -> Declaration:
    """One health declaration with its consent; ``answers`` as stored (profiles.py):
    a yes/no answer in any other form than a boolean is a programming error."""
    declaration = _new_declaration(
        person=person,
        profile=profile,
        answers=answers,
        is_visitor=is_visitor,
        purpose=purpose,
        host=host,
        at=at,
    )
    sql.insert_instance(declaration)
    return declaration


def _new_declaration(
    *,
    person: Person,
    profile: DiseaseProfile,
    answers: dict[str, Any],
    is_visitor: bool,
    purpose: str,
    host: str,
    at: datetime | None,
) -> Declaration:
    risky = _declaration_check(profile, answers)
    moment = at or timezone.now()
    declaration = Declaration(
        person=person,
        profile=profile,
        declared_at=moment,
        valid_until=profile.declaration_valid_until(moment),
        answers=json.dumps(answers, ensure_ascii=False, sort_keys=True),
        is_risky=risky,
        is_visitor=is_visitor,
        purpose=purpose,
        host=host,
        consent_version=settings.CONSENT_VERSION,
        consented_at=moment,
    )
    return declaration


def _declaration_check(profile: DiseaseProfile, answers: dict[str, Any]) -> bool:
    """Whether ``answers`` (as stored) are risky; a yes/no answer in any other form
    than a boolean is a programming error."""
    for q in profile.questions:
        if q["kind"] == "yesno" and not isinstance(answers.get(q["key"], False), bool):
            raise ValueError(f"the yes/no answer {q['key']!r} must be a boolean")
    return bool(risk_reasons(profile.questions, answers))


# Visits ------------------------------------------------------------------------------

_SUBMISSION_FIELD = Visit._meta.get_field("submission_id")


def visit_check_in(
    *,
    person: Person,
    location: Location,
    at: datetime | None = None,
    check_out: datetime | None = None,
    source: str = Visit.Source.QR,
    declaration: Declaration | None = None,
    submission_id: uuid.UUID | None = None,
    recorded_by: Any = None,
    profile: DiseaseProfile | None = None,
    replay_checked: bool = False,
) -> Visit:
    """Record a check-in. The person's previous open visit anywhere ends here; a
    risky declaration leaves the visit pending a guard's decision.

    ``replay_checked``: the caller has just looked ``submission_id`` up and found
    nothing (the Submission key still catches a concurrent double submit)."""
    if not location.accepts_checkins and source == Visit.Source.QR:
        raise CheckinError(_("Mã QR của cổng này đã bị thu hồi hoặc cổng ngừng hoạt động."))
    moment = at or timezone.now()
    if check_out is not None and check_out <= moment:
        raise CheckinError(_("Giờ ra phải sau giờ vào."))
    profile = profile or DiseaseProfile.active()
    if submission_id is not None and not replay_checked:
        existing = visit_submitted(location=location, submission_id=submission_id)
        if existing is not None:
            return existing  # a replayed or double submit: the same visit, once
    visit = _new_visit(
        person=person,
        location=location,
        moment=moment,
        source=source,
        declaration=declaration,
        submission_id=submission_id,
        check_out=check_out,
        recorded_by=recorded_by if getattr(recorded_by, "pk", None) else None,
    )
    # tracing.md: every open visit of this person that began earlier ends, at the
    # latest, at this check-in (several may be open: same check-in time, two gates).
    # That cut is the person-keyed row (models.PersonCheckin) written with the visit:
    # readers take the person's next check-in from there, and no earlier visit (at
    # another gate, on another shard) is written.
    if at is None:
        # A live check-in has nothing after it. A double submit that loses on
        # submission_id writes no person-keyed row.
        visit.effective_end = check_out or open_visit_end(
            moment, open_visit_hours=profile.open_visit_hours
        )
        if not _insert_visit(visit):
            return _stored_submission(location, submission_id)
        sql.person_checkin_insert(person_id=person.pk, check_in=moment, location_id=location.pk)
        return visit
    with transaction.atomic():
        # A back-dated check-in may have a later one after it.
        following = (
            PersonCheckin.objects.filter(person=person, check_in__gt=moment)
            .order_by("check_in")
            .values_list("check_in", flat=True)
            .first()
        )
        visit.effective_end = check_out or open_visit_end(
            moment, open_visit_hours=profile.open_visit_hours, next_check_in=following
        )
        if not _insert_visit(visit):
            return _stored_submission(location, submission_id)
        sql.person_checkin_insert(person_id=person.pk, check_in=moment, location_id=location.pk)
    return visit


def _live_visit(
    *,
    person: Person,
    location: Location,
    source: str,
    declaration: Declaration | None,
    submission_id: uuid.UUID | None,
    profile: DiseaseProfile,
) -> Visit:
    """A live check-in's visit as ``visit_check_in`` builds it (now, nothing after it)."""
    moment = timezone.now()
    visit = _new_visit(
        person=person,
        location=location,
        moment=moment,
        source=source,
        declaration=declaration,
        submission_id=submission_id,
    )
    visit.effective_end = open_visit_end(moment, open_visit_hours=profile.open_visit_hours)
    return visit


def _new_visit(
    *,
    person: Person,
    location: Location,
    moment: datetime,
    source: str,
    declaration: Declaration | None,
    submission_id: uuid.UUID | None,
    check_out: datetime | None = None,
    recorded_by: Any = None,
) -> Visit:
    """The unsaved visit of a check-in; a risky declaration leaves it pending."""
    risky = declaration is not None and declaration.is_risky
    return Visit(
        person=person,
        location=location,
        unit_id_snapshot=location.unit_id,
        check_in=moment,
        check_out=check_out,
        source=source,
        status=Visit.Status.PENDING if risky else Visit.Status.ADMITTED,
        declaration=declaration,
        submission_id=submission_id,
        recorded_by=recorded_by,
    )


def _stored_submission(location: Location, submission_id: uuid.UUID | None) -> Visit:
    assert submission_id is not None  # only a claimed submission loses
    visit = visit_submitted(location=location, submission_id=submission_id)
    if visit is None:
        raise Visit.DoesNotExist(submission_id)
    return visit


def _insert_visit(visit: Visit) -> bool:
    """Insert ``visit`` and claim its submission (models.Submission, keyed by gate and
    submission id) in one savepoint; False when the submission is already claimed."""
    if visit.submission_id is None:
        sql.insert_instance(visit)
        return True
    try:
        with transaction.atomic():  # a savepoint in the caller's transaction
            sql.insert_instance(visit)
            sql.submission_insert(
                location_id=visit.location_id,
                submission_id=visit.submission_id,
                visit_id=visit.pk,
                check_in=visit.check_in,
            )
    except IntegrityError:
        return False
    return True


def visit_check_out(*, visit: Visit, at: datetime | None = None) -> Visit:
    """The visit ends at ``at`` (now); a visit already checked out is left as it is."""
    moment = at or timezone.now()
    if visit.check_out is not None:
        return visit  # already out: nothing to do twice
    if moment <= visit.check_in:
        raise CheckinError(_("Giờ ra phải sau giờ vào."))
    visit.check_out = moment
    visit.effective_end = moment
    # By the visit's whole key (location, check_in, id): one shard, one partition.
    Visit.objects.filter(
        location_id=visit.location_id, check_in=visit.check_in, pk=visit.pk
    ).update(check_out=moment, effective_end=moment)
    return visit

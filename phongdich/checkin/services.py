"""Writes of the check-in app: people, declarations, visits, gate tokens."""

from __future__ import annotations

import json
import uuid
from datetime import datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _

from phongdich.checkin.models import (
    Declaration,
    DiseaseProfile,
    Location,
    Person,
    Visit,
    new_manual_code,
    new_poster_token,
)
from phongdich.checkin.profiles import risk_reasons
from phongdich.core.crypto import blind_index, decrypt, encrypt
from phongdich.org.models import Staff


class CheckinError(Exception):
    """A check-in that cannot be done; the message is for the person at the gate."""


def local_midnight_after(moment: datetime) -> datetime:
    """Local midnight that ends the calendar day of ``moment``."""
    tz = timezone.get_default_timezone()
    day = moment.astimezone(tz).date() + timedelta(days=1)
    return datetime.combine(day, time(0), tzinfo=tz)


def open_visit_end(
    check_in: datetime, *, open_visit_hours: int, next_check_in: datetime | None = None
) -> datetime:
    """tracing.md: the earliest of check_in + H, the next check-in, local midnight."""
    candidates = [check_in + timedelta(hours=open_visit_hours), local_midnight_after(check_in)]
    if next_check_in is not None:
        candidates.append(next_check_in)
    return min(candidates)


# People -------------------------------------------------------------------


def person_find(identity: str) -> Person | None:
    return Person.objects.filter(identity_index=Person.index_of(identity)).first()


def person_upsert(*, identity: str, full_name: str = "", cccd: str = "") -> Person:
    """The person with this normalised identity, created or updated; linked to the
    staff record with the same phone when there is one.

    One statement on SQLite and PostgreSQL alike: ``INSERT … ON CONFLICT
    (identity_index) DO UPDATE … RETURNING``, the staff link as a sub-query. Two
    concurrent first visits of the same person meet in the unique index, not in a
    transaction: no savepoint, no retry. A non-empty name or CCCD replaces the stored
    one, an empty one keeps it; an existing staff link is never replaced."""
    q = connection.ops.quote_name
    table, staff_table = q(Person._meta.db_table), q(Staff._meta.db_table)
    c = {name: q(name) for name in _PERSON_COLUMNS}
    if identity.startswith("+"):
        staff_column, staff_key = "phone_index", blind_index(identity, purpose="phone")
    else:
        staff_column, staff_key = "staff_code", identity
    updates = [f"{c['staff_id']} = COALESCE({table}.{c['staff_id']}, excluded.{c['staff_id']})"]
    if full_name:
        updates.append(f"{c['full_name']} = excluded.{c['full_name']}")
    if cccd:
        updates += [f"{c[n]} = excluded.{c[n]}" for n in ("cccd", "cccd_index")]
    # Identifiers come from the models; every value is a parameter.
    sql = (
        f"INSERT INTO {table} ({', '.join(c.values())}) "  # noqa: S608
        f"VALUES (%s, %s, %s, %s, %s, (SELECT {q('id')} FROM {staff_table} "
        f"WHERE {q(staff_column)} = %s AND {q('is_active')} = %s LIMIT 1), %s, NULL) "
        f"ON CONFLICT ({c['identity_index']}) DO UPDATE SET {', '.join(updates)} "
        f"RETURNING {q('id')}, {c['full_name']}, {c['cccd']}, {c['cccd_index']}, "
        f"{c['staff_id']}, {c['created_at']}, {c['last_seen_at']}"
    )
    index = Person.index_of(identity)
    params: list[Any] = [
        encrypt(identity),
        index,
        encrypt(full_name) if full_name else "",
        encrypt(cccd) if cccd else "",
        blind_index(cccd, purpose="cccd"),
        staff_key,
        True,
        connection.ops.adapt_datetimefield_value(timezone.now()),
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        pk, name_token, cccd_token, cccd_index, staff_id, created_at, last_seen_at = (
            cursor.fetchone()
        )
    to_datetime = getattr(connection.ops, "convert_datetimefield_value", None)
    if to_datetime is not None:  # SQLite hands back text
        created_at = to_datetime(created_at, None, connection)
        last_seen_at = to_datetime(last_seen_at, None, connection)
    person = Person(
        pk=pk,
        identity=identity,
        identity_index=index,
        full_name=full_name or (decrypt(name_token) if name_token else ""),
        cccd=cccd or (decrypt(cccd_token) if cccd_token else ""),
        cccd_index=cccd_index,
        staff_id=staff_id,
        created_at=created_at,
        last_seen_at=last_seen_at,
    )
    person._state.adding = False
    person._state.db = connection.alias
    return person


_PERSON_COLUMNS = (
    "identity",
    "identity_index",
    "full_name",
    "cccd",
    "cccd_index",
    "staff_id",
    "created_at",
    "last_seen_at",
)


def _insert(obj: Model) -> None:
    """INSERT one new model instance as one raw statement, ``RETURNING`` its id.

    The values are prepared by the fields exactly as ``save()`` would (defaults,
    ``auto_now_add``, encryption, JSON, time zones); what is skipped is the ORM's
    query building and the model signals (none are connected to these models)."""
    meta = obj._meta
    fields = [f for f in meta.concrete_fields if not f.primary_key]
    key = (meta.label, connection.vendor)
    sql = _INSERT_SQL.get(key)
    if sql is None:
        q = connection.ops.quote_name
        sql = (
            f"INSERT INTO {q(meta.db_table)} ({', '.join(q(str(f.column)) for f in fields)}) "  # noqa: S608
            f"VALUES ({', '.join(['%s'] * len(fields))}) RETURNING {q(str(meta.pk.column))}"
        )
        _INSERT_SQL[key] = sql
    params = [f.get_db_prep_save(f.pre_save(obj, True), connection) for f in fields]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        (obj.pk,) = cursor.fetchone()
    obj._state.adding = False
    obj._state.db = connection.alias


_INSERT_SQL: dict[tuple[str, str], str] = {}


def _staff_for_identity(identity: str) -> Staff | None:
    if identity.startswith("+"):
        staff = Staff.objects.filter(phone_index=blind_index(identity, purpose="phone"))
    else:
        staff = Staff.objects.filter(staff_code=identity)
    # Unique lookups: drop Staff's default ordering (it joins the unit table).
    return staff.filter(is_active=True).order_by().first()


# Declarations -------------------------------------------------------------


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
    moment = at or timezone.now()
    reasons = risk_reasons(profile.questions, answers)
    declaration = Declaration(
        person=person,
        profile=profile,
        declared_at=moment,
        valid_until=profile.declaration_valid_until(moment),
        answers=json.dumps(answers, ensure_ascii=False, sort_keys=True),
        is_risky=bool(reasons),
        is_visitor=is_visitor,
        purpose=purpose,
        host=host,
        consent_version=settings.CONSENT_VERSION,
        consented_at=moment,
    )
    _insert(declaration)
    return declaration


def declaration_current(person: Person, profile: DiseaseProfile) -> Declaration | None:
    """The person's latest declaration under ``profile`` that is still valid now."""
    return (
        Declaration.objects.filter(person=person, profile=profile, valid_until__gt=timezone.now())
        .order_by("-declared_at")
        .first()
    )


def declaration_answers(declaration: Declaration) -> dict[str, Any]:
    return json.loads(declaration.answers or "{}")


# Visits -------------------------------------------------------------------


def visit_open_at(person: Person, location: Location) -> Visit | None:
    """The person's visit at ``location`` that is still open now, if any."""
    return (
        Visit.objects.filter(
            person=person,
            location=location,
            check_out__isnull=True,
            effective_end__gt=timezone.now(),
        )
        .exclude(status=Visit.Status.REFUSED)
        .order_by("-check_in")
        .first()
    )


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
    nothing (the unique index still catches a concurrent double submit)."""
    if not location.accepts_checkins and source == Visit.Source.QR:
        raise CheckinError(_("Mã QR của cổng này đã bị thu hồi hoặc cổng ngừng hoạt động."))
    moment = at or timezone.now()
    if check_out is not None and check_out <= moment:
        raise CheckinError(_("Giờ ra phải sau giờ vào."))
    profile = profile or DiseaseProfile.active()
    if submission_id is not None and not replay_checked:
        existing = Visit.objects.filter(submission_id=submission_id).order_by().first()
        if existing is not None:
            return existing  # a replayed or double submit: the same visit, once
    status = Visit.Status.ADMITTED
    if declaration is not None and declaration.is_risky:
        status = Visit.Status.PENDING
    visit = Visit(
        person=person,
        location=location,
        unit_id_snapshot=location.unit_id,
        check_in=moment,
        check_out=check_out,
        source=source,
        status=status,
        declaration=declaration,
        submission_id=submission_id,
        recorded_by=recorded_by if getattr(recorded_by, "pk", None) else None,
    )
    # tracing.md: every open visit of this person that began earlier ends, at the
    # latest, at this check-in (several may be open: same check-in time, two gates).
    if at is None:
        # A live check-in has nothing after it. The new row goes in first and the cut
        # follows it, in one transaction when the caller holds one: a double submit that
        # loses on submission_id cuts nothing, and the row itself is never cut
        # (check_in < moment).
        visit.effective_end = check_out or open_visit_end(
            moment, open_visit_hours=profile.open_visit_hours
        )
        if not _insert_visit(visit):
            return Visit.objects.get(submission_id=submission_id)
        _cut_open_visits(person.pk, moment)
        return visit
    with transaction.atomic():
        _cut_open_visits(person.pk, moment)
        # A back-dated check-in may have a later one after it.
        following = (
            Visit.objects.filter(person=person, check_in__gt=moment)
            .order_by("check_in")
            .values_list("check_in", flat=True)
            .first()
        )
        visit.effective_end = check_out or open_visit_end(
            moment, open_visit_hours=profile.open_visit_hours, next_check_in=following
        )
        if not _insert_visit(visit):
            return Visit.objects.get(submission_id=submission_id)
    return visit


def _insert_visit(visit: Visit) -> bool:
    """Insert ``visit``; False when its submission_id is already stored."""
    if visit.submission_id is None:
        _insert(visit)
        return True
    try:
        if connection.in_atomic_block:  # keep the caller's transaction usable
            with transaction.atomic():
                _insert(visit)
        else:
            _insert(visit)
    except IntegrityError:
        return False
    return True


def _cut_open_visits(person_id: int, moment: datetime) -> None:
    """``Visit.objects.filter(person=…, check_out=None, check_in__lt=moment,
    effective_end__gt=moment).update(effective_end=moment)`` as one raw statement."""
    q = connection.ops.quote_name
    sql = (
        f"UPDATE {q(Visit._meta.db_table)} SET {q('effective_end')} = %s "  # noqa: S608
        f"WHERE {q('person_id')} = %s AND {q('check_out')} IS NULL "
        f"AND {q('check_in')} < %s AND {q('effective_end')} > %s"
    )
    at = connection.ops.adapt_datetimefield_value(moment)
    with connection.cursor() as cursor:
        cursor.execute(sql, [at, person_id, at, at])


def visit_check_out(*, visit: Visit, at: datetime | None = None) -> Visit:
    moment = at or timezone.now()
    if visit.check_out is not None:
        return visit  # already out: nothing to do twice
    if moment <= visit.check_in:
        raise CheckinError(_("Giờ ra phải sau giờ vào."))
    visit.check_out = moment
    visit.effective_end = moment
    visit.save(update_fields=["check_out", "effective_end"])
    return visit


def visit_decide(*, visit: Visit, admit: bool, user: Any, note: str = "") -> Visit:
    """A guard's decision on a flagged declaration, recorded with who and when."""
    if visit.status != Visit.Status.PENDING:
        raise CheckinError(_("Lượt check-in này đã được quyết định trước đó."))
    now = timezone.now()
    visit.status = Visit.Status.ADMITTED if admit else Visit.Status.REFUSED
    visit.decided_by = user
    visit.decided_at = now
    visit.decision_note = note[:255]
    fields = ["status", "decided_by", "decided_at", "decision_note"]
    if not admit and visit.check_out is None and now > visit.check_in:
        visit.check_out = now
        visit.effective_end = now
        fields += ["check_out", "effective_end"]
    visit.save(update_fields=fields)
    return visit


# Gates --------------------------------------------------------------------


def location_regenerate_token(*, location: Location) -> Location:
    """A new poster token and manual code: the old poster stops working."""
    for attempt in range(5):
        location.poster_token = new_poster_token()
        location.manual_code = new_manual_code()
        location.token_revoked = False
        location.token_issued_at = timezone.now()
        try:
            with transaction.atomic():
                location.save(
                    update_fields=[
                        "poster_token",
                        "manual_code",
                        "token_revoked",
                        "token_issued_at",
                    ]
                )
        except IntegrityError:  # a 6-character manual code collided: draw again
            if attempt == 4:
                raise
            continue
        break
    return location


def location_revoke_token(*, location: Location) -> Location:
    location.token_revoked = True
    location.save(update_fields=["token_revoked"])
    return location

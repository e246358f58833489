"""Every raw SQL statement of the check-in app, in one place.

The hot path (a check-in) and the bulk import skip the ORM's query building where it
costs: one ``INSERT … ON CONFLICT … RETURNING`` per person, one ``INSERT …
RETURNING`` per new row, one ``INSERT`` of the person-keyed row that makes the
open-visit cut, ``COPY`` (PostgreSQL)
or ``executemany`` (SQLite) for a million imported rows. Tables and columns are named
from the models (``_meta.db_table``, ``field.column``) and quoted by the backend;
every value is a parameter. Nothing here decides anything: the services do.
"""

from __future__ import annotations

import weakref
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from itertools import islice
from typing import Any

from django.db import connection
from django.db.models import Model

from phongdich.checkin.models import Declaration, Person, PersonCheckin, Submission, Visit
from phongdich.org.models import Staff

BATCH = 50_000  # rows per executemany on SQLite
IN_CHUNK = 900  # values per IN (…) list, under SQLite's variable limit
REBUILD_MIN = 50_000  # rows; below this, plain inserts into the indexes

PERSON_COLUMNS = (
    "identity",
    "identity_index",
    "full_name",
    "cccd",
    "cccd_index",
    "staff_id",
    "created_at",
    "last_seen_at",
)
VISIT_IMPORT_COLUMNS = (
    "person_id",
    "location_id",
    "unit_id_snapshot",
    "check_in",
    "check_out",
    "effective_end",
    "source",
    "status",
    "decision_note",
)

_INSERT_SQL: dict[tuple[str, str], str] = {}
_INSERT_SELECT_SQL: dict[tuple[Any, ...], str] = {}
_UPSERT_SQL: dict[tuple[Any, ...], str] = {}
_CHECKIN_SQL: dict[tuple[Any, ...], str] = {}
_ROW_SQL: dict[tuple[Any, ...], str] = {}


def _q(name: str) -> str:
    return connection.ops.quote_name(name)


def is_postgres() -> bool:
    return connection.vendor == "postgresql"


def db_datetime(value: datetime) -> Any:
    """An aware datetime as the backend stores it (SQLite: text, like Django)."""
    return connection.ops.adapt_datetimefield_value(value)


def python_datetime(value: Any) -> Any:
    """A datetime column read by a raw cursor as Django's ORM would hand it back."""
    to_datetime = getattr(connection.ops, "convert_datetimefield_value", None)
    if to_datetime is None:  # PostgreSQL: already an aware datetime
        return value
    return to_datetime(value, None, connection)  # SQLite hands back text


# The check-in (hot path) ------------------------------------------------------------


def person_upsert(
    *,
    identity_token: str,
    identity_index: str,
    name_token: str,
    cccd_token: str,
    cccd_index: str,
    staff_by_phone: bool,
    staff_key: str,
    now: datetime,
) -> tuple[Any, ...]:
    """``INSERT … ON CONFLICT (identity_index) DO UPDATE … RETURNING`` of one person.

    The staff link is a sub-query (the active staff with this phone index, or this
    staff code); an existing link is never replaced. A non-empty name or CCCD token
    replaces the stored one, an empty one keeps it. Returns ``(id, full_name, cccd,
    cccd_index, staff_id, created_at, last_seen_at)`` as stored."""
    if citus_installed():
        return _person_upsert_citus(
            identity_token=identity_token,
            identity_index=identity_index,
            name_token=name_token,
            cccd_token=cccd_token,
            cccd_index=cccd_index,
            staff_column="phone_index" if staff_by_phone else "staff_code",
            staff_key=staff_key,
            now=now,
        )
    sql, params = _person_upsert_sql(
        identity_token=identity_token,
        identity_index=identity_index,
        name_token=name_token,
        cccd_token=cccd_token,
        cccd_index=cccd_index,
        staff_by_phone=staff_by_phone,
        staff_key=staff_key,
        now=now,
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row: tuple[Any, ...] = cursor.fetchone()
    return row


def _person_upsert_sql(
    *,
    identity_token: str,
    identity_index: str,
    name_token: str,
    cccd_token: str,
    cccd_index: str,
    staff_by_phone: bool,
    staff_key: str,
    now: datetime,
) -> tuple[str, list[Any]]:
    key = _person_upsert_key(
        staff_by_phone=staff_by_phone, name_token=name_token, cccd_token=cccd_token
    )
    sql = _UPSERT_SQL.get(key)
    if sql is None:
        sql = _UPSERT_SQL[key] = _person_upsert_text(
            staff_by_phone=staff_by_phone, name=bool(name_token), cccd=bool(cccd_token)
        )
    params: list[Any] = [
        identity_token,
        identity_index,
        name_token,
        cccd_token,
        cccd_index,
        staff_key,
        True,
        db_datetime(now),
    ]
    return sql, params


def _person_upsert_key(
    *, staff_by_phone: bool, name_token: str, cccd_token: str, **_: Any
) -> tuple[Any, ...]:
    """What the person upsert's text depends on."""
    return (staff_by_phone, bool(name_token), bool(cccd_token), connection.vendor)


def _person_upsert_text(*, staff_by_phone: bool, name: bool, cccd: bool) -> str:
    table, staff_table = _q(Person._meta.db_table), _q(Staff._meta.db_table)
    c = {name: _q(name) for name in PERSON_COLUMNS}
    staff_column = "phone_index" if staff_by_phone else "staff_code"
    updates = [f"{c['staff_id']} = COALESCE({table}.{c['staff_id']}, excluded.{c['staff_id']})"]
    if name:
        updates.append(f"{c['full_name']} = excluded.{c['full_name']}")
    if cccd:
        updates += [f"{c[n]} = excluded.{c[n]}" for n in ("cccd", "cccd_index")]
    return (
        f"INSERT INTO {table} ({', '.join(c.values())}) "  # noqa: S608
        f"VALUES (%s, %s, %s, %s, %s, (SELECT {_q('id')} FROM {staff_table} "
        f"WHERE {_q(staff_column)} = %s AND {_q('is_active')} = %s LIMIT 1), %s, NULL) "
        f"ON CONFLICT ({c['identity_index']}) DO UPDATE SET {', '.join(updates)} "
        f"RETURNING {_q('id')}, {c['full_name']}, {c['cccd']}, {c['cccd_index']}, "
        f"{c['staff_id']}, {c['created_at']}, {c['last_seen_at']}"
    )


def insert_instance(obj: Model) -> None:
    """INSERT one new model instance as one raw statement, ``RETURNING`` its id.

    The values are prepared by the fields exactly as ``save()`` would (defaults,
    ``auto_now_add``, encryption, JSON, time zones); what is skipped is the ORM's
    query building and the model signals (none are connected to these models)."""
    meta = obj._meta
    fields = [f for f in meta.concrete_fields if not f.primary_key]
    key = (meta.label, connection.vendor)
    sql = _INSERT_SQL.get(key)
    if sql is None:
        sql = (
            f"INSERT INTO {_q(meta.db_table)} "  # noqa: S608
            f"({', '.join(_q(str(f.column)) for f in fields)}) "
            f"VALUES ({', '.join(['%s'] * len(fields))}) RETURNING {_q(str(meta.pk.column))}"
        )
        _INSERT_SQL[key] = sql
    params = [f.get_db_prep_save(f.pre_save(obj, True), connection) for f in fields]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        (obj.pk,) = cursor.fetchone()
    obj._state.adding = False
    obj._state.db = connection.alias


DECLARATION_COLUMNS = (
    "person_id",
    "profile_id",
    "declared_at",
    "valid_until",
    "answers",
    "is_risky",
    "is_visitor",
    "purpose",
    "host",
    "consent_version",
    "consented_at",
)
VISIT_LIVE_COLUMNS = (
    "person_id",
    "location_id",
    "unit_id_snapshot",
    "check_in",
    "effective_end",
    "source",
    "status",
    "declaration_id",
    "submission_id",
    "decision_note",
)


def insert_row(table: str, columns: Sequence[str], params: Sequence[Any]) -> int:
    """``INSERT INTO table (columns) VALUES (…) RETURNING id`` of values already as the
    backend stores them; the new id. The columns left out take NULL."""
    key = (table, tuple(columns), connection.vendor)
    sql = _ROW_SQL.get(key)
    if sql is None:
        sql = _ROW_SQL[key] = (
            f"INSERT INTO {_q(table)} ({', '.join(_q(c) for c in columns)}) "  # noqa: S608
            f"VALUES ({', '.join(['%s'] * len(columns))}) RETURNING {_q('id')}"
        )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        (pk,) = cursor.fetchone()
    return int(pk)


def submission_visit(*, location_id: int, submission_id: Any) -> tuple[int, int] | None:
    """``(visit id, person id)`` of the visit a submission at a gate made, or None.

    The claim first, by its key (models.Submission is not partitioned); only when there
    is one (a replay: rare) the visit's person, by the visit's own ``check_in``. A join
    of the two would have partitioned PostgreSQL plan every partition of the visits for
    every submission (0.89 ms of planning, on nine daily partitions), replay or not."""
    field = Submission._meta.get_field("submission_id")
    sql = (
        f"SELECT {_q('visit_id')}, {_q('check_in')} "  # noqa: S608
        f"FROM {_q(Submission._meta.db_table)} "
        f"WHERE {_q('location_id')} = %s AND {_q('submission_id')} = %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [location_id, field.get_db_prep_save(submission_id, connection)])
        claim = cursor.fetchone()
        if claim is None:
            return None
        cursor.execute(
            f"SELECT {_q('person_id')} FROM {_q(Visit._meta.db_table)} "  # noqa: S608
            f"WHERE {_q('location_id')} = %s AND {_q('check_in')} = %s AND {_q('id')} = %s",
            [location_id, claim[1], claim[0]],
        )
        row = cursor.fetchone()
    return (int(claim[0]), int(row[0])) if row else None


def person_checkin_insert(*, person_id: int, check_in: datetime, location_id: int) -> None:
    """The person-keyed row of a new check-in (the open-visit cut, models.PersonCheckin).

    ``ON CONFLICT DO NOTHING``: the same person at the same gate at the same instant is
    one check-in for the cut."""
    sql = (
        f"INSERT INTO {_q(PersonCheckin._meta.db_table)} "  # noqa: S608
        f"({_q('person_id')}, {_q('check_in')}, {_q('location_id')}) VALUES (%s, %s, %s) "
        "ON CONFLICT DO NOTHING"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [person_id, db_datetime(check_in), location_id])


def submission_insert(
    *, location_id: int, submission_id: Any, visit_id: int, check_in: datetime
) -> None:
    """Claim a form submission at a gate for a visit; ``IntegrityError`` when it is
    already claimed (models.Submission: the primary key is (location, submission_id))."""
    columns = ("location_id", "submission_id", "visit_id", "check_in")
    field = Submission._meta.get_field("submission_id")
    sql = (
        f"INSERT INTO {_q(Submission._meta.db_table)} "  # noqa: S608
        f"({', '.join(_q(c) for c in columns)}) VALUES (%s, %s, %s, %s)"
    )
    params = [
        location_id,
        field.get_db_prep_save(submission_id, connection),
        visit_id,
        db_datetime(check_in),
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def _person_upsert_citus(
    *,
    identity_token: str,
    identity_index: str,
    name_token: str,
    cccd_token: str,
    cccd_index: str,
    staff_column: str,
    staff_key: str,
    now: datetime,
) -> tuple[Any, ...]:
    """The person upsert on Citus, where ``checkin_person`` is distributed by ``id``
    and cannot hold a unique identity index (checkin.citus): the staff link read from
    the reference table, the identity claimed in the identity table (distributed by
    identity index: one shard) with a new id from the people's sequence, then the
    upsert of the person by id (one shard). Two concurrent first visits meet in the
    identity table's key and get the same id. Returns what ``person_upsert`` does."""
    from phongdich.checkin.models import PersonIdentity

    table, staff_table = _q(Person._meta.db_table), _q(Staff._meta.db_table)
    identities = _q(PersonIdentity._meta.db_table)
    c = {name: _q(name) for name in PERSON_COLUMNS}
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {_q('id')} FROM {staff_table} "  # noqa: S608
            f"WHERE {_q(staff_column)} = %s AND {_q('is_active')} = %s LIMIT 1",
            [staff_key, True],
        )
        found = cursor.fetchone()
        cursor.execute(
            f"INSERT INTO {identities} ({_q('identity_index')}, {_q('person_id')}) "  # noqa: S608
            "VALUES (%s, nextval(pg_get_serial_sequence(%s, 'id'))) "
            f"ON CONFLICT ({_q('identity_index')}) DO UPDATE "
            f"SET {_q('person_id')} = {identities}.{_q('person_id')} RETURNING {_q('person_id')}",
            [identity_index, Person._meta.db_table],
        )
        (pk,) = cursor.fetchone()
        updates = [f"{c['staff_id']} = COALESCE({table}.{c['staff_id']}, excluded.{c['staff_id']})"]
        if name_token:
            updates.append(f"{c['full_name']} = excluded.{c['full_name']}")
        if cccd_token:
            updates += [f"{c[n]} = excluded.{c[n]}" for n in ("cccd", "cccd_index")]
        cursor.execute(
            f"INSERT INTO {table} ({_q('id')}, {', '.join(c.values())}) "  # noqa: S608
            "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, NULL) "
            f"ON CONFLICT ({_q('id')}) DO UPDATE SET {', '.join(updates)} "
            f"RETURNING {_q('id')}, {c['full_name']}, {c['cccd']}, {c['cccd_index']}, "
            f"{c['staff_id']}, {c['created_at']}, {c['last_seen_at']}",
            [
                pk,
                identity_token,
                identity_index,
                name_token,
                cccd_token,
                cccd_index,
                found[0] if found else None,
                db_datetime(now),
            ],
        )
        row: tuple[Any, ...] = cursor.fetchone()
    return row


def person_returning(*, pk: int, profile_id: int, now: datetime) -> tuple[Any, ...] | None:
    """One read for a one-tap return: the person the cookie names and their latest
    declaration under the profile still valid at ``now`` (None when there is none).
    Returns ``(id, cccd_index, staff_id, declaration id | None, is_risky, valid_until,
    declared_at)``: nothing to decrypt, the one-tap needs none of the personal values."""
    person, declaration = _q(Person._meta.db_table), _q(Declaration._meta.db_table)
    declared_at, valid_until = _q("declared_at"), _q("valid_until")
    sql = (
        f"SELECT p.{_q('id')}, p.{_q('cccd_index')}, p.{_q('staff_id')}, d.{_q('id')}, "  # noqa: S608
        f"d.{_q('is_risky')}, d.{valid_until}, d.{declared_at} FROM {person} p "
        f"LEFT JOIN (SELECT c.{_q('id')}, c.{_q('is_risky')}, c.{valid_until}, "
        f"c.{declared_at} FROM {declaration} c "
        f"WHERE c.{_q('person_id')} = %s AND c.{_q('profile_id')} = %s "
        f"AND c.{valid_until} > %s AND c.{declared_at} <= %s "
        f"ORDER BY c.{declared_at} DESC LIMIT 1) d ON 1 = 1 "
        f"WHERE p.{_q('id')} = %s"
    )
    # One read of the declarations, not two (a derived table, not a sub-query joined
    # back by id): on partitioned PostgreSQL each read plans every partition, and the
    # bound ``declared_at <= now`` prunes the days ahead. The person's id is given to
    # both tables, not correlated: every table filters its distribution column by the
    # same value, one shard's query on Citus (people and declarations are co-located).
    at = db_datetime(now)
    with connection.cursor() as cursor:
        cursor.execute(sql, [pk, profile_id, at, at, pk])
        row: tuple[Any, ...] | None = cursor.fetchone()
    return row


# One statement per check-in on plain PostgreSQL ----------------------------------------

_SINGLE: weakref.WeakKeyDictionary[Any, bool] = weakref.WeakKeyDictionary()


def single_statement() -> bool:
    """True on plain PostgreSQL (not SQLite, not Citus): the check-in's writes go as one
    data-modifying CTE. On Citus the person and the visit live on different shards, so
    the check-in stays a transaction of several statements there. Asked once per
    database connection."""
    if connection.vendor != "postgresql":
        return False
    connection.ensure_connection()
    raw = connection.connection
    known = _SINGLE.get(raw)
    if known is None:
        with connection.cursor() as cursor:
            cursor.execute("SELECT NOT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'citus')")
            known = bool(cursor.fetchone()[0])
        _SINGLE[raw] = known
    return known


def _insert_select(obj: Model, alias: str, refs: dict[str, str]) -> tuple[str, list[Any]]:
    """``alias AS (INSERT INTO table (…) SELECT … FROM refs' CTEs RETURNING id)`` for one
    new instance, its values prepared by the fields as ``save()`` would; a column named
    in ``refs`` takes the id another CTE returned (``refs[column]``)."""
    meta = obj._meta
    fields = [f for f in meta.concrete_fields if not f.primary_key and f.column not in refs]
    params = [f.get_db_prep_save(f.pre_save(obj, True), connection) for f in fields]
    key = (meta.label, alias, tuple(sorted(refs.items())), connection.vendor)
    sql = _INSERT_SELECT_SQL.get(key)
    if sql is None:
        columns, values = [], []
        for f in meta.concrete_fields:
            if not f.primary_key:
                columns.append(_q(str(f.column)))
                values.append(refs.get(str(f.column), "%s"))
        # The parameters follow the fields' order; the referenced ones are not parameters.
        sources = sorted({ref.split(".")[0] for ref in refs.values()})
        from_clause = f" FROM {', '.join(sources)}" if sources else ""
        sql = (
            f"{alias} AS (INSERT INTO {_q(meta.db_table)} "  # noqa: S608
            f"({', '.join(columns)}) SELECT {', '.join(values)}{from_clause} "
            f"RETURNING {_q(str(meta.pk.column))} AS id)"
        )
        _INSERT_SELECT_SQL[key] = sql
    return sql, params


def _insert_values_text(
    table: str, columns: Sequence[str], alias: str, refs: dict[str, str]
) -> str:
    """``alias AS (INSERT INTO table (columns) SELECT … RETURNING id)``: a parameter per
    column, or, for a column named in ``refs``, the id another CTE returned."""
    values = [refs.get(c, "%s") for c in columns]
    sources = sorted({ref.split(".")[0] for ref in refs.values()})
    from_clause = f" FROM {', '.join(sources)}" if sources else ""
    return (
        f"{alias} AS (INSERT INTO {_q(table)} "  # noqa: S608
        f"({', '.join(_q(c) for c in columns)}) SELECT {', '.join(values)}{from_clause} "
        f"RETURNING {_q('id')} AS id)"
    )


_FIRST_REFS = {"person_id": "p.id", "declaration_id": "d.id"}


def checkin_values_statement(
    *,
    person: dict[str, Any] | None,
    declaration: Sequence[Any] | None,
    visit: Sequence[Any],
) -> tuple[int, int]:
    """A whole check-in as one statement (plain PostgreSQL: ``single_statement``) from
    values already as the backend stores them: no model instance.

    ``person``: the arguments of ``person_upsert`` and ``declaration`` its row in
    ``DECLARATION_COLUMNS`` order (a first visit: the person id left to the upsert, any
    value in its place ignored), or both None (a one-tap return: the visit's person
    and declaration are stored already). ``visit``: its row in ``VISIT_LIVE_COLUMNS``
    order (on a first visit the person and declaration ids are the statement's own).
    Then the visit's claim on its submission (models.Submission: a replay fails the
    whole statement with ``IntegrityError``, nothing is written) and the person-keyed
    row of the cut. Returns ``(visit id, person id)``."""
    first = person is not None
    row = dict(zip(VISIT_LIVE_COLUMNS, visit, strict=True))
    refs = _FIRST_REFS if first else {}
    params: list[Any] = []
    if first:
        assert declaration is not None
        upsert, upsert_params = _person_upsert_sql(**person)  # type: ignore[arg-type]
        params += upsert_params
        params += [
            v for c, v in zip(DECLARATION_COLUMNS, declaration, strict=True) if c not in refs
        ]
    params += [v for c, v in row.items() if c not in refs]
    params += (
        [row["check_in"], row["location_id"]]
        if first
        else [row["person_id"], row["check_in"], row["location_id"]]
    )
    claim = row["submission_id"] is not None
    if claim:
        params += [row["location_id"], row["submission_id"], row["check_in"]]
    key = ("values", first, claim, _person_upsert_key(**person) if first else None)  # type: ignore[arg-type]
    sql = _CHECKIN_SQL.get(key)
    if sql is None:
        texts = [
            _insert_values_text(Visit._meta.db_table, VISIT_LIVE_COLUMNS, "v", refs),
        ]
        if first:
            texts = [
                upsert,
                _insert_values_text(
                    Declaration._meta.db_table, DECLARATION_COLUMNS, "d", {"person_id": "p.id"}
                ),
                *texts,
            ]
        returning = "SELECT v.id, p.id FROM v, p" if first else "SELECT v.id, NULL FROM v"
        sql = _CHECKIN_SQL[key] = _checkin_text(
            texts, first=first, claim=claim, returning=returning
        )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        visit_id, person_id = cursor.fetchone()
    return int(visit_id), int(person_id if first else row["person_id"])


def _checkin_text(
    texts: list[str], *, first: bool, claim: bool, returning: str | None = None
) -> str:
    parts = [f"p AS ({texts[0]})", texts[1], texts[2]] if first else [texts[0]]
    parts.append(
        f"c AS (INSERT INTO {_q(PersonCheckin._meta.db_table)} "  # noqa: S608
        f"({_q('person_id')}, {_q('check_in')}, {_q('location_id')}) "
        f"SELECT {'p.id' if first else '%s'}, %s, %s{' FROM p' if first else ''} "
        "ON CONFLICT DO NOTHING)"
    )
    if claim:
        parts.append(
            f"s AS (INSERT INTO {_q(Submission._meta.db_table)} "  # noqa: S608
            f"({_q('location_id')}, {_q('submission_id')}, {_q('visit_id')}, {_q('check_in')}) "
            "SELECT %s, %s, v.id, %s FROM v)"
        )
    if returning is None:
        returning = (
            "SELECT v.id, d.id, p.id, p.full_name, p.cccd, p.cccd_index, p.staff_id, "
            "p.created_at, p.last_seen_at FROM v, d, p"
            if first
            else "SELECT v.id, NULL FROM v"
        )
    return "WITH " + ", ".join(parts) + " " + returning


def checkin_one_statement(
    *,
    person: dict[str, Any] | None,
    declaration: Declaration | None,
    visit: Visit,
) -> tuple[Any, ...]:
    """A whole check-in as one statement (plain PostgreSQL: ``single_statement``).

    ``person``: the arguments of ``person_upsert`` (a first visit: the person upsert
    and ``declaration`` go in the statement too); None for a one-tap return (the
    visit's person and declaration are stored already). Then the visit, its claim
    on the submission (models.Submission: a replay fails the whole statement with
    ``IntegrityError``, nothing is written) and the person-keyed row of the cut.
    Returns ``(visit id, declaration id | None)`` followed, for a first visit, by the
    person's row as ``person_upsert`` returns it."""
    params: list[Any] = []
    texts: list[str] = []
    refs: dict[str, str] = {}
    if person is not None:
        assert declaration is not None
        upsert, upsert_params = _person_upsert_sql(**person)
        sql_d, p_d = _insert_select(declaration, "d", {"person_id": "p.id"})
        texts += [upsert, sql_d]
        params += [*upsert_params, *p_d]
        refs = {"person_id": "p.id", "declaration_id": "d.id"}
    sql_v, p_v = _insert_select(visit, "v", refs)
    texts.append(sql_v)
    params += p_v
    check_in, location_id = db_datetime(visit.check_in), visit.location_id
    if person is None:
        params.append(visit.person_id)
    params += [check_in, location_id]
    claim = visit.submission_id is not None
    if claim:
        field = Submission._meta.get_field("submission_id")
        params += [location_id, field.get_db_prep_save(visit.submission_id, connection), check_in]
    key = (*texts, claim)
    sql = _CHECKIN_SQL.get(key)
    if sql is None:
        sql = _CHECKIN_SQL[key] = _checkin_text(texts, first=person is not None, claim=claim)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row: tuple[Any, ...] = cursor.fetchone()
    return row


# The bulk import ---------------------------------------------------------------------

TIME_MEMO = 200_000  # distinct moments remembered by db_time_memo


def db_time(value: datetime | None) -> Any:
    """A UTC datetime as the backend stores it (SQLite: naive UTC text, like Django)."""
    if value is None or is_postgres():
        return value
    return value.replace(tzinfo=None).isoformat(" ")


def db_time_memo() -> Any:
    """A fast db_time for many values: the backend is looked up once, texts are memoised."""
    if is_postgres():
        return lambda value: value
    memo: dict[datetime | None, str | None] = {None: None}

    def convert(value: datetime | None) -> str | None:
        text = memo.get(value)
        if text is None and value is not None:
            if len(memo) >= TIME_MEMO:
                memo.clear()
                memo[None] = None
            text = memo[value] = value.replace(tzinfo=None).isoformat(" ")
        return text

    convert.memo = memo  # type: ignore[attr-defined]
    return convert


def chunks(items: Sequence[Any], size: int | None = None) -> Iterator[Sequence[Any]]:
    size = size or IN_CHUNK
    for start in range(0, len(items), size):
        yield items[start : start + size]


def bulk_insert(table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    """Insert rows in batches (COPY on PostgreSQL); the number inserted."""
    cols = ", ".join(_q(c) for c in columns)
    count = 0
    with connection.cursor() as cursor:
        if is_postgres():
            with cursor.cursor.copy(f"COPY {_q(table)} ({cols}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
                    count += 1
            return count
        # SQLite: the driver's own cursor, qmark style (Django's wrapper adds nothing here).
        marks = ", ".join(["?"] * len(columns))
        sql = f"INSERT INTO {_q(table)} ({cols}) VALUES ({marks})"  # noqa: S608
        iterator = iter(rows)
        while batch := list(islice(iterator, BATCH)):
            cursor.cursor.executemany(sql, batch)
            count += len(batch)
    return count


@contextmanager
def fast_sqlite() -> Iterator[None]:
    """A larger page cache for this connection during an import (SQLite only), restored
    afterwards: 32 MiB. The index builds' sorter sizes its in-memory runs by the cache,
    so the cache counts several times in the import's peak memory: at 2.4M rows 128 MiB
    gave a peak of 694 MiB and 32 MiB 486 MiB, in the same time (110 and 104 s;
    docs/benchmarks.md).

    Durability settings are left alone: WAL and synchronous=NORMAL (settings) already
    make a commit one WAL append without fsync; ``synchronous`` cannot change inside
    the import's transaction, nor ``journal_mode`` while other connections use WAL, and
    synchronous=OFF would put the file at risk on a power cut for one fsync saved."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        (previous,) = cursor.fetchone()
        cursor.execute("PRAGMA cache_size=-32768")  # 32 MiB, this connection only
        cursor.execute("PRAGMA threads")
        (threads,) = cursor.fetchone()
        cursor.execute("PRAGMA threads=2")  # helper threads for sorting (CREATE INDEX)
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size={int(previous)}")
            cursor.execute(f"PRAGMA threads={int(threads)}")


@contextmanager
def indexes_rebuilt(table: str, incoming: int) -> Iterator[None]:
    """On SQLite, for a load that is large next to the table, drop the table's own
    indexes and create them again from their stored SQL once the rows are in.

    Must run inside the import's transaction: DDL is transactional in SQLite, so
    readers (WAL) keep the old snapshot with its indexes, a failure rolls the drop
    back, and the write lock is held throughout anyway. Sorting once per index is
    much cheaper than a million random insertions into ten B-trees."""
    if connection.vendor != "sqlite" or incoming < REBUILD_MIN:
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT MIN(_rowid_), MAX(_rowid_) FROM {_q(table)}")  # noqa: S608
        low, high = cursor.fetchone()
        if low is not None and high - low + 1 > incoming:
            yield  # the table is bigger than the load: insert into the indexes
            return
        cursor.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = %s "
            "AND sql IS NOT NULL",
            [table],
        )
        indexes = cursor.fetchall()
        for name, _sql in indexes:
            cursor.execute(f"DROP INDEX {_q(name)}")
    yield
    with connection.cursor() as cursor:
        for _name, sql in indexes:
            cursor.execute(sql)


def stored_visits(person_ids: Sequence[int]) -> list[tuple[int, int, Any, Any]]:
    """``(person_id, location_id, check_in, check_out)`` of the stored visits of these
    people (at most ``IN_CHUNK``), times as the driver reads them."""
    marks = ", ".join(["%s"] * len(person_ids))
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {_q('person_id')}, {_q('location_id')}, {_q('check_in')}, "  # noqa: S608
            f"{_q('check_out')} FROM {_q(Visit._meta.db_table)} "
            f"WHERE {_q('person_id')} IN ({marks})",
            list(person_ids),
        )
        return cursor.fetchall()


def stored_checkins(person_ids: Sequence[int]) -> list[tuple[int, int, Any]]:
    """``(person_id, location_id, check_in)`` of the stored ``PersonCheckin`` rows of
    these people (at most ``IN_CHUNK``)."""
    marks = ", ".join(["%s"] * len(person_ids))
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {_q('person_id')}, {_q('location_id')}, {_q('check_in')} "  # noqa: S608
            f"FROM {_q(PersonCheckin._meta.db_table)} WHERE {_q('person_id')} IN ({marks})",
            list(person_ids),
        )
        return cursor.fetchall()


def person_count_and_max_id() -> tuple[int, int | None]:
    table = _q(Person._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*), MAX({_q('id')}) FROM {table}")  # noqa: S608
        count, max_id = cursor.fetchone()
    return int(count), max_id


def person_keys(indexes: Sequence[str] | None) -> list[tuple[int, str, bool, int | None]]:
    """``(id, identity_index, has a name, staff_id)`` of the people with these identity
    indexes, or of every person when ``indexes`` is None."""
    table = _q(Person._meta.db_table)
    named = f"CASE WHEN {_q('full_name')} = '' THEN 0 ELSE 1 END"
    select = (
        f"SELECT {_q('id')}, {_q('identity_index')}, {named}, {_q('staff_id')} "  # noqa: S608
        f"FROM {table}"
    )
    batches: list[tuple[str, list[str]]]
    if indexes is None:
        batches = [(select, [])]
    else:
        batches = []
        for chunk in chunks(list(indexes)):
            marks = ", ".join(["%s"] * len(chunk))
            batches.append((f"{select} WHERE {_q('identity_index')} IN ({marks})", list(chunk)))
    rows: list[tuple[int, str, bool, int | None]] = []
    with connection.cursor() as cursor:
        for statement, params in batches:
            cursor.execute(statement, params)
            for pid, index, has_name, staff_id in cursor.fetchall():
                rows.append((pid, index, bool(has_name), staff_id))
    return rows


def person_fill_in(rows: Sequence[tuple[str | None, int | None, int]]) -> None:
    """``(name token or None, staff id or None, person id)``: fill in what is missing."""
    if not rows:
        return
    table = _q(Person._meta.db_table)
    name, staff = _q("full_name"), _q("staff_id")
    with connection.cursor() as cursor:
        cursor.executemany(
            f"UPDATE {table} SET {name} = COALESCE(%s, {name}), "  # noqa: S608
            f"{staff} = COALESCE(%s, {staff}) WHERE {_q('id')} = %s",
            rows,
        )


def person_seen(rows: Sequence[tuple[Any, int]]) -> None:
    """``(moment, person id)``: move last_seen_at forward to ``moment``."""
    if not rows:
        return
    table, seen = _q(Person._meta.db_table), _q("last_seen_at")
    with connection.cursor() as cursor:
        cursor.executemany(
            f"UPDATE {table} SET {seen} = %s WHERE {_q('id')} = %s "  # noqa: S608
            f"AND ({seen} IS NULL OR {seen} < %s)",
            [(moment, pid, moment) for moment, pid in rows],
        )


def persons_created_after(max_id: int | None) -> list[tuple[str, int]]:
    """``(identity_index, id)`` of the people inserted after ``max_id``."""
    table = _q(Person._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {_q('identity_index')}, {_q('id')} FROM {table} "  # noqa: S608
            f"WHERE {_q('id')} > %s",
            [max_id or 0],
        )
        return list(cursor.fetchall())


def person_identities_add(rows: Sequence[tuple[str, int]]) -> tuple[dict[str, int], int]:
    """``(identity_index, id)`` of people just created: into the identity table on
    Citus (checkin.citus; the upsert finds them there); nothing elsewhere.

    On Citus the people table has no unique index on the identity (it is distributed by
    id); the identity table is the guard. An identity another writer claimed between the
    import's read and its insert (a live first check-in of the same person) keeps its
    holder: returned as ``{identity_index: holder's id}``, with how many of the
    import's own new rows for them were deleted (in the import's transaction, before
    any visit of theirs is written)."""
    if not rows or not citus_installed():
        return {}, 0
    from phongdich.checkin.models import PersonIdentity

    table = _q(PersonIdentity._meta.db_table)
    index_col, person_col = _q("identity_index"), _q("person_id")
    claimed: dict[str, int] = {}
    losers: list[int] = []
    with connection.cursor() as cursor:
        for chunk in chunks(list(rows), BATCH):
            marks = ", ".join(["(%s, %s)"] * len(chunk))
            cursor.execute(
                f"INSERT INTO {table} ({index_col}, {person_col}) VALUES {marks} "  # noqa: S608
                f"ON CONFLICT DO NOTHING RETURNING {index_col}, {person_col}",
                [value for row in chunk for value in row],
            )
            inserted = {(index, pid) for index, pid in cursor.fetchall()}
            lost = [(index, pid) for index, pid in chunk if (index, pid) not in inserted]
            if not lost:
                continue
            cursor.execute(
                f"SELECT {index_col}, {person_col} FROM {table} "  # noqa: S608
                f"WHERE {index_col} IN ({', '.join(['%s'] * len(lost))})",
                [index for index, _ in lost],
            )
            holders = dict(cursor.fetchall())
            for index, pid in lost:
                holder = holders[index]
                claimed[index] = holder
                if holder != pid:
                    losers.append(pid)
        for chunk in chunks(losers, BATCH):
            cursor.execute(
                f"DELETE FROM {_q(Person._meta.db_table)} "  # noqa: S608
                f"WHERE {_q('id')} IN ({', '.join(['%s'] * len(chunk))})",
                chunk,
            )
    return claimed, len(losers)


# Day partitions (PostgreSQL; checkin.partitions decides which) --------------------------


def is_partitioned(table: str) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT c.relkind FROM pg_class c WHERE c.oid = to_regclass(%s)", [table])
        row = cursor.fetchone()
    return bool(row) and row[0] == "p"


def partition_bounds(table: str) -> list[tuple[str, str]]:
    """``(name, bound expression)`` of each partition of ``table``."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname, pg_get_expr(c.relpartbound, c.oid) FROM pg_inherits i "
            "JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = to_regclass(%s)",
            [table],
        )
        return list(cursor.fetchall())


def partition_create(
    *, table: str, name: str, default: str, column: str, low: datetime, high: datetime
) -> bool:
    """Make partition ``name`` of ``table`` for ``[low, high)`` unless it exists; rows of
    that range already in ``default`` move into it first (else making it would fail).
    ``PARTITION OF`` (not LIKE + ATTACH): the partition inherits every constraint under
    its parent's name, as Citus requires of a distributed partitioned table. True when
    made."""
    t, p, d, c = _q(table), _q(name), _q(default), _q(column)
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass(%s) IS NOT NULL", [name])
        if cursor.fetchone()[0]:
            return False
        if connection.in_atomic_block and citus_installed():
            # Citus: a partition's DDL inside a transaction that already wrote or read
            # other distributed or reference tables must run over one connection per
            # node (else "cannot execute parallel DDL …" or a distributed deadlock).
            cursor.execute("SET LOCAL citus.multi_shard_modify_mode TO 'sequential'")
        cursor.execute(
            f"SELECT EXISTS (SELECT 1 FROM {d} WHERE {c} >= %s AND {c} < %s)",  # noqa: S608
            [low, high],
        )
        if not cursor.fetchone()[0]:
            cursor.execute(
                f"CREATE TABLE {p} PARTITION OF {t} FOR VALUES FROM (%s) TO (%s)", [low, high]
            )
            return True
        moving = _q(f"moving_{name}")
        cursor.execute(f"CREATE TEMPORARY TABLE {moving} (LIKE {t}) ON COMMIT DROP")
        cursor.execute(
            f"WITH moved AS (DELETE FROM {d} WHERE {c} >= %s AND {c} < %s RETURNING *) "  # noqa: S608
            f"INSERT INTO {moving} SELECT * FROM moved",
            [low, high],
        )
        cursor.execute(
            f"CREATE TABLE {p} PARTITION OF {t} FOR VALUES FROM (%s) TO (%s)", [low, high]
        )
        cursor.execute(f"INSERT INTO {t} SELECT * FROM {moving}")  # noqa: S608
        cursor.execute(f"DROP TABLE {moving}")
    return True


def partition_count_rows(names: Iterable[str]) -> int:
    total = 0
    with connection.cursor() as cursor:
        for name in names:
            cursor.execute(f"SELECT COUNT(*) FROM {_q(name)}")  # noqa: S608
            total += cursor.fetchone()[0]
    return total


def partition_holds_any(name: str, person_ids: Iterable[int]) -> bool:
    """Whether partition ``name`` holds a row of one of ``person_ids``."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT EXISTS (SELECT 1 FROM {_q(name)} "  # noqa: S608
            "WHERE person_id = ANY(%s::bigint[]))",
            [sorted(person_ids)],
        )
        return bool(cursor.fetchone()[0])


def partition_drop(names: Iterable[str]) -> int:
    """Drop whole partitions (retention); the number dropped."""
    count = 0
    with connection.cursor() as cursor:
        # Deferred foreign-key checks of rows written earlier in this transaction run
        # now: a table with pending trigger events cannot be dropped.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        for name in names:
            cursor.execute(f"DROP TABLE {_q(name)}")
            count += 1
    return count


_PARTITION_STATE: dict[str, tuple[list[str], list[tuple[str, str]], list[str]]] = {}


def partition_begin(*, table: str, column: str, default: str) -> str:
    """Migration, first half: remember ``table``'s indexes, checks, foreign keys and
    identity columns, rename it aside and create the partitioned table (same columns)
    with its DEFAULT partition in its place. Refuses a table that others reference.
    Returns the old table's name."""
    old = table + "__unpartitioned"
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT conrelid::regclass::text FROM pg_constraint "
            "WHERE contype = 'f' AND confrelid = to_regclass(%s)",
            [table],
        )
        referrers = [r[0] for r in cursor.fetchall()]
        if referrers:
            raise RuntimeError(f"{table} is referenced by {referrers}: it cannot be partitioned")
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE tablename = %s AND indexname NOT IN "
            "(SELECT conname FROM pg_constraint WHERE conrelid = to_regclass(%s) "
            "AND contype IN ('p', 'u'))",
            [table, table],
        )
        indexes = [r[0] for r in cursor.fetchall()]
        cursor.execute(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE conrelid = to_regclass(%s) AND contype IN ('c', 'f')",
            [table],
        )
        constraints = list(cursor.fetchall())
        cursor.execute(
            "SELECT attname FROM pg_attribute WHERE attrelid = to_regclass(%s) "
            "AND attidentity <> '' AND NOT attisdropped",
            [table],
        )
        identity = [r[0] for r in cursor.fetchall()]
        t, o = _q(table), _q(old)
        cursor.execute(f"ALTER TABLE {t} RENAME TO {o}")
        cursor.execute(
            f"CREATE TABLE {t} (LIKE {o} INCLUDING DEFAULTS) PARTITION BY RANGE ({_q(column)})"
        )
        cursor.execute(f"CREATE TABLE {_q(default)} PARTITION OF {t} DEFAULT")
    _PARTITION_STATE[table] = (indexes, constraints, identity)
    return old


def partition_days(table: str, column: str, zone: str) -> list[Any]:
    """The distinct local days (in ``zone``) of ``column`` in ``table``."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT DISTINCT ({_q(column)} AT TIME ZONE %s)::date FROM {_q(table)}",  # noqa: S608
            [zone],
        )
        return sorted(r[0] for r in cursor.fetchall())


def partition_finish(*, table: str, old: str, key: Sequence[str]) -> None:
    """Migration, second half: copy every row from ``old``, drop it, give identity
    columns a sequence default (PostgreSQL 15 has no identity on a partitioned table),
    add the primary key ``key`` (holding the partition column), a plain index on ``id``
    (the ORM still finds a row by id alone: one probe per partition), and the
    remembered indexes, checks and foreign keys."""
    indexes, constraints, identity = _PARTITION_STATE.pop(table)
    t, o = _q(table), _q(old)
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {t} SELECT * FROM {o}")  # noqa: S608
        sequences = []
        for column in identity:
            cursor.execute(f"SELECT COALESCE(MAX({_q(column)}), 0) FROM {o}")  # noqa: S608
            (high,) = cursor.fetchone()
            sequences.append((f"{table}_{column}_seq", column, high))
        cursor.execute(f"DROP TABLE {o}")
        for seq, column, high in sequences:
            cursor.execute(f"CREATE SEQUENCE {_q(seq)} AS bigint OWNED BY {t}.{_q(column)}")
            cursor.execute("SELECT setval(%s, %s, %s)", [seq, max(high, 1), high > 0])
            cursor.execute(
                f"ALTER TABLE {t} ALTER COLUMN {_q(column)} SET DEFAULT nextval(%s::regclass)",
                [seq],
            )
        cursor.execute(f"ALTER TABLE {t} ADD PRIMARY KEY ({', '.join(_q(c) for c in key)})")
        if "id" in key:
            cursor.execute(f"CREATE INDEX {_q(table + '_id_lookup')} ON {t} ({_q('id')})")
        for definition in indexes:
            cursor.execute(definition)
        for name, definition in constraints:
            cursor.execute(f"ALTER TABLE {t} ADD CONSTRAINT {_q(name)} {definition}")


# Citus (checkin.citus decides what; every name comes from the models) ------------------

_CITUS: dict[str, bool] = {}


def citus_installed() -> bool:
    """Whether the ``citus`` extension exists in this database (remembered per
    database: the hot path asks on every check-in)."""
    if connection.vendor != "postgresql":
        return False
    name = str(connection.settings_dict["NAME"])
    known = _CITUS.get(name)
    if known is None:
        with connection.cursor() as cursor:
            cursor.execute("SELECT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'citus')")
            known = _CITUS[name] = bool(cursor.fetchone()[0])
    return known


def citus_forget() -> None:
    _CITUS.clear()


def citus_kind(table: str) -> str:
    """'distributed', 'reference', 'citus local' or '' (a plain local table)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT partmethod, repmodel FROM pg_dist_partition "
            "WHERE logicalrelid = to_regclass(%s)",
            [table],
        )
        row = cursor.fetchone()
    if row is None:
        return ""
    method, model = row
    if method == "h":
        return "distributed"
    return "reference" if model == "t" else "citus local"


def foreign_keys(table: str) -> list[tuple[str, str, str]]:
    """``(name, referencing table, referenced table)`` of every foreign key from or into
    ``table`` (the partitioned parents' own, not their partitions' copies)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT conname, conrelid::regclass::text, confrelid::regclass::text "
            "FROM pg_constraint WHERE contype = 'f' AND conparentid = 0 "
            "AND (conrelid = to_regclass(%s) OR confrelid = to_regclass(%s))",
            [table, table],
        )
        return list(cursor.fetchall())


def foreign_key_columns(table: str) -> set[str]:
    """The columns of ``table`` that hold a foreign key (one-column keys)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT a.attname FROM pg_constraint c JOIN pg_attribute a "
            "ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1] "
            "WHERE c.contype = 'f' AND c.conrelid = to_regclass(%s)",
            [table],
        )
        return {r[0] for r in cursor.fetchall()}


def constraint_drop(table: str, name: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"ALTER TABLE {_q(table)} DROP CONSTRAINT IF EXISTS {_q(name)}")


def unique_constraints_on(table: str, column: str) -> list[str]:
    """The names of the one-column UNIQUE constraints of ``table`` on ``column``."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.conname FROM pg_constraint c JOIN pg_attribute a "
            "ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1] "
            "WHERE c.contype = 'u' AND c.conrelid = to_regclass(%s) "
            "AND array_length(c.conkey, 1) = 1 AND a.attname = %s",
            [table, column],
        )
        return [r[0] for r in cursor.fetchall()]


def index_create(table: str, name: str, column: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE INDEX IF NOT EXISTS {_q(name)} ON {_q(table)} ({_q(column)})")


def person_identity_fill() -> None:
    """Every stored person's (identity index, id) into the identity table."""
    from phongdich.checkin.models import PersonIdentity

    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {_q(PersonIdentity._meta.db_table)} "  # noqa: S608
            f"({_q('identity_index')}, {_q('person_id')}) "
            f"SELECT {_q('identity_index')}, {_q('id')} FROM {_q(Person._meta.db_table)} "
            "ON CONFLICT DO NOTHING"
        )


def create_reference_table(table: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT create_reference_table(%s)", [table])


def create_distributed_table(table: str, column: str, colocate_with: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT create_distributed_table(%s, %s, colocate_with => %s)",
            [table, column, colocate_with],
        )


def execute_statement(statement: Any) -> None:
    """A statement the schema editor built (a foreign key it would add)."""
    with connection.cursor() as cursor:
        cursor.execute(str(statement))


def citus_sequences() -> list[tuple[str, str, str]]:
    """``(table, column, sequence)`` of every serial or identity column of a table
    Citus manages (distributed, reference or Citus local; not the partitions)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT t.relname, a.attname, s.seq FROM pg_dist_partition p "
            "JOIN pg_class t ON t.oid = p.logicalrelid AND NOT t.relispartition "
            "JOIN pg_namespace n ON n.oid = t.relnamespace "
            "JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum > 0 AND NOT a.attisdropped "
            "CROSS JOIN LATERAL (SELECT pg_get_serial_sequence("
            "quote_ident(n.nspname) || '.' || quote_ident(t.relname), a.attname) AS seq) s "
            "WHERE s.seq IS NOT NULL"
        )
        return list(cursor.fetchall())


def sequence_catch_up(table: str, column: str, sequence: str) -> bool:
    """Move ``sequence`` past the largest ``column`` of ``table`` if it is behind (Citus
    restarts the sequence of a table it turns into a Citus local table); True when
    moved."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT MAX({_q(column)}) FROM {_q(table)}")  # noqa: S608
        (high,) = cursor.fetchone()
        if high is None:
            return False
        cursor.execute(
            f"SELECT last_value, is_called FROM {sequence}"  # noqa: S608  (from the catalogue)
        )
        last, called = cursor.fetchone()
        if called and last >= high:
            return False
        cursor.execute("SELECT setval(%s, %s, true)", [sequence, high])
    return True


def citus_next_check_ins(pairs: Sequence[tuple[int, datetime]]) -> dict[tuple[int, Any], Any]:
    """Citus: the next check-in of each ``(person id, check_in)`` (absent: none), from
    the person-keyed check-ins in one query grouped by their distribution column
    (the visits are in another co-location group: a correlated sub-query cannot be
    pushed down)."""
    found: dict[tuple[int, Any], Any] = {}
    table = _q(PersonCheckin._meta.db_table)
    with connection.cursor() as cursor:
        for part in chunks(list(pairs), 5000):
            pids = [pid for pid, _ in part]
            cursor.execute(
                f"SELECT n.person_id, q.ci, MIN(n.check_in) FROM {table} AS n "  # noqa: S608
                "JOIN unnest(%s::bigint[], %s::timestamptz[]) AS q(pid, ci) "
                "ON n.person_id = q.pid AND n.check_in > q.ci "
                "WHERE n.person_id = ANY(%s::bigint[]) GROUP BY n.person_id, q.ci",
                [pids, [ci for _, ci in part], pids],
            )
            for pid, check_in, after in cursor.fetchall():
                found[(pid, check_in)] = after
    return found


def citus_enable_repartition_joins() -> None:
    """Let Citus join distributed tables on other columns than their distribution
    columns (repartition joins: reports and admin pages, not the hot path), for every
    new session in this database."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT current_database(), EXISTS (SELECT 1 FROM pg_db_role_setting s "
            "JOIN pg_database d ON d.oid = s.setdatabase WHERE d.datname = current_database() "
            "AND s.setrole = 0 AND 'citus.enable_repartition_joins=on' = ANY(s.setconfig))"
        )
        name, done = cursor.fetchone()
        if not done:
            cursor.execute(f"ALTER DATABASE {_q(name)} SET citus.enable_repartition_joins = on")
            cursor.execute("SET citus.enable_repartition_joins = on")

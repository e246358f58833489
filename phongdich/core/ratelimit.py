"""Fixed-window rate limits counted in the database with one atomic upsert.

A shared cache (memcached, Redis) is not needed: SQLite and PostgreSQL both run
``INSERT … ON CONFLICT … DO UPDATE … RETURNING``.
"""

from __future__ import annotations

import time
from typing import Any

from django.db import connection

from phongdich.core.models import RateCounter


def hit(key: str, *, limit: int, window_seconds: int, now: float | None = None) -> bool:
    """Count one request for ``key``; True while the count is within ``limit``."""
    return hit_all([(key, limit)], window_seconds=window_seconds, now=now)


def hit_all(
    limits: list[tuple[str, int]], *, window_seconds: int, now: float | None = None
) -> bool:
    """Count one request for each ``(key, limit)`` in one statement; True while every
    count is within its limit. Every key is counted, refused or not."""
    moment = time.time() if now is None else now
    window = int(moment // window_seconds) * window_seconds
    q = connection.ops.quote_name
    table = q(RateCounter._meta.db_table)
    key_col, window_col, count_col = q("key"), q("window_start"), q("count")
    keys = [key[:128] for key, _ in limits]
    rows = ", ".join(["(%s, %s)"] * len(keys))
    values = f"VALUES {', '.join(['(%s, %s, 1)'] * len(keys))}"
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        # The counts need no durability (a crash forgets a few): this statement's
        # commit does not wait for the WAL flush. Otherwise every request from one
        # address (a carrier's NAT, a gate's Wi-Fi) would hold the lock on its counter
        # row through a flush, one after the other.
        values = (
            f"SELECT k, w, 1 FROM (VALUES {rows}) AS v (k, w), "  # noqa: S608
            "(SELECT set_config('synchronous_commit', 'off', true)) AS async_commit"
        )
    # Identifiers come from the model; values are parameters.
    sql = (
        f"INSERT INTO {table} ({key_col}, {window_col}, {count_col}) {values} "  # noqa: S608
        f"ON CONFLICT ({key_col}, {window_col}) "
        f"DO UPDATE SET {count_col} = {table}.{count_col} + 1 "
        f"RETURNING {key_col}, {count_col}"
    )
    params: list[Any] = []
    for key in keys:
        params += [key, window]
    # One statement: atomic on its own in autocommit, no BEGIN/COMMIT round trips.
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        counts = dict(cursor.fetchall())
    return all(int(counts[key]) <= limit for key, (_, limit) in zip(keys, limits, strict=True))


def prune(*, older_than_seconds: int = 86400) -> int:
    cutoff = int(time.time()) - older_than_seconds
    deleted, _ = RateCounter.objects.filter(window_start__lt=cutoff).delete()
    return deleted

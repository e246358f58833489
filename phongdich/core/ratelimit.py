"""Fixed-window rate limits counted in the database with one atomic upsert.

A shared cache (memcached, Redis) is not needed: SQLite and PostgreSQL both run
``INSERT … ON CONFLICT … DO UPDATE … RETURNING``.
"""

from __future__ import annotations

import time

from django.db import connection

from phongdich.core.models import RateCounter


def hit(key: str, *, limit: int, window_seconds: int, now: float | None = None) -> bool:
    """Count one request for ``key``; True while the count is within ``limit``."""
    moment = time.time() if now is None else now
    window = int(moment // window_seconds) * window_seconds
    q = connection.ops.quote_name
    table = q(RateCounter._meta.db_table)
    key_col, window_col, count_col = q("key"), q("window_start"), q("count")
    # Identifiers come from the model; values are parameters.
    sql = (
        f"INSERT INTO {table} ({key_col}, {window_col}, {count_col}) VALUES (%s, %s, 1) "  # noqa: S608
        f"ON CONFLICT ({key_col}, {window_col}) "
        f"DO UPDATE SET {count_col} = {table}.{count_col} + 1 RETURNING {count_col}"
    )
    # One statement: atomic on its own in autocommit, no BEGIN/COMMIT round trips.
    with connection.cursor() as cursor:
        cursor.execute(sql, [key[:128], window])
        (count,) = cursor.fetchone()
    return int(count) <= limit


def prune(*, older_than_seconds: int = 86400) -> int:
    cutoff = int(time.time()) - older_than_seconds
    deleted, _ = RateCounter.objects.filter(window_start__lt=cutoff).delete()
    return deleted

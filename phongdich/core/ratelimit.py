"""Fixed-window rate limits counted in the database with one atomic upsert.

A shared cache (memcached, Redis) is not needed: SQLite and PostgreSQL both run
``INSERT … ON CONFLICT … DO UPDATE … RETURNING``.
"""

from __future__ import annotations

import time
from typing import Any

from django.db import connection

from phongdich.core.models import RateCounter
from phongdich.core.sql import rate_counter_upsert as sql_rate_counter_upsert


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
    keys = [key[:128] for key, _ in limits]
    async_commit = connection.vendor == "postgresql" and not connection.in_atomic_block
    sql = sql_rate_counter_upsert(
        connection.ops.quote_name, count=len(keys), async_commit=async_commit
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

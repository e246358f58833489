"""The core app's raw SQL, tables and columns named from the models."""

from __future__ import annotations

from collections.abc import Callable

from phongdich.core.models import RateCounter


def rate_counter_upsert(quote: Callable[[str], str], *, count: int, async_commit: bool) -> str:
    """Count one request for each of ``count`` (key, window) pairs in one statement,
    returning (key, count) rows. Parameters: key, window, key, window, …

    With ``async_commit`` (PostgreSQL, outside a transaction) this statement's commit
    does not wait for the WAL flush: the counts need no durability (a crash forgets a
    few), and otherwise every request from one address (a carrier's NAT, a gate's
    Wi-Fi) would hold the lock on its counter row through a flush, one after the other.
    """
    table = quote(RateCounter._meta.db_table)
    key_col, window_col, count_col = quote("key"), quote("window_start"), quote("count")
    rows = ", ".join(["(%s, %s)"] * count)
    values = f"VALUES {', '.join(['(%s, %s, 1)'] * count)}"
    if async_commit:
        values = (
            f"SELECT k, w, 1 FROM (VALUES {rows}) AS v (k, w), "  # noqa: S608
            "(SELECT set_config('synchronous_commit', 'off', true)) AS async_commit"
        )
    # Identifiers come from the model; values are parameters.
    return (
        f"INSERT INTO {table} ({key_col}, {window_col}, {count_col}) {values} "  # noqa: S608
        f"ON CONFLICT ({key_col}, {window_col}) "
        f"DO UPDATE SET {count_col} = {table}.{count_col} + 1 "
        f"RETURNING {key_col}, {count_col}"
    )

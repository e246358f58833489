"""Test databases on a Citus cluster (the suite's Citus pass, ``CITUS_URL``).

Citus does not propagate ``CREATE DATABASE`` to the workers, and a new database on
the coordinator knows no worker. So a test database is made by hand on every node
(with the ``citus`` extension), the coordinator of the new database is told about
the workers, and only then does Django's ``migrate`` run in it (``keepdb``: the
database exists), which distributes the tables (checkin.citus).
"""

from __future__ import annotations

from urllib.parse import urlsplit

import psycopg
from psycopg import sql


def _connect(host: str, port: int, user: str, dbname: str) -> psycopg.Connection:
    return psycopg.connect(host=host, port=port, user=user, dbname=dbname, autocommit=True)


def _nodes(url: str) -> tuple[str, tuple[str, int], list[tuple[str, int]]]:
    parts = urlsplit(url)
    user = parts.username or "postgres"
    with _connect(parts.hostname or "127.0.0.1", parts.port or 5432, user, parts.path[1:]) as c:
        rows = c.execute(
            "SELECT groupid, nodename, nodeport FROM pg_dist_node "
            "WHERE noderole = 'primary' ORDER BY groupid"
        ).fetchall()
    coordinator = (parts.hostname or "127.0.0.1", parts.port or 5432)
    workers = [(host, port) for group, host, port in rows if group != 0]
    if not workers:
        raise RuntimeError(f"no worker node in the cluster at {url} (cluster.sh start?)")
    return user, coordinator, workers


def create(url: str, name: str) -> None:
    """A fresh database ``name`` on every node of the cluster whose coordinator is
    ``url``, Citus in it, the workers added."""
    user, coordinator, workers = _nodes(url)
    # One at a time (the xdist workers make theirs together): adding a node copies the
    # roles to it, and two of those at once fail there ("tuple concurrently updated").
    with _connect(*coordinator, user, "postgres") as lock:
        lock.execute("SELECT pg_advisory_lock(%s)", [CREATE_LOCK])
        _create(user, coordinator, workers, url, name)


# The advisory lock serialising the test databases' creation (any number of this file's).
CREATE_LOCK = 7_461_730


def _create(
    user: str, coordinator: tuple[str, int], workers: list[tuple[str, int]], url: str, name: str
) -> None:
    drop(url, name)
    for host, port in [coordinator, *workers]:
        with _connect(host, port, user, "postgres") as c:
            c.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        with _connect(host, port, user, name) as c:
            c.execute("CREATE EXTENSION citus")
    with _connect(*coordinator, user, name) as c:
        c.execute("SELECT citus_set_coordinator_host(%s, %s)", coordinator)
        for host, port in workers:
            c.execute("SELECT citus_add_node(%s, %s)", [host, port])


def exists(url: str, name: str) -> bool:
    parts = urlsplit(url)
    user = parts.username or "postgres"
    with _connect(parts.hostname or "127.0.0.1", parts.port or 5432, user, parts.path[1:]) as c:
        row = c.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
    return row is not None


def drop(url: str, name: str) -> None:
    user, coordinator, workers = _nodes(url)
    for host, port in [coordinator, *workers]:
        with _connect(host, port, user, "postgres") as c:
            c.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )

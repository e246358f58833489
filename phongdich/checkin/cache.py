"""A short per-process cache of the gate by token and of the active profile.

Every check-in reads both; they change a few times a year. A save or delete in this
process forgets everything at once (a revoked or regenerated token stops working on
the next request), other processes within CACHE_SECONDS. Inside a transaction (a
test, an admin action) the database is read directly: nothing read there, maybe
rolled back later, is kept.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from django.db import connection, transaction
from django.db.models.signals import post_delete, post_save

from phongdich.checkin.models import DiseaseProfile, Location
from phongdich.org.models import Unit

CACHE_SECONDS = 5.0
MAX_ENTRIES = 1000
_cache: dict[object, tuple[float, Any]] = {}


def cached[T](key: object, load: Callable[[], T]) -> T:
    """``load()``, remembered for CACHE_SECONDS under ``key`` (None is not kept)."""
    if connection.in_atomic_block:
        return load()
    now = time.monotonic()
    entry = _cache.get(key)
    if entry is not None and entry[0] > now:
        return entry[1]  # type: ignore[no-any-return]
    value = load()
    if value is not None:
        if len(_cache) > MAX_ENTRIES:
            _cache.clear()
        _cache[key] = (now + CACHE_SECONDS, value)
    return value


def forget_cached(**kwargs: Any) -> None:
    """Forget everything (a signal receiver; also called after bulk updates)."""
    _cache.clear()
    if connection.in_atomic_block:  # and once more when the change is visible to all
        transaction.on_commit(_cache.clear)


for _model in (Location, DiseaseProfile, Unit):
    post_save.connect(forget_cached, sender=_model, dispatch_uid=f"checkin-cache-{_model}")
    post_delete.connect(forget_cached, sender=_model, dispatch_uid=f"checkin-cache-del-{_model}")

"""Contact tracing engine of docs/tracing.md: pure Python, no Django.

Public API::

    from tracing_engine import Case, CheckinRecord, InMemoryStore, Params, trace

    store = InMemoryStore(records)            # or any object implementing Store
    result = trace(store, Case("0912345678", onset, as_of=now), Params(depth=2))
    result.to_json_dict()                     # the Output JSON of tracing.md
"""

from .engine import infectious_window, presence, trace
from .identity import InvalidPhone, normalize_identity, normalize_phone
from .models import (
    Case,
    CheckinRecord,
    Contact,
    InvalidCase,
    InvalidParams,
    InvalidRecord,
    Params,
    TraceResult,
    TracingError,
)
from .stores import InMemoryStore, LocationWindow, Store, StoredRecord

__all__ = [
    "Case",
    "CheckinRecord",
    "Contact",
    "InMemoryStore",
    "InvalidCase",
    "InvalidParams",
    "InvalidPhone",
    "InvalidRecord",
    "LocationWindow",
    "Params",
    "Store",
    "StoredRecord",
    "TraceResult",
    "TracingError",
    "infectious_window",
    "normalize_identity",
    "normalize_phone",
    "presence",
    "trace",
]

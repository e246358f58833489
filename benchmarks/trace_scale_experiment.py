"""Experiment (not the benchmark): SqlStore.records_at with one index scan per location.

    DATABASE_URL=... .venv/bin/python benchmarks/trace_scale_experiment.py PERSON ONSET AS_OF

SqlStore.records_at ORs one ``(location = L AND effective_end > s AND check_in < e)``
term per window; each term is an index range scan on (location, effective_end)
from ``s`` to the end of the table, so a busy location with many windows is
scanned once per window. This variant groups the windows per location and scans
``effective_end > min(s)`` once, with the per-window test as a filter. Same answer
(the contract allows extra rows; this returns exactly the same rows).
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from datetime import date, datetime
from itertools import groupby
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "phongdich.settings")


def main() -> None:
    import django

    django.setup()
    from django.db.models import Q

    from phongdich.checkin.models import DiseaseProfile
    from phongdich.tracing.services import trace_params
    from phongdich.tracing.store import OR_CHUNK, SqlStore
    from tracing_engine import Case, trace

    class GroupedStore(SqlStore):
        def records_at(self, windows: Any, *, open_visit: Any) -> Any:
            ids = self.location_ids({w.location for w in windows})
            wanted = sorted(
                (ids[w.location], w.start, w.end)
                for w in windows
                if w.location in ids and w.start < w.end
            )
            assert not self._needs_generic(open_visit)
            rows: list[Any] = []
            query, size = Q(), 0
            for lid, group in groupby(wanted, key=lambda w: w[0]):
                spans = list(group)
                inner = Q()
                for _, start, end in spans:
                    inner |= Q(effective_end__gt=start, check_in__lt=end)
                last_end = max(e for _, _, e in spans)
                query |= (
                    Q(location_id=lid, effective_end__gt=spans[0][1], check_in__lt=last_end) & inner
                )
                size += len(spans) + 1
                if size >= OR_CHUNK:  # bounded expression depth, like SqlStore
                    rows.extend(self._rows(query))
                    query, size = Q(), 0
            if size:
                rows.extend(self._rows(query))
            return self._records(rows)

    person, onset, as_of = sys.argv[1:4]
    params = trace_params(DiseaseProfile.active(), depth=2)
    case = Case(person, date.fromisoformat(onset), as_of=datetime.fromisoformat(as_of))
    for label, cls in (("SqlStore", SqlStore), ("grouped per location", GroupedStore)):
        times, result = [], None
        for _ in range(3):
            started = time.perf_counter()
            result = trace(cls(), case, params)
            times.append(time.perf_counter() - started)
        assert result is not None
        levels = [sum(1 for c in result.contacts if c.level == k) for k in (1, 2)]
        assert result is not None
        print(
            f"{label}: min {min(times):.2f} s, median {statistics.median(times):.2f} s, "
            f"F1 {levels[0]}, F2 {levels[1]}, contacts hash {hash(result.to_json())}"
        )


if __name__ == "__main__":
    main()

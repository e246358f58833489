"""Who a new case is about: the searches of the case form and the rule that picks one.

A case (F0) is a staff member of the directory, a visitor found in the check-in
log, or a phone number typed in. The form searches the first two; a search is
run again on each post (nothing of it is kept between requests), and the
tracer's choice must be among its results.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from phongdich.checkin.models import Visit
from phongdich.checkin.selectors import log as checkin_selectors
from phongdich.checkin.selectors.log import LogFilter
from phongdich.core.text import fold
from phongdich.org import selectors as org_selectors
from phongdich.org.models import Staff
from tracing_engine.identity import InvalidPhone, normalize_phone

SOURCE_STAFF = "staff"
SOURCE_VISIT = "visit"
SOURCE_PHONE = "phone"
SEARCH_LIMIT = 20
VISIT_SEARCH_DAYS = 31


@dataclass(frozen=True)
class Pick:
    """The staff record or visit a new case is about, or why there is none."""

    staff: Staff | None = None
    visit: Visit | None = None
    error: str = ""  # Vietnamese, for the search field of the source


@dataclass
class Found:
    """The results of the case form's searches, and the pick among them (for a source
    of the directory or the log)."""

    staff: list[Staff] = field(default_factory=list)
    visits: list[Visit] = field(default_factory=list)
    staff_searched: bool = False
    visit_searched: bool = False
    pick: Pick | None = None


def staff_matches(*, user: Any, query: str) -> list[Staff]:
    """Active staff the user may see whose name, code or phone matches (at most 20)."""
    if not query:
        return []
    return list(org_selectors.staff_search(user=user, query=query)[:SEARCH_LIMIT])


def visit_matches(*, user: Any, query: str, today: date | None = None) -> list[Visit]:
    """The latest visit of each person of the last 31 days' log whose phone (when the
    query is one) or name matches (at most 20 people)."""
    if not query:
        return []
    today = today or timezone.localdate()
    flt = LogFilter(date_from=today - timedelta(days=VISIT_SEARCH_DAYS), date_to=today)
    try:
        flt.phone = normalize_phone(query)
    except InvalidPhone:
        flt.name = fold(query)
    latest: dict[int, Visit] = {}  # one line per person: their latest visit
    for visit in checkin_selectors.visit_log(user=user, flt=flt)[: SEARCH_LIMIT * 5]:
        latest.setdefault(visit.person_id, visit)
    return list(latest.values())[:SEARCH_LIMIT]


def case_sources(
    *,
    user: Any,
    source: str = "",
    staff_query: str = "",
    visit_query: str = "",
    chosen_staff: int | None = None,
    chosen_visit: int | None = None,
) -> Found:
    """Both searches, and for a ``source`` of the directory or the log the pick among
    its results (``source_pick``). A staff member already chosen stays among the
    results even when the query no longer finds them (e.g. they left: the directory
    search shows only active staff)."""
    staff = staff_matches(user=user, query=staff_query)
    if chosen_staff and all(s.pk != chosen_staff for s in staff):
        staff += list(
            org_selectors.staff_search(user=user, query="", active=None).filter(pk=chosen_staff)
        )
    found = Found(
        staff=staff,
        visits=visit_matches(user=user, query=visit_query),
        staff_searched=bool(staff_query),
        visit_searched=bool(visit_query),
    )
    if source == SOURCE_STAFF:
        found.pick = source_pick(found=found, source=source, chosen=chosen_staff, query=staff_query)
    elif source == SOURCE_VISIT:
        found.pick = source_pick(found=found, source=source, chosen=chosen_visit, query=visit_query)
    return found


def source_pick(*, found: Found, source: str, chosen: int | None, query: str) -> Pick:
    """The item the tracer chose among the results, or the only result; otherwise an
    error naming what is wrong (the choice is not among the results, nothing matches,
    several match)."""
    pool: list[Any]
    if source == SOURCE_STAFF:
        pool, kind = found.staff, _("cán bộ")
    else:
        pool, kind = found.visits, _("lượt check-in")
    picked: Any = None
    error = ""
    if chosen:
        picked = next((item for item in pool if item.pk == chosen), None)
        if picked is None:
            error = _("Không tìm thấy %(kind)s đã chọn.") % {"kind": kind}
    elif len(pool) == 1:
        picked = pool[0]
    elif not pool:
        error = _("Không tìm thấy %(kind)s nào khớp “%(q)s”.") % {"kind": kind, "q": query}
    else:
        error = _("Có %(n)d %(kind)s khớp “%(q)s”: hãy chọn một trong danh sách.") % {
            "n": len(pool),
            "kind": kind,
            "q": query,
        }
    if source == SOURCE_STAFF:
        return Pick(staff=picked, error=error)
    return Pick(visit=picked, error=error)

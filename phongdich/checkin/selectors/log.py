"""Reads of the visitor log: who came through which gate, per unit and date range,
scoped to the units the user may see; a page or an export of it is audited."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.core.paginator import Page
from django.db.models import Max, Q, QuerySet
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext

from phongdich.checkin import citus
from phongdich.checkin.citus import related
from phongdich.checkin.models import Declaration, DiseaseProfile, Location, Person, Visit
from phongdich.core.audit import audit
from phongdich.core.crypto import blind_index
from phongdich.core.paging import paginate
from phongdich.core.permissions import visible_units
from phongdich.core.roles import Role
from phongdich.core.text import fold, mask_phone
from phongdich.org.models import Unit

LOG_ROLES = frozenset({Role.OFFICE, Role.ADMIN, Role.DIRECTOR, Role.UNIT_HEAD, Role.TRACER})
PAGE_SIZE = 50
EXPORT_MAX_ROWS = 50_000


def log_units(*, user: Any) -> QuerySet[Unit]:
    return visible_units(user, roles=set(LOG_ROLES)).order_by("path")


def log_gates(*, user: Any) -> QuerySet[Location]:
    return Location.objects.filter(unit__in=log_units(user=user)).select_related("unit")


def local_day_bounds(first: date, last: date) -> tuple[datetime, datetime]:
    """[local midnight starting ``first``, local midnight ending ``last``)."""
    tz = timezone.get_default_timezone()
    start = datetime.combine(first, time(0), tzinfo=tz)
    end = datetime.combine(last + timedelta(days=1), time(0), tzinfo=tz)
    return start, end


@dataclass
class LogFilter:
    date_from: date
    date_to: date
    unit: Unit | None = None
    gate: Location | None = None
    kind: str = ""  # "visitor" | "staff" | ""
    status: str = ""
    phone: str = ""  # normalised phone to look up by blind index
    cccd: str = ""  # 12 digits to look up by blind index
    name: str = ""  # part of a name, matched without diacritics
    one_person_history: bool = False  # a phone or CCCD without dates: the last 92 days


def visit_log(*, user: Any, flt: LogFilter) -> QuerySet[Visit]:
    """The visits of the user's units matching ``flt``, newest first."""
    units = log_units(user=user)
    if flt.unit is not None:
        units = units.filter(path__startswith=flt.unit.path)
    start, end = local_day_bounds(flt.date_from, flt.date_to)
    visits = Visit.objects.filter(
        unit_id_snapshot__in=units.values("pk"), check_in__gte=start, check_in__lt=end
    )
    if flt.gate is not None:
        visits = visits.filter(location=flt.gate)
    if flt.kind in ("visitor", "staff"):
        visits = visits.filter(_kind_filter(flt.kind == "visitor", start, end))
    if flt.status:
        visits = visits.filter(status=flt.status)
    # The people by a sub-query, not a join: on Citus the people are in another
    # co-location group than the visits (the sub-query runs first, on their shards).
    if flt.phone:
        visits = visits.filter(person_id__in=_people(identity_index=Person.index_of(flt.phone)))
    if flt.cccd:
        visits = visits.filter(
            person_id__in=_people(cccd_index=blind_index(flt.cccd, purpose="cccd"))
        )
    if flt.name:
        visits = visits.filter(person_id__in=_people_named(visits, flt.name))
    return related(visits, "person", "location__unit", "declaration").order_by("-check_in", "-pk")


def _people(**lookup: Any) -> QuerySet[Person, Any]:
    return Person.objects.filter(**lookup).values("pk")


def _kind_filter(visitor: bool, start: datetime, end: datetime) -> Q:
    """A visitor: the declaration says so, or, without one, the person is no staff
    member's (staff: the reverse)."""
    if not citus.enabled():
        return Q(declaration__is_visitor=visitor) | Q(
            declaration__isnull=True, person__staff__isnull=visitor
        )
    # Citus: no join of the visits with the declarations or the people. The
    # declarations a visit of [start, end) may link were made in the longest validity
    # before ``end``; the sub-queries run first, each on its own shards.
    hours = DiseaseProfile.objects.aggregate(h=Max("declaration_valid_hours"))["h"] or 24
    declared = Declaration.objects.filter(
        is_visitor=visitor,
        declared_at__gte=start - timedelta(hours=hours),
        declared_at__lt=end + timedelta(days=1),
    ).values("pk")
    return Q(declaration_id__in=declared) | Q(
        declaration__isnull=True, person_id__in=_people(staff__isnull=visitor)
    )


def _people_named(visits: QuerySet[Visit], name: str) -> list[int]:
    """Names are encrypted at rest: match them here, among the people of ``visits`` only."""
    wanted = fold(name)
    people = Person.objects.filter(pk__in=visits.values("person_id")).only("pk", "full_name")
    return [p.pk for p in people if wanted in fold(p.full_name)]


def is_visitor(visit: Visit) -> bool:
    if visit.declaration is not None:
        return visit.declaration.is_visitor
    return visit.person.staff_id is None


def declaration_state(visit: Visit) -> str:
    if visit.declaration is None:
        return gettext("Không khai báo")
    return gettext("Có yếu tố nguy cơ") if visit.declaration.is_risky else gettext("Bình thường")


def _audit_detail(flt: LogFilter) -> dict[str, Any]:
    """What was asked, with personal values masked."""
    detail: dict[str, Any] = {
        "date_from": flt.date_from.isoformat(),
        "date_to": flt.date_to.isoformat(),
        "unit": flt.unit.pk if flt.unit else None,
        "gate": flt.gate.pk if flt.gate else None,
        "kind": flt.kind,
        "status": flt.status,
    }
    if flt.phone:
        detail["phone"] = mask_phone(flt.phone)
    if flt.cccd:
        detail["cccd"] = flt.cccd[:3] + "*" * 6 + flt.cccd[-3:]
    if flt.name:
        detail["name"] = "*" * len(flt.name)
    return detail


def visit_log_page(
    *, user: Any, flt: LogFilter, params: QueryDict, ip: str | None = None
) -> Page[Visit]:
    """The page of the log that ``params`` (the query string: ``page``, ``per``) asks
    for; a page that shows anyone is audited."""
    shown = paginate(visit_log(user=user, flt=flt), params, default_size=PAGE_SIZE)
    if shown.object_list:
        audit(
            None,
            "checkin.log.view",
            actor=user,
            ip=ip,
            object_type="checkin.visit",
            page=shown.number,
            rows=len(shown.object_list),
            **_audit_detail(flt),
        )
    return shown


def visit_log_export(
    *, user: Any, flt: LogFilter, reason: str, ip: str | None = None
) -> list[Visit]:
    """The rows of an export (at most EXPORT_MAX_ROWS), audited with its ``reason``
    (``core.export_reason``)."""
    visits = list(visit_log(user=user, flt=flt)[:EXPORT_MAX_ROWS])
    audit(
        None,
        "checkin.log.export",
        actor=user,
        ip=ip,
        reason=reason,
        object_type="checkin.visit",
        rows=len(visits),
        **_audit_detail(flt),
    )
    return visits

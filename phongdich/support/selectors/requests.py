"""Reads of support requests, scoped to what the user may see.

Staff see their own requests; unit heads the requests of their units (and below);
the IT team (and the Admin) the whole queue. Anything else is
``SupportRequest.DoesNotExist`` (a 404 in the views).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from phongdich.core.audit import audit
from phongdich.core.mine import my_staff
from phongdich.core.permissions import has_role, visible_units
from phongdich.equipment.selectors.equipment import equipment_visible
from phongdich.org.models import Staff, Unit
from phongdich.support.models import (
    OPEN_STATES,
    Partner,
    RequestEvent,
    State,
    SupportRequest,
    TeamMember,
)
from phongdich.support.roles import IT_TEAM, UNIT_READERS
from phongdich.support.search import fold


def _base() -> QuerySet[SupportRequest]:
    return SupportRequest.objects.select_related(
        "unit", "requester", "assignee__staff", "partner", "equipment__kind"
    )


def requests_visible(*, user: Any) -> QuerySet[SupportRequest]:
    if has_role(user, *IT_TEAM):
        return _base()
    mine = Q(requester__user=user) | Q(opened_by=user)
    if has_role(user, *UNIT_READERS):
        mine |= Q(unit__in=visible_units(user, roles=UNIT_READERS))
    return _base().filter(mine)


def request_list(
    *, user: Any, state: str = "", query: str = "", scope: str = ""
) -> QuerySet[SupportRequest]:
    """``scope``: "open" (every open state) or one state; "" for all."""
    qs = requests_visible(user=user)
    if state == "open":
        qs = qs.filter(state__in=OPEN_STATES)
    elif state in State.values:
        qs = qs.filter(state=state)
    text = query.strip()
    if text:
        qs = qs.filter(Q(title__icontains=text) | Q(unit__name__icontains=text))
    return qs.order_by("-created_at", "-pk")


def queue(
    *,
    user: Any,
    scope: str = "mine",
    unit: Unit | None = None,
    state: str = "open",
) -> QuerySet[SupportRequest]:
    """The IT team's queue. ``scope``: "mine" (assigned to me or to my units), "units"
    (requests of the units I support), "unassigned", "all"."""
    qs = requests_visible(user=user)
    if not has_role(user, *IT_TEAM):
        return qs.none()
    if state == "open":
        qs = qs.filter(state__in=OPEN_STATES)
    elif state in State.values:
        qs = qs.filter(state=state)
    if unit is not None:
        qs = qs.filter(unit__path__startswith=unit.path)
    member = TeamMember.objects.filter(staff__user=user).first()
    if scope == "unassigned":
        qs = qs.filter(assignee__isnull=True)
    elif scope in {"mine", "units"} and member is not None:
        supported = Q(unit__it_assignment__primary=member) | Q(unit__it_assignment__backup=member)
        qs = qs.filter(Q(assignee=member) | supported) if scope == "mine" else qs.filter(supported)
    elif scope in {"mine", "units"}:
        qs = qs.none()
    return qs.order_by("take_due_at", "pk")


def request_get(*, user: Any, pk: int) -> SupportRequest:
    return requests_visible(user=user).get(pk=pk)


def request_events(*, request: SupportRequest) -> QuerySet[RequestEvent]:
    return request.events.select_related("actor")


def request_read(*, user: Any, pk: int, ip: str | None) -> SupportRequest:
    """The request for its page; the read of someone else's description is audited."""
    request = request_get(user=user, pk=pk)
    if request.requester.user_id != user.pk and request.opened_by_id != user.pk:
        audit(None, "support.request.view", actor=user, ip=ip, obj=request)
    return request


def staff_of(*, user: Any) -> Staff | None:
    return my_staff(user)  # type: ignore[no-any-return]


def request_units(*, user: Any) -> QuerySet[Unit]:
    """Units a user may open a request for: their own unit, and the units they see
    through a unit-scoped or organisation-wide role."""
    return visible_units(user).filter(is_active=True).order_by("path")


def equipment_choices(*, user: Any, unit: Unit | None) -> QuerySet[Any]:
    """Devices of ``unit`` the user may see in the equipment records (plain staff: the
    ones they hold; unit heads and the IT team: every device of the unit)."""
    qs = equipment_visible(user=user)
    if unit is None:
        return qs.none()
    return qs.filter(unit=unit).order_by("kind__sort_order", "asset_code", "pk")


def partners_active() -> QuerySet[Partner]:
    return Partner.objects.filter(is_active=True).order_by("kind", "name")


def members_active() -> QuerySet[TeamMember]:
    return TeamMember.objects.filter(is_active=True).select_related("staff")


def search_words(text: str) -> str:
    return fold(text)


def equipment_choices_any(*, user: Any, units: QuerySet[Unit]) -> QuerySet[Any]:
    """Devices of any of ``units`` the user may see (for users who open requests for
    several units); the service checks the device belongs to the unit chosen."""
    return (
        equipment_visible(user=user)
        .filter(unit__in=units)
        .order_by("unit__path", "kind__sort_order", "asset_code", "pk")
    )


def own_open_requests(*, user: Any) -> list[SupportRequest]:
    """The open requests ``user`` made or opened for themselves (their home page)."""
    return list(
        SupportRequest.objects.filter(Q(requester__user=user) | Q(opened_by=user))
        .filter(state__in=OPEN_STATES)
        .order_by("-created_at", "-pk")
    )

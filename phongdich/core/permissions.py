"""Who may do what, and which units' data a user may see.

Views check a role with ``role_required``; selectors narrow every query with
``visible_units`` so that nothing of another unit is reachable by id.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from functools import wraps
from typing import TYPE_CHECKING, Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse

from phongdich.core.roles import ORG_WIDE_ROLES, UNIT_SCOPED_ROLES, Role

if TYPE_CHECKING:
    from phongdich.org.models import Unit

_CACHE_ATTR = "_phongdich_roles"


def _assignments(user: Any) -> list[tuple[str, int | None]]:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        from phongdich.core.mine import my_staff
        from phongdich.org.models import RoleAssignment

        cached = list(RoleAssignment.objects.filter(user=user).values_list("role", "unit_id"))
        staff = my_staff(user)  # read once per request, shared with the home page
        unit_id = staff.unit_id if staff is not None else None
        resolved = [(role, unit or unit_id) for role, unit in cached]
        if unit_id is not None and not any(role == Role.STAFF for role, _ in resolved):
            resolved.append((Role.STAFF, unit_id))  # every active staff member is Staff
        cached = resolved
        setattr(user, _CACHE_ATTR, cached)
    return cached


def forget_roles(user: Any) -> None:
    from phongdich.core.mine import forget_staff

    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)
    forget_staff(user)


class SystemReader:
    """Not a user: what a document the system compiles for the Office reads as (the
    module sections of the compiled báo cáo, ``core.report_sections``): the whole Sở,
    through the Office and Director roles. It never logs in, is never saved and writes
    nothing; pass it only to selectors that scope by role (``visible_units``, ``has_role``),
    never where a user is compared with a row (``created_by=user``)."""

    is_authenticated = True
    is_anonymous = False
    is_active = True
    is_staff = False
    is_superuser = False
    pk = None
    id = None
    username = ""

    def __init__(self, roles: Collection[str] = (Role.OFFICE, Role.DIRECTOR)) -> None:
        setattr(self, _CACHE_ATTR, [(role, None) for role in roles])


def roles_of(user: Any) -> set[str]:
    return {role for role, _ in _assignments(user)}


def has_role(user: Any, *roles: str) -> bool:
    return bool(roles_of(user) & set(roles))


def sees_all_units(user: Any, *, roles: Collection[str] | None = None) -> bool:
    held = roles_of(user)
    if roles is not None:
        held &= set(roles)
    return bool(held & ORG_WIDE_ROLES)


def visible_units(user: Any, *, roles: Collection[str] | None = None) -> QuerySet[Unit]:
    """The units whose data ``user`` may see through ``roles`` (default: any role).

    Organisation-wide roles see every unit; unit-scoped roles see their unit and
    its descendants; plain staff see their own unit only.
    """
    from phongdich.org.models import Unit

    assignments = _assignments(user)
    if roles is not None:
        assignments = [(role, unit) for role, unit in assignments if role in roles]
    if any(role in ORG_WIDE_ROLES for role, _ in assignments):
        return Unit.objects.all()
    subtree_roots = {unit for role, unit in assignments if role in UNIT_SCOPED_ROLES and unit}
    own = {unit for role, unit in assignments if role not in UNIT_SCOPED_ROLES and unit}
    if not subtree_roots and not own:
        return Unit.objects.none()
    query = Q(pk__in=own)
    if subtree_roots:
        paths = Unit.objects.filter(pk__in=subtree_roots).values_list("path", flat=True)
        for path in paths:
            query |= Q(path__startswith=path)
    return Unit.objects.filter(query)


def role_required(
    *roles: str,
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Log-in required, then one of ``roles`` (none given: any signed-in user)."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if roles and not has_role(request.user, *roles):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def visible_units_subquery(user: Any, *, roles: Collection[str] | None = None) -> QuerySet[Unit]:
    """The units of ``visible_units``, as a queryset that runs no query of its own.

    ``visible_units`` reads the subtree roots' paths first (one query); this form
    reads them inside the SQL instead (a scalar subquery per root), so a hot poll
    that filters by it costs exactly one query (the guard console's stamp).
    """
    from django.db.models import Subquery

    from phongdich.org.models import Unit

    assignments = _assignments(user)
    if roles is not None:
        assignments = [(role, unit) for role, unit in assignments if role in roles]
    if any(role in ORG_WIDE_ROLES for role, _ in assignments):
        return Unit.objects.all()
    subtree_roots = sorted(
        {unit for role, unit in assignments if role in UNIT_SCOPED_ROLES and unit}
    )
    own = {unit for role, unit in assignments if role not in UNIT_SCOPED_ROLES and unit}
    if not subtree_roots and not own:
        return Unit.objects.none()
    query = Q(pk__in=own)
    for root in subtree_roots:
        path = Unit.objects.filter(pk=root).values("path")[:1]
        query |= Q(path__startswith=Subquery(path))
    return Unit.objects.filter(query)

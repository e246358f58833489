"""``{% help_link %}``: the "?" of every page, to the guide's section for it."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse

from phongdich.core.permissions import roles_of
from phongdich.core.roles import Role
from phongdich.guide.rendering import book

register = template.Library()


def help_anchor(request: Any) -> str | None:
    """The guide anchor of the page being rendered (None: the guide's top). A visitor
    is sent to an anchor of the public guide only."""
    match = getattr(request, "resolver_match", None)
    if match is None:
        return None
    found = book()
    user = getattr(request, "user", None)
    signed_in = bool(user is not None and user.is_authenticated)
    held = roles_of(user) if signed_in else set()
    # The roles' own order, the plain staff member last (every staff member is one).
    roles = [role for role in Role.values if role in held and role != Role.STAFF]
    roles += [Role.STAFF] if Role.STAFF in held else []
    anchor = found.anchor_for(match.view_name, roles)
    if anchor is not None and anchor not in found.guide_for(signed_in=signed_in).anchors:
        return None
    return anchor


@register.simple_tag(takes_context=True)
def help_url(context: Any) -> str:
    """The guide's address for the page being rendered (with its anchor if mapped)."""
    request = context.get("request")
    anchor = help_anchor(request) if request is not None else None
    url = reverse("guide:index")
    return f"{url}#{anchor}" if anchor else url


@register.inclusion_tag("guide/_help_link.html", takes_context=True)
def help_link(context: Any) -> dict[str, Any]:
    return {"href": help_url(context)}

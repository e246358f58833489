"""``{% nav_menu %}``: the menu of what the signed-in user's roles can do
(``core.navigation.items_for``), grouped by module, the current page marked."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django import template
from django.apps import apps
from django.utils.translation import gettext_lazy as _

from phongdich.core.navigation import NavItem, items_for
from phongdich.core.permissions import roles_of

register = template.Library()

# The menu's short name of each module (the app's verbose name when not listed here):
# short enough for one bar at 1280 px.
GROUP_TITLES: dict[str, Any] = {
    "checkin": _("Check-in"),
    "directives": _("Chỉ đạo"),
    "tracing": _("Truy vết"),
    "meetings": _("Họp"),
    "equipment": _("Thiết bị"),
    "support": _("Hỗ trợ CNTT"),
    "adoption": _("Ứng dụng"),
    "news": _("Tin tức"),
    "org": _("Tổ chức"),
    "privacy": _("Dữ liệu cá nhân"),
    "core": _("Hệ thống"),
}


@dataclass
class MenuLink:
    item: NavItem
    url: str
    current: bool = False


@dataclass
class MenuGroup:
    key: str
    title: Any
    links: list[MenuLink] = field(default_factory=list)

    @property
    def current(self) -> bool:
        return any(link.current for link in self.links)


def _group_title(namespace: str) -> Any:
    if namespace in GROUP_TITLES:
        return GROUP_TITLES[namespace]
    try:
        return apps.get_app_config(namespace).verbose_name
    except LookupError:
        return namespace


def menu_groups(user: Any, path: str) -> list[MenuGroup]:
    """The user's links by module, in the order of each module's first link; the link
    whose URL is the longest prefix of ``path`` is the current one."""
    groups: dict[str, MenuGroup] = {}
    links: list[MenuLink] = []
    for item in items_for(roles_of(user)):
        namespace = item.url_name.split(":", 1)[0]
        group = groups.get(namespace)
        if group is None:
            group = groups[namespace] = MenuGroup(namespace, _group_title(namespace))
        link = MenuLink(item=item, url=item.url)
        group.links.append(link)
        links.append(link)
    best = max(
        (link for link in links if path.startswith(link.url)),
        key=lambda link: len(link.url),
        default=None,
    )
    if best is not None:
        best.current = True
    return list(groups.values())


@register.inclusion_tag("core/_menu.html", takes_context=True)
def nav_menu(context: template.Context) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None)
    if request is None or user is None or not user.is_authenticated:
        return {"groups": [], "show": False}
    return {
        "groups": menu_groups(user, request.path),
        "show": True,
        "home_current": request.path == "/",
        # The account links, folded into the phone menu (the top bar hides them there).
        "user": user,
        "is_admin_role": context.get("is_admin_role", False),
        "csrf_token": context.get("csrf_token"),
    }

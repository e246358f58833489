"""Links on each role's home page. Each app registers what it offers in ready()."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse


@dataclass(frozen=True)
class NavItem:
    url_name: str
    title: Any
    description: Any
    roles: frozenset[str] | set[str] | None = None  # None: every signed-in user
    order: int = 100
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def url(self) -> str:
        return reverse(self.url_name)


_ITEMS: dict[str, NavItem] = {}


def register(item: NavItem) -> None:
    _ITEMS[item.url_name] = item


def items_for(roles: Iterable[str]) -> list[NavItem]:
    held = set(roles)
    return sorted(
        (item for item in _ITEMS.values() if item.roles is None or held & set(item.roles)),
        key=lambda item: (item.order, str(item.title)),
    )

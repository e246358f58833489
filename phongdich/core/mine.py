"""The blocks of a person's home page: what they must do, and how their unit is doing.

Each module contributes its blocks once, in ``<app>/mine.py`` imported from its
``apps.py`` ``ready()``, through ``register(MineProvider(...))`` (like the links of
``core.navigation`` and the report sections). ``build(viewer)`` reads through the
module's own selectors and returns a ``MineBlock`` (a count, the first few rows, a link
to the full page, a Vietnamese empty state) or None when the block does not apply to
the viewer (a guard without gates, a user without a staff record).

``blocks_for(user=...)`` is what the home page calls: every provider whose roles the
user holds, in order, the blocks with something in them first. A provider that raises
is logged and left out, so one broken module never takes the home page down.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from typing import Any

from django.utils.translation import gettext_lazy as _

from phongdich.core.permissions import roles_of

logger = logging.getLogger(__name__)

# How many rows a block shows before "Xem tất cả".
FIRST_ROWS = 5
NOTHING_TO_DO = _("Không có việc cần làm.")


@dataclass(frozen=True)
class MineRow:
    text: Any
    url: str = ""
    meta: Any = ""  # a date, a place: shown muted after the text
    badge: Any = ""  # a status word, shown with its colour and its text
    tone: str = ""  # "late", "warn", "ok", "": the badge's colour (never colour alone)


@dataclass(frozen=True)
class MineBlock:
    title: Any
    count: int
    rows: tuple[MineRow, ...] = ()
    url: str = ""  # the full page; "" when the viewer has no page for it
    link_text: Any = _("Xem tất cả")
    empty: Any = NOTHING_TO_DO
    count_label: Any = ""  # what the count counts: "việc chưa xong"
    figures: tuple[tuple[Any, Any, str], ...] = ()  # (label, value, tone) for a unit's status
    key: str = ""


@dataclass(frozen=True)
class Viewer:
    """Who the home page is for: the user, their active staff record (or None), their
    roles. Made once per request, so the providers share its two look-ups."""

    user: Any
    staff: Any
    roles: frozenset[str]

    def holds(self, *roles: str) -> bool:
        return bool(self.roles & set(roles))


@dataclass(frozen=True)
class MineProvider:
    key: str
    build: Callable[[Viewer], MineBlock | None]
    roles: frozenset[str] | None = None  # None: every signed-in user
    order: int = 100
    extra: dict[str, str] = field(default_factory=dict)


_PROVIDERS: dict[str, MineProvider] = {}


def register(provider: MineProvider) -> None:
    _PROVIDERS[provider.key] = provider


def providers() -> list[MineProvider]:
    return sorted(_PROVIDERS.values(), key=lambda p: (p.order, p.key))


# Where my_staff keeps the record on the request's user object (as core.permissions
# keeps the roles): one read per request, whichever module asks first.
_STAFF_ATTR = "_mine_staff"


def my_staff(user: Any) -> Any:
    """The user's active staff record with its unit, or None: read once per request.

    Every reader of "my staff record" (the role look-up, the home blocks, the home
    page's header, the modules' own ``staff_of``) goes through here, so a request
    reads it once. The record lives as long as the user object, that is one request;
    code that changes the record and reads it again on the same object calls
    ``forget_staff``.
    """
    if not getattr(user, "is_authenticated", False) or not getattr(user, "pk", None):
        return None
    try:
        return getattr(user, _STAFF_ATTR)
    except AttributeError:
        pass
    from phongdich.org.models import Staff

    staff = Staff.objects.filter(user=user, is_active=True).select_related("unit").first()
    setattr(user, _STAFF_ATTR, staff)
    return staff


def forget_staff(user: Any) -> None:
    if hasattr(user, _STAFF_ATTR):
        delattr(user, _STAFF_ATTR)


def viewer_of(user: Any) -> Viewer:
    if not getattr(user, "is_authenticated", False):
        return Viewer(user=user, staff=None, roles=frozenset())
    return Viewer(user=user, staff=my_staff(user), roles=frozenset(roles_of(user)))


def blocks_for(*, user: Any, only: Iterable[str] | None = None) -> list[MineBlock]:
    """The home blocks of ``user``, in order (``only``: these provider keys)."""
    viewer = viewer_of(user)
    wanted = set(only) if only is not None else None
    blocks: list[MineBlock] = []
    for provider in providers():
        if wanted is not None and provider.key not in wanted:
            continue
        if provider.roles is not None and not (viewer.roles & provider.roles):
            continue
        try:
            block = provider.build(viewer)
        except Exception:
            logger.exception("home block %s failed", provider.key)
            continue
        if block is not None:
            blocks.append(block if block.key else _with_key(block, provider.key))
    # What needs doing first; the blocks that only say "nothing to do" after (stable).
    blocks.sort(key=lambda block: not (block.count or block.figures))
    return blocks


def _with_key(block: MineBlock, key: str) -> MineBlock:
    return replace(block, key=key)


def first(rows: Iterable[MineRow]) -> tuple[MineRow, ...]:
    return tuple(rows)[:FIRST_ROWS]

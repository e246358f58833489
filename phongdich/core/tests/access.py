"""The access table's vocabulary, shared by the table (test_access.py) and the rows
each module contributes (``<app>/tests/access_rows.py``): the cast's member names and
the ``Route`` row."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

ANONYMOUS = "anonymous"
MEMBERS = (
    "director",
    "office",
    "head_a",
    "head_b",
    "guard",
    "tracer",
    "staff_user",
    "editor",
    "it",
    "admin",
)
EVERYONE = frozenset(MEMBERS)
LOGIN = "login"  # the anonymous visitor is redirected to the log-in page
HOME = "home"  # a signed-in member is redirected to their home page

POST_ONLY: dict[str, int | str] = dict.fromkeys(MEMBERS, 405)


@dataclass(frozen=True)
class Route:
    name: str
    allowed: frozenset[str]
    kwargs: Callable[[Any], dict[str, Any]] = lambda cast: {}
    anonymous: int | str = LOGIN
    special: dict[str, int | str] = field(default_factory=dict)
    method: str = "get"

    def expected(self, member: str) -> int | str:
        if member == ANONYMOUS:
            return self.anonymous
        if member in self.special:
            return self.special[member]
        return 200 if member in self.allowed else 403

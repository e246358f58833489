"""Who reaches the second-factor pages, checked like the access table does."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from phongdich.accounts.tests.access_routes import TWO_FACTOR_ROUTES
from phongdich.core.tests import test_access
from phongdich.core.tests.test_access import ANONYMOUS, MEMBERS, Route

CASES = [(route, member) for route in TWO_FACTOR_ROUTES for member in (ANONYMOUS, *MEMBERS)]

cast = test_access.cast


@pytest.mark.parametrize(
    ("route", "member"), CASES, ids=[f"{route.name}-{member}" for route, member in CASES]
)
def test_two_factor_access(route: Route, member: str, cast: SimpleNamespace) -> None:
    test_access.test_access(route, member, cast)


def test_every_two_factor_url_has_a_row() -> None:
    names = {name for name in test_access._named_urls() if name.startswith("accounts:two_factor")}
    assert names == {route.name for route in TWO_FACTOR_ROUTES}

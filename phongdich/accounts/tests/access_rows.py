"""Rows of the access table (phongdich/core/tests/test_access.py) for the pages of
the second factor."""

from __future__ import annotations

from phongdich.core.tests.access import EVERYONE, MEMBERS, POST_ONLY, Route

# force_login() counts as a passed second factor (ForceLoginBackend), and the cast has
# no authenticator: everyone may enrol; the verification page sends them on.
TWO_FACTOR_ROUTES = [
    Route("accounts:two_factor", allowed=EVERYONE),
    Route("accounts:two_factor_enrol", allowed=EVERYONE),
    Route(
        "accounts:two_factor_verify",
        allowed=frozenset(),
        special=dict[str, int | str].fromkeys(MEMBERS, 302),
    ),
    Route(
        "accounts:two_factor_codes",
        allowed=frozenset(),
        special=dict[str, int | str].fromkeys(MEMBERS, 302),  # no new codes to show
    ),
    Route("accounts:two_factor_browsers_forget", allowed=frozenset(), special=POST_ONLY),
    Route("accounts:two_factor_disable", allowed=frozenset(), special=POST_ONLY),
]

"""The privacy module's rows for the access table (phongdich/core/tests/test_access.py)."""

from __future__ import annotations

from typing import Any

from phongdich.core.tests.access import MEMBERS, POST_ONLY, Route

ADMIN = frozenset({"admin"})


def _incident(cast: Any) -> dict[str, Any]:
    from phongdich.privacy.models import Incident
    from phongdich.privacy.tests.helpers import make_incident

    incident = Incident.objects.first() or make_incident(cast.admin)
    return {"pk": incident.pk}


PRIVACY_ROUTES: list[Route] = [
    # The breach register: the Admin only.
    Route("privacy:incident_list", allowed=ADMIN),
    Route("privacy:incident_create", allowed=ADMIN),
    *[
        Route(f"privacy:{name}", allowed=ADMIN, kwargs=_incident)
        for name in ("incident_detail", "incident_edit", "incident_affected")
    ],
    Route(
        "privacy:incident_notification",
        allowed=ADMIN,
        kwargs=lambda cast: {**_incident(cast), "fmt": "pdf"},
    ),
    *[
        Route(
            f"privacy:{name}",
            allowed=frozenset(),
            anonymous=405,
            special=POST_ONLY,
            kwargs=_incident,
        )
        for name in ("incident_notified", "incident_close")
    ],
]

__all__ = ["MEMBERS", "PRIVACY_ROUTES"]

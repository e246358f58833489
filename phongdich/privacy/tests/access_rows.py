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


def _request(cast: Any) -> dict[str, Any]:
    from phongdich.checkin.services.checkin import person_upsert
    from phongdich.privacy.models import SubjectRequest
    from phongdich.privacy.services.subject_requests import request_submit

    found = SubjectRequest.objects.first()
    if found is None:
        person = person_upsert(identity="+84912000777", full_name="Lê Văn Hỏi")
        found = request_submit(kind="see", proof="device", person=person)
    return {"pk": found.pk}


def _sent(cast: Any) -> dict[str, Any]:
    from django.core import signing

    from phongdich.privacy.models import SubjectRequest
    from phongdich.privacy.views.public import SENT_SALT

    found = SubjectRequest.objects.get(pk=_request(cast)["pk"])
    return {"ticket": signing.dumps(found.code, salt=SENT_SALT)}


EVERYONE_200: dict[str, int | str] = dict.fromkeys(MEMBERS, 200)
QUEUE = frozenset({"office", "admin"})

PRIVACY_ROUTES: list[Route] = [
    # The public page "Dữ liệu cá nhân của tôi": no account, the same for everyone.
    Route("privacy:public", allowed=frozenset(), anonymous=200, special=EVERYONE_200),
    Route(
        "privacy:public_sent",
        allowed=frozenset(),
        anonymous=200,
        special=EVERYONE_200,
        kwargs=_sent,
    ),
    Route(
        "privacy:public_download",
        allowed=frozenset(),
        anonymous=404,  # not on the phone that checked in: a page that says so
        special=dict[str, int | str].fromkeys(MEMBERS, 404),
        kwargs=lambda cast: {"code": "YC-NONE"},
    ),
    # The Office's queue: the Office and the Admin.
    Route("privacy:request_list", allowed=QUEUE),
    *[
        Route(f"privacy:{name}", allowed=QUEUE, kwargs=_request)
        for name in ("request_detail", "request_export")
    ],
    *[
        Route(
            f"privacy:{name}",
            allowed=frozenset(),
            anonymous=405,
            special=POST_ONLY,
            kwargs=_request,
        )
        for name in ("request_acknowledge", "request_verify", "request_answer", "request_refuse")
    ],
    # The breach register: the Admin only.
    Route("privacy:incident_list", allowed=ADMIN),
    Route("privacy:incident_export", allowed=ADMIN),
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

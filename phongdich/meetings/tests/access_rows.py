"""The meetings module's rows for the access table (phongdich/core/tests/test_access.py).

The record: a meeting hosted by the Office (its member chairs), unit A invited (head_a)
and unit A's plain staff member by name, with a document, minutes and a draft plan.
Invitees see it; the Office, the Director and the Admin see all; anyone else gets 404.
"""

from __future__ import annotations

from typing import Any

from phongdich.core.tests.access import EVERYONE, POST_ONLY, Route

SEES = frozenset({"director", "office", "admin", "head_a", "staff_user"})
OUTSIDERS: dict[str, int | str] = dict.fromkeys(["head_b", "guard", "tracer", "editor", "it"], 404)
MANAGERS = frozenset({"office", "admin"})  # the chair is the Office member
ORGANISERS = frozenset({"office", "admin", "head_a", "head_b"})
OFFICE = frozenset({"office", "admin"})
PLAN_READERS = OFFICE | {"director"}
READERS = frozenset({"office", "admin", "director", "head_a", "head_b"})


def _meeting(cast: Any) -> dict[str, Any]:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from phongdich.meetings.models import Meeting
    from phongdich.meetings.services.meetings import document_add
    from phongdich.meetings.services.minutes import MinutesInput, minutes_save
    from phongdich.meetings.tests.helpers import make_meeting

    meeting = Meeting.objects.filter(title="Giao ban truy cập").first()
    if meeting is None:
        meeting = make_meeting(cast, title="Giao ban truy cập")
        document_add(
            meeting=meeting,
            upload=SimpleUploadedFile("tai-lieu.pdf", b"%PDF-1.4\n%%EOF\n"),
            by=cast.office,
        )
        minutes_save(
            meeting=meeting,
            data=MinutesInput(
                started_at=meeting.start,
                ended_at=meeting.end,
                place="Phòng họp tầng 2",
                contents="Nội dung",
            ),
            conclusions=[],
            by=cast.office,
        )
    return {"pk": meeting.pk}


def _document(cast: Any) -> dict[str, Any]:
    from phongdich.meetings.models import Meeting

    meeting = Meeting.objects.get(pk=_meeting(cast)["pk"])
    return {"pk": meeting.pk, "doc_pk": meeting.documents.get().pk}


def _fmt(fmt: str) -> Any:
    return lambda cast: {**_meeting(cast), "fmt": fmt}


def _plan(cast: Any) -> dict[str, Any]:
    from phongdich.meetings.models import OnlinePlan
    from phongdich.meetings.services.plans import plan_draft

    plan = OnlinePlan.objects.first() or plan_draft(by=cast.office)
    return {"pk": plan.pk}


def _token(cast: Any) -> dict[str, Any]:
    return {"token": "not-a-live-token"}


MEETING = {"allowed": SEES, "kwargs": _meeting, "special": OUTSIDERS}

MEETINGS_ROUTES: list[Route] = [
    Route("meetings:list", allowed=EVERYONE),
    Route("meetings:list_export", allowed=EVERYONE),
    Route("meetings:create", allowed=ORGANISERS),
    Route("meetings:detail", **MEETING),  # type: ignore[arg-type]
    Route("meetings:ics", **MEETING),  # type: ignore[arg-type]
    Route("meetings:minutes_export", allowed=SEES, kwargs=_fmt("docx"), special=OUTSIDERS),
    Route(
        "meetings:document",
        allowed=SEES,
        kwargs=_document,
        special=OUTSIDERS,
    ),
    # The join link is a redirect to the platform for everyone who sees the meeting.
    Route(
        "meetings:join",
        allowed=frozenset(),
        kwargs=_meeting,
        special={**OUTSIDERS, **dict.fromkeys(SEES, 302)},
    ),
    *[
        Route(f"meetings:{name}", allowed=MANAGERS, kwargs=_meeting, special=OUTSIDERS)
        for name in ("edit", "invite")
    ],
    # Attendance and minutes: the chair (the Office member), the secretary, the Office.
    *[
        Route(f"meetings:{name}", allowed=OFFICE, kwargs=_meeting, special=OUTSIDERS)
        for name in ("attendance", "minutes")
    ],
    *[
        Route(
            f"meetings:{name}",
            allowed=frozenset(),
            kwargs=_meeting,
            anonymous=405,
            special=POST_ONLY,
        )
        for name in ("cancel", "document_upload", "reply", "conclusions_to_tasks")
    ],
    Route("meetings:calendar", allowed=EVERYONE),
    *[
        Route(f"meetings:{name}", allowed=frozenset(), anonymous=405, special=POST_ONLY)
        for name in ("feed_create", "feed_revoke")
    ],
    # The feed needs no log-in: a calendar app fetches it; an unknown token is a 404.
    Route(
        "meetings:feed",
        allowed=frozenset(),
        kwargs=_token,
        anonymous=404,
        special=dict.fromkeys(EVERYONE, 404),
    ),
    Route("meetings:figures", allowed=READERS),
    Route("meetings:plan_list", allowed=PLAN_READERS),
    Route("meetings:plan_detail", allowed=PLAN_READERS, kwargs=_plan),
    Route(
        "meetings:plan_export", allowed=PLAN_READERS, kwargs=lambda c: {**_plan(c), "fmt": "docx"}
    ),
    *[
        Route(f"meetings:{name}", allowed=frozenset(), anonymous=405, special=POST_ONLY, kwargs=kw)
        for name, kw in (("plan_create", lambda c: {}), ("plan_issue", _plan))
    ],
]

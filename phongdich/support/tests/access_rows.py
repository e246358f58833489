"""The support module's rows for the access table (phongdich/core/tests/test_access.py).

Records used: a request of plain staff of unit A (with a screenshot), the IT cast member
as a team member, a partner, a published article, a holiday.
"""

from __future__ import annotations

from typing import Any

from phongdich.core.tests.access import EVERYONE, POST_ONLY, Route

IT_TEAM = frozenset({"it", "admin"})
TEAM_MANAGERS = IT_TEAM | {"office"}
TEAM_READERS = TEAM_MANAGERS | {"director"}
# A request of plain staff of unit A: its requester, unit A's head and the IT team see it.
REQUEST_READERS = frozenset({"staff_user", "head_a", "it", "admin"})
NOT_THEIRS: dict[str, int | str] = dict.fromkeys(
    ["director", "office", "head_b", "guard", "tracer", "editor"], 404
)


def _request(cast: Any) -> dict[str, Any]:
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    from phongdich.org.models import Staff
    from phongdich.support.models import SupportRequest
    from phongdich.support.services.requests import RequestInput, request_open

    item = SupportRequest.objects.filter(title="Truy cập: máy in").first()
    if item is None:
        out = io.BytesIO()
        Image.new("RGB", (8, 8)).save(out, format="PNG")
        item = request_open(
            requester=Staff.objects.get(user=cast.staff_user),
            data=RequestInput(
                title="Truy cập: máy in",
                unit=cast.unit_a,
                image=SimpleUploadedFile("a.png", out.getvalue()),
            ),
            actor=cast.staff_user,
            ip=None,
        )
    return {"pk": item.pk}


def _member(cast: Any) -> dict[str, Any]:
    from phongdich.org.models import Staff
    from phongdich.support.models import TeamMember

    member, _ = TeamMember.objects.get_or_create(staff=Staff.objects.get(user=cast.it))
    return {"pk": member.pk}


def _partner(cast: Any) -> dict[str, Any]:
    from phongdich.support.models import Partner

    partner, _ = Partner.objects.get_or_create(
        name="Viettel Thanh Hóa (truy cập)", defaults={"kind": "telecom", "purpose": "Mạng"}
    )
    return {"pk": partner.pk}


def _article(cast: Any) -> dict[str, Any]:
    from phongdich.support.models import Article

    article, _ = Article.objects.get_or_create(
        slug="truy-cap",
        defaults={"title": "Truy cập", "body": "Bước 1", "status": Article.Status.PUBLISHED},
    )
    return {"pk": article.pk, "slug": article.slug}


def _holiday(cast: Any) -> dict[str, Any]:
    from phongdich.support.models import Holiday

    return {"pk": Holiday.objects.order_by("pk").first().pk}


SUPPORT_ROUTES: list[Route] = [
    Route("support:request_list", allowed=EVERYONE),  # each sees their own
    Route("support:request_create", allowed=EVERYONE),
    Route("support:suggest", allowed=EVERYONE),
    Route("support:queue", allowed=IT_TEAM),
    Route("support:request_detail", allowed=REQUEST_READERS, kwargs=_request, special=NOT_THEIRS),
    Route("support:request_image", allowed=REQUEST_READERS, kwargs=_request, special=NOT_THEIRS),
    Route(
        "support:request_act",
        allowed=frozenset(),
        kwargs=_request,
        anonymous=405,
        special=POST_ONLY,
    ),
    Route("support:team", allowed=TEAM_READERS),
    Route("support:uncovered", allowed=TEAM_READERS),
    Route("support:member_create", allowed=TEAM_MANAGERS),
    Route("support:member_edit", allowed=TEAM_MANAGERS, kwargs=_member),
    Route(
        "support:assignment_edit",
        allowed=TEAM_MANAGERS,
        kwargs=lambda cast: {"unit_id": cast.unit_b.pk},
    ),
    Route("support:decision", allowed=TEAM_MANAGERS, kwargs=lambda cast: {"fmt": "docx"}),
    Route("support:partner_list", allowed=TEAM_READERS),
    Route("support:partner_create", allowed=IT_TEAM),
    Route("support:partner_detail", allowed=TEAM_READERS, kwargs=_partner),
    Route("support:partner_edit", allowed=IT_TEAM, kwargs=_partner),
    Route("support:sla", allowed=TEAM_READERS),
    Route(
        "support:holiday_delete",
        allowed=frozenset(),
        kwargs=_holiday,
        anonymous=405,
        special=POST_ONLY,
    ),
    Route("support:dashboard", allowed=TEAM_READERS),
    Route("support:kb_list", allowed=EVERYONE),
    Route("support:kb_create", allowed=IT_TEAM),
    Route("support:kb_edit", allowed=IT_TEAM, kwargs=lambda cast: {"pk": _article(cast)["pk"]}),
    Route(
        "support:kb_detail", allowed=EVERYONE, kwargs=lambda cast: {"slug": _article(cast)["slug"]}
    ),
]

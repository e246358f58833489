"""The adoption module's rows for the access table (phongdich/core/tests/test_access.py).

Staff see their own; unit heads their unit (another unit's record is a 404); union
leaders their members (none in the cast: tested in test_declarations and test_import);
the Office, the Director and the Admin everything. Records used: the cast's plain staff
member's declaration with a screenshot, the Office's own import, a campaign for everyone.
"""

from __future__ import annotations

from typing import Any

from phongdich.core.tests.access import EVERYONE, MEMBERS, POST_ONLY, Route

READERS = frozenset({"director", "office", "head_a", "head_b", "admin"})
EDITORS = frozenset({"office", "head_a", "head_b", "admin"})
OFFICE = frozenset({"office", "admin"})
REPORTERS = frozenset({"office", "director", "admin"})
WHOLE = frozenset({"office", "director", "admin"})


def _evidence(cast: Any) -> dict[str, Any]:
    from django.utils import timezone

    from phongdich.adoption import evidence
    from phongdich.adoption.models import Declaration, RequiredApp, Status
    from phongdich.org.models import Staff

    staff = Staff.objects.get(user=cast.staff_user)
    declaration = Declaration.objects.filter(staff=staff).first()
    if declaration is None:
        declaration = Declaration.objects.create(
            staff=staff,
            app=RequiredApp.objects.order_by("sort_order").first(),
            status=Status.USING,
            declared_at=timezone.now(),
            evidence_path=evidence.store(evidence.CleanImage(data=b"\xff\xd8\xff access")),
            evidence_type="image/jpeg",
        )
    return {"pk": declaration.pk}


def _app(cast: Any) -> dict[str, Any]:
    from phongdich.adoption.models import RequiredApp

    return {"pk": RequiredApp.objects.order_by("sort_order").first().pk}


def _union(cast: Any) -> dict[str, Any]:
    from phongdich.adoption.models import Union

    return {"pk": Union.objects.get(code="cong-doan").pk}


def _import(cast: Any) -> dict[str, Any]:
    from phongdich.adoption.models import AdoptionImport

    job = AdoptionImport.objects.create(
        started_by=cast.office, original_name="ds.xlsx", stored_path="/nonexistent/ds.xlsx"
    )
    return {"pk": job.pk}


def _campaign(cast: Any) -> dict[str, Any]:
    import datetime as dt

    from django.utils import timezone

    from phongdich.adoption.models import Campaign

    today = timezone.localdate()
    campaign, _ = Campaign.objects.get_or_create(
        title="Chiến dịch truy cập",
        defaults={
            "target_percent": 90,
            "starts_on": today,
            "deadline": today + dt.timedelta(days=7),
        },
    )
    return {"pk": campaign.pk}


def _others(allowed: frozenset[str], code: int = 404) -> dict[str, int | str]:
    return {m: code for m in MEMBERS if m not in allowed}


ADOPTION_ROUTES: list[Route] = [
    Route("adoption:mine", allowed=EVERYONE),
    Route("adoption:declare", allowed=frozenset(), kwargs=_app, anonymous=405, special=POST_ONLY),
    Route(
        "adoption:evidence",
        allowed=frozenset({"staff_user", "head_a", "office", "director", "admin"}),
        kwargs=_evidence,
        special=_others(frozenset({"staff_user", "head_a", "office", "director", "admin"})),
    ),
    Route("adoption:rates", allowed=READERS),
    Route("adoption:rates_export", allowed=READERS),
    *[
        Route(
            f"adoption:{name}",
            allowed=READERS - {"head_b"},
            kwargs=lambda cast: {"pk": cast.unit_a.pk},
            special={"head_b": 404},  # another unit
        )
        for name in ("unit_detail", "unit_export")
    ],
    Route("adoption:union_detail", allowed=WHOLE, kwargs=_union, special=_others(WHOLE)),
    Route("adoption:import", allowed=EDITORS),
    Route("adoption:import_status", allowed=OFFICE, kwargs=_import, special=_others(OFFICE)),
    Route("adoption:campaign_list", allowed=READERS),
    Route("adoption:campaign_create", allowed=OFFICE),
    Route("adoption:campaign_detail", allowed=READERS, kwargs=_campaign, special=_others(READERS)),
    *[
        Route(
            f"adoption:{name}",
            allowed=frozenset(),
            kwargs=_campaign,
            anonymous=405,
            special=POST_ONLY,
        )
        for name in ("campaign_remind", "campaign_close")
    ],
    Route("adoption:indicator_list", allowed=READERS),
    Route("adoption:indicator_edit", allowed=EDITORS),
    Route("adoption:report", allowed=REPORTERS),
    Route("adoption:report_file", allowed=REPORTERS, kwargs=lambda cast: {"fmt": "docx"}),
]

"""The equipment module's rows for the access table (phongdich/core/tests/test_access.py).

The lead appends ``EQUIPMENT_ROUTES`` to ``ROUTES`` there (and removes "equipment" from
``UNDER_CONSTRUCTION``). Records used: a laptop of unit A (held by nobody), the Office's
own import, a review campaign for every unit and a readiness rule.
"""

from __future__ import annotations

from typing import Any

from phongdich.core.tests.access import EVERYONE, POST_ONLY, Route

# Equipment records: unit heads for their units; the IT team, the Office and the Admin
# for all; the Director reads. Anyone else signed in sees only what they hold (a 404 here).
MANAGERS = frozenset({"office", "head_a", "head_b", "it", "admin"})
READERS = MANAGERS | {"director"}
OFFICE = frozenset({"office", "admin"})
IT_TEAM = frozenset({"it", "admin"})
NOT_HOLDERS: dict[str, int | str] = dict.fromkeys(
    ["head_b", "guard", "tracer", "staff_user", "editor"], 404
)


def _laptop(cast: Any) -> dict[str, Any]:
    from phongdich.equipment.models import Equipment, EquipmentKind

    item, _ = Equipment.objects.get_or_create(
        asset_code="ACCESS-A-1",
        defaults={"kind": EquipmentKind.objects.get(code="laptop"), "unit": cast.unit_a},
    )
    return {"pk": item.pk}


def _import(cast: Any) -> dict[str, Any]:
    from phongdich.equipment.models import EquipmentImport

    job = EquipmentImport.objects.create(
        unit=cast.office_unit,
        started_by=cast.office,
        original_name="tb.xlsx",
        stored_path="/nonexistent/tb.xlsx",
    )
    return {"pk": job.pk}


def _campaign(cast: Any) -> dict[str, Any]:
    import datetime as dt

    from phongdich.equipment.models import ReviewCampaign

    campaign, _ = ReviewCampaign.objects.get_or_create(
        title="Rà soát truy cập", defaults={"deadline": dt.date(2030, 1, 1)}
    )
    return {"pk": campaign.pk}


def _rule(cast: Any) -> dict[str, Any]:
    from phongdich.equipment.models import ReadinessRule

    return {"pk": ReadinessRule.objects.order_by("pk").first().pk}


def _proposal(cast: Any) -> dict[str, Any]:
    """A proposal of unit A, made by its head (waiting for the head's approval)."""
    from phongdich.equipment.models import EquipmentKind, NeedsProposal

    proposal, _ = NeedsProposal.objects.get_or_create(
        for_whom="Truy cập",
        defaults={
            "unit": cast.unit_a,
            "kind": EquipmentKind.objects.get(code="laptop"),
            "quantity": 1,
            "justification": "Kiểm tra truy cập.",
            "created_by": cast.head_a,
        },
    )
    return {"pk": proposal.pk}


def _batch(cast: Any) -> dict[str, Any]:
    import datetime as dt

    from phongdich.equipment.models import ProposalBatch

    batch, _ = ProposalBatch.objects.get_or_create(
        subject="V/v truy cập",
        defaults={"issued_on": dt.date(2026, 1, 5), "signer_name": "Nguyễn Văn An"},
    )
    return {"pk": batch.pk}


def _batch_xlsx(cast: Any) -> dict[str, Any]:
    return {**_batch(cast), "fmt": "xlsx"}


# Proposals: their unit's heads and readers of every unit see them; the IT team reviews;
# the Office consolidates; the Office, IT, Director and Admin read the batches.
PROPOSAL_READERS = READERS - {"head_b"}
BATCH_READERS = frozenset({"office", "it", "director", "admin"})

EQUIPMENT_ROUTES: list[Route] = [
    Route("equipment:list", allowed=EVERYONE),  # staff see what they hold
    Route("equipment:create", allowed=MANAGERS),
    Route("equipment:detail", allowed=READERS - {"head_b"}, kwargs=_laptop, special=NOT_HOLDERS),
    Route(
        "equipment:edit",
        allowed=MANAGERS - {"head_b"},
        kwargs=_laptop,
        special={"head_b": 404},
    ),
    *[
        Route(
            f"equipment:{name}",
            allowed=frozenset(),
            kwargs=_laptop,
            anonymous=405,
            special=POST_ONLY,
        )
        for name in ("check_out", "return")
    ],
    Route("equipment:import", allowed=MANAGERS),
    Route(
        "equipment:import_status",
        allowed=OFFICE,
        kwargs=_import,
        special={"head_a": 404, "head_b": 404, "it": 404},  # someone else's import
    ),
    Route("equipment:my_review", allowed=EVERYONE),
    Route("equipment:campaign_list", allowed=READERS),
    Route("equipment:campaign_create", allowed=OFFICE),
    Route("equipment:campaign_detail", allowed=READERS, kwargs=_campaign),
    Route(
        "equipment:campaign_remind",
        allowed=frozenset(),
        kwargs=_campaign,
        anonymous=405,
        special=POST_ONLY,
    ),
    Route("equipment:readiness", allowed=READERS),
    Route("equipment:readiness_export", allowed=READERS),
    Route("equipment:rules", allowed=IT_TEAM),
    Route("equipment:rule_edit", allowed=IT_TEAM, kwargs=_rule),
    Route("equipment:labels", allowed=frozenset({"it", "office", "admin"})),
    Route("equipment:proposal_list", allowed=EVERYONE),
    Route("equipment:proposal_create", allowed=EVERYONE),  # every member proposes for a unit
    Route(
        "equipment:proposal_detail",
        allowed=PROPOSAL_READERS,
        kwargs=_proposal,
        special=NOT_HOLDERS,  # another unit's head and plain staff: a 404
    ),
    *[
        Route(
            f"equipment:{name}",
            allowed=frozenset(),
            kwargs=_proposal,
            anonymous=405,
            special=POST_ONLY,
        )
        for name in ("proposal_decide", "proposal_review")
    ],
    Route("equipment:batch_create", allowed=OFFICE),
    Route("equipment:batch_list", allowed=BATCH_READERS),
    Route("equipment:batch_detail", allowed=BATCH_READERS, kwargs=_batch),
    Route("equipment:batch_download", allowed=BATCH_READERS, kwargs=_batch_xlsx),
]

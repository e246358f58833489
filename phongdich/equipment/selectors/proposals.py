"""Reads of needs proposals and the Office's batches, scoped to what the user may see.

Anyone may see the proposals they made. Unit heads see (and approve) those of their units
and below; the IT team (within the units of its role), the Office, the Director and the
Admin see all. Another unit's proposal is ``NeedsProposal.DoesNotExist`` (a 404).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import Coalesce

from phongdich.core.permissions import has_role, visible_units
from phongdich.core.roles import Role
from phongdich.directives.selectors.signers import SignerBlock, default_signer, signer_block
from phongdich.equipment.models import NeedsProposal, ProposalBatch, ProposalStep
from phongdich.equipment.roles import IT_TEAM, OFFICE, READERS
from phongdich.org.models import Staff, Unit

HEADS = frozenset({Role.UNIT_HEAD, Role.ADMIN})
BATCH_READERS = frozenset({Role.OFFICE, Role.IT, Role.ADMIN, Role.DIRECTOR})


def _base() -> QuerySet[NeedsProposal]:
    return NeedsProposal.objects.select_related("unit", "kind", "created_by", "batch")


def proposer_units(*, user: Any) -> QuerySet[Unit]:
    """Units the user may propose for: their own unit, and the units they manage."""
    own = Staff.objects.filter(user=user, is_active=True).values_list("unit_id", flat=True)
    managed = visible_units(user, roles={Role.UNIT_HEAD, Role.IT, Role.OFFICE, Role.ADMIN})
    return Unit.objects.filter(Q(pk__in=own) | Q(pk__in=managed), is_active=True).order_by("path")


def head_units(*, user: Any) -> QuerySet[Unit]:
    return visible_units(user, roles=HEADS)


def reviewer_units(*, user: Any) -> QuerySet[Unit]:
    return visible_units(user, roles=IT_TEAM)


def proposals_visible(*, user: Any) -> QuerySet[NeedsProposal]:
    if has_role(user, *READERS):
        return _base().filter(Q(unit__in=visible_units(user, roles=READERS)) | Q(created_by=user))
    return _base().filter(created_by=user)


def proposal_list(
    *, user: Any, status: str = "", unit: Unit | None = None
) -> QuerySet[NeedsProposal]:
    qs = proposals_visible(user=user)
    if status:
        qs = qs.filter(status=status)
    if unit is not None:
        qs = qs.filter(unit__path__startswith=unit.path)
    return qs.order_by("-created_at", "-pk")


def proposal_get(*, user: Any, pk: int) -> NeedsProposal:
    return proposals_visible(user=user).get(pk=pk)


def proposal_get_for_head(*, user: Any, pk: int) -> NeedsProposal:
    """Only a head of the proposal's unit (or above) decides on it."""
    return _base().filter(unit__in=head_units(user=user)).get(pk=pk)


def proposal_get_for_review(*, user: Any, pk: int) -> NeedsProposal:
    return _base().filter(unit__in=reviewer_units(user=user)).get(pk=pk)


def proposal_steps(*, proposal: NeedsProposal) -> QuerySet[ProposalStep]:
    return proposal.steps.select_related("actor")


def queue_counts(*, user: Any) -> dict[str, int]:
    """What waits for this user: to approve (unit head), to review (IT), to consolidate
    (Office); one query per role held."""
    counts = {"approve": 0, "review": 0, "consolidate": 0}
    if has_role(user, *HEADS):
        counts["approve"] = NeedsProposal.objects.filter(
            status=NeedsProposal.Status.SUBMITTED, unit__in=head_units(user=user)
        ).count()
    if has_role(user, *IT_TEAM):
        counts["review"] = NeedsProposal.objects.filter(
            status=NeedsProposal.Status.APPROVED, unit__in=reviewer_units(user=user)
        ).count()
    if has_role(user, *OFFICE):
        counts["consolidate"] = NeedsProposal.objects.filter(
            status=NeedsProposal.Status.ACCEPTED, batch__isnull=True
        ).count()
    return counts


def to_consolidate() -> QuerySet[NeedsProposal]:
    """Accepted by the IT team and in no batch yet (the Office sees every unit)."""
    return (
        _base()
        .filter(status=NeedsProposal.Status.ACCEPTED, batch__isnull=True)
        .order_by("unit__path", "priority", "kind__sort_order", "pk")
    )


def batch_list(*, user: Any) -> QuerySet[ProposalBatch]:
    if not has_role(user, *BATCH_READERS):
        return ProposalBatch.objects.none()
    return (
        ProposalBatch.objects.select_related("created_by")
        .annotate(
            needs=Count("proposals"),
            devices=Coalesce(
                Sum(Coalesce("proposals__approved_quantity", "proposals__quantity")), 0
            ),
        )
        .order_by("-created_at", "-pk")
    )


def batch_get(*, user: Any, pk: int) -> ProposalBatch:
    return batch_list(user=user).get(pk=pk)


def batch_proposals(*, batch: ProposalBatch) -> list[NeedsProposal]:
    """The batch's needs in the annex's order: by unit, then priority, then kind."""
    return list(
        batch.proposals.select_related("unit", "kind").order_by(
            "unit__path", "priority", "kind__sort_order", "pk"
        )
    )


def batch_signer() -> SignerBlock:
    """Who signs the consolidated công văn by default: the Director, else a deputy (KT. GIÁM
    ĐỐC / PHÓ GIÁM ĐỐC), from the staff directory (``directives.selectors.signers``);
    a blank name when nobody holds the Director role yet (the Office types it)."""
    signer = default_signer()
    if signer is None:
        return SignerBlock("", "GIÁM ĐỐC", "")
    return signer_block(signer)

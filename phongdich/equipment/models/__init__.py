"""The equipment models, by area; imported in dependency order."""

from phongdich.equipment.models.imports import EquipmentImport
from phongdich.equipment.models.inventory import Checkout, Equipment, EquipmentEvent, EquipmentKind
from phongdich.equipment.models.proposals import NeedsProposal, ProposalBatch, ProposalStep
from phongdich.equipment.models.readiness import ReadinessRule
from phongdich.equipment.models.reviews import ReviewCampaign, ReviewItem, StaffReview

__all__ = [
    "Checkout",
    "Equipment",
    "EquipmentEvent",
    "EquipmentImport",
    "EquipmentKind",
    "NeedsProposal",
    "ProposalBatch",
    "ProposalStep",
    "ReadinessRule",
    "ReviewCampaign",
    "ReviewItem",
    "StaffReview",
]

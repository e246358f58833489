"""The support models, by area; imported in dependency order."""

from phongdich.support.models.knowledge import Article
from phongdich.support.models.partners import Partner
from phongdich.support.models.team import TeamMember, UnitAssignment

from phongdich.support.models.requests import (  # isort: skip  (needs team and partners)
    OPEN_STATES,
    Holiday,
    RequestEvent,
    ServiceLevel,
    State,
    SupportRequest,
    Urgency,
)

__all__ = [
    "OPEN_STATES",
    "Article",
    "Holiday",
    "Partner",
    "RequestEvent",
    "ServiceLevel",
    "State",
    "SupportRequest",
    "TeamMember",
    "UnitAssignment",
    "Urgency",
]

"""The adoption models, by area; imported in dependency order."""

from phongdich.adoption.models.catalogue import RequiredApp
from phongdich.adoption.models.unions import Union, UnionMembership

from phongdich.adoption.models.declarations import (  # isort: skip
    ADOPTED,
    Declaration,
    DeclarationEvent,
    Source,
    Status,
)
from phongdich.adoption.models.campaigns import Campaign, Denominator, ReminderLog
from phongdich.adoption.models.imports import AdoptionImport
from phongdich.adoption.models.indicators import DigitalIndicator

__all__ = [
    "ADOPTED",
    "AdoptionImport",
    "Campaign",
    "Declaration",
    "DeclarationEvent",
    "Denominator",
    "DigitalIndicator",
    "ReminderLog",
    "RequiredApp",
    "Source",
    "Status",
    "Union",
    "UnionMembership",
]

"""Typed inputs of the privacy services (built by the forms)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any


@dataclass(frozen=True)
class IncidentInput:
    title: str
    description: str
    discovered_at: datetime
    data_kinds: list[str]
    affected_count: int
    signer_name: str
    occurred_at: datetime | None = None
    consequences: str = ""
    measures: str = ""
    scope_from: date | None = None
    scope_to: date | None = None
    scope_units: list[Any] = field(default_factory=list)
    number: int | None = None
    symbol: str = "SLĐTBXH-VP"
    addressee: str = ""
    signer_authority: str = ""
    signer_title: str = "GIÁM ĐỐC"

    @classmethod
    def of(cls, data: dict[str, Any]) -> IncidentInput:
        """From an IncidentForm's cleaned_data."""
        return cls(
            title=data["title"],
            description=data["description"],
            discovered_at=data["discovered_at"],
            data_kinds=list(data["data_kinds"]),
            affected_count=data["affected_count"],
            signer_name=data["signer_name"],
            occurred_at=data.get("occurred_at"),
            consequences=data.get("consequences", ""),
            measures=data.get("measures", ""),
            scope_from=data.get("scope_from"),
            scope_to=data.get("scope_to"),
            scope_units=list(data.get("scope_units") or []),
            number=data.get("number"),
            symbol=data.get("symbol") or "SLĐTBXH-VP",
            addressee=data.get("addressee", ""),
            signer_authority=data.get("signer_authority", ""),
            signer_title=data.get("signer_title") or "GIÁM ĐỐC",
        )

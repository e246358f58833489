"""What a form, a parsed text or a command hands to the services: typed values.

Shared by forms (which build them), selectors (which suggest them from a parsed text) and
services (which validate and write them)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, fields
from datetime import date
from typing import Any

from phongdich.directives import parsing
from phongdich.directives.models import ReportVersion, Task
from phongdich.org.models import Unit


@dataclass(frozen=True)
class DirectiveHeader:
    """The header of a directive (everything but its tasks); services NFC-normalise it."""

    subject: str = ""
    number: int | None = None
    symbol: str = ""
    issued_on: date | None = None
    place: str = ""
    issuer_authority: str = ""
    issuer_position: str = ""
    issuer_name: str = ""
    recipients: str = ""
    body: str = ""
    distribution: str = ""
    # The document it implements ("Thực hiện Công văn số … ngày … của …").
    source_kind: str = ""
    source_reference: str = ""
    source_issued_on: date | None = None
    source_issuer: str = ""

    @classmethod
    def names(cls) -> tuple[str, ...]:
        return tuple(f.name for f in fields(cls))

    @classmethod
    def of(cls, directive: Any) -> DirectiveHeader:
        """The header a directive has now (to change a few fields with ``replace``)."""
        return cls(**{name: getattr(directive, name) for name in cls.names()})

    @classmethod
    def from_parsed(cls, parsed: parsing.ParsedDirective) -> DirectiveHeader:
        source = parsed.source
        return cls(
            source_kind=source.kind if source else "",
            source_reference=source.reference if source else "",
            source_issued_on=source.issued_on if source else None,
            source_issuer=source.issuer if source else "",
            number=parsed.number,
            symbol=parsed.symbol,
            issued_on=parsed.issued_on,
            place=parsed.place,
            issuer_authority=parsed.issuer_authority,
            issuer_position=parsed.issuer_position,
            issuer_name=parsed.issuer_name,
            subject=parsed.subject,
            recipients="\n".join(parsed.recipients),
            body=parsed.body,
            distribution="\n".join(parsed.distribution),
        )


@dataclass
class TaskInput:
    """One task: ``parent`` is the parent's number, for a sub-task of a new directive."""

    number: str
    content: str
    parent: str | None = None
    title: str = ""
    lead_unit: Unit | None = None
    supporting_units: Sequence[Unit] = field(default_factory=list)
    all_units: bool = False
    deadline: date | None = None
    recurrence: str = Task.Recurrence.ONCE


@dataclass
class ReportInput:
    """What the unit writes. ``values`` maps an indicator's pk to a typed value (int,
    Decimal, bool, str) or None when left empty."""

    progress: str = ReportVersion.Progress.IN_PROGRESS
    completed_on: date | None = None
    narrative: str = ""
    difficulties: str = ""
    proposals: str = ""
    values: dict[int, Any] = field(default_factory=dict)
    uploads: list[Any] = field(default_factory=list)
    remove_attachments: list[int] = field(default_factory=list)

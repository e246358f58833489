"""The refusals of the directives app, each with its reasons in Vietnamese.

Raised by services (and by ``selectors.compiled`` for a bad period); views show
``messages``; ``ReportError.field_errors`` maps a form field to its messages."""

from __future__ import annotations

from collections.abc import Sequence


class DirectiveError(Exception):
    """An action refused; ``messages`` lists every reason, in Vietnamese."""

    def __init__(self, messages: str | Sequence[str]) -> None:
        self.messages = [messages] if isinstance(messages, str) else list(messages)
        super().__init__("; ".join(self.messages))


class ReportError(DirectiveError):
    """A unit report refused; ``field_errors`` maps form fields ("ind_<indicator pk>",
    "completed_on", "note" …) to their messages."""

    def __init__(
        self, messages: str | Sequence[str], field_errors: dict[str, list[str]] | None = None
    ) -> None:
        super().__init__(messages)
        self.field_errors = field_errors or {}


class UrgingError(DirectiveError):
    """Nothing to urge, or the document could not be made."""


class CompileError(DirectiveError):
    """Bad period, nothing to report, or a document that could not be made."""

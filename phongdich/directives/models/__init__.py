"""The models of the directives app, one module per area, imported in dependency order:
directives and their tasks, then unit reports (on tasks), then the Office's follow-up
(reminders, urging notices, compiled reports). See docs/directives-model.md."""

from phongdich.directives.models.directives import (
    ALL_UNITS_KINDS,
    Directive,
    Indicator,
    Task,
    TaskAssignment,
    directive_attachment_path,
)
from phongdich.directives.models.office import (
    CompiledReport,
    CompiledReportVersion,
    ReminderLog,
    UrgingNotice,
    urging_file_path,
)
from phongdich.directives.models.reports import (
    IndicatorValue,
    Report,
    ReportAttachment,
    ReportVersion,
    report_attachment_path,
)

__all__ = [
    "ALL_UNITS_KINDS",
    "CompiledReport",
    "CompiledReportVersion",
    "Directive",
    "Indicator",
    "IndicatorValue",
    "ReminderLog",
    "Report",
    "ReportAttachment",
    "ReportVersion",
    "Task",
    "TaskAssignment",
    "UrgingNotice",
    "directive_attachment_path",
    "report_attachment_path",
    "urging_file_path",
]

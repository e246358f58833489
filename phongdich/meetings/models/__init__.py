"""The meetings models, by area; imported in dependency order."""

from phongdich.meetings.models.meetings import Kind, Meeting, MeetingDocument, Series
from phongdich.meetings.models.minutes import Conclusion, Minutes
from phongdich.meetings.models.participants import (
    CalendarFeed,
    Invitation,
    JoinEvent,
    ReminderSent,
)
from phongdich.meetings.models.plans import OnlinePlan, PlanItem

__all__ = [
    "CalendarFeed",
    "Conclusion",
    "Invitation",
    "JoinEvent",
    "Kind",
    "Meeting",
    "MeetingDocument",
    "Minutes",
    "OnlinePlan",
    "PlanItem",
    "ReminderSent",
    "Series",
]

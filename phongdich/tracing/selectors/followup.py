"""Reads of the daily follow-up of contacts: the follow-up period and its calendar.

The rules: a contact is followed up from the (local) day of exposure to
``follow_up_until`` inclusive; a day is *due* once it is not in the future; a
day is *recorded* when it has an entry; today is *missing* when it is due and
has no entry.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import timezone

from phongdich.tracing.models import Case, Contact, FollowUp
from phongdich.tracing.selectors.cases import contacts_of


def followup_period(*, contact: Contact) -> tuple[date, date]:
    """The days a contact may be followed up: from the day of exposure (local) to
    ``follow_up_until`` (inclusive)."""
    first = timezone.localdate(contact.exposed_at)
    last = contact.follow_up_until or first + timedelta(days=contact.case.profile.follow_up_days)
    return first, max(first, last)


@dataclass(frozen=True)
class Day:
    day: date
    entry: FollowUp | None
    future: bool


def followup_days(*, contact: Contact, entries: list[FollowUp], today: date) -> list[Day]:
    """Every day of the contact's follow-up period, with its entry if one was recorded."""
    first, last = followup_period(contact=contact)
    by_day = {entry.day: entry for entry in entries}
    span = (last - first).days + 1
    return [
        Day(day=d, entry=by_day.get(d), future=d > today)
        for d in (first + timedelta(days=i) for i in range(span))
    ]


@dataclass(frozen=True)
class FollowUpRow:
    """One contact's line of the follow-up list."""

    contact: Contact
    recorded: int  # due days with an entry
    due: int  # days of the period up to today
    total: int  # days of the whole period
    today_missing: bool


def followup_rows(*, case: Case, today: date | None = None) -> list[FollowUpRow]:
    """The follow-up list of a case (from ``case_get``): two queries, the contacts and
    their entries, whatever their number."""
    today = today or timezone.localdate()
    rows = []
    for contact in contacts_of(case=case).prefetch_related("follow_ups"):
        contact.case = case  # the period may need the case's profile: no query per contact
        days = followup_days(contact=contact, entries=list(contact.follow_ups.all()), today=today)
        due = [d for d in days if not d.future]
        rows.append(
            FollowUpRow(
                contact=contact,
                recorded=sum(1 for d in due if d.entry),
                due=len(due),
                total=len(days),
                today_missing=any(d.day == today and d.entry is None for d in days),
            )
        )
    return rows


@dataclass(frozen=True)
class ContactFollowUp:
    """What the contact page shows of the follow-up: the entries and the calendar."""

    contact: Contact
    entries: list[FollowUp]
    days: list[Day]
    first_day: date
    last_day: date
    today: date

    @property
    def default_day(self) -> date:
        """The day the entry form offers: today, kept inside the period."""
        return min(max(self.today, self.first_day), self.last_day)


def contact_followup(*, contact: Contact, today: date | None = None) -> ContactFollowUp:
    """The follow-up of a contact (from ``contact_get``): one query, its entries."""
    today = today or timezone.localdate()
    entries = list(
        FollowUp.objects.filter(contact=contact).select_related("recorded_by").order_by("day")
    )
    first, last = followup_period(contact=contact)
    return ContactFollowUp(
        contact=contact,
        entries=entries,
        days=followup_days(contact=contact, entries=entries, today=today),
        first_day=first,
        last_day=last,
        today=today,
    )

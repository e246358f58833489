"""Reads of contacts' personal data that are recorded: each returns what a page (or the
export) shows and writes its audit entry, with no personal values in it.

A view never calls ``audit()``: the case page, the follow-up list, the contact
page and the spreadsheet export call these instead of the selectors. The audit
entry is the only write of each: one INSERT, atomic by itself, so no
``transaction.atomic()`` block is opened around it (it would only add a BEGIN or
SAVEPOINT round trip to every page view).
"""

from __future__ import annotations

from typing import Any

from phongdich.core.audit import audit
from phongdich.tracing import exports
from phongdich.tracing.models import Case, Contact
from phongdich.tracing.selectors.cases import (
    CaseOverview,
    case_overview,
    contacts_of,
    latest_done_run,
)
from phongdich.tracing.selectors.followup import (
    ContactFollowUp,
    FollowUpRow,
    contact_followup,
    followup_rows,
)

__all__ = ["case_contacts_export", "case_contacts_view", "case_followup_view", "contact_view"]

VIEW = "tracing.contacts.view"
EXPORT = "tracing.contacts.export"


def case_contacts_view(
    *, case: Case, user: Any, ip: str | None = None, params: Any = None
) -> CaseOverview:
    """The case page's run and a page of its contacts (``params``: the query string);
    records that ``user`` saw those contacts."""
    overview = case_overview(case=case, params=params)
    audit(
        None,
        VIEW,
        actor=user,
        ip=ip,
        obj=case,
        contacts=len(overview.page.object_list),
        total=overview.total,
        list_page=overview.page.number,
        page="case",
    )
    return overview


def case_followup_view(*, case: Case, user: Any, ip: str | None = None) -> list[FollowUpRow]:
    """The follow-up list of a case; records that ``user`` saw its contacts."""
    rows = followup_rows(case=case)
    audit(None, VIEW, actor=user, ip=ip, obj=case, contacts=len(rows), page="followup")
    return rows


def contact_view(*, contact: Contact, user: Any, ip: str | None = None) -> ContactFollowUp:
    """A contact's follow-up for the contact page; records that ``user`` saw it."""
    followup = contact_followup(contact=contact)
    audit(None, VIEW, actor=user, ip=ip, obj=contact.case, contact=contact.pk, page="contact")
    return followup


def case_contacts_export(*, case: Case, user: Any, reason: str, ip: str | None = None) -> bytes:
    """The .xlsx of a case's contacts (its title block: the case, its onset, the
    parameters of its latest finished run, who exported it and when); records the
    export, its reason (``core.export_reason``) and its number of rows."""
    contacts = list(contacts_of(case=case))
    content = exports.contacts_xlsx(
        header=exports.TraceHeader.of_case(case, latest_done_run(case=case)),
        exported_by=exports.exporter_name(user),
        contacts=contacts,
    )
    audit(None, EXPORT, actor=user, ip=ip, obj=case, reason=reason, rows=len(contacts))
    return content

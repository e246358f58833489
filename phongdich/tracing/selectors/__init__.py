"""Reads of the tracing module, split by area; the public names are re-exported here.

- ``cases``: cases, trace runs and contacts, scoped to the user (``cases_visible``);
  the case page (``case_overview``).
- ``sources``: who a new case is about (the case form's searches and pick rule).
- ``followup``: the follow-up period of a contact and its day calendar.
- ``dashboard``: the tracer's totals.
- ``rows``: contacts as the exports show them.

Reads that disclose personal data to a person are recorded in the audit log by
the services in ``services.disclosures``, which call these.
"""

from phongdich.tracing.selectors.cases import (
    TRACING_ROLES,
    CaseOverview,
    can_trace,
    case_get,
    case_list,
    case_overview,
    cases_visible,
    contact_get,
    contacts_of,
    latest_done_run,
    latest_run,
    run_get,
)
from phongdich.tracing.selectors.dashboard import dashboard
from phongdich.tracing.selectors.followup import (
    ContactFollowUp,
    Day,
    FollowUpRow,
    contact_followup,
    followup_days,
    followup_period,
    followup_rows,
)
from phongdich.tracing.selectors.rows import (
    ContactRow,
    contact_rows,
    contact_rows_of_json,
    contact_rows_of_result,
    contact_rows_of_run,
)
from phongdich.tracing.selectors.sources import Found, Pick, case_sources, source_pick

__all__ = [
    "TRACING_ROLES",
    "CaseOverview",
    "ContactFollowUp",
    "ContactRow",
    "Day",
    "FollowUpRow",
    "Found",
    "Pick",
    "can_trace",
    "case_get",
    "case_list",
    "case_overview",
    "case_sources",
    "cases_visible",
    "contact_followup",
    "contact_get",
    "contact_rows",
    "contact_rows_of_json",
    "contact_rows_of_result",
    "contact_rows_of_run",
    "contacts_of",
    "dashboard",
    "followup_days",
    "followup_period",
    "followup_rows",
    "latest_done_run",
    "latest_run",
    "run_get",
    "source_pick",
]

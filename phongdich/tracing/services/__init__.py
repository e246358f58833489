"""Writes of the tracing module, split by area; the public names are re-exported here.

- ``cases``: the person a case is about, opening (``case_open``) and closing a case.
- ``runs``: trace runs (``case_trace``, the worker's ``trace_run_execute``) and the
  read-only ``person_trace`` of ``manage.py trace``.
- ``contacts``: a contact's status, daily follow-up, promotion to a case.
- ``disclosures``: recorded reads of personal data (pages and the export).

Every service takes keyword arguments only, records its audit entry in its own
transaction, and raises ``TracingServiceError`` (a ValueError) with a Vietnamese
message for anything the user can fix.
"""

from phongdich.tracing.services.cases import case_close, case_create, case_open, case_person_for
from phongdich.tracing.services.common import FollowUpDayError, TracingServiceError
from phongdich.tracing.services.contacts import (
    contact_promote,
    contact_set_status,
    followup_record,
)
from phongdich.tracing.services.disclosures import (
    case_contacts_export,
    case_contacts_view,
    case_followup_view,
    contact_view,
)
from phongdich.tracing.services.runs import (
    case_trace,
    person_trace,
    trace_params,
    trace_run_execute,
)

__all__ = [
    "FollowUpDayError",
    "TracingServiceError",
    "case_close",
    "case_contacts_export",
    "case_contacts_view",
    "case_create",
    "case_followup_view",
    "case_open",
    "case_person_for",
    "case_trace",
    "contact_promote",
    "contact_set_status",
    "contact_view",
    "followup_record",
    "person_trace",
    "trace_params",
    "trace_run_execute",
]

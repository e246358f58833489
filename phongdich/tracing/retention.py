"""What the tracing module protects from the retention purge (checkin.retention).

- Everyone tied to an OPEN case (the case person, every contact and every
  person through whom a contact was exposed) keeps all their data.
- Everyone named by any case or contact, open or closed, keeps their Person row
  (Case and Contact hold it with PROTECT); the visits of closed cases follow the
  normal retention period.

Both providers return a queryset of person ids (``values_list("pk", flat=True)``):
iterable as ints, usable as a subquery.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from phongdich.checkin.models import Person
from phongdich.tracing.models import Case, Contact


def _named_by(cases: QuerySet[Case], contacts: QuerySet[Contact]) -> QuerySet[Any, Any]:
    return Person.objects.filter(
        Q(pk__in=cases.values("person_id"))
        | Q(pk__in=contacts.values("person_id"))
        | Q(pk__in=contacts.values("via_id"))
    ).values_list("pk", flat=True)


def open_case_persons() -> QuerySet[Any, Any]:
    return _named_by(
        Case.objects.filter(status=Case.Status.OPEN),
        Contact.objects.filter(case__status=Case.Status.OPEN),
    )


def referenced_persons() -> QuerySet[Any, Any]:
    return _named_by(Case.objects.all(), Contact.objects.all())

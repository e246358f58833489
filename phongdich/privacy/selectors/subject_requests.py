"""Reads of data subjects' requests: the Office's queue, everything held about one
person (recorded when handed over), and what the person sees on their phone."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.utils import timezone

from phongdich.checkin.citus import related
from phongdich.checkin.models import Declaration, Person, Visit
from phongdich.core.audit import audit
from phongdich.core.models import AuditEvent
from phongdich.core.permissions import has_role
from phongdich.privacy import conf
from phongdich.privacy.models import SubjectRequest
from phongdich.privacy.roles import QUEUE_ROLES

QUEUE_PAGE_SIZE = 50


def _staff(user: Any) -> None:
    if not has_role(user, *QUEUE_ROLES):
        raise PermissionDenied


def request_list(*, user: Any, status: str = "") -> QuerySet[SubjectRequest]:
    """The queue: open requests first by answer deadline, then the answered ones.
    ``status`` "" is every open request, "all" everything, or one status."""
    _staff(user)
    requests = SubjectRequest.objects.select_related("answered_by")
    if status == "":
        requests = requests.filter(
            status__in=[*SubjectRequest.OPEN_STATUSES, SubjectRequest.Status.WAITING_CASE]
        )
    elif status != "all":
        requests = requests.filter(status=status)
    return requests.order_by("answered_at", "answer_due", "pk")


def request_get(*, user: Any, pk: int) -> SubjectRequest:
    _staff(user)
    return related(SubjectRequest.objects.all(), "person", "person__staff").get(pk=pk)


def requests_of_person(*, person: Person | None) -> list[SubjectRequest]:
    """The person's own requests, newest first (the public page on their phone)."""
    if person is None:
        return []
    return list(SubjectRequest.objects.filter(person=person).order_by("-received_at")[:20])


@dataclass
class PersonData:
    """Everything held about one person."""

    person: Person
    visits: list[Visit] = field(default_factory=list)
    declarations: list[Declaration] = field(default_factory=list)
    cases: list[Any] = field(default_factory=list)
    contacts: list[Any] = field(default_factory=list)
    views: list[AuditEvent] = field(default_factory=list)
    requests: list[SubjectRequest] = field(default_factory=list)


def answers_text(declaration: Declaration) -> str:
    """The answers of a declaration in words: "Sốt, Ho; tiếp xúc F0: Không"."""
    try:
        answers = json.loads(declaration.answers or "{}")
    except ValueError:
        return ""
    questions = {q["key"]: q for q in (declaration.profile.questions or [])}
    parts = []
    for key, value in answers.items():
        question = questions.get(key, {})
        label = question.get("label", key)
        options = {o["value"]: o["label"] for o in question.get("options", [])}
        if isinstance(value, list):
            shown = ", ".join(str(options.get(v, v)) for v in value) or "Không"
        elif isinstance(value, bool):
            shown = "Có" if value else "Không"
        else:
            shown = str(options.get(value, value))
        parts.append(f"{label} {shown}")
    return "; ".join(parts)


def person_data(*, person: Person) -> PersonData:
    """Visits, declarations (with their consents), the staff link, case and contact
    records, who viewed them (the audit log) and the person's requests."""
    from phongdich.tracing.models import Case, Contact

    visits = list(
        Visit.objects.filter(person=person)
        .select_related("location", "location__unit")
        .order_by("-check_in")
    )
    declarations = list(
        Declaration.objects.filter(person=person).select_related("profile").order_by("-declared_at")
    )
    cases = list(Case.objects.filter(person=person).order_by("-onset"))
    contacts = list(
        Contact.objects.filter(person=person)
        .select_related("location", "case")
        .order_by("-exposed_at")
    )
    case_ids = {str(c.pk) for c in cases} | {str(c.case_id) for c in contacts}
    requests = list(SubjectRequest.objects.filter(person=person).order_by("-received_at"))
    viewed = Q(object_type="checkin.person", object_id=str(person.pk)) | Q(
        object_type="tracing.case", object_id__in=case_ids
    )
    views = list(
        AuditEvent.objects.filter(viewed, actor__isnull=False)
        .select_related("actor", "actor__staff")
        .order_by("-at")
    )
    return PersonData(
        person=person,
        visits=visits,
        declarations=declarations,
        cases=cases,
        contacts=contacts,
        views=views,
        requests=requests,
    )


def person_data_export(*, user: Any, request: SubjectRequest, ip: str | None = None) -> bytes:
    """The .xlsx of everything held about the request's person, for the Office to hand
    over (in person); recorded."""
    from phongdich.privacy.exports import person_data_xlsx

    _staff(user)
    if request.person is None:
        raise SubjectRequest.DoesNotExist
    data = person_data(person=request.person)
    content = person_data_xlsx(data, request=request, exported_by=user)
    audit(
        None,
        "privacy.request.export",
        actor=user,
        ip=ip,
        obj=request,
        reason="Trả lời yêu cầu xem dữ liệu của chủ thể dữ liệu",
        person=request.person.pk,
    )
    return content


def downloadable(*, request: SubjectRequest, person: Person | None) -> bool:
    """May ``person`` (named by the one-tap cookie) download the answer to ``request``?"""
    return (
        person is not None
        and request.person_id == person.pk
        and request.kind == SubjectRequest.Kind.SEE
        and request.status == SubjectRequest.Status.ANSWERED
        and request.answered_at is not None
        and timezone.now() - request.answered_at <= timedelta(days=conf.download_days())
    )


def person_data_download(
    *, person: Person | None, code: str, ip: str | None = None
) -> tuple[SubjectRequest, bytes]:
    """The person's own file, on the phone that checked in (``SubjectRequest.DoesNotExist``
    otherwise); recorded."""
    from phongdich.privacy.exports import person_data_xlsx

    request = SubjectRequest.objects.get(code=code)
    if not downloadable(request=request, person=person):
        raise SubjectRequest.DoesNotExist
    assert person is not None
    content = person_data_xlsx(person_data(person=person), request=request, exported_by=None)
    audit(None, "privacy.request.download", ip=ip, obj=request, person=person.pk)
    return request, content


def request_by_code(*, code: str) -> SubjectRequest | None:
    """A request by the code given to the person (for the "sent" page)."""
    return SubjectRequest.objects.filter(code=code).first()

"""Data subjects' requests: sent from the public page (or taken at the Office),
acknowledged, verified in person, carried out or refused; every step audited in its
transaction. "Withdraw consent" and "delete" erase the person's check-ins and
declarations unless an open case still needs them (``checkin.retention``): the request
then waits, and the daily job finishes it once the case is closed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.utils import timezone
from django.utils.translation import gettext as _

from phongdich.checkin.identity import full_name_or_error
from phongdich.checkin.models import Declaration, Person, PersonCheckin, Submission, Visit
from phongdich.checkin.retention import protected_person_ids, referenced_person_ids
from phongdich.core import ratelimit
from phongdich.core.audit import audit
from phongdich.core.crypto import blind_index
from phongdich.core.permissions import has_role
from phongdich.core.text import clean_name, nfc, phone_or_error
from phongdich.privacy import conf
from phongdich.privacy.deadlines import add_days, add_working_days
from phongdich.privacy.models import SubjectRequest
from phongdich.privacy.roles import QUEUE_ROLES

RATE_PURPOSE = "privacy-rate"  # the blind index naming a phone's rate counter
ERASING = (SubjectRequest.Kind.DELETE, SubjectRequest.Kind.WITHDRAW)
KEPT_SENTENCE = (
    "Dữ liệu ra vào và tờ khai y tế của anh/chị đang liên quan đến một ca bệnh đang điều "
    "tra nên được giữ lại đến khi ca bệnh kết thúc; khi đó hệ thống sẽ tự động xoá và "
    "cập nhật trả lời này."
)
DONE_SENTENCE = "Đã xoá %(visits)d lượt ra vào và %(declarations)d tờ khai y tế của anh/chị."


class RequestRateLimited(Exception):
    """Too many requests from this client or for this phone in the window."""


def _staff(user: Any) -> None:
    if not has_role(user, *QUEUE_ROLES):
        raise PermissionDenied


@dataclass(frozen=True)
class Erased:
    """What an erasure did: counts, whether the person row went, whether it must wait."""

    visits: int = 0
    declarations: int = 0
    person_deleted: bool = False
    staff_unlinked: bool = False
    waiting_for_case: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {
            "visits": self.visits,
            "declarations": self.declarations,
            "person_deleted": self.person_deleted,
            "staff_unlinked": self.staff_unlinked,
            "waiting_for_case": self.waiting_for_case,
        }


def person_erase(*, person: Person) -> Erased:
    """Delete ``person``'s check-ins and declarations, and the person row unless a case
    record still refers to it (then its staff link is cut instead: the staff record
    itself is never deleted). Nothing is deleted while an open case protects them.
    Call inside the caller's transaction."""
    if person.pk in protected_person_ids():
        return Erased(waiting_for_case=True)
    # The visits' replay keys and the person-keyed check-in index go with the visits.
    Submission.objects.filter(
        visit_id__in=Visit.objects.filter(person=person).values("pk")
    ).delete()
    visits, _unused = Visit.objects.filter(person=person).delete()
    PersonCheckin.objects.filter(person=person).delete()
    from phongdich.tracing.models import KeptVisit  # a closed case's kept evidence

    KeptVisit.objects.filter(person=person).delete()
    declarations, _unused = Declaration.objects.filter(person=person).delete()
    had_staff = person.staff_id is not None
    if person.pk not in referenced_person_ids() and _delete_unless_protected(person):
        return Erased(visits, declarations, person_deleted=True, staff_unlinked=had_staff)
    if had_staff:
        person.staff = None
        person.save(update_fields=["staff"])
    return Erased(visits, declarations, staff_unlinked=had_staff)


def _delete_unless_protected(person: Person) -> bool:
    """Delete the person row; False (nothing deleted) when a record of another module
    still refers to it with a protecting foreign key."""
    try:
        with transaction.atomic():
            person.delete()
    except ProtectedError:
        return False
    return True


def _rate_ok(*, ip: str | None, phone: str) -> bool:
    window = conf.public_rate_window_seconds()
    limit = conf.public_rate_limit()
    keys = [("privacy:ip:" + (ip or "unknown"), limit)]
    if phone:
        keys.append(("privacy:phone:" + blind_index(phone, purpose=RATE_PURPOSE), limit))
    return ratelimit.hit_all(keys, window_seconds=window)


def request_submit(
    *,
    kind: str,
    proof: str,
    person: Person | None,
    full_name: str = "",
    phone: str = "",
    details: str = "",
    ip: str | None = None,
    now: datetime | None = None,
) -> SubjectRequest:
    """A request from the public page. ``proof`` "device": ``person`` is who the one-tap
    cookie of this phone names (required); "in_person": ``full_name`` and ``phone`` say
    who asks, and the Office checks the CCCD before acting. Rate-limited per client and
    per phone (``RequestRateLimited``)."""
    if kind not in SubjectRequest.Kind.values or proof not in SubjectRequest.Proof.values:
        raise ValidationError(_("Yêu cầu không hợp lệ."))
    details = nfc(details)
    if kind == SubjectRequest.Kind.CORRECT and not details:
        raise ValidationError(_("Vui lòng ghi rõ thông tin cần sửa."))
    if proof == SubjectRequest.Proof.DEVICE:
        if person is None:
            raise ValidationError(
                _("Điện thoại này chưa được ghi nhận check-in: hãy chọn xác minh tại Văn phòng.")
            )
        full_name, phone = person.full_name, person.identity
    else:
        full_name = full_name_or_error(full_name)
        phone = phone_or_error(phone)
        person = None
    if not _rate_ok(ip=ip, phone=phone):
        raise RequestRateLimited
    moment = now or timezone.now()
    with transaction.atomic():
        request = SubjectRequest.objects.create(
            kind=kind,
            proof=proof,
            person=person,
            full_name=clean_name(full_name),
            phone=phone,
            details=details,
            received_at=moment,
            ack_due=add_working_days(moment, conf.ack_working_days()),
            answer_due=add_days(moment, conf.answer_days_for(kind)),
            verified_at=moment if person is not None else None,
        )
        audit(
            None,
            "privacy.request.submit",
            ip=ip,
            obj=request,
            kind=kind,
            proof=proof,
            person=person.pk if person is not None else None,
        )
        request_id = request.pk
        transaction.on_commit(lambda: _notify_new(request_id))
    return request


def _notify_new(request_id: int) -> None:
    from phongdich.privacy.tasks import notify_new_request

    notify_new_request.enqueue(request_id)


def request_acknowledge(
    *, request: SubjectRequest, by: Any, ip: str | None = None
) -> SubjectRequest:
    _staff(by)
    with transaction.atomic():
        request = SubjectRequest.objects.select_for_update().get(pk=request.pk)
        if request.status != SubjectRequest.Status.RECEIVED:
            raise ValidationError(_("Yêu cầu này đã được tiếp nhận."))
        request.status = SubjectRequest.Status.ACKNOWLEDGED
        request.acknowledged_at = timezone.now()
        request.save(update_fields=["status", "acknowledged_at"])
        audit(None, "privacy.request.acknowledge", actor=by, ip=ip, obj=request)
    return request


def request_verify(
    *, request: SubjectRequest, cccd: str, by: Any, ip: str | None = None
) -> SubjectRequest:
    """The Office has seen the person's CCCD card (``cccd``, the number on it): the
    request's phone finds their check-in record, whose CCCD must match when one was
    given at a gate. Without any record, the request is verified with no data held."""
    _staff(by)
    with transaction.atomic():
        request = SubjectRequest.objects.select_for_update().get(pk=request.pk)
        if request.verified_at is not None:
            raise ValidationError(_("Yêu cầu này đã được xác minh."))
        if not request.is_open:
            raise ValidationError(_("Yêu cầu này đã được trả lời."))
        person = Person.objects.filter(identity_index=Person.index_of(request.phone)).first()
        matched = None
        if person is not None and person.cccd_index:
            matched = person.cccd_index == blind_index(cccd, purpose="cccd")
            if not matched:
                raise ValidationError(
                    _(
                        "Số CCCD không khớp với số đã khai khi check-in bằng số điện thoại "
                        "này: không xác minh được."
                    )
                )
        request.person = person
        request.verified_at = timezone.now()
        request.verified_by = by
        request.save(update_fields=["person", "verified_at", "verified_by"])
        audit(
            None,
            "privacy.request.verify",
            actor=by,
            ip=ip,
            obj=request,
            found=person is not None,
            cccd_on_file=matched is not None,
        )
    return request


def _answer_text(request: SubjectRequest, answer: str, erased: Erased | None) -> str:
    parts = [answer] if answer else []
    if erased is not None:
        if erased.waiting_for_case:
            parts.append(KEPT_SENTENCE)
        else:
            parts.append(
                DONE_SENTENCE % {"visits": erased.visits, "declarations": erased.declarations}
            )
            if erased.staff_unlinked:
                parts.append(
                    "Hồ sơ cán bộ của anh/chị không bị xoá; chỉ liên kết với dữ liệu check-in "
                    "được gỡ bỏ."
                )
    return "\n".join(parts)


def request_carry_out(
    *,
    request: SubjectRequest,
    by: Any,
    answer: str = "",
    corrected_name: str = "",
    ip: str | None = None,
) -> SubjectRequest:
    """Do what was asked and record the answer: "see" (the file is then downloadable),
    "correct" (the name on the check-in record), "delete" / "withdraw" (erasure, which
    may wait for an open case)."""
    _staff(by)
    answer = nfc(answer)
    with transaction.atomic():
        request = SubjectRequest.objects.select_for_update().get(pk=request.pk)
        if not request.is_open:
            raise ValidationError(_("Yêu cầu này đã được trả lời."))
        if request.verified_at is None:
            raise ValidationError(_("Chưa xác minh danh tính người yêu cầu (CCCD)."))
        person = request.person
        erased: Erased | None = None
        outcome: dict[str, Any] = {}
        status = SubjectRequest.Status.ANSWERED
        if request.kind == SubjectRequest.Kind.CORRECT:
            if corrected_name:
                if person is None:
                    raise ValidationError(_("Không có dữ liệu nào để sửa."))
                person.full_name = full_name_or_error(corrected_name)
                person.save(update_fields=["full_name"])
                outcome["corrected"] = ["full_name"]
            elif not answer:
                raise ValidationError(_("Nhập họ tên đã sửa, hoặc trả lời vì sao không sửa."))
        elif request.kind in ERASING:
            erased = person_erase(person=person) if person is not None else Erased()
            outcome.update(erased.as_dict())
            if erased.waiting_for_case:
                status = SubjectRequest.Status.WAITING_CASE
        elif request.kind == SubjectRequest.Kind.SEE:
            outcome["file"] = person is not None
        if person is None and request.kind != SubjectRequest.Kind.CORRECT:
            answer = answer or "Hệ thống không lưu dữ liệu nào gắn với số điện thoại này."
        request.status = status
        request.answer = _answer_text(request, answer, erased)
        request.answered_at = timezone.now()
        request.answered_by = by
        request.outcome = outcome
        if request.acknowledged_at is None:
            request.acknowledged_at = request.answered_at
        if erased is not None and erased.person_deleted:
            request.person = None
        request.save()
        audit(None, "privacy.request.answer", actor=by, ip=ip, obj=request, **outcome)
    return request


def request_refuse(
    *, request: SubjectRequest, by: Any, answer: str, ip: str | None = None
) -> SubjectRequest:
    _staff(by)
    answer = nfc(answer)
    if not answer:
        raise ValidationError(_("Vui lòng ghi lý do không thực hiện được yêu cầu."))
    with transaction.atomic():
        request = SubjectRequest.objects.select_for_update().get(pk=request.pk)
        if not request.is_open:
            raise ValidationError(_("Yêu cầu này đã được trả lời."))
        request.status = SubjectRequest.Status.REFUSED
        request.answer = answer
        request.answered_at = timezone.now()
        request.answered_by = by
        request.acknowledged_at = request.acknowledged_at or request.answered_at
        request.save()
        audit(None, "privacy.request.refuse", actor=by, ip=ip, obj=request)
    return request


def requests_finish_waiting() -> int:
    """Erase the data of the requests that waited for a case now closed; each one's
    answer says so. Returns how many were finished."""
    finished = 0
    waiting = SubjectRequest.objects.filter(status=SubjectRequest.Status.WAITING_CASE)
    for pk in list(waiting.values_list("pk", flat=True)):
        with transaction.atomic():
            request = SubjectRequest.objects.select_for_update().get(pk=pk)
            person = request.person
            erased = person_erase(person=person) if person is not None else Erased()
            if erased.waiting_for_case:
                continue
            request.status = SubjectRequest.Status.ANSWERED
            request.answer = "\n".join(
                [
                    request.answer,
                    "Ca bệnh liên quan đã kết thúc. "
                    + DONE_SENTENCE
                    % {"visits": erased.visits, "declarations": erased.declarations},
                ]
            )
            request.outcome = {**request.outcome, **erased.as_dict()}
            if erased.person_deleted:
                request.person = None
            request.save()
            audit(None, "privacy.request.answer", obj=request, after_case=True, **erased.as_dict())
            finished += 1
    return finished


def requests_remind(*, now: datetime | None = None) -> int:
    """Notify the Office of the open requests due soon or overdue, once a day each;
    returns how many requests were named."""
    from django.urls import reverse

    from phongdich.notifications.services import notification_send
    from phongdich.org.models import RoleAssignment

    moment = now or timezone.now()
    today = timezone.localdate(moment)
    horizon = add_working_days(moment, conf.remind_days_before())
    due = SubjectRequest.objects.filter(
        status__in=SubjectRequest.OPEN_STATUSES, answer_due__lte=horizon
    ).exclude(last_reminded_on=today)
    requests = list(due)
    if not requests:
        return 0
    office = RoleAssignment.objects.filter(role__in=QUEUE_ROLES).select_related("user")
    users = [a.user for a in office if a.user.is_active]
    overdue = sum(1 for r in requests if r.answer_due < moment)
    with transaction.atomic():
        notification_send(
            users=users,
            title=_("%(n)d yêu cầu về dữ liệu cá nhân sắp đến hạn trả lời") % {"n": len(requests)},
            body=_("Trong đó %(overdue)d yêu cầu đã quá hạn. Mã: %(codes)s.")
            % {"overdue": overdue, "codes": ", ".join(r.code for r in requests)},
            url=reverse("privacy:request_list"),
        )
        SubjectRequest.objects.filter(pk__in=[r.pk for r in requests]).update(
            last_reminded_on=today
        )
        audit(None, "privacy.request.remind", rows=len(requests), overdue=overdue)
    return len(requests)


def new_request_notify(*, request_id: int) -> int:
    """Tell the Office a request arrived (in the app and by e-mail)."""
    from django.urls import reverse

    from phongdich.notifications.services import notification_send
    from phongdich.org.models import RoleAssignment

    request = SubjectRequest.objects.filter(pk=request_id).first()
    if request is None:
        return 0
    office = RoleAssignment.objects.filter(role__in=QUEUE_ROLES).select_related("user")
    users = [a.user for a in office if a.user.is_active]
    due = timezone.localtime(request.answer_due).strftime("%d/%m/%Y")
    notification_send(
        users=users,
        title=_("Yêu cầu mới về dữ liệu cá nhân: %(code)s") % {"code": request.code},
        body=_("%(kind)s. Hạn trả lời: %(due)s.")
        % {"kind": request.get_kind_display(), "due": due},
        url=reverse("privacy:request_detail", args=[request.pk]),
    )
    return len(users)

"""Reads of meetings, scoped to who may see them.

Invitees (and delegates) see their meetings; the chair, the secretary and whoever
scheduled it see it; unit heads see the meetings their units host or are invited to;
the Office, the Director and the Admin see all. Anything else is ``DoesNotExist`` (a 404).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from phongdich.core.mine import my_staff
from phongdich.core.permissions import has_role, visible_units
from phongdich.core.roles import Role
from phongdich.meetings.models import CalendarFeed, Invitation, Meeting, MeetingDocument
from phongdich.meetings.roles import ORGANISERS, SEES_ALL
from phongdich.org.models import RoleAssignment, Unit


def sees_all(user: Any) -> bool:
    return has_role(user, *SEES_ALL)


def head_units(user: Any) -> QuerySet[Unit]:
    """The units (subtrees) the user heads."""
    return visible_units(user, roles=[Role.UNIT_HEAD])


def organiser_units(user: Any) -> QuerySet[Unit]:
    """Units a user may schedule a meeting for (host): all for the Office, their own for heads."""
    if has_role(user, Role.OFFICE, Role.ADMIN):
        return Unit.objects.filter(is_active=True)
    if has_role(user, *ORGANISERS):
        return head_units(user).filter(is_active=True)
    return Unit.objects.none()


def meetings_visible(*, user: Any) -> QuerySet[Meeting]:
    qs = Meeting.objects.all()
    if sees_all(user):
        return qs
    mine = Invitation.objects.filter(user=user).values("meeting_id")
    condition = Q(pk__in=mine) | Q(chair=user) | Q(secretary=user) | Q(created_by=user)
    if has_role(user, Role.UNIT_HEAD):
        units = head_units(user)
        invited = Invitation.objects.filter(unit__in=units).values("meeting_id")
        condition |= Q(host_unit__in=units) | Q(pk__in=invited)
    return qs.filter(condition)


def meeting_get(*, user: Any, pk: int) -> Meeting:
    """The meeting if ``user`` may see it; ``Meeting.DoesNotExist`` otherwise."""
    return (
        meetings_visible(user=user)
        .select_related("chair__staff", "secretary__staff", "host_unit", "series")
        .get(pk=pk)
    )


def can_manage(*, user: Any, meeting: Meeting) -> bool:
    """Edit, move, cancel, invite: whoever scheduled it, the chair and secretary, the
    Office, and the heads of the host unit."""
    if has_role(user, Role.OFFICE, Role.ADMIN):
        return True
    if user.pk in {meeting.created_by_id, meeting.chair_id, meeting.secretary_id}:
        return True
    return (
        has_role(user, Role.UNIT_HEAD) and head_units(user).filter(pk=meeting.host_unit_id).exists()
    )


def can_record(*, user: Any, meeting: Meeting) -> bool:
    """Confirm attendance and write the minutes: the chair, the secretary, the Office."""
    return user.pk in {meeting.chair_id, meeting.secretary_id} or has_role(
        user, Role.OFFICE, Role.ADMIN
    )


def meeting_list(
    *, user: Any, past: bool = False, now: dt.datetime | None = None
) -> QuerySet[Meeting]:
    """Upcoming (or past) meetings the user sees, with what the list shows: three queries
    whatever the number of meetings (the meetings, the user's invitations)."""
    now = now or timezone.now()
    qs = meetings_visible(user=user).select_related("host_unit", "chair__staff")
    mine = Invitation.objects.filter(user=user)
    qs = qs.prefetch_related(Prefetch("invitations", queryset=mine, to_attr="my_invitations"))
    if past:
        return qs.filter(end__lt=now).order_by("-start", "-pk")
    return qs.filter(end__gte=now).order_by("start", "pk")


def meeting_invitations(*, meeting: Meeting) -> list[Invitation]:
    return list(
        meeting.invitations.select_related(
            "user__staff", "unit", "delegated_from__user__staff"
        ).order_by("unit__path", "pk")
    )


def invitation_of(*, user: Any, meeting: Meeting) -> Invitation | None:
    """The user's own open invitation (not one they delegated away)."""
    return Invitation.objects.filter(meeting=meeting, user=user).select_related("unit").first()


def invitation_get_for(*, user: Any, meeting: Meeting) -> Invitation:
    """The user's own invitation to ``meeting`` (for replying); ``DoesNotExist`` otherwise."""
    return Invitation.objects.select_related("meeting", "unit").get(meeting=meeting, user=user)


def delegate_choices(*, invitation: Invitation) -> QuerySet[Any]:
    """Someone else of the invitation's unit, with an account, not already invited."""
    User = get_user_model()
    taken = Invitation.objects.filter(meeting_id=invitation.meeting_id).values("user_id")
    return (
        User.objects.filter(
            is_active=True, staff__is_active=True, staff__unit_id=invitation.unit_id
        )
        .exclude(pk__in=taken)
        .select_related("staff")
        .order_by("staff__full_name")
    )


def unit_heads(*, units: list[Unit]) -> dict[int, list[Any]]:
    """The active heads of each unit: the role given for that unit, or held by a staff
    member of it without a unit."""
    ids = [u.pk for u in units]
    assignments = (
        RoleAssignment.objects.filter(role=Role.UNIT_HEAD, user__is_active=True)
        .filter(Q(unit_id__in=ids) | Q(unit__isnull=True, user__staff__unit_id__in=ids))
        .select_related("user__staff")
        .order_by("user__username")
    )
    heads: dict[int, list[Any]] = defaultdict(list)
    for ra in assignments:
        unit_id = ra.unit_id or ra.user.staff.unit_id
        if ra.user not in heads[unit_id]:
            heads[unit_id].append(ra.user)
    return heads


def invitable_people(*, user: Any) -> QuerySet[Any]:
    """People one may invite by name: every active member of staff with an account."""
    User = get_user_model()
    return (
        User.objects.filter(is_active=True, staff__is_active=True)
        .select_related("staff__unit")
        .order_by("staff__unit__path", "staff__full_name")
    )


def staff_unit_of(user: Any) -> Unit | None:
    staff = my_staff(user)
    return staff.unit if staff else None


def document_get(*, user: Any, meeting_pk: int, pk: int) -> MeetingDocument:
    meeting = meeting_get(user=user, pk=meeting_pk)
    return meeting.documents.get(pk=pk)


def documents_of(*, meeting: Meeting) -> list[MeetingDocument]:
    return list(meeting.documents.all())


def calendar_meetings(*, user: Any, start: dt.date, days: int = 7) -> list[Meeting]:
    """The user's own meetings (invited, not delegated away; chair; secretary) of the week."""
    begin = timezone.make_aware(dt.datetime.combine(start, dt.time.min))
    finish = begin + dt.timedelta(days=days)
    return list(_own_meetings(user).filter(start__gte=begin, start__lt=finish).order_by("start"))


def _own_meetings(user: Any) -> QuerySet[Meeting]:
    attending = (
        Invitation.objects.filter(user=user)
        .exclude(reply=Invitation.Reply.DELEGATED)
        .values("meeting_id")
    )
    return (
        Meeting.objects.filter(Q(pk__in=attending) | Q(chair=user) | Q(secretary=user))
        .select_related("host_unit")
        .prefetch_related(
            Prefetch(
                "invitations",
                queryset=Invitation.objects.filter(user=user),
                to_attr="my_invitations",
            )
        )
    )


def feed_live(*, user: Any) -> CalendarFeed | None:
    return CalendarFeed.objects.filter(user=user, revoked_at__isnull=True).first()


def feed_meetings(*, token: str, since: dt.datetime | None = None) -> tuple[Any, list[Meeting]]:
    """The owner of a live feed token and their meetings from 90 days back;
    ``CalendarFeed.DoesNotExist`` for an unknown or revoked token."""
    feed = CalendarFeed.objects.select_related("user").get(token=token, revoked_at__isnull=True)
    since = since or timezone.now() - dt.timedelta(days=90)
    meetings = (
        _own_meetings(feed.user)
        .filter(end__gte=since)
        .select_related("chair__staff")
        .prefetch_related(
            Prefetch(
                "invitations",
                queryset=Invitation.objects.select_related("user__staff").order_by("pk"),
            )
        )
        .order_by("start")
    )
    return feed.user, list(meetings)


def upcoming_own(*, user: Any, now: dt.datetime | None = None) -> list[Meeting]:
    """The user's own meetings still to come or under way, not cancelled, soonest first
    (their home page): two queries."""
    now = now or timezone.now()
    return list(
        _own_meetings(user)
        .filter(end__gte=now)
        .exclude(status=Meeting.Status.CANCELLED)
        .order_by("start", "pk")
    )

"""The states of a request: take, ask, reply, escalate, resolve, confirm, reopen, close;
illegal transitions refused in Vietnamese."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError

from phongdich.core.models import AuditEvent
from phongdich.support.models import Partner, State
from phongdich.support.services.requests import request_act
from phongdich.support.tests.helpers import MONDAY, SupportTestCase


def later(minutes: int) -> dt.datetime:
    return MONDAY + dt.timedelta(minutes=minutes)


class LifecycleTests(SupportTestCase):
    def act(self, request, action, user, **kw):
        return request_act(request=request, action=action, actor=user, ip=None, **kw)

    def test_the_happy_path_ends_closed_with_a_rating(self):
        r = self.open_request()
        r = self.act(r, "take", self.it2, now=later(10))
        self.assertEqual((r.state, r.assignee), (State.TAKEN, self.m2))
        r = self.act(r, "resolve", self.it2, note="Đã cài lại trình điều khiển", now=later(40))
        self.assertEqual(r.state, State.RESOLVED)
        r = self.act(r, "confirm", self.staff_user, rating=5, note="Nhanh", now=later(50))
        self.assertEqual((r.state, r.rating), (State.CLOSED, 5))
        kinds = list(r.events.values_list("kind", flat=True))
        self.assertEqual(kinds, ["opened", "routed", "taken", "resolved", "confirmed"])
        self.assertTrue(AuditEvent.objects.filter(action="support.request.confirm").exists())

    def test_the_requester_reopens_and_the_resolve_clock_starts_again(self):
        r = self.open_request()
        self.act(r, "take", self.it2, now=later(5))
        r = self.act(r, "resolve", self.it2, note="Xong", now=later(20))
        r = self.act(r, "reopen", self.staff_user, note="Vẫn không in được", now=later(60))
        self.assertEqual((r.state, r.reopen_count, r.resolved_at), (State.TAKEN, 1, None))
        self.assertGreater(r.resolve_due_at, later(60))

    def test_waiting_for_the_requester_pauses_the_resolve_clock(self):
        r = self.open_request()
        self.act(r, "take", self.it2, now=later(5))
        due = r.resolve_due_at
        r = self.act(r, "ask", self.it2, note="Máy in nào?", now=later(10))
        self.assertEqual(r.state, State.WAITING)
        r = self.act(r, "reply", self.staff_user, note="Máy in tầng 2", now=later(70))
        self.assertEqual(r.state, State.TAKEN)
        self.assertEqual(r.resolve_due_at, due + dt.timedelta(minutes=60))

    def test_escalated_to_a_partner_shows_on_the_partner(self):
        partner = Partner.objects.create(name="Viettel Thanh Hóa", kind="telecom", purpose="Mạng")
        r = self.open_request()
        self.act(r, "take", self.it2, now=later(5))
        r = self.act(r, "escalate", self.it2, partner=partner, now=later(15))
        self.assertEqual((r.state, r.partner), (State.ESCALATED, partner))
        self.assertEqual(list(partner.requests.all()), [r])

    def test_illegal_transitions_are_refused_with_a_vietnamese_message(self):
        r = self.open_request()
        for action, user in (
            ("resolve", self.it2),
            ("confirm", self.staff_user),
            ("reply", self.staff_user),
            ("reopen", self.staff_user),
        ):
            with self.subTest(action=action), self.assertRaises(ValidationError) as caught:
                self.act(r, action, user, note="x", rating=4)
            self.assertIn("trạng thái “Mới”", caught.exception.messages[0])
        self.act(r, "take", self.it2)
        with self.assertRaises(ValidationError):
            self.act(r, "take", self.it3)

    def test_closed_is_final(self):
        r = self.open_request()
        self.act(r, "take", self.it2)
        self.act(r, "resolve", self.it2, note="Xong")
        r = self.act(r, "confirm", self.staff_user, rating=4)
        for action in ("take", "resolve", "reopen", "ask"):
            with self.subTest(action=action), self.assertRaises(ValidationError):
                self.act(r, action, self.it2 if action != "reopen" else self.staff_user, note="x")

    def test_only_the_team_takes_and_only_the_requester_confirms(self):
        r = self.open_request()
        with self.assertRaises(ValidationError):
            self.act(r, "take", self.staff_user)
        self.act(r, "take", self.it2)
        self.act(r, "resolve", self.it2, note="Xong")
        with self.assertRaises(ValidationError):
            self.act(r, "confirm", self.it2, rating=5)
        with self.assertRaises(ValidationError):
            self.act(r, "confirm", self.head_b, rating=5)

    def test_confirm_needs_a_rating_and_resolve_a_note(self):
        r = self.open_request()
        self.act(r, "take", self.it2)
        with self.assertRaises(ValidationError) as caught:
            self.act(r, "resolve", self.it2, note="")
        self.assertIn("note", caught.exception.message_dict)
        self.act(r, "resolve", self.it2, note="Xong")
        with self.assertRaises(ValidationError) as caught:
            self.act(r, "confirm", self.staff_user, rating=None)
        self.assertIn("rating", caught.exception.message_dict)

    def test_the_team_assigns_a_request_of_a_unit_with_nobody(self):
        r = self.open_request(unit=self.unit_b)
        r = self.act(r, "assign", self.it, member=self.m3)
        self.assertEqual((r.state, r.assignee), (State.NEW, self.m3))

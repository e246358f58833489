"""The guard console's 1.5 s poll: an empty 204 after one query while nothing
changed, the live part (with the alert banner) as soon as something did."""

from __future__ import annotations

from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from phongdich.checkin.models import Visit
from phongdich.checkin.selectors.guard import (
    GUARD_ROLES,
    INSIDE_SECONDS,
    REFRESH_SECONDS,
    LiveState,
    live_state,
)
from phongdich.checkin.services.checkin import visit_check_out
from phongdich.checkin.tests.helpers import RISKY, make_gates, make_visit
from phongdich.core.permissions import visible_units, visible_units_subquery
from phongdich.core.tests.base import BaseTestCase


class GuardPollTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        make_gates(cls)
        cls.inside = make_visit(cls.gate_a, phone="+84912345001", name="Lê Thị Trong")

    def poll(self, stamp: str) -> object:
        return self.client.get(reverse("checkin:guard_live"), {"v": stamp}, HTTP_HX_REQUEST="true")

    def shown_stamp(self) -> str:
        response = self.client.get(reverse("checkin:guard_live"), HTTP_HX_REQUEST="true")
        self.assertEqual(response.status_code, 200)
        return str(response.context["stamp"])

    def test_an_unchanged_poll_is_an_empty_204_after_one_query_of_its_own(self) -> None:
        self.login(self.guard)
        stamp = self.shown_stamp()
        # session, user, roles, staff unit (sign-in and role check); THE stamp;
        # the session save that renews the idle timeout (savepoint, update, release)
        with self.assertNumQueries(8):
            response = self.poll(stamp)
        self.assertEqual(response.status_code, 204)
        self.assertEqual(response.content, b"")
        for i in range(5):  # more people, same cost
            make_visit(self.gate_a, phone=f"+8491234510{i}", name=f"Khách {i}")
        stamp = self.shown_stamp()
        with CaptureQueriesContext(connection) as queries:
            self.assertEqual(self.poll(stamp).status_code, 204)
        own = [q["sql"] for q in queries if "checkin_visit" in q["sql"]]
        self.assertEqual(len(own), 1, own)

    def test_the_stamp_from_the_rows_read_equals_the_one_query(self) -> None:
        make_visit(self.gate_a, phone="+84912345009", name="Có Sốt", answers=RISKY)
        self.login(self.guard)
        numbers = [int(part) for part in self.shown_stamp().split(".")[1:]]
        self.assertEqual(LiveState(*numbers), live_state(user=self.guard))

    @staticmethod
    def aged(stamp: str, seconds: int) -> str:
        rendered, rest = stamp.split(".", 1)
        return f"{int(rendered) - seconds}.{rest}"

    def test_a_risky_declaration_or_a_decision_shows_at_the_next_poll(self) -> None:
        self.login(self.guard)
        changes = {
            "a risky declaration": lambda: make_visit(
                self.gate_a, phone="+84912345002", name="Có Sốt", answers=RISKY
            ),
            "a decision": lambda: Visit.objects.filter(status=Visit.Status.PENDING).update(
                status=Visit.Status.ADMITTED
            ),
        }
        for what, change in changes.items():
            with self.subTest(change=what):
                stamp = self.shown_stamp()
                self.assertEqual(self.poll(stamp).status_code, 204)
                change()
                response = self.poll(stamp)
                self.assertEqual(response.status_code, 200)
                self.assertNotEqual(response.context["stamp"], stamp)

    def test_the_inside_list_follows_within_10_seconds(self) -> None:
        """A busy gate's admitted check-ins, check-outs and expiries re-render the part
        at most every INSIDE_SECONDS (a rush would otherwise render it every poll)."""
        self.login(self.guard)
        changes = {
            "an admitted check-in": lambda: make_visit(
                self.gate_a, phone="+84912345007", name="Khách Mới"
            ),
            "a check-out": lambda: visit_check_out(visit=self.inside),
            "an expiry": lambda: Visit.objects.filter(check_out__isnull=True).update(
                effective_end=timezone.now() - timedelta(seconds=1)
            ),
        }
        for what, change in changes.items():
            with self.subTest(change=what):
                stamp = self.shown_stamp()
                change()
                self.assertEqual(self.poll(stamp).status_code, 204)
                self.assertEqual(self.poll(self.aged(stamp, 3)).status_code, 204)
                response = self.poll(self.aged(stamp, INSIDE_SECONDS))
                self.assertEqual(response.status_code, 200)

    def test_an_unchanged_part_is_rendered_again_after_a_minute(self) -> None:
        self.login(self.guard)
        stamp = self.shown_stamp()
        self.assertEqual(self.poll(self.aged(stamp, REFRESH_SECONDS - 2)).status_code, 204)
        self.assertEqual(self.poll(self.aged(stamp, REFRESH_SECONDS)).status_code, 200)
        self.assertEqual(self.poll(self.aged(stamp, -120)).status_code, 200)  # from the future

    def test_a_visit_at_another_units_gate_changes_nothing(self) -> None:
        self.login(self.guard)
        stamp = self.shown_stamp()
        make_visit(self.gate_b, phone="+84912345003", name="Phạm Văn Khác", answers=RISKY)
        self.assertEqual(self.poll(stamp).status_code, 204)

    def test_a_risky_declaration_brings_the_flashing_banner(self) -> None:
        self.login(self.guard)
        stamp = self.shown_stamp()
        self.assertNotContains(self.poll(stamp), "alert-banner", status_code=204)
        flagged = make_visit(self.gate_a, phone="+84912345004", name="Có Ho", answers=RISKY)
        response = self.poll(stamp)
        self.assertContains(response, 'id="alert-banner" role="alert"')
        self.assertContains(response, "Có 1 khai báo có yếu tố nguy cơ đang chờ bảo vệ quyết định")
        self.assertContains(response, f'data-newest-flagged="{flagged.pk}"')
        self.assertContains(response, 'hx-trigger="every 1500ms"')

    def test_a_stale_or_forged_stamp_gives_the_live_part(self) -> None:
        self.login(self.guard)
        for stamp in ["", "0.0.0.0", "1.2.3", "x' OR 1=1 --", "9" * 200, "1.2.3.4.5.6.7"]:
            with self.subTest(stamp=stamp):
                response = self.poll(stamp)
                self.assertEqual(response.status_code, 200)
                self.assertContains(response, "Lê Thị Trong")

    def test_the_scope_without_its_own_query_is_the_same_scope(self) -> None:
        for name, user in self.cast.items():
            with self.subTest(member=name):
                expected = set(visible_units(user, roles=set(GUARD_ROLES)).values_list("pk"))
                with self.assertNumQueries(0):  # the roles are cached on the user
                    lazy = visible_units_subquery(user, roles=set(GUARD_ROLES))
                self.assertEqual(set(lazy.values_list("pk")), expected)

"""The guard console's inside list at a busy gate: the live part lists each gate's
newest people and counts the rest, at the same number of queries whatever the crowd
(only the shown rows are read and decrypted); the gate's own page lists everyone
inside, a page at a time, and a check-out from there comes back to it."""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from phongdich.checkin.models import Visit
from phongdich.checkin.selectors.guard import INSIDE_PAGE, INSIDE_SHOWN
from phongdich.checkin.tests.helpers import make_gates, make_visit, on_citus
from phongdich.core.models import AuditEvent
from phongdich.core.tests.base import BaseTestCase


class BusyGateTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        make_gates(cls)
        start = timezone.now() - timedelta(minutes=10)
        cls.crowd = [
            make_visit(
                cls.gate_a,
                phone=f"+849123{i:05d}",
                name=f"Người Thứ {i:02d}",
                at=start + timedelta(seconds=5 * i),
            )
            for i in range(INSIDE_PAGE + 5)
        ]

    def gate_of(self, response: object) -> object:
        return {g.gate: g for g in response.context["gates"]}[self.gate_a]  # type: ignore[attr-defined]

    def test_the_live_part_shows_the_newest_and_counts_everyone(self) -> None:
        self.login(self.guard)
        response = self.client.get(reverse("checkin:guard_live"))
        inside = self.gate_of(response)
        total = len(self.crowd)
        self.assertEqual(inside.count, total)  # type: ignore[attr-defined]
        names = [v.person.full_name for v in inside.visits]  # type: ignore[attr-defined]
        newest = [f"Người Thứ {i:02d}" for i in range(total - 1, total - 1 - INSIDE_SHOWN, -1)]
        self.assertEqual(names, newest)
        self.assertContains(response, f"{total} người")
        self.assertContains(response, f"Đang hiện {INSIDE_SHOWN} người vào gần nhất trên {total}")
        self.assertContains(response, reverse("checkin:guard_inside", args=[self.gate_a.pk]))
        self.assertNotContains(response, "Người Thứ 00")  # older than the shown ones

    def test_the_stamp_matches_the_one_query_poll(self) -> None:
        from phongdich.checkin.selectors.guard import live_unchanged

        self.login(self.guard)
        response = self.client.get(reverse("checkin:guard_live"))
        stamp = response.context["stamp"]
        # Older than INSIDE_SECONDS, so only an identical state keeps it.
        rendered, *rest = stamp.split(".")
        old = ".".join([str(int(rendered) - 30), *rest])
        self.assertTrue(live_unchanged(user=self.guard, shown=old))
        make_visit(self.gate_a, phone="+84912399999", name="Mới Đến")
        self.assertFalse(live_unchanged(user=self.guard, shown=old))

    def test_the_live_part_costs_the_same_queries_with_one_or_many_inside(self) -> None:
        self.login(self.guard)
        url = reverse("checkin:guard_live")
        self.client.get(url)
        # Citus: the open-visit cut a read of its own (two queries, shared by the
        # inside and flagged lists), the people and declarations inside by id
        with self.assertNumQueries(11 + on_citus(4)):
            self.client.get(url, HTTP_HX_REQUEST="true")
        Visit.objects.filter(pk__in=[v.pk for v in self.crowd[1:]]).update(check_out=timezone.now())
        with self.assertNumQueries(11 + on_citus(4)):
            response = self.client.get(url, HTTP_HX_REQUEST="true")
        inside = self.gate_of(response)
        self.assertEqual((inside.count, len(inside.visits)), (1, 1))  # type: ignore[attr-defined]
        self.assertNotContains(response, "Đang hiện")

    def test_the_gate_page_lists_everyone_a_page_at_a_time(self) -> None:
        self.login(self.guard)
        url = reverse("checkin:guard_inside", args=[self.gate_a.pk])
        first = self.client.get(url)
        self.assertEqual(first.status_code, 200)
        self.assertEqual(len(first.context["page"].object_list), INSIDE_PAGE)
        self.assertContains(first, f"{len(self.crowd)} người")
        self.assertContains(first, "Người Thứ 54")
        self.assertContains(first, "+8491****")  # the phone masked, as on the console
        second = self.client.get(url, {"page": 2})
        self.assertEqual(
            [v.person.full_name for v in second.context["page"].object_list],
            [f"Người Thứ {i:02d}" for i in range(4, -1, -1)],
        )
        self.assertTrue(
            AuditEvent.objects.filter(actor=self.guard, action="checkin.guard.view").exists()
        )

    def test_the_gate_page_costs_the_same_queries_with_one_or_many_inside(self) -> None:
        self.login(self.guard)
        url = reverse("checkin:guard_inside", args=[self.gate_a.pk])
        self.client.get(url)
        # session, user, roles, staff record; the gate (scope); the count and the page
        # (scope); the audit entry; the bell; the session save. Citus: the open-visit
        # cut a query of its own, the people and declarations by id.
        with self.assertNumQueries(14 + on_citus(4)) as many:
            self.client.get(url)
        Visit.objects.filter(pk__in=[v.pk for v in self.crowd[1:]]).update(check_out=timezone.now())
        with self.assertNumQueries(len(many.captured_queries)):
            self.client.get(url)

    def test_another_units_gate_has_no_page_for_the_guard(self) -> None:
        self.login(self.guard)
        response = self.client.get(reverse("checkin:guard_inside", args=[self.gate_b.pk]))
        self.assertEqual(response.status_code, 404)

    def test_a_check_out_from_the_gate_page_comes_back_to_it(self) -> None:
        self.login(self.guard)
        visit = self.crowd[0]
        response = self.client.post(
            reverse("checkin:guard_check_out", args=[visit.pk]), {"back": "gate"}
        )
        self.assertRedirects(
            response,
            reverse("checkin:guard_inside", args=[self.gate_a.pk]),
            fetch_redirect_response=False,
        )
        visit.refresh_from_db()
        self.assertIsNotNone(visit.check_out)
        console = self.client.post(reverse("checkin:guard_check_out", args=[self.crowd[1].pk]))
        self.assertRedirects(console, reverse("checkin:guard_index"), fetch_redirect_response=False)

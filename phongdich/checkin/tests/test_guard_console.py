from __future__ import annotations

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from phongdich.checkin.models import Visit
from phongdich.checkin.services.checkin import visit_check_out
from phongdich.checkin.tests.helpers import RISKY, make_gates, make_visit, on_citus
from phongdich.core.models import AuditEvent
from phongdich.core.tests.base import BaseTestCase

ALLOWED = {"guard", "admin"}


class GuardConsoleTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        make_gates(cls)
        cls.inside = make_visit(cls.gate_a, phone="+84912345001", name="Lê Thị Trong")
        cls.elsewhere = make_visit(cls.gate_b, phone="+84912345002", name="Phạm Văn Khác")

    def test_it_lets_only_guards_and_admins_in(self) -> None:
        for name, user in self.cast.items():
            for url_name in ["checkin:guard_index", "checkin:guard_live"]:
                with self.subTest(member=name, url=url_name):
                    self.client.force_login(user)
                    response = self.client.get(reverse(url_name))
                    self.assertEqual(response.status_code, 200 if name in ALLOWED else 403)

    def test_it_sends_anonymous_visitors_to_log_in(self) -> None:
        response = self.client.get(reverse("checkin:guard_index"))
        self.assertEqual(response.status_code, 302)
        self.assertIn(reverse("accounts:login"), response["Location"])

    def test_it_lists_who_is_inside_the_guards_gates_only(self) -> None:
        self.login(self.guard)
        response = self.client.get(reverse("checkin:guard_index"))
        self.assertContains(response, "Lê Thị Trong")
        self.assertContains(response, "+8491****001")
        self.assertNotContains(response, "+84912345001")
        self.assertNotContains(response, "Phạm Văn Khác")
        self.assertNotContains(response, "Cổng Trung tâm B")

    def test_an_admin_sees_every_gate(self) -> None:
        self.login(self.admin)
        response = self.client.get(reverse("checkin:guard_index"))
        self.assertContains(response, "Lê Thị Trong")
        self.assertContains(response, "Phạm Văn Khác")

    def test_it_leaves_out_people_who_left_were_refused_or_whose_visit_ended(self) -> None:
        gone = make_visit(self.gate_a, phone="+84912345003", name="Đã Ra Về")
        visit_check_out(visit=gone)
        refused = make_visit(self.gate_a, phone="+84912345004", name="Bị Từ Chối")
        Visit.objects.filter(pk=refused.pk).update(status=Visit.Status.REFUSED)
        ended = make_visit(self.gate_a, phone="+84912345005", name="Hết Giờ")
        Visit.objects.filter(pk=ended.pk).update(
            effective_end=timezone.now() - timedelta(minutes=1)
        )
        self.login(self.guard)
        response = self.client.get(reverse("checkin:guard_live"))
        self.assertContains(response, "Lê Thị Trong")
        for name in ["Đã Ra Về", "Bị Từ Chối", "Hết Giờ"]:
            self.assertNotContains(response, name)

    def test_a_pending_visit_counts_as_inside_and_shows_its_risk_reasons(self) -> None:
        make_visit(self.gate_a, phone="+84912345006", name="Có Triệu Chứng", answers=RISKY)
        self.login(self.guard)
        response = self.client.get(reverse("checkin:guard_live"))
        flagged = response.context["flagged"]
        self.assertEqual([f.visit.person.full_name for f in flagged], ["Có Triệu Chứng"])
        self.assertIn("Sốt", flagged[0].reasons)
        self.assertIn("Ho", flagged[0].reasons)
        self.assertContains(response, "Sốt; Ho")
        inside = {g.gate: g for g in response.context["gates"]}[self.gate_a]
        self.assertEqual((inside.count, len(inside.visits)), (2, 2))

    def test_it_refreshes_with_htmx_and_without_javascript(self) -> None:
        self.login(self.guard)
        response = self.client.get(reverse("checkin:guard_index"))
        self.assertContains(response, 'hx-trigger="every 1500ms"')
        stamp = response.context["stamp"]
        self.assertContains(response, f'hx-get="{reverse("checkin:guard_live")}?v={stamp}"')
        self.assertContains(response, f'href="{reverse("checkin:guard_index")}">Làm mới</a>')
        partial = self.client.get(reverse("checkin:guard_live"), HTTP_HX_REQUEST="true")
        self.assertNotContains(partial, "<html")
        self.assertContains(partial, "Lê Thị Trong")

    def test_it_loads_the_scanner_script_from_a_static_file_with_a_nonce(self) -> None:
        self.login(self.guard)
        response = self.client.get(reverse("checkin:guard_index"))
        self.assertContains(response, "js/cccd-scan.js")
        self.assertNotContains(response, "onclick")
        self.assertNotContains(response, "hx-on")
        self.assertNotContains(response, "jsdelivr")
        html = response.content.decode()
        for tag in html.split("<script")[1:]:
            self.assertIn("nonce=", tag.split(">")[0])
            self.assertIn("src=", tag.split(">")[0])

    def test_opening_the_console_is_audited(self) -> None:
        self.login(self.guard)
        self.client.get(reverse("checkin:guard_index"))
        self.assertTrue(
            AuditEvent.objects.filter(actor=self.guard, action="checkin.guard.view").exists()
        )

    def test_a_guard_checks_a_person_out(self) -> None:
        self.login(self.guard)
        response = self.client.post(reverse("checkin:guard_check_out", args=[self.inside.pk]))
        self.assertEqual(response.status_code, 302)
        self.inside.refresh_from_db()
        self.assertIsNotNone(self.inside.check_out)

    def test_a_guard_cannot_check_out_a_visit_of_another_unit(self) -> None:
        self.login(self.guard)
        response = self.client.post(reverse("checkin:guard_check_out", args=[self.elsewhere.pk]))
        self.assertEqual(response.status_code, 404)
        self.elsewhere.refresh_from_db()
        self.assertIsNone(self.elsewhere.check_out)


class GuardConsoleCspTests(BaseTestCase):
    def test_only_the_console_allows_webassembly_for_the_camera_scan(self) -> None:
        self.login(self.guard)
        console = self.client.get(reverse("checkin:guard_index"))
        self.assertIn("'wasm-unsafe-eval'", console["Content-Security-Policy"])
        self.assertNotIn(
            "'unsafe-eval'", console["Content-Security-Policy"].replace("'wasm-unsafe-eval'", "")
        )
        home = self.client.get(reverse("core:home"))
        self.assertNotIn("wasm-unsafe-eval", home["Content-Security-Policy"])


class GuardConsoleQueryTests(BaseTestCase):
    """The console and its polled part cost the same number of queries with 1 or 11
    people inside and 0 or 5 flagged declarations: no N+1."""

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        make_gates(cls)
        make_visit(cls.gate_a, phone="+84912345001", name="Lê Thị Trong")

    def more_people(self) -> None:
        for i in range(5):
            make_visit(self.gate_a, phone=f"+8491234510{i}", name=f"Khách Thêm {i}")
            make_visit(self.gate_a, phone=f"+8491234520{i}", name=f"Có Sốt {i}", answers=RISKY)

    def test_the_console_costs_a_fixed_number_of_queries(self) -> None:
        self.login(self.guard)
        url = reverse("checkin:guard_index")
        self.client.get(url)  # warm the session
        # session, user, roles, staff unit; profile; the guard's units and active gates
        # (form); units, gates, inside, flagged (live part); the audit entry; the bell;
        # the form's gate list; the knowledge-base links; the session save (savepoint,
        # update, release). Citus: the open-visit cut a read of its own (two queries,
        # once for both lists), the people and declarations inside by id; with flagged
        # ones, theirs by id too.
        with self.assertNumQueries(18 + on_citus(4)):
            self.client.get(url)
        self.more_people()
        with self.assertNumQueries(18 + on_citus(6)):
            response = self.client.get(url)
        self.assertEqual(len(response.context["flagged"]), 5)

    def test_the_polled_part_costs_a_fixed_number_of_queries(self) -> None:
        self.login(self.guard)
        url = reverse("checkin:guard_live")
        self.client.get(url)
        # session, user, roles, staff record; units, gates, inside (the newest of each
        # gate and its count, one query), flagged; the session save (savepoint, update,
        # release). Citus: as the console above.
        with self.assertNumQueries(11 + on_citus(4)):
            self.client.get(url, HTTP_HX_REQUEST="true")
        self.more_people()
        with self.assertNumQueries(11 + on_citus(6)):
            response = self.client.get(url, HTTP_HX_REQUEST="true")
        inside = {g.gate: g for g in response.context["gates"]}[self.gate_a]
        self.assertEqual((inside.count, len(inside.visits)), (11, 11))

from __future__ import annotations

from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from phongdich.checkin.models import Visit
from phongdich.checkin.tests.helpers import RISKY, make_gates, make_visit
from phongdich.core.models import AuditEvent
from phongdich.core.tests.base import BaseTestCase


class GuardDecideTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        make_gates(cls)

    def setUp(self) -> None:
        self.flagged = make_visit(self.gate_a, phone="+84912345101", name="Sốt Nhẹ", answers=RISKY)
        self.flagged_b = make_visit(
            self.gate_b, phone="+84912345102", name="Ho Khan", answers=RISKY
        )

    def decide(self, visit: Visit, action: str):  # type: ignore[no-untyped-def]
        return self.client.post(
            reverse("checkin:guard_decide", args=[visit.pk]), {"action": action}, follow=True
        )

    def test_a_risky_declaration_leaves_the_visit_pending(self) -> None:
        self.assertEqual(self.flagged.status, Visit.Status.PENDING)

    def test_a_guard_admits_with_who_and_when_recorded(self) -> None:
        self.login(self.guard)
        before = timezone.now()
        response = self.decide(self.flagged, "admit")
        self.flagged.refresh_from_db()
        self.assertEqual(self.flagged.status, Visit.Status.ADMITTED)
        self.assertEqual(self.flagged.decided_by, self.guard)
        self.assertGreaterEqual(self.flagged.decided_at, before)
        self.assertIsNone(self.flagged.check_out)
        self.assertContains(response, "Đã cho Sốt Nhẹ vào.")
        self.assertTrue(
            AuditEvent.objects.filter(
                actor=self.guard, action="checkin.guard.decide", object_id=str(self.flagged.pk)
            ).exists()
        )

    def test_a_guard_refuses_and_the_visit_is_closed(self) -> None:
        self.login(self.guard)
        response = self.decide(self.flagged, "refuse")
        self.flagged.refresh_from_db()
        self.assertEqual(self.flagged.status, Visit.Status.REFUSED)
        self.assertEqual(self.flagged.decided_by, self.guard)
        self.assertIsNotNone(self.flagged.decided_at)
        self.assertIsNotNone(self.flagged.check_out)
        self.assertNotIn(self.flagged, [v for g in response.context["gates"] for v in g.visits])

    def test_deciding_twice_says_so_clearly_and_changes_nothing(self) -> None:
        self.login(self.guard)
        self.decide(self.flagged, "admit")
        self.flagged.refresh_from_db()
        decided_at = self.flagged.decided_at
        self.login(self.admin)
        response = self.decide(self.flagged, "refuse")
        text = (
            " ".join(str(m) for m in get_messages(response.wsgi_request))
            or response.content.decode()
        )
        self.assertIn("đã được quyết định trước đó", text)
        self.assertIn("Bảo Vệ", text)
        self.flagged.refresh_from_db()
        self.assertEqual(self.flagged.status, Visit.Status.ADMITTED)
        self.assertEqual(self.flagged.decided_by, self.guard)
        self.assertEqual(self.flagged.decided_at, decided_at)

    def test_a_guard_cannot_decide_on_another_units_visit(self) -> None:
        self.login(self.guard)
        response = self.client.post(
            reverse("checkin:guard_decide", args=[self.flagged_b.pk]), {"action": "admit"}
        )
        self.assertEqual(response.status_code, 404)
        self.flagged_b.refresh_from_db()
        self.assertEqual(self.flagged_b.status, Visit.Status.PENDING)

    def test_a_missing_visit_is_not_found(self) -> None:
        self.login(self.guard)
        response = self.client.post(
            reverse("checkin:guard_decide", args=[999999]), {"action": "admit"}
        )
        self.assertEqual(response.status_code, 404)

    def test_other_roles_cannot_decide(self) -> None:
        for name in ["director", "office", "head_a", "tracer", "staff_user"]:
            with self.subTest(member=name):
                self.client.force_login(getattr(self, name))
                response = self.client.post(
                    reverse("checkin:guard_decide", args=[self.flagged.pk]), {"action": "admit"}
                )
                self.assertEqual(response.status_code, 403)
        self.flagged.refresh_from_db()
        self.assertEqual(self.flagged.status, Visit.Status.PENDING)

    def test_deciding_needs_a_post(self) -> None:
        self.login(self.guard)
        response = self.client.get(reverse("checkin:guard_decide", args=[self.flagged.pk]))
        self.assertEqual(response.status_code, 405)

    def test_an_unknown_action_changes_nothing(self) -> None:
        self.login(self.guard)
        self.decide(self.flagged, "maybe")
        self.flagged.refresh_from_db()
        self.assertEqual(self.flagged.status, Visit.Status.PENDING)

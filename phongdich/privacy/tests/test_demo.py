"""The demo: one incident with its clock running, one request for the Office; twice is once."""

from __future__ import annotations

from phongdich.core.tests.base import BaseTestCase
from phongdich.privacy import demo
from phongdich.privacy.models import Incident, SubjectRequest


class DemoTests(BaseTestCase):
    def test_it_loads_once(self) -> None:
        self.assertEqual(demo.load(), {"incidents": 1, "requests": 1})
        self.assertEqual(demo.load(), {"incidents": 0, "requests": 0})
        incident = Incident.objects.get()
        self.assertEqual(incident.created_by, self.admin)
        self.assertFalse(incident.countdown().overdue)
        request = SubjectRequest.objects.get()
        self.assertEqual((request.proof, request.verified_at), ("in_person", None))

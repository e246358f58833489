"""Every tracing URL for every member of the cast: tracers and Admins only (the
dashboard, counts only, also for the Director and the Office: their home's tile).

Other roles get 403 on every URL (GET and POST alike), the anonymous visitor is
sent to the log-in page, and an id that does not exist is a 404.
"""

from __future__ import annotations

import uuid
from typing import Any
from urllib.parse import parse_qs, urlsplit

from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from phongdich.checkin.models import DiseaseProfile, Location
from phongdich.checkin.services.checkin import person_upsert
from phongdich.core.tests.base import BaseTestCase
from phongdich.tracing.models import Case, Contact, TraceRun

ALLOWED = {"tracer", "admin"}
# The dashboard holds counts only: the leadership's home links to it.
DASHBOARD_READERS = ALLOWED | {"director", "office"}

# (url name, kwargs kind, method, status for an allowed member)
ROUTES: list[tuple[str, str, str, int]] = [
    ("tracing:dashboard", "", "get", 200),
    ("tracing:case_list", "", "get", 200),
    ("tracing:case_create", "", "get", 200),
    ("tracing:case_create", "", "post", 400),  # an empty form
    ("tracing:case_detail", "case", "get", 200),
    ("tracing:case_trace", "case", "post", 302),
    ("tracing:run_status", "run", "get", 302),  # without htmx: back to the case
    ("tracing:case_export", "case", "get", 400),  # no reason given: the reason form
    ("tracing:case_close", "case", "post", 302),
    ("tracing:followup_list", "case", "get", 200),
    ("tracing:contact_detail", "contact", "get", 200),
    ("tracing:contact_status", "contact", "post", 400),  # no status given
    ("tracing:followup_record", "contact", "post", 400),
    ("tracing:contact_promote", "contact", "post", 400),
]


def make_case(obj: Any) -> None:
    gate = Location.objects.create(code="VP-1", name="Cổng chính Sở", unit=obj.office_unit)
    now = timezone.now()
    f0 = person_upsert(identity="+84912000001", full_name="Nguyễn Văn Ạ")
    f1 = person_upsert(identity="+84913000001", full_name="Lê Thị Xuân")
    obj.case = Case.objects.create(
        person=f0,
        unit=obj.unit_a_team,
        profile=DiseaseProfile.active(),
        onset=timezone.localdate(),
        created_by=obj.tracer,
    )
    obj.trace_run = TraceRun.objects.create(
        case=obj.case,
        as_of=now,
        depth=2,
        days_before_onset=2,
        min_overlap_minutes=15,
        open_visit_hours=8,
        status=TraceRun.Status.DONE,
        contact_count=1,
        counts_by_level={"1": 1},
    )
    obj.contact = Contact.objects.create(
        case=obj.case,
        run=obj.trace_run,
        person=f1,
        level=1,
        exposed_at=now,
        via=f0,
        location=gate,
        overlap_minutes=30.0,
    )


class AccessTest(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        make_case(cls)

    def url(self, name: str, kind: str) -> str:
        kwargs: dict[str, Any] = {
            "": {},
            "case": {"pk": self.case.pk},
            "run": {"pk": self.case.pk, "run_id": self.trace_run.pk},
            "contact": {"pk": self.contact.pk},
        }[kind]
        return reverse(name, kwargs=kwargs)

    def test_tracers_and_admins_reach_every_tracing_url_and_no_one_else_does(self) -> None:
        for member, user in self.cast.items():
            for name, kind, method, allowed_status in ROUTES:
                with self.subTest(member=member, url=name, method=method):
                    client = Client()
                    client.force_login(user)
                    response = getattr(client, method)(self.url(name, kind))
                    readers = DASHBOARD_READERS if name == "tracing:dashboard" else ALLOWED
                    expected = allowed_status if member in readers else 403
                    self.assertEqual(response.status_code, expected)

    def test_the_anonymous_visitor_is_sent_to_log_in_from_every_tracing_url(self) -> None:
        for name, kind, method, _status in ROUTES:
            with self.subTest(url=name, method=method):
                url = self.url(name, kind)
                response = getattr(Client(), method)(url)
                self.assertEqual(response.status_code, 302)
                location = urlsplit(response["Location"])
                self.assertEqual(location.path, reverse(settings.LOGIN_URL))
                self.assertEqual(parse_qs(location.query), {"next": [url]})

    def test_a_case_or_contact_that_does_not_exist_is_not_found(self) -> None:
        self.login(self.tracer)
        missing = {
            "case": {"pk": 999_999},
            "run": {"pk": self.case.pk, "run_id": uuid.uuid4()},
            "contact": {"pk": 999_999},
        }
        for name, kind, method, _status in ROUTES:
            if not kind:
                continue
            with self.subTest(url=name, method=method):
                response = getattr(self.client, method)(reverse(name, kwargs=missing[kind]))
                self.assertEqual(response.status_code, 404)

    def test_a_run_is_reached_only_through_its_own_case(self) -> None:
        other = Case.objects.create(
            person=self.case.person, profile=self.case.profile, onset=self.case.onset
        )
        self.login(self.tracer)
        url = reverse("tracing:run_status", kwargs={"pk": other.pk, "run_id": self.trace_run.pk})
        self.assertEqual(self.client.get(url, headers={"HX-Request": "true"}).status_code, 404)

    def test_pages_are_get_only_and_actions_post_only(self) -> None:
        self.login(self.tracer)
        for name, kind, method, _status in ROUTES:
            if name == "tracing:case_create":
                continue
            other = "post" if method == "get" else "get"
            with self.subTest(url=name):
                response = getattr(self.client, other)(self.url(name, kind))
                self.assertEqual(response.status_code, 405)

    def test_the_home_page_links_tracers_and_admins_to_tracing_only(self) -> None:
        dashboard, create = reverse("tracing:dashboard"), reverse("tracing:case_create")
        for member, user in self.cast.items():
            with self.subTest(member=member):
                self.client.force_login(user)
                html = self.client.get(reverse("core:home")).content.decode()
                self.assertEqual(f'href="{create}"' in html, member in ALLOWED)
                # The Director's and the Office's tracing tile links to the dashboard.
                self.assertEqual(f'href="{dashboard}"' in html, member in DASHBOARD_READERS)

"""The case page: run a trace, see F1 and F2 with where, when and via whom, the graph's
data, the export; every view and export of the contact list is audit-logged."""

from __future__ import annotations

import io
import json
from datetime import timedelta
from typing import Any

from django.test.utils import override_settings
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from phongdich.checkin.tests.helpers import on_citus
from phongdich.core.models import AuditEvent
from phongdich.core.tests.base import BaseTestCase
from phongdich.tracing import services
from phongdich.tracing.models import Case, Contact, TraceRun
from phongdich.tracing.tests.outbreak import (
    F1_NAME,
    F1_PHONE,
    F2_NAME,
    F2_PHONE,
    make_outbreak,
    yesterday,
)


class CaseDetailTest(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        make_outbreak(cls)

    def setUp(self) -> None:
        self.case = services.case_create(
            person=self.f0_person, onset=yesterday(), user=self.tracer, staff=self.staff_a
        )
        self.url = reverse("tracing:case_detail", args=[self.case.pk])
        self.login(self.tracer)

    def trace(self, **data: Any) -> Any:
        return self.client.post(reverse("tracing:case_trace", args=[self.case.pk]), data)

    def test_before_a_trace_the_page_invites_one(self) -> None:
        response = self.client.get(self.url)
        self.assertContains(response, "Chưa truy vết ca bệnh này.")
        self.assertContains(response, "Nguyễn Văn Ạ")
        self.assertContains(response, yesterday().strftime("%d/%m/%Y"))
        self.assertNotContains(response, "tracing-graph-data")

    def test_a_trace_shows_f1_and_f2_with_where_when_and_via_whom(self) -> None:
        response = self.trace()
        self.assertRedirects(response, self.url, fetch_redirect_response=False)
        response = self.client.get(self.url)
        self.assertContains(response, "Đã truy vết xong: 2 người tiếp xúc.")
        counts = response.content.decode().split('id="level-counts"')[1].split("</p>")[0]
        self.assertIn("F1: 1", counts)
        self.assertIn("F2: 1", counts)
        day = yesterday().strftime("%d/%m/%Y")
        f1 = Contact.objects.get(person=self.f1_person)
        f2 = Contact.objects.get(person=self.f2_person)
        row1 = self.row(response, f1)
        self.assertIn(F1_NAME, row1)
        self.assertIn(F1_PHONE, row1)
        self.assertIn("Cổng chính Sở (VP-1)", row1)
        self.assertIn(f"{day} 08:30:00", row1)
        self.assertIn(f"Nguyễn Văn Ạ ({self.staff_a.phone})", row1)
        self.assertIn("1 giờ 00 phút", row1)  # the contact time, as hours and minutes
        self.assertIn("Khách", row1)
        row2 = self.row(response, f2)
        self.assertIn(F2_NAME, row2)
        self.assertIn(F2_PHONE, row2)
        self.assertIn("Cổng Trung tâm B (TTB-1)", row2)
        self.assertIn(f"{day} 14:10:00", row2)
        self.assertIn(f"{F1_NAME} ({F1_PHONE})", row2)
        self.assertIn("40 phút", row2)

    def row(self, response: Any, contact: Contact) -> str:
        html = response.content.decode()
        return html.split(f'id="contact-{contact.pk}"')[1].split("</tr>")[0]

    def test_the_graph_data_is_a_json_script_of_nodes_and_edges(self) -> None:
        self.trace()
        response = self.client.get(self.url)
        self.assertContains(response, '<script id="tracing-graph-data" type="application/json">')
        graph = response.context["graph"]
        self.assertEqual(sorted(n["level"] for n in graph["nodes"]), [0, 1, 2])
        f0, f1, f2 = (f"p{p.pk}" for p in (self.f0_person, self.f1_person, self.f2_person))
        self.assertEqual(
            sorted((e["source"], e["target"], e["label"]) for e in graph["edges"]),
            sorted([(f0, f1, "VP-1"), (f1, f2, "TTB-1")]),
        )
        self.assertContains(response, "vendor/cytoscape/cytoscape-3.34.4.min.js")
        self.assertContains(response, "js/tracing-graph.js")
        html = response.content.decode()
        self.assertNotIn("<script>", html)  # only nonced files and the JSON data
        self.assertNotIn(" onclick=", html)

    def test_parameters_can_be_overridden(self) -> None:
        self.trace(depth="1", min_overlap_minutes="45")
        run = TraceRun.objects.get()
        self.assertEqual((run.depth, run.min_overlap_minutes), (1, 45))
        self.assertEqual(run.counts_by_level, {"1": 1})
        response = self.client.get(self.url)
        self.assertContains(response, "F1: 1")
        self.assertNotContains(response, F2_NAME)

    def test_bad_parameters_are_refused_in_vietnamese(self) -> None:
        future = (timezone.localtime() + timedelta(days=1)).strftime("%d/%m/%Y %H:%M")
        response = self.trace(depth="9", min_overlap_minutes="abc", as_of=future)
        self.assertContains(response, "Số cấp truy vết phải từ 1 đến 5.", status_code=400)
        self.assertContains(
            response, "Thời gian tiếp xúc tối thiểu phải là số phút", status_code=400
        )
        self.assertContains(response, "Thời điểm tính đến không được ở tương lai.", status_code=400)
        self.assertContains(response, 'value="9"', status_code=400)
        self.assertFalse(TraceRun.objects.exists())

    def test_an_earlier_as_of_finds_nobody_yet(self) -> None:
        as_of = f"{yesterday().strftime('%d/%m/%Y')} 08:00"
        self.trace(as_of=as_of)
        response = self.client.get(self.url)
        self.assertContains(response, "Không tìm thấy người tiếp xúc nào")

    def test_a_queued_run_shows_a_progress_bar_polled_every_second(self) -> None:
        with self.captureOnCommitCallbacks(execute=False):
            services.case_trace(case=self.case, user=self.tracer, background=True)
        run = TraceRun.objects.get()
        response = self.client.get(self.url)
        status_url = reverse("tracing:run_status", args=[self.case.pk, run.pk])
        self.assertContains(response, f'hx-get="{status_url}"')
        self.assertContains(response, 'hx-trigger="every 1s"')
        self.assertContains(response, "<progress")
        self.assertContains(response, '<noscript><meta http-equiv="refresh" content="2">')
        TraceRun.objects.filter(pk=run.pk).update(status="running", progress_done=40)
        partial = self.client.get(status_url, headers={"HX-Request": "true"})
        self.assertContains(partial, 'value="40"')
        self.assertContains(partial, "Đang truy vết")
        self.assertNotContains(partial, "<html")
        services.trace_run_execute(run_id=run.pk)
        done = self.client.get(status_url, headers={"HX-Request": "true"})
        self.assertEqual(done["HX-Refresh"], "true")

    def test_viewing_the_contacts_is_audit_logged_without_personal_values(self) -> None:
        self.trace()
        AuditEvent.objects.all().delete()
        self.client.get(self.url)
        event = AuditEvent.objects.get(action="tracing.contacts.view")
        self.assertEqual(event.actor, self.tracer)
        self.assertEqual((event.object_type, event.object_id), ("tracing.case", str(self.case.pk)))
        self.assertEqual(event.detail["contacts"], 2)
        dump = json.dumps(event.detail, ensure_ascii=False) + event.reason
        for value in (F1_PHONE, F1_NAME, F2_PHONE, "913000001", "Nguyễn"):
            self.assertNotIn(value, dump)

    def test_the_export_is_an_xlsx_with_vietnamese_headers_and_is_audit_logged(self) -> None:
        self.trace()
        AuditEvent.objects.all().delete()
        response = self.client.get(
            reverse("tracing:case_export", args=[self.case.pk]), {"export_reason": "health"}
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("attachment;", response["Content-Disposition"])
        self.assertIn(".xlsx", response["Content-Disposition"])
        book = load_workbook(io.BytesIO(response.content))
        text = " ".join(
            str(cell.value) for sheet in book for row in sheet.iter_rows() for cell in row
        )
        self.assertIn("Họ và tên", text)
        self.assertIn(F1_NAME, text)
        self.assertIn(F2_PHONE, text)
        event = AuditEvent.objects.get(action="tracing.contacts.export")
        self.assertEqual(event.object_id, str(self.case.pk))
        self.assertNotIn(F1_PHONE, json.dumps(event.detail))

    def test_closing_the_case_hides_the_trace_button(self) -> None:
        response = self.client.post(reverse("tracing:case_close", args=[self.case.pk]))
        self.assertRedirects(response, self.url, fetch_redirect_response=False)
        self.case.refresh_from_db()
        self.assertEqual(self.case.status, Case.Status.CLOSED)
        response = self.client.get(self.url)
        self.assertNotContains(response, 'id="run-trace"')
        response = self.trace()
        self.assertContains(self.client.get(self.url), "không truy vết thêm")

    @override_settings(TRACE_INLINE_MAX_VISITS=1_000_000)
    def test_the_case_page_runs_a_fixed_number_of_queries(self) -> None:
        self.trace()
        self.client.get(self.url)  # warm the session and role caches
        # 8 on every page, the case, the latest run, the contacts counted by level (the
        # page's count too), the page's rows, the graph's first contacts, the audit entry
        # (Citus: the case's person, and the people of the rows and of the graph, by id)
        with self.assertNumQueries(14 + on_citus(4)):
            self.client.get(self.url)
        for n in range(5):  # more contacts, same number of queries
            person = services.case_person_for(phone=f"+8491400000{n}", full_name=f"Người {n}")
            Contact.objects.create(
                case=self.case,
                person=person,
                level=1,
                exposed_at=timezone.now(),
                via=self.f0_person,
                location=self.gate_a,
                overlap_minutes=20,
            )
        with self.assertNumQueries(14 + on_citus(4)):
            self.client.get(self.url)

    @override_settings(TRACE_INLINE_MAX_VISITS=1_000_000)
    def test_thousands_of_contacts_are_counted_in_sql_and_shown_a_page_at_a_time(self) -> None:
        from phongdich.tracing.selectors.cases import CONTACTS_PAGE, GRAPH_LIMIT

        self.trace()
        self.client.get(self.url)
        with self.assertNumQueries(14 + on_citus(4)) as few:
            self.client.get(self.url)
        extra = GRAPH_LIMIT + CONTACTS_PAGE  # more than the graph draws and a page holds
        people = [
            services.case_person_for(phone=f"+849140{n:05d}", full_name=f"Tiếp Xúc {n:04d}")
            for n in range(extra)
        ]
        start = timezone.now() - timedelta(days=1)
        Contact.objects.bulk_create(
            Contact(
                case=self.case,
                person=person,
                level=2,
                exposed_at=start + timedelta(seconds=n),
                via=self.f1_person,
                location=self.gate_a,
                overlap_minutes=20,
            )
            for n, person in enumerate(people)
        )
        with self.assertNumQueries(len(few.captured_queries)):
            response = self.client.get(self.url)
        total = Contact.objects.filter(case=self.case).count()
        self.assertEqual(total, extra + 2)
        self.assertContains(response, f"F2: {extra + 1}")  # counted in SQL, not on the page
        self.assertEqual(len(response.context["page"].object_list), CONTACTS_PAGE)
        self.assertEqual(len(response.context["graph"]["nodes"]), GRAPH_LIMIT + 1)  # with F0
        self.assertContains(response, f"Sơ đồ vẽ {GRAPH_LIMIT} trên {total} người tiếp xúc")
        self.assertContains(response, F1_NAME)  # the nearest level first
        last = self.client.get(self.url, {"page": 5})
        self.assertContains(last, "Tiếp Xúc 0399")
        f1 = Contact.objects.get(case=self.case, level=1)
        self.assertContains(response, f'id="contact-{f1.pk}"')
        self.assertNotContains(last, f'id="contact-{f1.pk}"')  # its row is on page 1
        self.assertContains(last, f"F2: {extra + 1} người")  # the level's count on every page

    def test_counts_of_thousands_are_grouped_as_vietnamese_reads_them(self) -> None:
        self.trace()
        people = [
            services.case_person_for(phone=f"+849141{n:05d}", full_name=f"Nghìn {n:04d}")
            for n in range(1_000)
        ]
        Contact.objects.bulk_create(
            Contact(
                case=self.case,
                person=person,
                level=2,
                exposed_at=timezone.now() - timedelta(hours=2),
                via=self.f1_person,
                location=self.gate_a,
                overlap_minutes=20,
            )
            for person in people
        )
        response = self.client.get(self.url)
        counts = response.content.decode().split('id="level-counts"')[1].split("</p>")[0]
        self.assertIn("F2: 1.001</strong>", counts)  # 1.001, not 1001 nor 1,001
        self.assertContains(response, "F2: 1.001 người")
        self.assertContains(response, "Sơ đồ vẽ 300 trên 1.002 người tiếp xúc")
        english = self.client.get(self.url, headers={"accept-language": "en"})
        self.assertContains(english, "F2: 1,001 people")
        self.assertContains(english, "The graph draws 300 of 1,002 contacts")


class CaseListTest(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        make_outbreak(cls)

    def test_it_lists_cases_newest_first_and_filters_by_status(self) -> None:
        first = services.case_create(person=self.f0_person, onset=yesterday(), user=self.tracer)
        second = services.case_create(person=self.f1_person, onset=yesterday(), user=self.tracer)
        services.case_close(case=first, user=self.tracer)
        self.login(self.tracer)
        response = self.client.get(reverse("tracing:case_list"))
        html = response.content.decode()
        self.assertLess(html.index(f"F0 #{second.pk}"), html.index(f"F0 #{first.pk}"))
        response = self.client.get(reverse("tracing:case_list"), {"status": "closed"})
        self.assertContains(response, f"F0 #{first.pk}")
        self.assertNotContains(response, f"F0 #{second.pk}<")

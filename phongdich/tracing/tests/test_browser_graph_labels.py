"""The transmission graph lays out without overlapping labels, at desktop and phone
size: no two node labels' boxes intersect, edge labels (the gate code) are drawn only
for the edge or person under the pointer, and the table lists every gate."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest
from django.utils import timezone

from phongdich.checkin.services.checkin import person_upsert
from phongdich.core.tests.base import make_cast
from phongdich.core.tests.browser import log_in
from phongdich.tracing import services
from phongdich.tracing.models import Contact
from phongdich.tracing.tests.outbreak import make_outbreak, yesterday

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng"]
GIVEN = ["Thị Minh Khai", "Văn Bình", "Thị Hương", "Đức Thắng", "Ngọc Ánh", "Quốc Bảo"]

OVERLAPS = """el => {
  const cy = el._cyreg.cy;
  const boxes = cy.nodes().map(n => ({id: n.id(),
    label: n.boundingBox({includeNodes: false, includeEdges: false, includeLabels: true}),
    body: n.boundingBox({includeNodes: true, includeEdges: false, includeLabels: false})}));
  const meet = (a, b) => a.x1 < b.x2 && b.x1 < a.x2 && a.y1 < b.y2 && b.y1 < a.y2;
  const found = [];
  for (let i = 0; i < boxes.length; i++) {
    for (let j = 0; j < boxes.length; j++) {
      if (i === j) continue;
      const [a, b] = [boxes[i], boxes[j]];
      if (i < j && meet(a.label, b.label)) found.push([a.id, b.id, "labels"]);
      if (meet(a.label, b.body)) found.push([a.id, b.id, "label on node"]);
    }
  }
  const drawn = cy.edges().filter(e => e.style("label") !== "").length;
  return {found: found, nodes: boxes.length, drawnEdgeLabels: drawn};
}"""


@pytest.fixture
def case(page: Any) -> Any:
    ns = SimpleNamespace()
    make_cast(ns)
    make_outbreak(ns)
    case = services.case_create(person=ns.f0_person, onset=yesterday(), user=ns.tracer)
    now = timezone.now()
    f1s = []
    for i in range(14):  # 14 F1 and 2 F2 each: 42 people around the F0
        person = person_upsert(
            identity=f"+849140{i:05d}", full_name=f"{FAMILY[i % 10]} {GIVEN[i % 6]}"
        )
        f1s.append(person)
        Contact.objects.create(
            case=case,
            person=person,
            level=1,
            exposed_at=now,
            via=ns.f0_person,
            location=ns.gate_a if i % 2 else ns.gate_b,
            overlap_minutes=30 + i,
        )
    for i in range(28):
        person = person_upsert(
            identity=f"+849150{i:05d}", full_name=f"{FAMILY[(i + 3) % 10]} {GIVEN[(i + 1) % 6]}"
        )
        Contact.objects.create(
            case=case,
            person=person,
            level=2,
            exposed_at=now,
            via=f1s[i // 2],
            location=ns.gate_b,
            overlap_minutes=20,
        )
    return case


@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_the_graphs_labels_do_not_overlap(
    size: str, page: Any, phone_page: Any, live_server: Any, case: Any
) -> None:
    browser_page = page if size == "desktop" else phone_page
    log_in(browser_page, live_server.url, "tracer")
    browser_page.goto(f"{live_server.url}/truy-vet/ca-benh/{case.pk}/")
    graph = browser_page.locator("#tracing-graph[data-ready='true']")
    graph.wait_for()
    assert graph.get_attribute("data-nodes") == "43"
    result = graph.evaluate(OVERLAPS)
    assert result["nodes"] == 43
    assert result["found"] == [], result["found"][:10]
    assert result["drawnEdgeLabels"] == 0  # the gate codes are not drawn on the edges
    graph.screenshot(path=f"/tmp/tracing-graph-{size}.png")

    # Pointing at a person shows the gate code on that person's edges only.
    shown = graph.evaluate(
        """el => { const cy = el._cyreg.cy; const n = cy.nodes('[level = 1]')[0];
        n.emit('mouseover');
        return cy.edges().filter(e => e.style('label') !== '').map(e => e.style('label')); }"""
    )
    assert shown and set(shown) <= {"VP-1", "TTB-1"}
    assert len(shown) == 3  # from the F0, to its two F2
    # The table lists every contact's gate.
    assert browser_page.locator("table.contacts tbody tr").count() == 42
    assert "(TTB-1)" in browser_page.locator("table.contacts").first.inner_text()

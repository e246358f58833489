"""The Office's công văn đề xuất of the demo batch, as the clerk gets it: the .docx opened
by LibreOffice, the PDF, the annex .xlsx; one annex row per accepted need, a one-page
body, nothing cut short."""

from __future__ import annotations

import io
import unicodedata
from pathlib import Path
from typing import Any

import docx
import openpyxl
import pypdfium2
import pytest
from django.urls import reverse

from phongdich.core.models import AuditEvent
from phongdich.core.tests.base import make_cast
from phongdich.core.tests.office import pdf_pages_text, to_pdf
from phongdich.equipment import demo
from phongdich.equipment.models import NeedsProposal, ProposalBatch
from phongdich.equipment.services import proposal_letter

pytestmark = pytest.mark.django_db

ADDRESSEE = "Kính gửi: Sở Thông tin và Truyền thông tỉnh Thanh Hóa."


class Cast:
    pass


@pytest.fixture
def cast() -> Any:
    members: Any = Cast()
    make_cast(members)
    return members


@pytest.fixture
def batch(cast: Any) -> ProposalBatch:
    demo.load()
    return ProposalBatch.objects.get()


def accepted(batch: ProposalBatch) -> list[NeedsProposal]:
    return list(batch.proposals.select_related("unit", "kind"))


def flat(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).replace("\ufffe", "-").split())


def check_pages(pages: list[str], batch: ProposalBatch) -> None:
    assert 2 <= len(pages) <= 3, len(pages)
    first = flat(pages[0])
    assert ADDRESSEE in first
    assert "Tăng cường cơ sở vật chất CNTT cho các sở, ban, ngành và UBND cấp huyện, cấp xã" in (
        first
    )
    # the body, the closing, Nơi nhận and the signature on page 1; the annex after
    assert "Nơi nhận:" in first and batch.signer_name in first
    assert "PHỤ LỤC" not in first
    rest = flat(" ".join(pages[1:]))
    assert "PHỤ LỤC" in rest and "Kèm theo Công văn số" in rest
    for need in accepted(batch):
        assert flat(need.justification) in rest
    assert "…" not in " ".join(pages)


def test_the_docx_opened_by_libreoffice_is_a_one_page_letter_and_its_annex(
    soffice: str, batch: ProposalBatch, tmp_path: Path
) -> None:
    source = tmp_path / "cong-van.docx"
    source.write_bytes(proposal_letter.render(batch=batch, fmt="docx", user=batch.created_by))
    check_pages(pdf_pages_text(to_pdf(soffice, source)), batch)


def test_the_docx_annex_has_one_row_per_accepted_need(batch: ProposalBatch) -> None:
    data = proposal_letter.render(batch=batch, fmt="docx", user=batch.created_by)
    table = docx.Document(io.BytesIO(data)).tables[-1]
    header = [c.text for c in table.rows[0].cells]
    assert header == list(proposal_letter.ANNEX_HEADERS)
    body = [[c.text for c in row.cells] for row in table.rows[1:]]
    assert body[-1][1] == "Tổng cộng"
    needs = accepted(batch)
    assert len(body) - 1 == len(needs) == 2
    assert {row[2] for row in body[:-1]} == {n.kind.name for n in needs}
    assert body[-1][3] == str(sum(n.final_quantity for n in needs))
    # the IT team's quantity, not the unit's
    changed = next(n for n in needs if n.approved_quantity != n.quantity)
    assert str(changed.approved_quantity) in [row[3] for row in body[:-1]]


def test_the_pdf_is_the_same_letter(batch: ProposalBatch) -> None:
    data = proposal_letter.render(batch=batch, fmt="pdf", user=batch.created_by)
    document = pypdfium2.PdfDocument(data)
    try:
        pages = [page.get_textpage().get_text_range() for page in document]
    finally:
        document.close()
    check_pages(pages, batch)


def test_the_annex_xlsx_has_one_row_per_accepted_need(batch: ProposalBatch) -> None:
    data = proposal_letter.render(batch=batch, fmt="xlsx", user=batch.created_by)
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    rows = [r for r in sheet.iter_rows(values_only=True) if r and isinstance(r[0], int)]
    needs = accepted(batch)
    assert len(rows) == len(needs)
    assert sorted(int(str(r[3])) for r in rows) == sorted(n.final_quantity for n in needs)
    assert {r[1] for r in rows} == {n.unit.name for n in needs}


def test_the_office_downloads_each_format_and_the_download_is_audited(
    client: Any, cast: Any, batch: ProposalBatch
) -> None:
    client.force_login(cast.office)
    for fmt, magic in (("docx", b"PK"), ("pdf", b"%PDF"), ("xlsx", b"PK")):
        response = client.get(reverse("equipment:batch_download", args=[batch.pk, fmt]))
        assert response.status_code == 200
        assert response.content.startswith(magic)
        assert response["Content-Type"] == proposal_letter.FORMATS[fmt]
        assert f".{fmt}" in response["Content-Disposition"]
    assert AuditEvent.objects.filter(action="equipment.batch.export").count() == 3
    assert (
        client.get(reverse("equipment:batch_download", args=[batch.pk, "exe"])).status_code == 404
    )
    client.force_login(cast.head_a)
    response = client.get(reverse("equipment:batch_download", args=[batch.pk, "docx"]))
    assert response.status_code == 403


def test_the_demo_has_proposals_at_every_step_and_loads_once(batch: ProposalBatch) -> None:
    statuses = set(NeedsProposal.objects.values_list("status", flat=True))
    assert statuses == {"submitted", "approved", "rejected", "consolidated"}
    assert demo.load()["proposals"] == 0
    assert ProposalBatch.objects.count() == 1

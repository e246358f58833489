"""The Office's công văn đề xuất to Sở TTTT for a batch of accepted needs, in the Decree
30 format (``phongdich.documents``): a one-page body, then the annex table (unit, kind,
quantity, for whom, justification, priority) on pages of its own; the annex also as
.xlsx through ``core.xlsx``. The letter is always in Vietnamese, whatever the UI
language.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.utils import timezone, translation

from phongdich.documents import (
    Align,
    Annex,
    Column,
    Document,
    DocumentKind,
    Header,
    Paragraph,
    Recipients,
    RowKind,
    Run,
    Signature,
    Table,
    TableRow,
    annex_note,
    format_short_date,
    render_docx,
    render_pdf,
)
from phongdich.equipment.models import NeedsProposal, ProposalBatch
from phongdich.equipment.selectors.proposals import batch_proposals

FORMATS = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
ISSUER = "Sở Lao động - Thương binh và Xã hội"
ADDRESSEE = "Sở Thông tin và Truyền thông tỉnh Thanh Hóa"
PROJECT = "Tăng cường cơ sở vật chất CNTT cho các sở, ban, ngành và UBND cấp huyện, cấp xã"
DEFAULT_SUBJECT = f"V/v đề xuất nhu cầu trang thiết bị CNTT theo Đề án “{PROJECT}”"
ANNEX_TITLE = "Phụ lục"
ANNEX_SUBTITLE = "NHU CẦU TRANG THIẾT BỊ CNTT ĐỀ XUẤT BỔ SUNG"
ANNEX_HEADERS = (
    "STT",
    "Đơn vị",
    "Loại thiết bị",
    "Số lượng",
    "Cho ai / vị trí",
    "Lý do",
    "Mức ưu tiên",
)
# Widths in mm, summing to the portrait text width (165 mm): the annex stays portrait.
ANNEX_WIDTHS = (12, 28, 25, 14, 29, 41, 16)


def _count(n: int) -> str:
    return f"{n:02d}"


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _kinds_sentence(proposals: list[NeedsProposal]) -> str:
    totals: Counter[str] = Counter()
    order: dict[str, int] = {}
    for p in proposals:
        totals[p.kind.name] += p.final_quantity
        order.setdefault(p.kind.name, p.kind.sort_order)
    parts = [
        f"{_count(totals[name])} {_lower_first(name)}"
        for name in sorted(totals, key=lambda n: (order[n], n))
    ]
    if len(parts) > 1:
        return ", ".join(parts[:-1]) + " và " + parts[-1]
    return parts[0]


def annex_rows(proposals: list[NeedsProposal]) -> list[tuple[Any, ...]]:
    """One row per accepted need: STT, unit, kind, quantity, for whom, why, priority."""
    return [
        (
            n,
            p.unit.name,
            p.kind.name,
            p.final_quantity,
            p.for_whom,
            p.justification,
            str(p.get_priority_display()),
        )
        for n, p in enumerate(proposals, 1)
    ]


def document(batch: ProposalBatch, proposals: list[NeedsProposal] | None = None) -> Document:
    with translation.override("vi"):
        return _document(batch, batch_proposals(batch=batch) if proposals is None else proposals)


def _document(batch: ProposalBatch, proposals: list[NeedsProposal]) -> Document:
    header = Header(
        number=batch.number,
        symbol=batch.symbol,
        date=batch.issued_on,
        subject_line=batch.subject,
    )
    total = sum(p.final_quantity for p in proposals)
    units = len({p.unit_id for p in proposals})
    high = sum(p.final_quantity for p in proposals if p.priority == NeedsProposal.Priority.HIGH)
    high_text = (
        f"; trong đó {_count(high)} thiết bị có mức ưu tiên cao, cần bổ sung sớm" if high else ""
    )
    table = Table(
        columns=(
            Column(ANNEX_HEADERS[0], ANNEX_WIDTHS[0], Align.CENTER),
            Column(ANNEX_HEADERS[1], ANNEX_WIDTHS[1], merge_repeats=True),
            Column(ANNEX_HEADERS[2], ANNEX_WIDTHS[2]),
            Column(ANNEX_HEADERS[3], ANNEX_WIDTHS[3], Align.CENTER),
            Column(ANNEX_HEADERS[4], ANNEX_WIDTHS[4]),
            Column(ANNEX_HEADERS[5], ANNEX_WIDTHS[5]),
            Column(ANNEX_HEADERS[6], ANNEX_WIDTHS[6], Align.CENTER),
        ),
        rows=(
            *(TableRow(tuple(str(cell) for cell in row)) for row in annex_rows(proposals)),
            TableRow(("", "Tổng cộng", "", str(total), "", "", ""), RowKind.TOTAL),
        ),
        column_numbers=False,
        size=12,
    )
    signature = Signature(
        title=batch.signer_title,
        name=batch.signer_name,
        authority=batch.signer_authority or None,
    )
    return Document(
        kind=DocumentKind.CONG_VAN,
        header=header,
        kinh_gui=(ADDRESSEE,),
        body=(
            Paragraph.of(
                "Thực hiện Đề án ",
                Run(f"“{PROJECT}”", italic=True),
                f" của Ủy ban nhân dân tỉnh, {ISSUER} đã rà soát trang thiết bị công nghệ "
                "thông tin tại các phòng nghiệp vụ và đơn vị trực thuộc, bảo đảm việc soạn "
                "thảo, trình, ký, phát hành văn bản và làm việc trực tuyến không bị gián đoạn "
                "trong thời gian phòng, chống dịch.",
            ),
            Paragraph.of(
                "Trên cơ sở đề xuất của các đơn vị, đã được thủ trưởng đơn vị phê duyệt và Tổ "
                f"Công nghệ thông tin của Sở thẩm định, {ISSUER} đề xuất bổ sung "
                f"{_count(total)} thiết bị cho {_count(units)} đơn vị, gồm: "
                f"{_kinds_sentence(proposals)}{high_text} (chi tiết tại Phụ lục kèm theo)."
            ),
            Paragraph.of(
                f"{ISSUER} kính đề nghị Sở Thông tin và Truyền thông tổng hợp, xem xét đưa vào "
                "danh mục đầu tư của Đề án."
            ),
        ),
        recipients=Recipients(items=("Như trên", "Giám đốc Sở (để báo cáo)"), archive="VT, VP"),
        signature=signature,
        annexes=(
            Annex(
                title=ANNEX_TITLE,
                subtitle=ANNEX_SUBTITLE,
                note=annex_note("Công văn", header, ISSUER),
                body=(table,),
            ),
        ),
    )


def annex_xlsx(batch: ProposalBatch, proposals: list[NeedsProposal], *, user: Any) -> bytes:
    from phongdich.core.xlsx import Column as XColumn
    from phongdich.core.xlsx import Sheet, build_workbook

    number = f"{batch.number:02d}" if batch.number else "…"
    with translation.override("vi"):
        sheet = Sheet(
            name="Phụ lục",
            title=ANNEX_SUBTITLE,
            columns=[
                XColumn(ANNEX_HEADERS[0], kind="int", width=6),
                XColumn(ANNEX_HEADERS[1], width=28),
                XColumn(ANNEX_HEADERS[2], width=24),
                XColumn(ANNEX_HEADERS[3], kind="int", width=10),
                XColumn(ANNEX_HEADERS[4], width=28),
                XColumn(ANNEX_HEADERS[5], width=40),
                XColumn(ANNEX_HEADERS[6], width=12),
            ],
            rows=annex_rows(proposals),
            filters=[
                ("Kèm theo Công văn số", f"{number}/{batch.symbol}"),
                ("Ngày", format_short_date(batch.issued_on)),
            ],
        )
        return build_workbook(
            sheets=[sheet],
            exported_by=user.get_full_name() or user.get_username(),
            exported_at=timezone.now(),
        )


def render(*, batch: ProposalBatch, fmt: str, user: Any) -> bytes:
    proposals = batch_proposals(batch=batch)
    if fmt == "xlsx":
        return annex_xlsx(batch, proposals, user=user)
    letter = document(batch, proposals)
    return render_docx(letter) if fmt == "docx" else render_pdf(letter)


def filename(batch: ProposalBatch, fmt: str) -> str:
    number = f"{batch.number:02d}-" if batch.number else ""
    stem = "phu-luc-de-xuat-thiet-bi" if fmt == "xlsx" else "cong-van-de-xuat-thiet-bi"
    return f"{number}{stem}-{batch.issued_on:%Y%m%d}.{fmt}"

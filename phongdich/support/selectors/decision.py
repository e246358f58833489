"""The decision re-forming the IT team (Quyết định kiện toàn Tổ CNTT), built from the
current members and assignments as a Decree 30 document (phongdich.documents).

The number is left blank (``Số:      /QĐ-SLĐTBXH``) for the clerk to register. Điều 1
and Điều 2 refer to the annex (Danh sách kèm theo), a ruled table after the signature:
STT, Họ và tên, Chức vụ/đơn vị, Nhiệm vụ/chuyên môn, Đơn vị phụ trách (chính / dự phòng).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from django.utils import timezone

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
    heading,
)
from phongdich.support.models import TeamMember, UnitAssignment
from phongdich.support.selectors.team import coverage

SYMBOL = "QĐ-SLĐTBXH"
SUBJECT = "Về việc kiện toàn Tổ Công nghệ thông tin Sở"
AUTHORITY = "GIÁM ĐỐC SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI"
ISSUER = "Giám đốc Sở Lao động - Thương binh và Xã hội"
ANNEX_TITLE = "Danh sách thành viên Tổ Công nghệ thông tin Sở"
# Portrait text width is 165 mm; the units a member supports are the longest cell.
COLUMNS = (
    Column("STT", 12, Align.CENTER),  # 10 mm breaks the bold "STT" in two
    Column("Họ và tên", 32),
    Column("Chức vụ/đơn vị", 33),
    Column("Nhiệm vụ/chuyên môn", 38),
    Column("Đơn vị phụ trách (chính / dự phòng)", 50),
)


def unit_label(unit: Any) -> str:
    """The department itself is "Ban Giám đốc Sở" in the list of units supported."""
    return "Ban Giám đốc Sở" if unit.parent_id is None else unit.name


def _member_row(index: int, member: TeamMember, own: list[str], spare: list[str]) -> TableRow:
    staff = member.staff
    role = member.team_role or ("Tổ trưởng" if member.is_leader else "Thành viên")
    position = "\n".join(p for p in (staff.position, staff.unit.name) if p)
    task = "\n".join(p for p in (role, member.speciality) if p)
    units = []
    if own:
        units.append("Chính: " + "; ".join(own))
    if spare:
        units.append("Dự phòng: " + "; ".join(spare))
    return TableRow(
        (str(index), staff.full_name, position, task, "\n".join(units) or "(Chưa phân công)")
    )


def decision_document(
    *,
    user: Any,
    today: dt.date | None = None,
    signer_name: str = "",
    signer_title: str = "GIÁM ĐỐC",
    signer_authority: str | None = None,
) -> Document:
    today = today or timezone.localdate()
    members = list(
        TeamMember.objects.filter(is_active=True)
        .select_related("staff__unit")
        .order_by("-is_leader", "sort_order", "staff__full_name")
    )
    assignments = list(
        UnitAssignment.objects.select_related("unit")
        .filter(unit__is_active=True)
        .order_by("unit__path")
    )
    primary: dict[int, list[str]] = defaultdict(list)
    backup: dict[int, list[str]] = defaultdict(list)
    for a in assignments:
        name = unit_label(a.unit)
        if a.primary_id:
            primary[a.primary_id].append(name)
        if a.backup_id:
            backup[a.backup_id].append(name)

    body: list[Any] = [
        heading(AUTHORITY),
        Paragraph.of(
            "Căn cứ Quyết định của Ủy ban nhân dân tỉnh Thanh Hóa quy định chức năng, nhiệm "
            "vụ, quyền hạn và cơ cấu tổ chức của Sở Lao động - Thương binh và Xã hội tỉnh "
            "Thanh Hóa;"
        ),
        Paragraph.of(
            "Căn cứ ",
            Run("Công văn số 13341/UBND-CNTT ngày 30/8/2021", italic=True),
            " của Chủ tịch Ủy ban nhân dân tỉnh về việc đẩy mạnh ứng dụng công nghệ thông "
            "tin trong phòng, chống dịch COVID-19;",
        ),
        Paragraph.of("Theo đề nghị của Chánh Văn phòng Sở."),
        heading("QUYẾT ĐỊNH:"),
        Paragraph.of(
            Run("Điều 1. ", bold=True),
            f"Kiện toàn Tổ Công nghệ thông tin Sở Lao động - Thương binh và Xã hội "
            f"(sau đây gọi là Tổ CNTT), gồm {len(members):02d} thành viên có tên tại Danh "
            f"sách kèm theo Quyết định này.",
        ),
        Paragraph.of(
            Run("Điều 2. ", bold=True),
            "Tổ CNTT có nhiệm vụ hướng dẫn, hỗ trợ các phòng nghiệp vụ và đơn vị trực thuộc "
            "Sở triển khai các ứng dụng công nghệ thông tin trong công tác phòng, chống dịch "
            "bệnh; tiếp nhận, xử lý yêu cầu hỗ trợ kỹ thuật của cán bộ, công chức, viên chức "
            "trên Phòng dịch số theo thời hạn quy định; phối hợp với Trung tâm Công nghệ thông "
            "tin và Truyền thông (Sở Thông tin và Truyền thông), Viettel Thanh Hóa và các doanh "
            "nghiệp công nghệ khi vượt quá khả năng xử lý của Tổ. Mỗi thành viên phụ trách "
            "chính hoặc dự phòng các đơn vị ghi tại Danh sách kèm theo.",
        ),
    ]
    body += [
        Paragraph.of(
            "Khi thành viên phụ trách chính vắng mặt, thành viên dự phòng thực hiện nhiệm vụ "
            "hỗ trợ đơn vị; Tổ trưởng điều phối chung và chịu trách nhiệm trước Giám đốc Sở "
            "về kết quả hoạt động của Tổ."
        ),
        Paragraph.of(
            Run("Điều 3. ", bold=True),
            "Quyết định này có hiệu lực kể từ ngày ký và thay thế các quyết định trước đây "
            "về Tổ CNTT của Sở.",
        ),
        Paragraph.of(
            "Chánh Văn phòng Sở, Trưởng các phòng nghiệp vụ, Thủ trưởng các đơn vị trực thuộc "
            "Sở và các ông (bà) có tên tại Điều 1 chịu trách nhiệm thi hành Quyết định này."
        ),
    ]
    header = Header(date=today, symbol=SYMBOL)
    rows = [
        _member_row(i, m, primary.get(m.pk, []), backup.get(m.pk, []))
        for i, m in enumerate(members, start=1)
    ] or [TableRow(("(Chưa có thành viên.)",), RowKind.GROUP)]
    uncovered = [unit_label(row.unit) for row in coverage(user=user) if "primary" in row.missing]
    annex_body: list[Paragraph | Table] = [Table(columns=COLUMNS, rows=tuple(rows))]
    if uncovered:
        annex_body.append(
            Paragraph.of("Đơn vị chưa có thành viên phụ trách chính: " + "; ".join(uncovered) + ".")
        )
    return Document(
        kind=DocumentKind.QUYET_DINH,
        header=header,
        subject=SUBJECT,
        body=tuple(body),
        recipients=Recipients(items=("Như Điều 3", "Giám đốc, các Phó Giám đốc Sở")),
        signature=Signature(
            title=signer_title,
            name=signer_name or "(Họ và tên người ký)",
            authority=signer_authority,
        ),
        annexes=(
            Annex(
                title=ANNEX_TITLE,
                note=annex_note("Quyết định", header, ISSUER),
                body=tuple(annex_body),
            ),
        ),
    )

"""The meetings' Decree 30 documents, built with ``phongdich.documents``.

- The minutes (biên bản): the renderer has no BIÊN BẢN kind and one signature beside
  "Nơi nhận"; a biên bản has two signatures side by side (THƯ KÝ left, CHỦ TRÌ right)
  and no "Nơi nhận". So the document is validated as a thông báo, then given the
  biên bản's type name and ``BB-`` symbol, and the rendered left cell (Nơi nhận) is
  replaced by the secretary's signature, in the .docx and in the HTML of the PDF.
- The plan for working online: a plain Kế hoạch.
"""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import io
import re
from collections import defaultdict
from dataclasses import dataclass
from html import escape
from typing import Any

from django.utils import timezone

from phongdich.directives.selectors import signers
from phongdich.documents import (
    Document,
    DocumentKind,
    Header,
    Paragraph,
    Recipients,
    Signature,
    format_short_date,
    heading,
    long_date,
    render_docx,
    render_html,
)
from phongdich.meetings.models import Invitation, Minutes, OnlinePlan

SYMBOL_BB = "BB-SLĐTBXH"
SYMBOL_KH = "KH-SLĐTBXH"
SYMBOL_TB = "TB-SLĐTBXH"


@dataclass(frozen=True)
class _Kind:
    """Stands in for a DocumentKind the renderer lacks (it reads these three)."""

    type_name: str
    code: str
    is_cong_van: bool = False


BIEN_BAN = _Kind("BIÊN BẢN", "BB")


def person_name(user: Any) -> str:
    if user is None:
        return ""
    staff = getattr(user, "staff", None)
    return getattr(staff, "full_name", "") or user.get_full_name() or user.username


def person_position(user: Any) -> str:
    staff = getattr(user, "staff", None)
    return getattr(staff, "position", "") or ""


def _clock(moment: dt.datetime) -> str:
    local = timezone.localtime(moment)
    return f"{local:%H} giờ {local:%M} phút"


def _long_date(day: dt.date) -> str:
    return long_date(day)  # "tháng 8", not "tháng 08" (Decree 30: 01 and 02 only)


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def _who(user: Any) -> str:
    name, position = person_name(user), person_position(user)
    return f"{name}, {position}" if position else name


def _task_line(text: str, unit: Any, deadline: dt.date | None) -> str:
    """ "Nội dung. Đơn vị chủ trì: X; hoàn thành trước ngày 09/12/2026." """
    line = text.strip().rstrip(".;") + "."
    tail = []
    if unit is not None:
        tail.append(f"Đơn vị chủ trì: {unit.name}")
    if deadline is not None:
        tail.append(f"hoàn thành trước ngày {format_short_date(deadline)}")
    return f"{line} {'; '.join(tail)}." if tail else line


def minutes_document(minutes: Minutes) -> Document:
    meeting = minutes.meeting
    start = timezone.localtime(minutes.started_at)
    end = timezone.localtime(minutes.ended_at)
    invitations = list(
        meeting.invitations.exclude(reply=Invitation.Reply.DELEGATED)
        .select_related("user__staff", "unit")
        .order_by("unit__path", "pk")
    )
    present: dict[str, list[str]] = defaultdict(list)
    absent: list[str] = []
    for invitation in invitations:
        if invitation.attended:
            present[invitation.unit.name].append(_who(invitation.user))
        elif invitation.attended is False:
            absent.append(f"{person_name(invitation.user)} ({invitation.unit.name})")
    body: list[Any] = [
        Paragraph.of(f"Thời gian bắt đầu: {_clock(start)}, {_long_date(start.date())}."),
        Paragraph.of(f"Địa điểm: {minutes.place}."),
        Paragraph.of(f"Chủ trì: {_who(meeting.chair)}."),
        Paragraph.of(f"Thư ký: {_who(meeting.secretary) or person_name(minutes.written_by)}."),
        Paragraph.of("Thành phần tham dự:"),
    ]
    if present:
        for unit, names in present.items():
            body.append(Paragraph.of(f"- {unit}: {'; '.join(names)}."))
    elif meeting.attendance_confirmed_at is None:
        body.append(Paragraph.of("- (Chưa xác nhận danh sách người dự họp.)"))
    if absent or minutes.absent_note.strip():
        note = minutes.absent_note.strip().rstrip(".")
        text = "; ".join(absent)
        body.append(Paragraph.of(f"Vắng mặt: {'; '.join(x for x in (text, note) if x)}."))
    body.append(heading("I. NỘI DUNG CUỘC HỌP"))
    body.extend(Paragraph.of(line) for line in _lines(minutes.contents))
    conclusions = list(minutes.conclusions.select_related("lead_unit").order_by("order", "pk"))
    if conclusions:
        body.append(heading("II. KẾT LUẬN"))
        for index, conclusion in enumerate(conclusions, start=1):
            line = _task_line(conclusion.text, conclusion.lead_unit, conclusion.deadline)
            body.append(Paragraph.of(f"{index}. {line}"))
    same_day = end.date() == start.date()
    body.append(
        Paragraph.of(
            f"Cuộc họp kết thúc vào {_clock(end)} "
            + ("cùng ngày" if same_day else _long_date(end.date()))
            + ", biên bản đã được thông qua trước các thành viên dự họp."
        )
    )
    header = Header(date=start.date(), symbol=SYMBOL_TB)
    document = Document(
        kind=DocumentKind.THONG_BAO,
        header=header,
        subject=f"{meeting.title} ngày {format_short_date(start.date())}",
        body=tuple(body),
        signature=Signature(title="CHỦ TRÌ", name=person_name(meeting.chair)),
        recipients=Recipients(items=(), archive="VT, VP"),
    )
    # Now a biên bản (validated as a thông báo, the same rules but the type and code).
    object.__setattr__(document, "kind", BIEN_BAN)
    object.__setattr__(document, "header", dataclasses.replace(header, symbol=SYMBOL_BB))
    return document


def _secretary(minutes: Minutes) -> str:
    return person_name(minutes.meeting.secretary) or person_name(minutes.written_by)


def minutes_docx(minutes: Minutes) -> bytes:
    """The biên bản as .docx: THƯ KÝ (left) and CHỦ TRÌ (right) side by side."""
    import docx

    out = docx.Document(io.BytesIO(render_docx(minutes_document(minutes))))
    table = out.tables[-1]  # the signature row
    left, right = table.cell(0, 0), table.cell(0, 1)
    for paragraph in list(left.paragraphs):
        paragraph._element.getparent().remove(paragraph._element)
    texts = ["THƯ KÝ", _secretary(minutes)]
    for paragraph in right.paragraphs[: len(texts)]:
        element = copy.deepcopy(paragraph._element)
        left._element.append(element)
    for paragraph, text in zip(left.paragraphs, texts, strict=False):
        runs = paragraph.runs
        runs[0].text = text
        for extra in runs[1:]:
            extra.text = ""
    buffer = io.BytesIO()
    out.save(buffer)
    return buffer.getvalue()


def minutes_html(minutes: Minutes) -> str:
    html = render_html(minutes_document(minutes))
    cell = (
        f'<td><p class="signer last-title">THƯ KÝ</p>'
        f'<p class="signer">{escape(_secretary(minutes))}</p></td>'
    )
    html, replaced = re.subn(r'<td><p class="noi-nhan">.*?</td>', cell, html, count=1, flags=re.S)
    assert replaced == 1, "the renderer's signature row changed"
    return html


def minutes_pdf(minutes: Minutes) -> bytes:
    from weasyprint import HTML

    pdf = HTML(string=minutes_html(minutes)).write_pdf()
    assert pdf is not None
    return bytes(pdf)


# The plan for working online ------------------------------------------------------------


def plan_document(plan: OnlinePlan) -> Document:
    items = list(plan.items.select_related("lead_unit").order_by("order", "pk"))
    body: list[Any] = [heading("I. MỤC ĐÍCH, YÊU CẦU")]
    body.extend(Paragraph.of(line) for line in _lines(plan.purpose))
    body.append(heading("II. TÌNH HÌNH VÀ NỘI DUNG"))
    body.append(heading("1. Tình hình"))
    body.extend(Paragraph.of(line) for line in _lines(plan.situation))
    body.append(heading("2. Nội dung thực hiện"))
    for index, item in enumerate(items, start=1):
        body.append(
            Paragraph.of(f"{index}. {_task_line(item.content, item.lead_unit, item.deadline)}")
        )
    body.append(heading("III. TỔ CHỨC THỰC HIỆN"))
    body.extend(Paragraph.of(line) for line in _lines(plan.organisation))
    leads = sorted({i.lead_unit.name for i in items if i.lead_unit})
    return Document(
        kind=DocumentKind.KE_HOACH,
        header=Header(
            date=plan.issued_on or timezone.localdate(), symbol=SYMBOL_KH, number=plan.number
        ),
        subject=plan.subject,
        body=tuple(body),
        signature=Signature(
            title=plan.signer_title,
            name=plan.signer_name,
            authority=plan.signer_authority or None,
        ),
        recipients=Recipients(items=("Giám đốc, các Phó Giám đốc Sở (để báo cáo)", *leads)),
    )


def default_signer() -> tuple[str, str, str]:
    """(authority, title, name) of the Director, else a deputy (KT. GIÁM ĐỐC / PHÓ GIÁM
    ĐỐC), from the staff directory (``directives.selectors.signers``); a blank name when
    nobody holds the Director role yet."""
    signer = signers.default_signer()
    if signer is None:
        return ("", signers.DIRECTOR_TITLE, "")
    block = signers.signer_block(signer)
    return (block.authority, block.title, block.name)

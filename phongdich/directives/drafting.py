"""The text a compiled report (báo cáo kết quả thực hiện) starts from, drafted from its
figures (``selectors.compiled.CompiledData``): one plain text per section, one paragraph
per line, every sentence ending in exactly one full stop.

Sections, in the order of the report (Nghị định 30; docs/nd30.md):

* ``intro``: "Thực hiện Công văn số … của …, Sở … báo cáo kết quả thực hiện … như sau:"
* ``direction`` — I. Công tác chỉ đạo, triển khai (what the Sở issued, how it followed up)
* ``item:<n>`` — II. Kết quả thực hiện, one per numbered item of the directive: the
  module sections placed under it, then the units' accepted results (figures and counts),
  the reports sent and not yet accepted
* ``strengths``, ``weaknesses`` — III. Đánh giá chung (ưu điểm; tồn tại, hạn chế và
  nguyên nhân)
* ``next`` — IV. Nhiệm vụ, giải pháp thời gian tới
* ``proposals`` — V. Đề xuất, kiến nghị (the units' proposals, each once)
* ``closing``: "Trên đây là báo cáo …" (the renderer adds "./.")

Pure functions: no database access beyond what ``CompiledData`` holds.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext, override, pgettext

from phongdich.core.report_sections import vn_number
from phongdich.directives.models import Directive, Indicator, Report, Task
from phongdich.directives.selectors.compiled import CompiledData, ItemResult, TaskResult
from phongdich.directives.selectors.status import TaskStatus

DEPARTMENT = "Sở Lao động - Thương binh và Xã hội"
# Name at most this many units in a sentence; more are counted (the annex names them).
NAMED_UNITS = 4
# Quote the units' own words for a task given to at most this many units.
QUOTED_UNITS = 3


@dataclass(frozen=True)
class SectionSpec:
    """One editable section: its key, the heading printed above it (None: none), the
    heading of the part it opens (I., II., …) and the label shown in the app."""

    key: str
    label: str
    heading: str | None = None
    part: str | None = None


# --- sentences -----------------------------------------------------------------------------

_END = (".", "!", "?", "./.", "…")


def clean(text: str) -> str:
    """NFC, runs of white space folded, stray separators removed from the ends."""
    text = " ".join(unicodedata.normalize("NFC", text or "").split())
    return text.strip(" ;,")


def sentence(text: str) -> str:
    """``text`` as one sentence: a capital first letter, exactly one full stop at the end
    (a text that already ends in "." keeps it: never ".."; a trailing ";" or ":" becomes
    the stop: never ".;")."""
    text = clean(text).rstrip(";:,")
    if not text:
        return ""
    text = text[0].upper() + text[1:]
    while text.endswith(".."):
        text = text[:-1]
    return text if text.endswith(_END) else text + "."


def clause(text: str) -> str:
    """``text`` to go inside a sentence: no final stop, first letter kept as written."""
    return clean(text).rstrip(".;:,").strip()


def lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text[:1].isupper() and not text[1:2].isupper() else text


def sentences_of(text: str) -> list[str]:
    """A unit's free text (several lines, "- " items) as sentences."""
    out = []
    for line in (text or "").splitlines():
        line = re.sub(r"^\s*[-–+•*]\s*", "", line)
        if s := sentence(line):
            out.append(s)
    return out


def join_sentences(parts: Iterable[str]) -> str:
    return " ".join(s for s in (sentence(p) for p in parts) if s)


def names(units: Iterable[Any]) -> str:
    found = [u.name for u in units]
    if len(found) <= 1:
        return "".join(found)
    return ", ".join(found[:-1]) + " và " + found[-1]


def short_date(day: date) -> str:
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"{day.day:02d}/{month}/{day.year}"


def _key(text: str) -> str:
    """What makes two proposals the same: letters and digits, case folded."""
    return re.sub(r"[\W_]+", " ", clean(text).casefold()).strip()


# --- citations -----------------------------------------------------------------------------


def about(directive: Directive) -> str:
    """ "về việc đẩy mạnh …" from the directive's "V/v đẩy mạnh …"."""
    subject = clean(directive.subject)
    if subject.startswith("V/v"):
        return "về việc " + subject[3:].strip()
    return subject


def cited(directive: Directive) -> str:
    """ "Công văn số 2987/SLĐTBXH-VP ngày 31/8/2021"."""
    issued = f" ngày {short_date(directive.issued_on)}" if directive.issued_on else ""
    return f"Công văn số {directive.reference}{issued}"


def answered(directive: Directive) -> str:
    """The document the report answers: the one the directive implements, else itself."""
    return directive.source_citation or f"{cited(directive)} của {DEPARTMENT}"


def addressee(directive: Directive) -> str:
    """Whom the report is sent to: the issuer of the document implemented, else the
    Director (the directive is the Department's own)."""
    return directive.source_issuer or "Giám đốc Sở"


def subject(directive: Directive) -> str:
    return f"Kết quả thực hiện {answered(directive)} {about(directive)}"


# --- the sections --------------------------------------------------------------------------


def specs(data: CompiledData) -> list[SectionSpec]:
    out = [
        SectionSpec("intro", gettext("Mở đầu")),
        SectionSpec(
            "direction",
            gettext("I. Công tác chỉ đạo, triển khai"),
            part="I. CÔNG TÁC CHỈ ĐẠO, TRIỂN KHAI",
        ),
    ]
    for i, item in enumerate(data.items):
        heading = f"{item.task.number}. {item.task.short_title}"
        out.append(
            SectionSpec(
                item.key,
                f"II.{heading}",
                heading=heading,
                part="II. KẾT QUẢ THỰC HIỆN" if i == 0 else None,
            )
        )
    if not data.items:
        out.append(
            SectionSpec("results", gettext("II. Kết quả thực hiện"), part="II. KẾT QUẢ THỰC HIỆN")
        )
    out += [
        SectionSpec(
            "strengths", gettext("III.1. Ưu điểm"), heading="1. Ưu điểm", part="III. ĐÁNH GIÁ CHUNG"
        ),
        SectionSpec(
            "weaknesses",
            gettext("III.2. Tồn tại, hạn chế và nguyên nhân"),
            heading="2. Tồn tại, hạn chế và nguyên nhân",
        ),
        SectionSpec(
            "next",
            gettext("IV. Nhiệm vụ, giải pháp thời gian tới"),
            part="IV. NHIỆM VỤ, GIẢI PHÁP THỜI GIAN TỚI",
        ),
        SectionSpec("proposals", gettext("V. Đề xuất, kiến nghị"), part="V. ĐỀ XUẤT, KIẾN NGHỊ"),
        SectionSpec("closing", pgettext("compiled report section", "Kết thúc")),
    ]
    return out


def draft_sections(data: CompiledData) -> dict[str, str]:
    """Every section's text, drafted from the figures."""
    return {spec.key: draft_section(data, spec.key) for spec in specs(data)}


def draft_section(data: CompiledData, key: str) -> str:
    """One section's text from the live figures ("Khôi phục số liệu")."""
    if key.startswith("item:"):
        item = next((i for i in data.items if i.key == key), None)
        return draft_item(data, item) if item is not None else ""
    drafts = {
        "intro": draft_intro,
        "direction": draft_direction,
        "results": lambda d: "Không có nhiệm vụ nào phải báo cáo trong kỳ.",
        "strengths": draft_strengths,
        "weaknesses": draft_weaknesses,
        "next": draft_next,
        "proposals": draft_proposals,
        "closing": draft_closing,
    }
    draft = drafts.get(key)
    return draft(data) if draft is not None else ""


def draft_intro(data: CompiledData) -> str:
    d = data.directive
    return (
        f"Thực hiện {answered(d)} {about(d)}, {DEPARTMENT} báo cáo kết quả thực hiện từ ngày "
        f"{short_date(data.period_start)} đến ngày {short_date(data.period_end)} như sau:"
    )


def _deadlines(data: CompiledData) -> str:
    days = sorted({t.task.deadline for t in data.tasks if t.task.deadline})
    if not days:
        return ""
    if days[0] == days[-1]:
        return f", thời hạn hoàn thành {short_date(days[0])}"
    return f", thời hạn hoàn thành từ ngày {short_date(days[0])} đến ngày {short_date(days[-1])}"


def draft_direction(data: CompiledData) -> str:
    d = data.directive
    units = data.units
    lines = []
    opening = f"Ngay sau khi nhận được {d.source_citation}, " if d.source_citation else ""
    recurring = [t for t in data.tasks if t.task.recurrence != Task.Recurrence.ONCE]
    lines.append(
        sentence(
            f"{opening}Giám đốc Sở đã ban hành {cited(d)} {about(d)}, giao {len(data.items)} "
            f"nhóm nội dung với {len(data.tasks)} nhiệm vụ cụ thể cho {len(units)} phòng "
            f"nghiệp vụ, đơn vị trực thuộc và tổ chức đoàn thể{_deadlines(data)}"
            + (
                f"; {len(recurring)} nhiệm vụ báo cáo định kỳ hằng tuần hoặc hằng tháng"
                if recurring
                else ""
            )
        )
    )
    reports = data.reports_in(Report.State.SUBMITTED, Report.State.ACCEPTED, Report.State.RETURNED)
    accepted = data.reports_in(Report.State.ACCEPTED)
    pending = data.reports_in(Report.State.SUBMITTED)
    returned = data.reports_in(Report.State.RETURNED)
    follow = (
        "Việc giao nhiệm vụ, nhắc hạn, tiếp nhận và tổng hợp báo cáo được thực hiện trên hệ "
        f"thống Phòng dịch số. Đến ngày {short_date(data.today)}, Văn phòng Sở đã nhận "
        f"{vn_number(len(reports))} báo cáo của các đơn vị, trong đó đã tiếp nhận "
        f"{vn_number(len(accepted))} báo cáo"
    )
    if returned:
        follow += f", trả lại để bổ sung {vn_number(len(returned))} báo cáo"
    if pending:
        follow += f"; {vn_number(len(pending))} báo cáo đã gửi đang chờ xem xét"
    lines.append(sentence(follow))
    if data.reminders or data.urgings:
        parts = []
        if data.reminders:
            parts.append(f"hệ thống đã tự động nhắc hạn {vn_number(data.reminders)} lượt")
        if data.urgings:
            refs = ", ".join(
                f"Công văn số {u.reference} ngày {short_date(u.issued_on)}"
                for u in sorted(data.urgings, key=lambda u: (u.issued_on, u.pk))
            )
            parts.append(
                f"Văn phòng Sở đã tham mưu ban hành {len(data.urgings)} công văn đôn đốc các "
                f"đơn vị chậm thực hiện ({refs})"
            )
        lines.append(sentence("Đối với các nhiệm vụ đến hạn, " + "; ".join(parts)))
    return "\n".join(lines)


def _status_sentence(result: TaskResult) -> str:
    """ "Có 14 đơn vị được giao thực hiện: 10 đơn vị đã hoàn thành đúng hạn, …"."""
    units = result.units
    counts = result.unit_counts
    task = result.task
    if len(units) == 1:
        unit = units[0]
        status = unit.status
        done = unit.completed_on
        if status == TaskStatus.DONE_ON_TIME:
            return f"{unit.unit.name} đã hoàn thành đúng hạn" + (
                f" (ngày {short_date(done)})" if done else ""
            )
        if status == TaskStatus.DONE_LATE:
            return f"{unit.unit.name} đã hoàn thành nhưng quá hạn" + (
                f" (ngày {short_date(done)})" if done else ""
            )
        if status == TaskStatus.IN_PROGRESS:
            return f"{unit.unit.name} đang thực hiện, trong hạn"
        return f"{unit.unit.name} chưa hoàn thành, đã quá hạn"
    how = ""
    if task.recurrence != Task.Recurrence.ONCE and result.periods > 1:
        with override("vi"):  # the document is Vietnamese whatever the page's language
            every = str(Task.Recurrence(task.recurrence).label).lower()
        how = f", báo cáo {every} ({result.periods} kỳ)"
    parts = []
    labels = {
        TaskStatus.DONE_ON_TIME: "đã hoàn thành đúng hạn",
        TaskStatus.DONE_LATE: "hoàn thành quá hạn",
        TaskStatus.IN_PROGRESS: "đang thực hiện trong hạn",
        TaskStatus.OVERDUE: "quá hạn chưa hoàn thành",
    }
    for status in TaskStatus:
        n = counts[status]
        if not n:
            continue
        text = f"{n} đơn vị {labels[status]}"
        if status != TaskStatus.DONE_ON_TIME and n <= NAMED_UNITS:
            text += f" ({names(u.unit for u in units if u.status == status)})"
        parts.append(text)
    return f"Có {len(units)} đơn vị được giao thực hiện{how}: " + ", ".join(parts)


def _aggregate(result: TaskResult) -> str:
    """The indicators summed (counts) or averaged (percentages) over the units' latest
    accepted reports."""
    by_indicator: dict[int, tuple[Indicator, list[Any]]] = {}
    for _unit, version in result.latest_accepted():
        for value in result.values.get(version.pk, []):
            entry = by_indicator.setdefault(value.indicator_id, (value.indicator, []))
            if value.value is not None and value.value != "":
                entry[1].append(value.value)
    parts = []
    for indicator, found in sorted(by_indicator.values(), key=lambda e: (e[0].order, e[0].pk)):
        if not found:
            continue
        name = lower_first(indicator.name)
        unit = indicator.unit_of_measure
        if indicator.kind == Indicator.Kind.INTEGER:
            parts.append(f"{name}: {vn_number(sum(int(v) for v in found))} {unit}".strip())
        elif indicator.kind == Indicator.Kind.PERCENTAGE:
            mean = sum(Decimal(v) for v in found) / len(found)
            shown = f"{mean:.1f}".replace(".", ",").replace(",0", "")
            label = "bình quân " if len(found) > 1 else ""
            parts.append(f"{name}: {label}{shown}%")
        elif indicator.kind == Indicator.Kind.BOOLEAN:
            yes = sum(1 for v in found if v)
            if len(found) == 1:
                parts.append(name if yes else f"không ({name})")
            else:
                parts.append(f"{name}: {yes}/{len(found)} đơn vị")
    if not parts:
        return ""
    lead = "Số liệu các đơn vị báo cáo" if len(result.units) > 1 else "Số liệu báo cáo"
    return f"{lead}: " + "; ".join(parts)


def _quotes(result: TaskResult) -> list[str]:
    """The units' own words (accepted reports), for a task given to a few units."""
    if len(result.units) > QUOTED_UNITS:
        return []
    same: dict[str, tuple[str, list[Any]]] = {}
    for unit, version in result.latest_accepted():
        said = [clause(s) for s in sentences_of(version.narrative)]
        text = "; ".join(s for s in said if s)
        if text:
            same.setdefault(_key(text), (text, []))[1].append(unit)
    return [f"{names(units)} báo cáo: {lower_first(text)}" for text, units in same.values()]


def _pending(result: TaskResult) -> str:
    waiting = [u for u in result.units if u.pending]
    returned = [u for u in result.units if u.returned and not u.pending]
    parts = []
    if waiting:
        sent = [r.report.submitted_at for u in waiting for r in u.pending if r.report]
        when = ""
        if len(waiting) == 1 and sent and sent[-1]:
            from phongdich.directives.selectors.status import local_date

            day = local_date(sent[-1])
            when = f" ngày {short_date(day)}" if day else ""
        parts.append(
            f"báo cáo của {names(u.unit for u in waiting)} đã gửi{when}, đang chờ Văn phòng Sở "
            "xem xét nên chưa được tính là hoàn thành"
        )
    if returned:
        parts.append(f"báo cáo của {names(u.unit for u in returned)} bị trả lại để bổ sung")
    return "; ".join(parts)


def task_summary(result: TaskResult) -> str:
    """How the units stand on one task and their figures, in one or two sentences."""
    return join_sentences([_status_sentence(result), _aggregate(result)])


def draft_item(data: CompiledData, item: ItemResult) -> str:
    lines = []
    for key in item.sections:
        content = data.sections.get(key)
        if content is not None and content.text:
            lines.append(join_sentences(content.sentences))
    several = len(item.leaves) > 1
    for result in item.leaves:
        parts = [_status_sentence(result)]
        if aggregate := _aggregate(result):
            parts.append(aggregate)
        parts.extend(_quotes(result))
        if pending := _pending(result):
            parts.append(pending)
        text = join_sentences(parts)
        if several and result.task.pk != item.task.pk:
            if text.startswith("Có "):
                text = "có " + text[3:]
            title = lower_first(result.task.short_title)
            text = f"Về {title} (nhiệm vụ {result.task.number}), {text}"
        lines.append(text)
    return "\n".join(line for line in lines if line)


def _issues(data: CompiledData, field_name: str) -> list[tuple[str, list[Any]]]:
    """The units' difficulties or proposals (accepted reports), each once, with the units
    that wrote it, in the order first written."""
    found: dict[str, tuple[str, list[Any]]] = {}
    for result in data.tasks:
        for unit, version in result.latest_accepted():
            for text in sentences_of(getattr(version, field_name, "")):
                key = _key(text)
                if not key:
                    continue
                entry = found.setdefault(key, (text, []))
                if unit not in entry[1]:
                    entry[1].append(unit)
    return list(found.values())


def draft_strengths(data: CompiledData) -> str:
    counts = data.unit_counts
    total = len(data.unit_tasks)
    done = counts[TaskStatus.DONE_ON_TIME] + counts[TaskStatus.DONE_LATE]
    lines = [
        sentence(
            "Các phòng nghiệp vụ, đơn vị trực thuộc và tổ chức đoàn thể đã quán triệt, triển "
            f"khai nghiêm túc các nội dung của {cited(data.directive)}; "
            f"{vn_number(done)}/{vn_number(total)} lượt nhiệm vụ của các đơn vị đã hoàn thành, "
            f"trong đó {vn_number(counts[TaskStatus.DONE_ON_TIME])} lượt hoàn thành đúng hạn"
        )
    ]
    used = [data.section_titles.get(k, k).lower() for k in data.sections]
    if used:
        lines.append(
            sentence(
                "Các ứng dụng của hệ thống Phòng dịch số (" + ", ".join(used) + ") được đưa vào "
                "sử dụng, góp phần kiểm soát người ra vào cơ quan và truy vết nhanh khi cần thiết"
            )
        )
    return "\n".join(lines)


def draft_weaknesses(data: CompiledData) -> str:
    counts = data.unit_counts
    lines = []
    limits = []
    overdue = [u for u in data.unit_tasks if u.status == TaskStatus.OVERDUE]
    if overdue:
        units = {u.unit.pk for u in overdue}
        limits.append(
            f"còn {vn_number(len(overdue))} lượt nhiệm vụ quá hạn chưa hoàn thành tại "
            f"{len(units)} đơn vị"
        )
    if counts[TaskStatus.DONE_LATE]:
        limits.append(f"{vn_number(counts[TaskStatus.DONE_LATE])} lượt hoàn thành quá hạn")
    pending = data.reports_in(Report.State.SUBMITTED)
    if pending:
        limits.append(f"{vn_number(len(pending))} báo cáo đã gửi chưa được xem xét, tiếp nhận")
    if limits:
        lines.append(sentence("Tồn tại, hạn chế: " + "; ".join(limits)))
    else:
        lines.append(sentence("Các nhiệm vụ đến hạn đều đã hoàn thành đúng hạn"))
    difficulties = _issues(data, "difficulties")
    if difficulties:
        said = "; ".join(lower_first(clause(text)) for text, _units in difficulties)
        lines.append(sentence(f"Nguyên nhân: các đơn vị phản ánh {said}"))
    elif limits:
        lines.append(
            sentence(
                "Nguyên nhân: một số đơn vị chưa bố trí cán bộ theo dõi, cập nhật và báo cáo "
                "kết quả thực hiện thường xuyên"
            )
        )
    return "\n".join(lines)


def draft_next(data: CompiledData) -> str:
    d = data.directive
    late = [t for t in data.tasks if any(u.status == TaskStatus.OVERDUE for u in t.units)]
    lines = [
        sentence(
            f"Tiếp tục chỉ đạo các phòng nghiệp vụ, đơn vị trực thuộc thực hiện nghiêm các nội "
            f"dung tại {cited(d)}"
            + (f"; khẩn trương hoàn thành {_numbers(late)} còn quá hạn" if late else "")
        ),
        sentence(
            "Duy trì quét mã QR, khai báo y tế điện tử tại các cổng ra vào, cập nhật kịp thời "
            "nhật ký ra vào để phục vụ truy vết khi có ca bệnh"
        ),
        sentence(
            "Văn phòng Sở tiếp tục theo dõi, đôn đốc, tổng hợp kết quả thực hiện, báo cáo "
            f"{addressee(d)} theo quy định"
        ),
    ]
    return "\n".join(lines)


def _numbers(results: list[TaskResult]) -> str:
    """ "nhiệm vụ 3" or "các nhiệm vụ 1, 2, 3 và 6"."""
    numbers = [r.task.number for r in results]
    if len(numbers) == 1:
        return f"nhiệm vụ {numbers[0]}"
    return "các nhiệm vụ " + ", ".join(numbers[:-1]) + " và " + numbers[-1]


def draft_proposals(data: CompiledData) -> str:
    """The Department's own request to the addressee, then the units' proposals (accepted
    reports), each once, as a sentence naming the units that made it."""
    lines = [
        sentence(
            f"Đề nghị {addressee(data.directive)} tiếp tục quan tâm chỉ đạo, hỗ trợ việc ứng "
            "dụng công nghệ thông tin trong công tác phòng, chống dịch"
        )
    ]
    proposals = _issues(data, "proposals")
    if proposals:
        lines.append("Các đơn vị thuộc Sở đề xuất, kiến nghị:")
        for text, units in proposals:
            lines.append(sentence(f"{clause(text)} (đề xuất của {names(units)})"))
    return "\n".join(lines)


def draft_closing(data: CompiledData) -> str:
    d = data.directive
    if not d.source_citation:
        return (
            f"Trên đây là báo cáo kết quả thực hiện {cited(d)}, kính báo cáo Giám đốc Sở "
            "xem xét, chỉ đạo"
        )
    return (
        f"Trên đây là báo cáo kết quả thực hiện {d.source_citation}, {DEPARTMENT} kính báo cáo "
        f"{addressee(d)} xem xét, chỉ đạo"
    )

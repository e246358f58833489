"""Read a directive (công văn) from its text: header, numbered tasks, closing, signature.

Pure functions, no database: ``extract_text`` turns an uploaded .txt/.docx into text,
``parse_directive`` turns text into a ``ParsedDirective``, and ``match_units`` finds the
units a phrase names (by name or short name, without diacritics).

Rules (what an Office clerk expects from a công văn):

* Tasks are the items numbered at a line start: "1. …", "2. …" (also "1) …"); the
  numbers must run 1, 2, 3…, so a line starting "13341/UBND…" or "5K" is never an item.
* Lines starting "- ", "+ ", "a) " right under an item are its sub-items: item 8
  "Giao Văn phòng Sở" with five "- …" lines gives task 8 and tasks 8.1 … 8.5.
* Roman numerals ("I.", "II.") are section headings: arabic items inside become
  "II.1", "II.2"…; a section with no arabic items is itself a task ("I", "II").
* Wrapped lines are joined; a paragraph cut by a page break ("…doanh nghiệp sử" /
  blank / "dụng dịch vụ…") is joined when the first part does not end a sentence and
  the second starts in lower case.
* Emphasis markers (*…*, **…**, _…_) are removed.
* Unnumbered paragraphs after the last item are the closing; then "Nơi nhận:" and the
  signature block (authority "KT. GIÁM ĐỐC", position "PHÓ GIÁM ĐỐC", the name).
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from django.utils.translation import gettext as _

from phongdich.core.text import fold, nfc

SUPPORTED_SUFFIXES = (".txt", ".docx")


class DirectiveParseError(ValueError):
    """The file or text cannot be read as a directive; the message is for the user."""


@dataclass
class ParsedTask:
    number: str
    content: str
    parent: str | None = None
    # The phrase naming who must act ("Văn phòng Sở", "các tổ chức đoàn thể (Công đoàn, …)"),
    # when the item opens with "Giao …" / "Đề nghị …" / "Yêu cầu …"; None otherwise.
    addressees: str | None = None
    deadline: date | None = None
    recurrence: str = "once"
    subtasks: list[ParsedTask] = field(default_factory=list)

    @property
    def is_group(self) -> bool:
        return bool(self.subtasks)


@dataclass(frozen=True)
class SourceDocument:
    kind: str  # "Công văn"
    reference: str  # "13341/UBND-CNTT"
    issued_on: date | None
    issuer: str  # "Chủ tịch UBND tỉnh"


_SOURCE = re.compile(
    r"^\s*(?:Thực hiện|Căn cứ)\s+(?P<kind>công văn|chỉ thị|kế hoạch|quyết định|thông báo|"
    r"văn bản|công điện)\s+số\s+(?P<ref>\d+/[^\s,;]+)"
    r"(?:\s+ngày\s+(?P<d>\d{1,2})/(?P<m>\d{1,2})/(?P<y>\d{4}))?"
    r"(?:\s+của\s+(?P<issuer>.+?))?(?=\s+(?:về|V/v)\b|[,;:]|$)",
    re.IGNORECASE,
)


@dataclass
class ParsedDirective:
    number: int | None = None
    symbol: str = ""
    issued_on: date | None = None
    place: str = ""
    subject: str = ""
    recipients: list[str] = field(default_factory=list)
    preamble: list[str] = field(default_factory=list)
    tasks: list[ParsedTask] = field(default_factory=list)
    closing: list[str] = field(default_factory=list)
    distribution: list[str] = field(default_factory=list)
    issuer_authority: str = ""
    issuer_position: str = ""
    issuer_name: str = ""

    @property
    def all_tasks(self) -> list[ParsedTask]:
        """Every task in document order, sub-tasks right after their parent."""
        out: list[ParsedTask] = []
        for task in self.tasks:
            out.append(task)
            out.extend(task.subtasks)
        return out

    @property
    def addressed_to_all_units(self) -> bool:
        """The letter is sent to every division and every subordinate unit."""
        folded = fold(" ".join(self.recipients))
        return "phong" in folded and "don vi truc thuoc" in folded

    @property
    def source(self) -> SourceDocument | None:
        """The document the letter implements, from a preamble opening "Thực hiện Công văn
        số 13341/UBND-CNTT ngày 30/8/2021 của Chủ tịch UBND tỉnh về việc …"."""
        for para in self.preamble[:2]:
            match = _SOURCE.search(para)
            if match is None:
                continue
            try:
                issued = date(int(match["y"]), int(match["m"]), int(match["d"]))
            except ValueError:
                issued = None
            issuer = match["issuer"].strip(" ,;") if match["issuer"] else ""
            return SourceDocument(match["kind"].capitalize(), match["ref"], issued, issuer)
        return None

    @property
    def body(self) -> str:
        parts = list(self.preamble)
        for task in self.tasks:
            parts.append(f"{task.number}. {task.content}")
            parts.extend(f"- {sub.content}" for sub in task.subtasks)
        parts.extend(self.closing)
        return "\n\n".join(parts)


# Text helpers ------------------------------------------------------------------

_SPACES = re.compile(r"[ \t\u00a0\u2002-\u200b\u202f\u3000]+")
_EMPHASIS = re.compile(r"(\*{1,3}|(?<!\w)_{1,2})(?=\S)(.+?)(?<=\S)\1(?!\w)", re.DOTALL)


def strip_emphasis(text: str) -> str:
    """*vừa chống dịch* → vừa chống dịch; stray asterisks go too."""
    previous = None
    while previous != text:
        previous = text
        text = _EMPHASIS.sub(r"\2", text)
    return text.replace("*", "")


def normalise(text: str) -> str:
    text = nfc(text).replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\ufeff", "").replace("\f", "\n\n")
    text = strip_emphasis(text)
    return "\n".join(_SPACES.sub(" ", line).strip() for line in text.split("\n"))


# Reading files -------------------------------------------------------------------


def extract_text(data: bytes, filename: str) -> str:
    """The text of an uploaded .txt (UTF-8) or .docx (paragraphs and table cells in order)."""
    suffix = Path(filename or "").suffix.lower()
    if suffix == ".txt":
        for encoding in ("utf-8-sig", "utf-16"):
            if encoding == "utf-16" and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
                continue
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                continue
        raise DirectiveParseError(
            _("Tệp .txt không đọc được: cần lưu với bảng mã UTF-8 (Unicode).")
        )
    if suffix == ".docx":
        return _docx_text(data)
    if suffix == ".doc":
        raise DirectiveParseError(
            _("Chưa đọc được tệp .doc (Word 97–2003): mở bằng Word, lưu lại thành .docx rồi nhập.")
        )
    raise DirectiveParseError(
        _("Chỉ nhập được văn bản từ tệp .txt hoặc .docx (tệp đã chọn: %(name)s).")
        % {"name": filename or "?"}
    )


def _docx_text(data: bytes) -> str:
    from docx import Document
    from docx.oxml.ns import qn
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise DirectiveParseError(
            _("Tệp .docx bị hỏng hoặc không phải tệp Word: không đọc được.")
        ) from exc

    lines: list[str] = []

    def walk(parent: object, element: object) -> None:
        for child in element.iterchildren():  # type: ignore[attr-defined]
            if child.tag == qn("w:p"):
                lines.append(Paragraph(child, parent).text)  # type: ignore[arg-type]
                lines.append("")
            elif child.tag == qn("w:tbl"):
                table = Table(child, parent)  # type: ignore[arg-type]
                for row in table.rows:
                    seen: set[int] = set()
                    for cell in row.cells:
                        if id(cell._tc) in seen:  # merged cells repeat
                            continue
                        seen.add(id(cell._tc))
                        walk(cell, cell._tc)

    walk(document, document.element.body)
    return "\n".join(lines)


# Parsing -------------------------------------------------------------------------

_ITEM = re.compile(r"^(\d{1,2})\s*[.)]\s+(\S.*)$")
_ROMAN = re.compile(r"^(X{0,3}(?:IX|IV|V?I{0,3}))\s*[.)]\s+(\S.*)$")
_BULLET = re.compile(r"^(?:[-–—•+]|[a-zđ]\))\s*(\S.*)$")
_NUMBER = re.compile(r"^Số\s*:?\s*(\d{1,6})\s*/\s*([^\s,;]+)", re.IGNORECASE)
_DATE_WORDS = re.compile(
    r"^(?:(?P<place>[^,]{2,60}),\s*)?ngày\s+(?P<d>\d{1,2})\s+tháng\s+(?P<m>\d{1,2})"
    r"\s+năm\s+(?P<y>\d{4})",
    re.IGNORECASE,
)
_SUBJECT = re.compile(r"^V/v\b\.?\s*", re.IGNORECASE)
_KINH_GUI = re.compile(r"^Kính\s+gửi\s*:?\s*(.*)$", re.IGNORECASE)
_NOI_NHAN = re.compile(r"^Nơi\s+nhận\s*:?\s*(.*)$", re.IGNORECASE)
_AUTHORITY = re.compile(r"^(KT|TM|TL|TUQ|Q)\.\s", re.IGNORECASE)
_SENTENCE_END = (".", ";", ":", "!", "?", "…", ")", "”", '"', "/.")
_DEADLINE = re.compile(
    r"(?:trước|chậm nhất|hạn chót|không quá)\s+(?:ngày\s+)?(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})",
    re.IGNORECASE,
)
_ASSIGN_VERB = re.compile(r"^(?:Giao(?:\s+cho)?|Đề\s+nghị|Yêu\s+cầu)\s+(.*)$", re.IGNORECASE)
# Where the phrase naming the addressees of "Giao …" ends: the first action verb.
_ACTION = re.compile(
    r"\s(?:tham mưu|chủ trì|đẩy mạnh|thực hiện|triển khai|hướng dẫn|tổng hợp|theo dõi|"
    r"rà soát|tiếp tục|tăng cường|xây dựng|phối hợp|khẩn trương|nghiên cứu|báo cáo|"
    r"chỉ đạo|kiểm tra|quán triệt|có trách nhiệm)\b",
    re.IGNORECASE,
)
_CAPS_LETTERS = re.compile(r"[^\W\d_]")


def _paragraphs(text: str) -> list[str]:
    """Lines joined into paragraphs; a page-break split paragraph is joined back."""
    blocks: list[list[str]] = [[]]
    for line in text.split("\n"):
        if not line:
            if blocks[-1]:
                blocks.append([])
            continue
        blocks[-1].append(line)
    paragraphs: list[str] = []
    for block in blocks:
        first_of_block = True
        for line in block:
            starts_new = _starts_paragraph(line) or bool(
                paragraphs and not first_of_block and _is_heading(paragraphs[-1])
            )
            if first_of_block or starts_new or not paragraphs:
                if (
                    first_of_block
                    and paragraphs
                    and not starts_new
                    and _continues(paragraphs[-1], line)
                ):
                    paragraphs[-1] = f"{paragraphs[-1]} {line}"
                else:
                    paragraphs.append(line)
            else:
                paragraphs[-1] = f"{paragraphs[-1]} {line}"
            first_of_block = False
    return [p for p in paragraphs if p]


def _starts_paragraph(line: str) -> bool:
    """Lines that begin a paragraph even right under another line (no blank between)."""
    return bool(
        _ITEM.match(line)
        or _BULLET.match(line)
        or _ROMAN_OK(line)
        or _NUMBER.match(line)
        or _DATE_WORDS.match(line)
        or _SUBJECT.match(line)
        or _KINH_GUI.match(line)
        or _NOI_NHAN.match(line)
        or _is_heading(line)
    )


def _is_heading(line: str) -> bool:
    """An all-capitals line of two words or more: letterhead, motto, signature position."""
    return len(line.split()) >= 2 and _is_caps(line)


def _ROMAN_OK(line: str) -> bool:  # noqa: N802 - reads as the pattern it wraps
    match = _ROMAN.match(line)
    return bool(match and match.group(1))


def _continues(previous: str, line: str) -> bool:
    """``line`` (after a blank line) carries on ``previous``: a page break mid-sentence."""
    first = line[:1]
    return (
        not previous.endswith(_SENTENCE_END)
        and first.isalpha()
        and first.islower()
        and not _is_caps(previous)
    )


def _is_caps(text: str) -> bool:
    letters = _CAPS_LETTERS.findall(text)
    return bool(letters) and all(ch.isupper() for ch in letters)


def _clean_item(text: str) -> str:
    return text.strip().rstrip(";").strip()


def _recipient(text: str) -> str:
    return text.strip().rstrip(";.").strip()


def _parse_date(d: str, m: str, y: str) -> date | None:
    try:
        return date(int(y), int(m), int(d))
    except ValueError:
        return None


def _task_hints(task: ParsedTask) -> None:
    match = _ASSIGN_VERB.match(task.content)
    if match:
        rest = match.group(1)
        # Cut at the first action verb outside parentheses.
        depth, cut = 0, len(rest)
        for index, char in enumerate(rest):
            if char == "(":
                depth += 1
            elif char == ")":
                depth = max(depth - 1, 0)
            elif depth == 0 and char == " ":
                if _ACTION.match(rest, index):
                    cut = index
                    break
        task.addressees = rest[:cut].strip(" :,;") or None
    deadline = _DEADLINE.search(task.content)
    if deadline:
        task.deadline = _parse_date(*deadline.groups())
    folded = fold(task.content)
    if "hang tuan" in folded:
        task.recurrence = "weekly"
    elif "hang thang" in folded:
        task.recurrence = "monthly"


def parse_directive(text: str) -> ParsedDirective:
    """Read a directive's text. Raises DirectiveParseError when it has no numbered item."""
    paragraphs = _paragraphs(normalise(text))
    result = ParsedDirective()

    # Where the numbered items start: the first "1." (or "I." section heading).
    start = None
    for index, para in enumerate(paragraphs):
        item, roman = _ITEM.match(para), _ROMAN.match(para)
        if (item and item.group(1) == "1") or (roman and roman.group(1) == "I"):
            start = index
            break
    if start is None:
        raise DirectiveParseError(
            _(
                "Không tìm thấy nhiệm vụ nào được đánh số (“1. …”, “2. …” ở đầu dòng) trong "
                "văn bản: kiểm tra lại tệp hoặc nội dung đã dán."
            )
        )

    _parse_header(paragraphs[:start], result)
    end = _parse_items(paragraphs, start, result)
    _parse_tail(paragraphs[end:], result)
    for task in result.all_tasks:
        _task_hints(task)
    for task in result.tasks:
        for sub in task.subtasks:
            if sub.addressees is None:
                sub.addressees = task.addressees
    return result


def _parse_header(paragraphs: list[str], result: ParsedDirective) -> None:
    in_recipients = False
    for para in paragraphs:
        number = _NUMBER.match(para)
        when = _DATE_WORDS.match(para)
        kinh_gui = _KINH_GUI.match(para)
        if number and result.number is None:
            result.number = int(number.group(1))
            result.symbol = number.group(2).strip(".")
            rest = para[number.end() :].strip()
            if _SUBJECT.match(rest):
                result.subject = rest
            continue
        if when and result.issued_on is None:
            result.issued_on = _parse_date(when.group("d"), when.group("m"), when.group("y"))
            result.place = (when.group("place") or "").strip()
            continue
        if _SUBJECT.match(para) and not result.subject:
            result.subject = para
            continue
        if kinh_gui:
            in_recipients = True
            if kinh_gui.group(1):
                result.recipients.append(_recipient(kinh_gui.group(1)))
            continue
        bullet = _BULLET.match(para)
        if in_recipients and bullet:
            result.recipients.append(_recipient(bullet.group(1)))
            continue
        if fold(para).startswith("doc lap - tu do"):  # the national motto
            continue
        if result.recipients:
            in_recipients = False
            result.preamble.append(para)
        elif result.subject and not _is_caps(para):
            result.preamble.append(para)
        # Anything else above the subject (agency names, the national motto) is letterhead.


def _parse_items(paragraphs: list[str], start: int, result: ParsedDirective) -> int:
    """Items from ``start``; returns the index of the first paragraph after the items."""
    section: str | None = None
    section_task: ParsedTask | None = None
    section_has_items = False
    expected = 1
    roman_expected = 1
    current: ParsedTask | None = None
    index = start
    last_item_index = start

    def close_section() -> None:
        if section_task is not None and not section_has_items:
            result.tasks.append(section_task)

    while index < len(paragraphs):
        para = paragraphs[index]
        item, roman = _ITEM.match(para), _ROMAN.match(para)
        if roman and roman.group(1) and _roman_value(roman.group(1)) == roman_expected:
            close_section()
            section = roman.group(1)
            section_task = ParsedTask(number=section, content=_clean_item(roman.group(2)))
            section_has_items = False
            current = section_task
            roman_expected += 1
            expected = 1
            last_item_index = index
        elif item and int(item.group(1)) == expected:
            number = f"{section}.{expected}" if section else str(expected)
            current = ParsedTask(number=number, content=_clean_item(item.group(2)))
            result.tasks.append(current)
            section_has_items = section is not None
            expected += 1
            last_item_index = index
        elif _NOI_NHAN.match(para):
            break
        elif current is not None and (bullet := _BULLET.match(para)) and para[0] != "+":
            parent = current.parent and _find(result.tasks, current.parent) or current
            sub = ParsedTask(
                number=f"{parent.number}.{len(parent.subtasks) + 1}",
                content=_clean_item(bullet.group(1)),
                parent=parent.number,
            )
            parent.subtasks.append(sub)
            current = sub
            last_item_index = index
        elif current is not None and para[0] == "+":
            current.content = f"{current.content}\n{para}"
            last_item_index = index
        else:
            # An unnumbered paragraph: part of the current item while more items follow,
            # the closing once the items are over.
            if _more_items(paragraphs, index + 1, expected, roman_expected):
                if current is not None:
                    current.content = f"{current.content}\n{para}"
                last_item_index = index
            else:
                break
        index += 1
    close_section()
    return last_item_index + 1


def _more_items(paragraphs: Sequence[str], start: int, expected: int, roman: int) -> bool:
    for para in paragraphs[start:]:
        if _NOI_NHAN.match(para):
            return False
        item, roman_match = _ITEM.match(para), _ROMAN.match(para)
        if item and int(item.group(1)) == expected:
            return True
        if roman_match and roman_match.group(1) and _roman_value(roman_match.group(1)) == roman:
            return True
    return False


def _find(tasks: Iterable[ParsedTask], number: str) -> ParsedTask | None:
    return next((t for t in tasks if t.number == number), None)


def _roman_value(numeral: str) -> int:
    values = {"I": 1, "V": 5, "X": 10}
    total = 0
    for i, ch in enumerate(numeral):
        value = values[ch]
        if i + 1 < len(numeral) and values[numeral[i + 1]] > value:
            total -= value
        else:
            total += value
    return total


def _parse_tail(paragraphs: list[str], result: ParsedDirective) -> None:
    """Closing paragraphs, "Nơi nhận:" and its list, then the signature block."""
    state = "closing"
    caps: list[str] = []
    for para in paragraphs:
        noi_nhan = _NOI_NHAN.match(para)
        bullet = _BULLET.match(para)
        if noi_nhan:
            state = "distribution"
            if noi_nhan.group(1):
                result.distribution.append(_recipient(noi_nhan.group(1)))
            continue
        if state == "distribution" and bullet:
            result.distribution.append(_recipient(bullet.group(1)))
            continue
        if _is_caps(para) and len(para) <= 80:
            caps.append(para)
            state = "signature"
            continue
        if state in {"signature", "distribution"} or (caps and state == "closing"):
            if para.startswith(("(", "[")):  # "(Đã ký)", "[đã ký]"
                continue
            if _looks_like_name(para):
                result.issuer_name = para
                state = "signature"
            continue
        result.closing.append(para)
    if caps:
        if _AUTHORITY.match(caps[0]) and len(caps) > 1:
            result.issuer_authority, result.issuer_position = caps[0], caps[1]
        else:
            result.issuer_position = caps[-1] if not _AUTHORITY.match(caps[-1]) else caps[0]


def _looks_like_name(text: str) -> bool:
    words = text.split()
    return 2 <= len(words) <= 6 and all(w[:1].isupper() for w in words) and "." not in text


# Matching unit names ---------------------------------------------------------


@dataclass(frozen=True)
class UnitName:
    key: int
    name: str
    short_name: str = ""


def _variants(unit: UnitName) -> set[str]:
    out: set[str] = set()
    for raw in (unit.name, unit.short_name):
        folded = fold(raw)
        if len(folded) < 4:
            continue
        out.add(folded)
        for suffix in (" so", " thuoc so", " truc thuoc so"):
            if folded.endswith(suffix) and len(folded) - len(suffix) >= 6:
                out.add(folded[: -len(suffix)])
    return out


def match_units(phrase: str, units: Sequence[UnitName]) -> list[int]:
    """Keys of the units named in ``phrase``, in the order they appear; where two names
    overlap the longer one wins ("Văn phòng Sở" over "Văn phòng")."""
    text = f" {fold(phrase)} "
    text = re.sub(r"[^\w]+", " ", text)
    hits: list[tuple[int, int, int]] = []  # start, -length, key
    for unit in units:
        for variant in _variants(unit):
            needle = " " + re.sub(r"[^\w]+", " ", variant).strip() + " "
            start = text.find(needle)
            while start != -1:
                hits.append((start, -len(needle), unit.key))
                start = text.find(needle, start + 1)
    hits.sort()
    chosen: list[int] = []
    covered_until = -1
    for start, neg_len, key in hits:
        if start < covered_until:
            continue
        covered_until = start - neg_len - 1
        if key not in chosen:
            chosen.append(key)
    return chosen

"""A Vietnamese administrative document (Nghị định 30/2020/NĐ-CP, Phụ lục I) as plain data.

Nothing here knows about models: callers build these frozen dataclasses from whatever
they have, and the renderers (``render_docx``, ``render_pdf``, ``render_xlsx``) lay them
out. Every text is NFC-normalised on the way in. A bad value raises
:class:`DocumentError` whose messages are in Vietnamese, one per problem found, each
naming the field.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.utils.translation import gettext, gettext_noop

VN_TZ = ZoneInfo("Asia/Ho_Chi_Minh")
# Nghị định 30/2020/NĐ-CP took effect on 05/3/2020: no document in this format is older.
ND30_EFFECTIVE = dt.date(2020, 3, 5)
# A date more than this far ahead of today is taken for a typo (a wrong year).
MAX_DAYS_AHEAD = 366
MAX_NUMBER = 99_999
DRAFT_NUMBER_BLANK = " " * 5  # "Số:      /BC-SLĐTBXH" (six spaces after the colon)
SIGNING_AUTHORITIES = ("KT.", "TM.", "TL.", "TUQ.")
FINAL_MARK = "./."

_SYMBOL_GROUP = r"[^\W_]+"  # letters (Đ included) and digits, no underscore
_SYMBOL_RE = re.compile(rf"{_SYMBOL_GROUP}(-{_SYMBOL_GROUP})*")


class DocumentError(ValueError):
    """Bad input for a document; ``messages`` lists every problem, in Vietnamese."""

    def __init__(self, messages: Sequence[str]) -> None:
        self.messages = list(messages)
        super().__init__("; ".join(self.messages))


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _clean(value: object, field_name: str, errors: list[str], *, required: bool = True) -> str:
    """``value`` as an NFC, stripped string; an error when it is not text or is missing."""
    if value is None:
        value = ""
    if not isinstance(value, str):
        errors.append(f"{field_name}: phải là chuỗi văn bản (nhận được {type(value).__name__}).")
        return ""
    text = nfc(value).strip()
    if required and not text:
        errors.append(f"{field_name}: không được để trống.")
    return text


def _raise(errors: list[str]) -> None:
    if errors:
        raise DocumentError(errors)


def _set(obj: object, name: str, value: object) -> None:
    object.__setattr__(obj, name, value)


# --- formatting --------------------------------------------------------------------------


def _month(month: int) -> str:
    """Months 1 and 2 take a leading zero (so "01", "02" cannot be misread); 3..12 do not."""
    return f"{month:02d}" if month <= 2 else str(month)


def long_date(date: dt.date) -> str:
    """``ngày 05 tháng 02 năm 2021``; ``ngày 31 tháng 8 năm 2021`` (the day on two
    digits, the month on two only for January and February)."""
    return f"ngày {date.day:02d} tháng {_month(date.month)} năm {date.year}"


def format_date_line(place: str, date: dt.date) -> str:
    """``Thanh Hóa, ngày 05 tháng 02 năm 2021``; ``Thanh Hóa, ngày 31 tháng 8 năm 2021``."""
    return f"{nfc(place)}, {long_date(date)}"


def format_short_date(date: dt.date) -> str:
    """``05/02/2021``, ``31/8/2021``: the way dates are cited inside the text."""
    return f"{date.day:02d}/{_month(date.month)}/{date.year}"


def format_number(number: int | None, symbol: str) -> str:
    """``Số: 05/BC-SLĐTBXH``; with no number, ``Số:      /BC-SLĐTBXH`` (a draft)."""
    shown = DRAFT_NUMBER_BLANK if number is None else f"{number:02d}"
    return f"Số: {shown}/{symbol}"


# --- kinds -------------------------------------------------------------------------------


class DocumentKind(enum.Enum):
    """Types of document with their name and Phụ lục III abbreviation."""

    BAO_CAO = ("BÁO CÁO", "BC")
    KE_HOACH = ("KẾ HOẠCH", "KH")
    QUYET_DINH = ("QUYẾT ĐỊNH", "QĐ")
    THONG_BAO = ("THÔNG BÁO", "TB")
    HUONG_DAN = ("HƯỚNG DẪN", "HD")
    CHUONG_TRINH = ("CHƯƠNG TRÌNH", "CTr")
    TO_TRINH = ("TỜ TRÌNH", "TTr")
    GIAY_MOI = ("GIẤY MỜI", "GM")
    CONG_VAN = (None, None)  # no type name, no title, no type code

    @property
    def type_name(self) -> str | None:
        return self.value[0]

    @property
    def code(self) -> str | None:
        return self.value[1]

    @property
    def is_cong_van(self) -> bool:
        return self is DocumentKind.CONG_VAN


# --- header ------------------------------------------------------------------------------


def _today() -> dt.date:
    return dt.datetime.now(VN_TZ).date()


@dataclass(frozen=True)
class Header:
    """The two-column header: issuing bodies and number (left), national motto and date (right).

    ``number`` is None for a draft awaiting registration. ``symbol`` is what follows the
    slash: ``BC-SLĐTBXH`` for a báo cáo, ``SLĐTBXH-VP`` for a công văn. ``subject_line``
    is a công văn's summary, shown under the number (``V/v`` is added when missing).
    A ``\\n`` in a body name forces a line break there; otherwise the name is wrapped to
    the column.
    """

    date: dt.date
    symbol: str
    number: int | None = None
    parent_body: str = "UBND TỈNH THANH HÓA"
    issuing_body: str = "SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI"
    place: str = "Thanh Hóa"
    subject_line: str | None = None

    def __post_init__(self) -> None:
        errors: list[str] = []
        number = self.number
        if number is not None and (isinstance(number, bool) or not isinstance(number, int)):
            errors.append(f"Số văn bản: phải là số nguyên (nhận được {number!r}).")
        elif number is not None and number < 1:
            errors.append(f"Số văn bản: phải từ 1 trở lên (nhận được {number}).")
        elif number is not None and number > MAX_NUMBER:
            errors.append(f"Số văn bản: quá lớn ({number}); số được đánh lại từ 01 mỗi năm.")

        symbol = _clean(self.symbol, "Ký hiệu văn bản", errors)
        if symbol and re.search(r"\s", symbol):
            errors.append(
                f"Ký hiệu văn bản: không được chứa dấu cách (nhận được “{symbol}”); "
                "các nhóm chữ nối bằng dấu gạch nối, ví dụ BC-SLĐTBXH."
            )
        elif symbol and "/" in symbol:
            errors.append(
                f"Ký hiệu văn bản: chỉ ghi phần sau dấu “/” (nhận được “{symbol}”), "
                "ví dụ BC-SLĐTBXH."
            )
        elif symbol and not _SYMBOL_RE.fullmatch(symbol):
            errors.append(
                f"Ký hiệu văn bản: chỉ gồm chữ và số, các nhóm nối bằng một dấu gạch nối "
                f"(nhận được “{symbol}”)."
            )
        _set(self, "symbol", symbol)

        _set(
            self,
            "parent_body",
            _clean(self.parent_body, "Cơ quan chủ quản", errors, required=False),
        )
        _set(self, "issuing_body", _clean(self.issuing_body, "Cơ quan ban hành", errors))
        _set(self, "place", _clean(self.place, "Địa danh", errors))

        if not isinstance(self.date, dt.date) or isinstance(self.date, dt.datetime):
            errors.append(f"Ngày ban hành: phải là một ngày (date), nhận được {self.date!r}.")
        elif self.date < ND30_EFFECTIVE:
            errors.append(
                f"Ngày ban hành: {format_short_date(self.date)} trước ngày Nghị định "
                "30/2020/NĐ-CP có hiệu lực (05/3/2020); kiểm tra lại năm."
            )
        elif (self.date - _today()).days > MAX_DAYS_AHEAD:
            errors.append(
                f"Ngày ban hành: {format_short_date(self.date)} cách hôm nay hơn một năm; "
                "kiểm tra lại năm."
            )

        if self.subject_line is not None:
            subject = _clean(self.subject_line, "Trích yếu (V/v)", errors)
            if subject and not subject.startswith("V/v"):
                subject = f"V/v {subject}"
            _set(self, "subject_line", subject or None)
        _raise(errors)

    @property
    def number_line(self) -> str:
        return format_number(self.number, self.symbol)

    @property
    def date_line(self) -> str:
        return format_date_line(self.place, self.date)


# --- body --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Run:
    """A stretch of text inside a paragraph, optionally bold or italic."""

    text: str
    bold: bool = False
    italic: bool = False

    def __post_init__(self) -> None:
        errors: list[str] = []
        if not isinstance(self.text, str):
            errors.append(f"Đoạn văn: phải là chuỗi văn bản (nhận được {self.text!r}).")
        elif "\n" in self.text or "\r" in self.text:
            errors.append("Đoạn văn: không xuống dòng trong một đoạn; hãy tách thành nhiều đoạn.")
        else:
            _set(self, "text", nfc(self.text))
        _raise(errors)


class ParagraphKind(enum.Enum):
    BODY = "body"  # justified, first-line indent
    HEADING = "heading"  # "I. KẾT QUẢ THỰC HIỆN", "1. Công tác chỉ đạo": bold, same indent


@dataclass(frozen=True)
class Paragraph:
    runs: tuple[Run, ...]
    kind: ParagraphKind = ParagraphKind.BODY

    def __post_init__(self) -> None:
        runs = tuple(self.runs)
        if not runs or not "".join(r.text for r in runs).strip():
            raise DocumentError(["Đoạn văn: không được để trống."])
        if not all(isinstance(r, Run) for r in runs):
            raise DocumentError(["Đoạn văn: các phần phải là Run."])
        _set(self, "runs", runs)

    @classmethod
    def of(cls, *parts: str | Run, kind: ParagraphKind = ParagraphKind.BODY) -> Paragraph:
        """``Paragraph.of("Thực hiện ", Run("Công văn số 13341/UBND-CNTT", italic=True), "…")``."""
        return cls(tuple(Run(p) if isinstance(p, str) else p for p in parts), kind)

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)


def heading(text: str) -> Paragraph:
    """A bold heading paragraph: ``heading("I. KẾT QUẢ THỰC HIỆN")``."""
    return Paragraph.of(text, kind=ParagraphKind.HEADING)


class TaskStatus(enum.Enum):
    """The four categories the government counts directive results by."""

    DONE_ON_TIME = gettext_noop("Đã hoàn thành đúng hạn")
    DONE_LATE = gettext_noop("Đã hoàn thành quá hạn")
    IN_PROGRESS = gettext_noop("Đang thực hiện trong hạn")
    OVERDUE = gettext_noop("Quá hạn chưa hoàn thành")

    @property
    def label(self) -> str:
        """The category as documents write it: always Vietnamese."""
        return self.value

    @property
    def display(self) -> str:
        """The category in the page's language (badges, filters)."""
        return gettext(self.value)


RESULT_COLUMNS = (
    "STT",
    "Nhiệm vụ",
    "Đơn vị chủ trì",
    "Đơn vị phối hợp",
    "Thời hạn",
    "Kết quả thực hiện",
    "Tình trạng",
    "Khó khăn, vướng mắc, đề xuất",
)


@dataclass(frozen=True)
class ResultRow:
    """One task of a directive and how it went. STT is numbered by the table."""

    task: str
    lead_unit: str
    status: TaskStatus
    partner_units: str = ""
    deadline: dt.date | None = None
    result: str = ""
    issues: str = ""

    def __post_init__(self) -> None:
        errors: list[str] = []
        _set(self, "task", _clean(self.task, "Nhiệm vụ", errors))
        _set(self, "lead_unit", _clean(self.lead_unit, "Đơn vị chủ trì", errors))
        _set(
            self,
            "partner_units",
            _clean(self.partner_units, "Đơn vị phối hợp", errors, required=False),
        )
        _set(self, "result", _clean(self.result, "Kết quả thực hiện", errors, required=False))
        _set(self, "issues", _clean(self.issues, "Khó khăn, vướng mắc", errors, required=False))
        if not isinstance(self.status, TaskStatus):
            errors.append(f"Tình trạng: phải là TaskStatus (nhận được {self.status!r}).")
        if self.deadline is not None and (
            not isinstance(self.deadline, dt.date) or isinstance(self.deadline, dt.datetime)
        ):
            errors.append(
                f"Thời hạn: phải là một ngày (date) hoặc None, nhận được {self.deadline!r}."
            )
        _raise(errors)

    def cells(self, stt: int) -> tuple[str, ...]:
        """The eight cells as text, in the order of ``RESULT_COLUMNS``."""
        deadline = format_short_date(self.deadline) if self.deadline else ""
        return (
            str(stt),
            self.task,
            self.lead_unit,
            self.partner_units,
            deadline,
            self.result,
            self.status.label,
            self.issues,
        )


@dataclass(frozen=True)
class ResultsTable:
    """The results table: STT | Nhiệm vụ | … with the (1), (2)… row under the header.

    ``landscape`` puts it on landscape pages of its own (in .docx and .pdf).
    """

    rows: tuple[ResultRow, ...]
    caption: str | None = None
    landscape: bool = False

    def __post_init__(self) -> None:
        errors: list[str] = []
        rows = tuple(self.rows)
        if not rows:
            errors.append("Bảng kết quả: chưa có nhiệm vụ nào.")
        elif not all(isinstance(r, ResultRow) for r in rows):
            errors.append("Bảng kết quả: mỗi dòng phải là ResultRow.")
        _set(self, "rows", rows)
        if self.caption is not None:
            _set(self, "caption", _clean(self.caption, "Tên bảng", errors) or None)
        _raise(errors)

    @property
    def column_numbers(self) -> tuple[str, ...]:
        return tuple(f"({i})" for i in range(1, len(RESULT_COLUMNS) + 1))

    def status_counts(self) -> dict[TaskStatus, int]:
        """How many tasks fall in each category, every category present (0 included)."""
        counts = Counter(r.status for r in self.rows)
        return {status: counts.get(status, 0) for status in TaskStatus}


class Align(enum.Enum):
    LEFT = "left"
    CENTER = "center"
    RIGHT = "right"


@dataclass(frozen=True)
class Column:
    """One column of a :class:`Table`: its header and the width it needs, in mm (the
    widths are scaled to the text width of the page the table lands on)."""

    header: str
    width: float
    align: Align = Align.LEFT
    merge_repeats: bool = False  # a cell equal to the one above is merged with it

    def __post_init__(self) -> None:
        errors: list[str] = []
        _set(self, "header", _clean(self.header, "Tên cột", errors))
        if isinstance(self.width, bool) or not isinstance(self.width, int | float):
            errors.append(f"Độ rộng cột: phải là số mm (nhận được {self.width!r}).")
        elif self.width <= 0:
            errors.append(f"Độ rộng cột “{self.header}”: phải lớn hơn 0 (nhận được {self.width}).")
        if not isinstance(self.align, Align):
            errors.append(f"Căn lề cột: phải là Align (nhận được {self.align!r}).")
        _raise(errors)


class RowKind(enum.Enum):
    DATA = "data"
    GROUP = "group"  # one bold cell across the whole row ("Nhiệm vụ 1: …")
    TOTAL = "total"  # bold cells ("Tổng cộng")


@dataclass(frozen=True)
class TableRow:
    """One row: a text per column (a ``\n`` starts a new line in the cell). A GROUP row
    has a single text, shown across every column."""

    cells: tuple[str, ...]
    kind: RowKind = RowKind.DATA

    def __post_init__(self) -> None:
        errors: list[str] = []
        if isinstance(self.cells, str):
            raise DocumentError(["Dòng của bảng: phải là một danh sách ô, không phải một chuỗi."])
        cells = []
        for i, cell in enumerate(self.cells, start=1):
            cells.append(_clean(cell, f"Ô thứ {i}", errors, required=False))
        _set(self, "cells", tuple(cells))
        if not isinstance(self.kind, RowKind):
            errors.append(f"Loại dòng: phải là RowKind (nhận được {self.kind!r}).")
        elif self.kind is RowKind.GROUP and (len(cells) != 1 or not cells[0]):
            errors.append("Dòng nhóm: chỉ có một ô và không được để trống.")
        _raise(errors)


@dataclass(frozen=True)
class Table:
    """A ruled table with a header row repeated on every page; rows may split across
    pages. It is set on a portrait page when its columns fit the portrait text width
    (165 mm), on landscape pages of its own otherwise. ``column_numbers`` adds the
    (1), (2)… row under the header."""

    columns: tuple[Column, ...]
    rows: tuple[TableRow, ...]
    caption: str | None = None
    column_numbers: bool = False
    size: float = 12

    def __post_init__(self) -> None:
        errors: list[str] = []
        columns, rows = tuple(self.columns), tuple(self.rows)
        if not columns or not all(isinstance(c, Column) for c in columns):
            errors.append("Bảng: phải có ít nhất một cột, mỗi cột là Column.")
        if not rows:
            errors.append("Bảng: chưa có dòng nào.")
        elif not all(isinstance(r, TableRow) for r in rows):
            errors.append("Bảng: mỗi dòng phải là TableRow.")
        else:
            for i, row in enumerate(rows, start=1):
                if row.kind is not RowKind.GROUP and len(row.cells) != len(columns):
                    errors.append(
                        f"Bảng, dòng {i}: có {len(row.cells)} ô, bảng có {len(columns)} cột."
                    )
        _set(self, "columns", columns)
        _set(self, "rows", rows)
        if self.caption is not None:
            _set(self, "caption", _clean(self.caption, "Tên bảng", errors) or None)
        if not isinstance(self.size, int | float) or not 9 <= self.size <= 14:
            errors.append(f"Cỡ chữ của bảng: từ 9 đến 14 (nhận được {self.size!r}).")
        _raise(errors)

    @property
    def width(self) -> float:
        return float(sum(c.width for c in self.columns))

    @property
    def numbers(self) -> tuple[str, ...]:
        return tuple(f"({i})" for i in range(1, len(self.columns) + 1))

    def data_rows(self) -> list[TableRow]:
        return [r for r in self.rows if r.kind is RowKind.DATA]


Block = Paragraph | ResultsTable | Table


@dataclass(frozen=True)
class Annex:
    """A Phụ lục / Danh sách kèm theo, after the signature on a new page: its title in
    capitals, bold; an optional bold subtitle; ``note`` in italics, usually
    ``(Kèm theo Công văn số …)`` (see :func:`annex_note`); then its blocks."""

    title: str
    body: tuple[Paragraph | Table, ...]
    subtitle: str | None = None
    note: str | None = None

    def __post_init__(self) -> None:
        errors: list[str] = []
        _set(self, "title", _clean(self.title, "Tên phụ lục", errors).upper())
        if self.subtitle is not None:
            _set(self, "subtitle", _clean(self.subtitle, "Tiêu đề phụ lục", errors) or None)
        if self.note is not None:
            _set(self, "note", _clean(self.note, "Dòng kèm theo của phụ lục", errors) or None)
        body = tuple(self.body)
        if not body:
            errors.append("Phụ lục: chưa có nội dung.")
        elif not all(isinstance(b, Paragraph | Table) for b in body):
            errors.append("Phụ lục: mỗi phần phải là Paragraph hoặc Table.")
        _set(self, "body", body)
        _raise(errors)

    def tables(self) -> list[Table]:
        return [b for b in self.body if isinstance(b, Table)]


def annex_note(kind_name: str, header: Header, issuer: str) -> str:
    """``(Kèm theo Công văn số 05/SLĐTBXH-VP ngày 02 tháng 12 năm 2026 của Sở …)``; a draft
    without a number keeps the blank for the clerk."""
    # a draft keeps its blank with no-break spaces: HTML would fold ordinary ones
    number = format_number(header.number, header.symbol).removeprefix("Số: ")
    number = number.replace(" ", "\u00a0")
    date = header.date
    return f"(Kèm theo {nfc(kind_name)} số {number} {long_date(date)} của {nfc(issuer)})"


# --- recipients and signature ------------------------------------------------------------


def _list_items(items: Iterable[str], field_name: str, errors: list[str]) -> tuple[str, ...]:
    """Items without the "- " / ";" the renderer adds (tolerated on input, then removed)."""
    if isinstance(items, str):
        errors.append(f"{field_name}: phải là một danh sách, không phải một chuỗi.")
        return ()
    cleaned = []
    for i, raw in enumerate(items, start=1):
        text = _clean(raw, f"{field_name} (mục {i})", errors)
        text = re.sub(r"^[-–]\s*", "", text)
        text = re.sub(r"[;.]\s*$", "", text).strip()
        if not text and raw and isinstance(raw, str) and raw.strip():
            errors.append(f"{field_name} (mục {i}): không được để trống.")
        if text:
            cleaned.append(text)
    return tuple(cleaned)


@dataclass(frozen=True)
class Recipients:
    """Items of "Nơi nhận:"; the renderer adds "- " and ";" and ends with "- Lưu: VT, VP."."""

    items: tuple[str, ...] = ()
    archive: str = "VT, VP"

    def __post_init__(self) -> None:
        errors: list[str] = []
        items = _list_items(self.items, "Nơi nhận", errors)
        for item in items:
            if item.lower().startswith("lưu"):
                errors.append(
                    f"Nơi nhận: “{item}” — ghi nơi lưu vào trường archive (ví dụ “VT, VP”), "
                    "không ghi vào danh sách."
                )
        _set(self, "items", items)
        archive = _clean(self.archive, "Nơi lưu", errors)
        archive = re.sub(r"^(-\s*)?Lưu:\s*", "", archive).rstrip(".").strip()
        _set(self, "archive", archive)
        _raise(errors)

    def lines(self) -> list[str]:
        return [f"- {item};" for item in self.items] + [f"- Lưu: {self.archive}."]


@dataclass(frozen=True)
class Signature:
    """``Signature("PHÓ GIÁM ĐỐC", "Nguyễn Văn A", authority="KT. GIÁM ĐỐC")``.

    ``authority`` is the line above the title when signing on behalf (KT., TM., TL.,
    TUQ.); a director signing himself leaves it None and has ``title="GIÁM ĐỐC"``.
    Authority and title are shown in capitals.
    """

    title: str
    name: str
    authority: str | None = None

    def __post_init__(self) -> None:
        errors: list[str] = []
        _set(self, "title", _clean(self.title, "Chức vụ người ký", errors).upper())
        _set(self, "name", _clean(self.name, "Họ tên người ký", errors))
        if self.authority is not None:
            authority = _clean(self.authority, "Quyền hạn ký", errors).upper()
            prefix = authority.split(" ", 1)[0]
            if authority and (prefix not in SIGNING_AUTHORITIES or " " not in authority):
                errors.append(
                    f"Quyền hạn ký: “{authority}” phải bắt đầu bằng "
                    f"{', '.join(SIGNING_AUTHORITIES)} rồi đến chức vụ, ví dụ “KT. GIÁM ĐỐC”."
                )
            _set(self, "authority", authority or None)
        _raise(errors)

    def lines(self) -> list[str]:
        """The bold capitals above the space for the signature and seal."""
        return [line for line in (self.authority, self.title) if line]


# --- the document ------------------------------------------------------------------------


def _end_with_final_mark(paragraph: Paragraph, errors: list[str]) -> Paragraph:
    if paragraph.kind is ParagraphKind.HEADING:
        errors.append("Nội dung: văn bản không thể kết thúc bằng một đề mục.")
        return paragraph
    last = paragraph.runs[-1]
    text = last.text.rstrip()
    if text.endswith(FINAL_MARK):
        ending = text
    elif text.endswith("."):
        ending = text + "/."
    elif text and (text[-1].isalnum() or text[-1] in ")”\"'»"):
        ending = text + FINAL_MARK
    else:
        errors.append(
            f"Nội dung: câu cuối kết thúc bằng “{text[-1:]}”; hãy kết thúc bằng một câu "
            "trọn vẹn (dấu “./.” được thêm tự động)."
        )
        return paragraph
    runs = paragraph.runs[:-1] + (Run(ending, last.bold, last.italic),)
    return Paragraph(runs, paragraph.kind)


@dataclass(frozen=True)
class Document:
    """A whole document. ``subject`` is the title under the type name (not for a công văn,
    whose summary is ``header.subject_line``). ``kinh_gui``: the addressees (required for a
    công văn). The last paragraph gets its closing ``./.`` if it lacks it.
    """

    kind: DocumentKind
    header: Header
    body: tuple[Block, ...]
    signature: Signature
    recipients: Recipients = field(default_factory=Recipients)
    subject: str | None = None
    kinh_gui: tuple[str, ...] = ()
    annexes: tuple[Annex, ...] = ()

    def __post_init__(self) -> None:
        errors: list[str] = []
        if not isinstance(self.kind, DocumentKind):
            raise DocumentError([f"Loại văn bản: phải là DocumentKind (nhận được {self.kind!r})."])
        for name, cls in (("header", Header), ("signature", Signature), ("recipients", Recipients)):
            if not isinstance(getattr(self, name), cls):
                errors.append(f"{name}: phải là {cls.__name__}.")
        _raise(errors)

        kind, header = self.kind, self.header
        code = kind.code
        if code is not None and not header.symbol.startswith(f"{code}-"):
            errors.append(
                f"Ký hiệu văn bản: {kind.type_name.lower() if kind.type_name else ''} phải có "
                f"ký hiệu bắt đầu bằng “{code}-” (nhận được “{header.symbol}”)."
            )
        if kind.is_cong_van:
            clash = next(
                (k for k in DocumentKind if k.code and header.symbol.startswith(f"{k.code}-")),
                None,
            )
            if clash is not None:
                errors.append(
                    f"Ký hiệu văn bản: công văn không có mã loại văn bản, nhưng “{header.symbol}” "
                    f"bắt đầu bằng “{clash.code}-” ({clash.type_name}); "
                    "ký hiệu công văn là cơ quan và đơn vị soạn thảo, ví dụ SLĐTBXH-VP."
                )
            if not header.subject_line:
                errors.append("Trích yếu (V/v): công văn phải có trích yếu dưới số, ví dụ “V/v …”.")
            if self.subject:
                errors.append(
                    "Tên văn bản: công văn không có tên loại và tiêu đề; "
                    "ghi trích yếu vào header.subject_line."
                )
        else:
            if header.subject_line:
                errors.append(
                    f"Trích yếu (V/v): chỉ công văn có “V/v” dưới số; {kind.type_name} ghi "
                    "trích yếu vào subject."
                )
            subject = _clean(self.subject, f"Trích yếu nội dung của {kind.type_name}", errors)
            _set(self, "subject", subject)

        _set(self, "kinh_gui", _list_items(self.kinh_gui, "Kính gửi", errors))
        if kind.is_cong_van and not self.kinh_gui:
            errors.append("Kính gửi: công văn phải có ít nhất một nơi nhận trong “Kính gửi”.")

        body = tuple(self.body)
        if not body:
            errors.append("Nội dung: văn bản chưa có đoạn nào.")
        elif not all(isinstance(b, Paragraph | ResultsTable | Table) for b in body):
            errors.append("Nội dung: mỗi phần phải là Paragraph, ResultsTable hoặc Table.")
        elif not isinstance(body[-1], Paragraph):
            errors.append(
                "Nội dung: văn bản phải kết thúc bằng một đoạn văn (có “./.”), không phải bảng."
            )
        else:
            body = body[:-1] + (_end_with_final_mark(body[-1], errors),)
        _set(self, "body", body)
        annexes = tuple(self.annexes)
        if not all(isinstance(a, Annex) for a in annexes):
            errors.append("Phụ lục: mỗi phụ lục phải là Annex.")
        _set(self, "annexes", annexes)
        _raise(errors)

    @property
    def title(self) -> str | None:
        return self.kind.type_name

    def tables(self) -> list[ResultsTable]:
        return [b for b in self.body if isinstance(b, ResultsTable)]

    def all_tables(self) -> list[Table]:
        """The generic tables of the body and of every annex."""
        found = [b for b in self.body if isinstance(b, Table)]
        for annex in self.annexes:
            found.extend(annex.tables())
        return found

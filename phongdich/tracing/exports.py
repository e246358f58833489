"""Spreadsheet export of traced contacts, shared by the web UI and ``manage.py trace``.

Made by the one workbook factory (``core/xlsx.py``): user text is never a formula
or a link, exposure times are real date-time cells, contact times read "8 giờ 04
phút", and the title block names the case, its onset date, the tracing parameters,
when and by whom the file was exported, and that it holds personal data."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from phongdich.core.xlsx import Column, Sheet, build_workbook
from phongdich.tracing.models import Case, Contact, TraceRun
from phongdich.tracing.selectors.rows import ContactRow, contact_rows

__all__ = ["CLI_EXPORTER", "TraceHeader", "columns", "contacts_xlsx", "exporter_name", "headers"]

# Who exported a file written by the command (there is no signed-in user).
CLI_EXPORTER = "manage.py trace"


@dataclass(frozen=True)
class TraceHeader:
    """What the title block says about the trace: whose contacts, and how they were found.

    ``subject`` is the first line: ("Ca bệnh", "F0 #12 – Nguyễn Văn Ạ") for a case,
    ("Người được truy vết", the person's name) for the command. ``params`` is the
    finished run (or the command's ``Params``) the contacts come from: anything with
    ``depth``, ``days_before_onset``, ``min_overlap_minutes`` and ``open_visit_hours``;
    None when the case has no finished run yet."""

    subject: tuple[str, str]
    onset: date
    params: Any = None
    as_of: datetime | None = None

    @classmethod
    def of_case(cls, case: Case, run: TraceRun | None) -> TraceHeader:
        name = case.person.full_name or case.person.identity
        return cls(
            subject=(_("Ca bệnh"), f"{case} – {name}"),
            onset=case.onset,
            params=run,
            as_of=run.as_of if run is not None else None,
        )

    @classmethod
    def of_person(cls, *, name: str, onset: date, params: Any, as_of: datetime) -> TraceHeader:
        return cls(
            subject=(_("Người được truy vết"), name), onset=onset, params=params, as_of=as_of
        )

    def filters(self) -> list[tuple[str, Any]]:
        lines: list[tuple[str, Any]] = [self.subject, (_("Ngày khởi phát"), self.onset)]
        params = self.params
        if params is None:
            lines.append((_("Tham số truy vết"), _("Chưa có lần truy vết hoàn tất")))
            return lines
        if self.as_of is not None:
            lines.append((_("Tính đến thời điểm"), self.as_of))
        lines += [
            (_("Số cấp truy vết"), params.depth),
            (_("Số ngày lây nhiễm trước khởi phát"), params.days_before_onset),
            (_("Thời gian tiếp xúc tối thiểu (phút)"), params.min_overlap_minutes),
            (_("Thời gian ở lại tối đa khi không check-out (giờ)"), params.open_visit_hours),
        ]
        return lines


def headers() -> list[str]:
    """The headers of the plain-text table of ``manage.py trace --format table``."""
    return [
        _("Cấp"),
        _("Người tiếp xúc"),
        _("Họ và tên"),
        _("Số điện thoại"),
        _("Đơn vị"),
        _("Thời điểm tiếp xúc"),
        _("Qua người"),
        _("Địa điểm"),
        _("Số phút tiếp xúc"),
    ]


def columns() -> list[Column]:
    """The columns of the .xlsx: the table's, with the contact time as a duration."""
    level, person, name, phone, unit, exposed, via, place, _minutes = headers()
    return [
        Column(level, width=6),
        Column(person),
        Column(name),
        Column(phone),
        Column(unit),
        Column(exposed, kind="datetime"),
        Column(via),
        Column(place),
        Column(_("Thời gian tiếp xúc"), kind="duration"),
    ]


def _values(row: ContactRow) -> tuple[Any, ...]:
    place = f"{row.location_name} ({row.location})" if row.location_name else row.location
    return (
        f"F{row.level}",
        row.person,
        row.full_name,
        row.phone,
        row.unit,
        row.exposed_at,
        f"{row.via} {row.via_name}".strip(),
        place,
        row.overlap_minutes,  # minutes: written "1 giờ 00 phút"
    )


def exporter_name(user: Any) -> str:
    """The name of who exports: their staff record's (family name first), else the
    account's full name, else the user name."""
    if user is None:
        return CLI_EXPORTER
    staff = getattr(user, "staff", None)
    if staff is not None and staff.full_name:
        return str(staff.full_name)
    return str(user.get_full_name() or user.get_username())


def contacts_xlsx(
    rows: Sequence[ContactRow] | None = None,
    *,
    header: TraceHeader,
    exported_by: str,
    exported_at: datetime | None = None,
    contacts: Iterable[Contact] | None = None,
) -> bytes:
    """An .xlsx of contacts: from ``rows`` (see ``selectors.contact_rows*``), or from
    stored ``contacts`` (select_related person__staff__unit, via, location)."""
    if rows is None:
        rows = contact_rows(contacts=contacts or [])
    sheet = Sheet(
        name=_("Người tiếp xúc"),
        title=_("DANH SÁCH NGƯỜI TIẾP XÚC"),
        columns=columns(),
        rows=(_values(row) for row in rows),
        filters=header.filters(),
        personal_data=True,
    )
    return build_workbook(
        sheets=[sheet], exported_by=exported_by, exported_at=exported_at or timezone.now()
    )

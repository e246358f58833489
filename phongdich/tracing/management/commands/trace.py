"""manage.py trace --person P --onset YYYY-MM-DD [options]: trace contacts of one person.

A read-only query (no case is created), written to the audit log by the service
``person_trace``. Output: the
JSON of docs/tracing.md (default), an aligned table, or an .xlsx file.
Exit codes: 0 done; 2 bad input (message on stderr).
"""

from __future__ import annotations

import json
import unicodedata
from datetime import date, datetime
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _

from phongdich.checkin.models import DiseaseProfile, Person
from phongdich.core.xlsx import format_duration
from phongdich.tracing import exports
from phongdich.tracing.selectors import ContactRow, contact_rows_of_result
from phongdich.tracing.services import TracingServiceError, person_trace, trace_params
from tracing_engine.identity import normalize_identity

BAD_INPUT = 2
FORMATS = ("json", "table", "xlsx")


def _fail(message: str) -> CommandError:
    return CommandError(message, returncode=BAD_INPUT)


def _date(raw: str, label: str) -> date:
    try:
        return date.fromisoformat(raw.strip())
    except ValueError:
        raise _fail(
            _("%(label)s “%(raw)s” không phải ngày dạng YYYY-MM-DD (ví dụ 2021-09-10).")
            % {"label": label, "raw": raw}
        ) from None


def _moment(raw: str | None, label: str) -> datetime | None:
    """ISO 8601; without an offset the time is local (Asia/Ho_Chi_Minh)."""
    if raw is None:
        return None
    try:
        value = datetime.fromisoformat(raw.strip())
    except ValueError:
        raise _fail(
            _("%(label)s “%(raw)s” không phải thời điểm ISO 8601 (ví dụ 2021-09-12T09:00+07:00).")
            % {"label": label, "raw": raw}
        ) from None
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    return value


def _int(raw: str | None, label: str, low: int, high: int) -> int | None:
    if raw is None:
        return None
    try:
        value = int(raw.strip())
    except ValueError:
        value = None
    if value is None or not low <= value <= high:
        raise _fail(
            _("%(label)s phải là số nguyên từ %(low)d đến %(high)d (nhận “%(raw)s”).")
            % {"label": label, "low": low, "high": high, "raw": raw}
        )
    return value


def table(rows: list[ContactRow]) -> str:
    """An aligned plain-text table with Vietnamese headers."""
    headers = [*exports.headers()[:-1], _("Thời gian tiếp xúc")]
    body = [
        [
            f"F{r.level}",
            r.person,
            r.full_name,
            r.phone,
            r.unit,
            timezone.localtime(r.exposed_at).strftime("%d/%m/%Y %H:%M:%S"),
            r.via,
            r.location,
            format_duration(r.overlap_minutes),  # "7 giờ 05 phút", as on the pages
        ]
        for r in rows
    ]

    def width(text: str) -> int:
        return sum(0 if unicodedata.combining(ch) else 1 for ch in text)

    widths = [max([width(h)] + [width(line[i]) for line in body]) for i, h in enumerate(headers)]

    def fmt(cells: list[str]) -> str:
        padded = [c + " " * (w - width(c)) for c, w in zip(cells, widths, strict=True)]
        padded[-1] = " " * (widths[-1] - width(cells[-1])) + cells[-1]  # numbers on the right
        return "  ".join(padded).rstrip()

    lines = [fmt(headers), "  ".join("-" * w for w in widths)]
    lines += [fmt(line) for line in body]
    if not body:
        lines.append(_("(không có người tiếp xúc)"))
    return "\n".join(lines)


class Command(BaseCommand):
    help = _(
        "Truy vết người tiếp xúc của một người (chỉ tra cứu, không tạo ca bệnh; có ghi nhật ký). "
        "Thời điểm ISO 8601 không ghi múi giờ được hiểu là giờ Việt Nam (Asia/Ho_Chi_Minh). "
        "Mã thoát 2 khi dữ liệu vào không hợp lệ."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--person", required=True, help=_("số điện thoại (mọi cách viết) hoặc mã cán bộ")
        )
        parser.add_argument("--onset", required=True, help=_("ngày khởi phát, YYYY-MM-DD"))
        parser.add_argument(
            "--isolated-at", help=_("thời điểm cách ly, ISO 8601 (không múi giờ: giờ Việt Nam)")
        )
        parser.add_argument("--as-of", help=_("tính đến thời điểm, ISO 8601 (mặc định: bây giờ)"))
        parser.add_argument("--depth", help=_("số cấp truy vết, 1–5 (mặc định theo hồ sơ bệnh)"))
        parser.add_argument("--min-overlap", help=_("số phút tiếp xúc tối thiểu, 0–1440"))
        parser.add_argument(
            "--open-visit-hours", help=_("giờ ở lại tối đa khi không check-out, 1–24")
        )
        parser.add_argument(
            "--days-before-onset", help=_("số ngày lây nhiễm trước khởi phát, 0–30")
        )
        parser.add_argument("--format", default="json", help="json | table | xlsx")
        parser.add_argument(
            "--output", help=_("ghi ra tệp này thay vì màn hình (bắt buộc với xlsx)")
        )

    def handle(self, *args: Any, **options: Any) -> None:
        fmt = (options["format"] or "").strip().lower()
        if fmt not in FORMATS:
            raise _fail(_("--format phải là json, table hoặc xlsx."))
        output = options.get("output")
        if fmt == "xlsx" and not output:
            raise _fail(_("Định dạng xlsx cần --output TỆP.xlsx."))
        raw_person = options["person"] or ""
        try:
            identity = normalize_identity(raw_person)
        except ValueError:
            raise _fail(_("Thiếu --person (số điện thoại hoặc mã cán bộ).")) from None
        onset = _date(options["onset"], "--onset")
        isolated_at = _moment(options.get("isolated_at"), "--isolated-at")
        as_of = _moment(options.get("as_of"), "--as-of") or timezone.now()
        depth = _int(options.get("depth"), "--depth", 1, 5)
        overlap = _int(options.get("min_overlap"), "--min-overlap", 0, 1440)
        hours = _int(options.get("open_visit_hours"), "--open-visit-hours", 1, 24)
        days = _int(options.get("days_before_onset"), "--days-before-onset", 0, 30)
        person = Person.objects.filter(identity_index=Person.index_of(identity)).first()
        if person is None:
            raise _fail(
                _("Không tìm thấy người có số điện thoại/mã “%(raw)s” trong dữ liệu check-in.")
                % {"raw": raw_person}
            )
        profile = DiseaseProfile.active()
        try:
            params = trace_params(
                profile,
                depth=depth,
                min_overlap_minutes=overlap,
                open_visit_hours=hours,
                days_before_onset=days,
            )
        except TracingServiceError as exc:
            raise _fail(str(exc)) from None
        result = person_trace(
            person=person,
            identity=identity,
            onset=onset,
            params=params,
            as_of=as_of,
            isolated_at=isolated_at,
            output_format=fmt,
        )
        if fmt == "json":
            content: str | bytes = json.dumps(result.to_json_dict(), ensure_ascii=False)
        elif fmt == "table":
            content = table(contact_rows_of_result(result=result))
        else:
            content = exports.contacts_xlsx(
                contact_rows_of_result(result=result),
                header=exports.TraceHeader.of_person(
                    name=person.full_name or identity, onset=onset, params=params, as_of=as_of
                ),
                exported_by=exports.CLI_EXPORTER,
            )
        if output:
            path = Path(output)
            try:
                if isinstance(content, bytes):
                    path.write_bytes(content)
                else:
                    path.write_text(content + "\n", encoding="utf-8")
            except OSError as exc:
                raise _fail(
                    _("Không ghi được tệp %(path)s: %(error)s")
                    % {"path": output, "error": exc.strerror}
                ) from None
            self.stderr.write(
                _("Đã ghi %(n)d người tiếp xúc vào %(path)s")
                % {"n": len(result.contacts), "path": output}
            )
        else:
            assert isinstance(content, str)
            self.stdout.write(content)

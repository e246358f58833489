"""QR posters of check-in gates: an A4 PDF per gate or per unit, the QR code alone.

The QR code carries ``PUBLIC_BASE_URL + /c/<token>``; it is drawn as vector SVG
(error correction M or higher) and rendered to PDF by WeasyPrint. A gate whose
token is revoked, or which is not active, gets no poster.

Above the gate's name the poster names its unit and, above that, the Sở (the root of
the unit's tree: the Office's gates would otherwise say only "Văn phòng Sở"). Below
the instructions a short privacy notice gives the purpose, the retention days of the
active disease profile, who sees the data and the personal-data page.

A poster carries ``PUBLIC_BASE_URL``: when that is a local address (loopback,
``localhost`` or the unspecified 0.0.0.0 / ::) no phone outside this machine can
open it, so the poster is refused (``LocalBaseUrl``) unless the caller allows it
(``allow_local``: the command's ``--allow-local``, the web in DEBUG); an allowed
local poster carries a red "Địa chỉ cục bộ – không in để dán" band on every page.
"""

from __future__ import annotations

import io
import ipaddress
import math
from collections.abc import Iterable, Sequence
from urllib.parse import urlsplit

import segno
from django.conf import settings
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from phongdich.checkin.models import DiseaseProfile, Location
from phongdich.org.models import Unit

QR_ERROR = "m"  # at least M; segno raises it further when that costs no extra modules
QR_BORDER = 4  # quiet zone in modules, as the standard asks
QR_POSTER_MM = 120  # printed side of the code, quiet zone included
QR_PNG_MIN_PX = 600
QR_SVG_SCALE = 10  # user units per module of the standalone SVG
# The personal-data page (the data subject's rights). No URL name exists for it yet:
# the path is printed as it will be mounted; switch to reverse() once the page exists.
PERSONAL_DATA_PATH = "/du-lieu-ca-nhan/"


class PosterUnavailable(Exception):
    """This gate gets no poster; the message says why, in the active language."""


class LocalBaseUrl(PosterUnavailable):
    """``PUBLIC_BASE_URL`` is a local address: a printed poster would not work."""


def is_local_base_url(base: str | None = None) -> bool:
    """True when ``base`` (default ``PUBLIC_BASE_URL``) points at this machine only:
    127.0.0.0/8, ::1 (also IPv4-mapped), ``localhost`` and ``*.localhost``, or the
    unspecified 0.0.0.0 / :: that ``make run HOST=0.0.0.0`` would give."""
    host = (urlsplit(settings.PUBLIC_BASE_URL if base is None else base).hostname or "").lower()
    host = host.rstrip(".")
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return address.is_loopback or address.is_unspecified


def ensure_public_base(*, allow_local: bool = False) -> bool:
    """Raise ``LocalBaseUrl`` when ``PUBLIC_BASE_URL`` is local and that is not
    allowed; return whether it is local (an allowed local poster gets the band)."""
    local = is_local_base_url()
    if local and not allow_local:
        raise LocalBaseUrl(
            _(
                "Không in áp phích: địa chỉ công khai PUBLIC_BASE_URL đang là "
                "%(url)s, một địa chỉ cục bộ mà điện thoại của khách không mở được. "
                "Đặt PUBLIC_BASE_URL là địa chỉ thật của hệ thống (ví dụ "
                "https://phongdich.example.gov.vn) rồi khởi động lại ứng dụng."
            )
            % {"url": settings.PUBLIC_BASE_URL}
        )
    return local


def public_url(location: Location) -> str:
    """The absolute URL printed on the poster and carried by the QR code."""
    path = reverse("public:checkin", kwargs={"token": location.poster_token})
    return settings.PUBLIC_BASE_URL + path


def manual_code_url() -> str:
    """The page where a visitor types the gate's short code instead of scanning."""
    return settings.PUBLIC_BASE_URL + reverse("public:manual_code")


def ensure_printable(location: Location) -> None:
    if location.token_revoked:
        raise PosterUnavailable(
            _(
                "Mã QR của cổng “%(name)s” (%(code)s) đã bị thu hồi: "
                "hãy cấp lại mã trước khi in áp phích."
            )
            % {"name": location.name, "code": location.code}
        )
    if not location.is_active:
        raise PosterUnavailable(
            _(
                "Cổng “%(name)s” (%(code)s) đang ngừng hoạt động: "
                "bật lại cổng trước khi in áp phích."
            )
            % {"name": location.name, "code": location.code}
        )


def personal_data_url() -> str:
    """The page where a visitor reads about, sees or asks to erase their data."""
    return settings.PUBLIC_BASE_URL + PERSONAL_DATA_PATH


def department_of(unit: Unit, *, cache: dict[int, Unit | None] | None = None) -> Unit | None:
    """The Sở above ``unit``: the root of its tree (first key of the materialised
    path). None when ``unit`` is itself the root, so its name is not printed twice."""
    try:
        root_pk = int(unit.path.strip("/").split("/")[0])
    except ValueError:  # an unsaved path: walk up instead
        root = unit
        while root.parent_id and root.parent is not None:
            root = root.parent
        return None if root.pk == unit.pk else root
    if root_pk == unit.pk:
        return None
    if cache is None:
        return Unit.objects.filter(pk=root_pk).first()
    if root_pk not in cache:
        cache[root_pk] = Unit.objects.filter(pk=root_pk).first()
    return cache[root_pk]


def printable_gates(unit: Unit) -> QuerySet[Location]:
    """The gates of ``unit`` (not its sub-units) that get a poster, in code order."""
    return (
        Location.objects.filter(unit=unit, is_active=True, token_revoked=False)
        .select_related("unit")
        .order_by("code")
    )


def qr_code(location: Location) -> segno.QRCode:
    ensure_printable(location)
    return segno.make(public_url(location), error=QR_ERROR, micro=False)


def qr_png(location: Location) -> bytes:
    """The QR code alone as PNG, at least 600 pixels wide."""
    code = qr_code(location)
    modules, _ = code.symbol_size(scale=1, border=QR_BORDER)
    buffer = io.BytesIO()
    code.save(buffer, kind="png", scale=math.ceil(QR_PNG_MIN_PX / modules), border=QR_BORDER)
    return buffer.getvalue()


def qr_svg(location: Location) -> bytes:
    """The QR code alone as a standalone SVG document."""
    code = qr_code(location)
    buffer = io.BytesIO()
    code.save(
        buffer,
        kind="svg",
        scale=QR_SVG_SCALE,
        border=QR_BORDER,
        title=f"{location.code}: {public_url(location)}",
    )
    return buffer.getvalue()


def no_widow(name: str) -> str:
    """The name with its last two words joined by a no-break space, so a name that
    wraps never leaves one short word alone on its last line (the pair must be short
    enough to share a line with nothing else)."""
    words = name.split()
    if len(words) < 3 or len(words[-2]) + len(words[-1]) > 16:
        return " ".join(words)
    return " ".join(words[:-2]) + f" {words[-2]}\u00a0{words[-1]}"


def _poster_context(location: Location, departments: dict[int, Unit | None]) -> dict[str, object]:
    code = qr_code(location)
    department = department_of(location.unit, cache=departments)
    # Size comes from CSS (QR_POSTER_MM); the SVG is pure vector, no raster step.
    svg = code.svg_inline(border=QR_BORDER, omitsize=True, svgclass="qr", lineclass="qrline")
    return {
        "location": location,
        "department": department,
        "department_name": no_widow(department.name) if department else "",
        "unit": location.unit,
        "unit_name": no_widow(location.unit.name),
        "gate_name": no_widow(location.name),
        "url": public_url(location),
        "qr_svg": mark_safe(svg),  # noqa: S308 - generated by segno from our own URL, no user text
        "issued_on": timezone.localtime(location.token_issued_at),
    }


def poster_html(locations: Sequence[Location], *, allow_local: bool = False) -> str:
    local = ensure_public_base(allow_local=allow_local)
    for location in locations:
        ensure_printable(location)
    departments: dict[int, Unit | None] = {}
    return render_to_string(
        "checkin/gates/poster.html",
        {
            "posters": [_poster_context(location, departments) for location in locations],
            "manual_url": manual_code_url(),
            "personal_data_url": personal_data_url(),
            "retention_days": DiseaseProfile.active().retention_days,
            "local_base": local,
            "qr_mm": QR_POSTER_MM,
            "printed_on": timezone.localtime(),
        },
    )


def poster_pdf(locations: Iterable[Location], *, allow_local: bool = False) -> bytes:
    """One A4 page per gate, in the given order; ``LocalBaseUrl`` when
    ``PUBLIC_BASE_URL`` is local and ``allow_local`` is not given."""
    gates = list(locations)
    if not gates:
        raise PosterUnavailable(_("Không có cổng nào đang hoạt động để in áp phích."))
    from weasyprint import HTML  # heavy import: only when a poster is made

    return HTML(string=poster_html(gates, allow_local=allow_local)).write_pdf()


def unit_poster_pdf(unit: Unit, *, allow_local: bool = False) -> tuple[bytes, list[Location]]:
    """All printable gates of ``unit``, one poster a page."""
    gates = list(printable_gates(unit))
    if not gates:
        raise PosterUnavailable(
            _("Đơn vị “%(name)s” chưa có cổng nào đang hoạt động với mã QR còn hiệu lực.")
            % {"name": unit.name}
        )
    return poster_pdf(gates, allow_local=allow_local), gates

"""The screenshots of the user guide: which pages, as whom, under which file names.

``tests/test_screenshots.py`` (the Playwright test) shoots each of them at desktop
(1280×800) and phone (360×740) size into docs/img as ``<name>-desktop.png`` and
``<name>-phone.png``; the guide refers to those names. ``make screenshots`` runs the
whole list; ``make test`` runs the ``smoke`` ones only, into a temporary folder.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse

SIZES = {"desktop": (1280, 800), "phone": (360, 740)}
COLOURS = 256  # PNG palette: screenshots of flat UI lose nothing visible


def _gate_checkin() -> str:
    from phongdich.checkin.models import Location

    gate = Location.objects.filter(is_active=True, token_revoked=False).order_by("pk").first()
    assert gate is not None, "the demo has no gate"
    return reverse("public:checkin", kwargs={"token": gate.poster_token})


def _case_detail() -> str:
    from phongdich.tracing.models import Case

    case = Case.objects.order_by("pk").first()
    assert case is not None, "the demo has no case"
    return reverse("tracing:case_detail", kwargs={"pk": case.pk})


@dataclass(frozen=True)
class Shot:
    name: str  # the file stem in docs/img
    username: str | None  # a demo login; None: a visitor
    url: Callable[[], str]
    smoke: bool = False  # also shot by ``make test``

    def files(self) -> list[str]:
        return [f"{self.name}-{size}.png" for size in SIZES]


def _named(name: str) -> Callable[[], str]:
    return lambda: reverse(name)


SHOTS: list[Shot] = [
    # The home page of every role (docs: section 2).
    Shot("trang-chu-giam-doc", "giamdoc", _named("core:home")),
    Shot("trang-chu-van-phong", "vanphong", _named("core:home")),
    Shot("trang-chu-truong-don-vi", "truongphong.gdnn", _named("core:home")),
    Shot("trang-chu-can-bo", "canbo", _named("core:home")),
    Shot("trang-chu-bao-ve", "baove", _named("core:home"), smoke=True),
    Shot("trang-chu-truy-vet", "truyvet", _named("core:home")),
    Shot("trang-chu-cntt", "cntt", _named("core:home")),
    Shot("trang-chu-bien-tap", "bientap", _named("core:home")),
    Shot("trang-chu-quan-tri", "quantri", _named("core:home")),
    # The key page of each module, as the role that works there.
    Shot("danh-ba", "vanphong", _named("org:staff_list")),
    Shot("cong-check-in", "vanphong", _named("checkin:gates_index")),
    Shot("check-in-dien-thoai", None, _gate_checkin, smoke=True),
    Shot("ban-bao-ve", "baove", _named("checkin:guard_index")),
    Shot("nhat-ky-ra-vao", "vanphong", _named("checkin:log_index")),
    Shot("truy-vet", "truyvet", _named("tracing:dashboard")),
    Shot("ca-benh", "truyvet", _case_detail),
    Shot("theo-doi-nhiem-vu", "vanphong", _named("directives:dashboard")),
    Shot("bao-cao-don-vi", "truongphong.gdnn", _named("directives:report_list")),
    Shot("san-sang-lam-viec-tu-xa", "vanphong", _named("equipment:readiness")),
    Shot("thiet-bi-cua-toi", "canbo", _named("equipment:my_review")),
    Shot("de-xuat-thiet-bi", "vanphong", _named("equipment:proposal_list")),
    Shot("gui-yeu-cau-ho-tro", "canbo", _named("support:request_create")),
    Shot("hang-doi-ho-tro", "cntt", _named("support:queue")),
    Shot("ung-dung-cua-toi", "canbo", _named("adoption:mine")),
    Shot("ty-le-cai-dat", "vanphong", _named("adoption:rates")),
    Shot("bai-viet", "bientap", _named("news:article_list")),
    Shot("lich-cua-toi", "canbo", _named("meetings:calendar")),
    Shot("du-lieu-ca-nhan", None, _named("privacy:public")),
    Shot("huong-dan", None, _named("guide:index")),
]


def optimise(png: bytes) -> bytes:
    """A screenshot as an indexed PNG (a palette of ``COLOURS``, median cut): flat UI
    colours and anti-aliased text survive, the file is a fraction of the browser's
    RGB PNG (docs/img holds 58 shots in about 2 MB)."""
    from PIL import Image

    with Image.open(io.BytesIO(png)) as image:
        indexed = image.convert("RGB").quantize(colors=COLOURS, method=Image.Quantize.MEDIANCUT)
        out = io.BytesIO()
        indexed.save(out, format="PNG", optimize=True)
    return out.getvalue()

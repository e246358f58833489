"""The news module's rows for the access table (phongdich/core/tests/test_access.py).

Records used: an article of unit A's staff member under review (submitted), a published
one with a cover image. Public pages answer 200 to everyone, anonymous included.
"""

from __future__ import annotations

from typing import Any

from phongdich.core.tests.access import EVERYONE, MEMBERS, POST_ONLY, Route

BOARD = frozenset({"editor", "admin"})
STATS = BOARD | {"office", "director", "head_a", "head_b"}
# Who sees unit A's submitted article: its author, unit A's head, the board.
ARTICLE_READERS = BOARD | {"staff_user", "head_a"}
NOT_READERS: dict[str, int | str] = {m: 404 for m in MEMBERS if m not in ARTICLE_READERS}
PUBLIC: dict[str, Any] = {"allowed": EVERYONE, "anonymous": 200}


def _articles(cast: Any) -> dict[str, Any]:
    from phongdich.news.models import Article
    from phongdich.news.services import articles as services
    from phongdich.news.tests.helpers import fields, png

    submitted = Article.objects.filter(title="Truy cập: chờ duyệt").first()
    if submitted is None:
        submitted = services.article_create(
            fields=fields(cast.unit_a, title="Truy cập: chờ duyệt"), actor=cast.staff_user, ip=None
        )
        services.article_transition(
            article=submitted, action="submit", actor=cast.staff_user, ip=None
        )
        published = services.article_create(
            fields=fields(cast.unit_a, title="Truy cập: đã đăng"),
            cover=png(),
            actor=cast.staff_user,
            ip=None,
        )
        for action, actor in (("submit", cast.staff_user), ("approve", cast.editor)):
            services.article_transition(article=published, action=action, actor=actor, ip=None)
        services.article_transition(article=published, action="publish", actor=cast.editor, ip=None)
    published = Article.objects.get(title="Truy cập: đã đăng")
    return {"submitted": submitted.pk, "published": published.pk, "cover": published.cover_id}


def _bulletin(cast: Any) -> dict[str, Any]:
    from phongdich.news.models import Bulletin
    from phongdich.news.tests.helpers import bulletin

    item = Bulletin.objects.filter(number="TRUY-CAP").first() or bulletin(
        cast.office, number="TRUY-CAP", audience_all=False, units=[cast.unit_a]
    )
    return {"pk": item.pk}


# A bulletin to unit A: its staff, and those who follow bulletins up (the Office, the
# Director, unit heads) see it; anyone else gets a 404.
BULLETIN_READERS = frozenset({"staff_user", "head_a", "head_b", "office", "admin", "director"})
NOT_ADDRESSED: dict[str, int | str] = {m: 404 for m in MEMBERS if m not in BULLETIN_READERS}


def _report(cast: Any) -> dict[str, Any]:
    from django.utils import timezone

    from phongdich.news.models import FalseNewsReport
    from phongdich.news.services.falsenews import report_create
    from phongdich.news.tests.helpers import png

    item = FalseNewsReport.objects.filter(description="Truy cập").first() or report_create(
        reporter=cast.staff_user,
        link="",
        screenshot=png(),
        platform="zalo",
        seen_on=timezone.localdate(),
        description="Truy cập",
        ip=None,
    )
    return {"pk": item.pk}


# A report by unit A's staff member: they and the board see it.
REPORT_READERS = BOARD | {"staff_user"}
NOT_REPORTERS: dict[str, int | str] = {m: 404 for m in MEMBERS if m not in REPORT_READERS}

NEWS_ROUTES: list[Route] = [
    # Public pages: no sign-in, the same for everyone.
    Route("news:index", **PUBLIC),
    Route("news:feed", **PUBLIC),
    Route("news:detail", kwargs=lambda c: {"pk": _articles(c)["published"]}, **PUBLIC),
    Route("news:image", kwargs=lambda c: {"pk": _articles(c)["cover"]}, **PUBLIC),
    # Articles: any staff member writes; authors, their unit heads and the board read.
    Route("news:article_list", allowed=EVERYONE),
    Route("news:article_create", allowed=EVERYONE),
    *[
        Route(
            f"news:{name}",
            allowed=ARTICLE_READERS,
            kwargs=lambda c, extra=extra: {"pk": _articles(c)["submitted"], **extra},
            special=NOT_READERS,
        )
        for name, extra in (("article_detail", {}), ("article_version", {"number": 1}))
    ],
    Route(
        "news:article_edit",
        allowed=BOARD,
        kwargs=lambda c: {"pk": _articles(c)["submitted"]},
        # Under review: the author and the unit head are sent back to the article.
        special={**NOT_READERS, "staff_user": 302, "head_a": 302},
    ),
    *[
        Route(
            f"news:{name}",
            allowed=frozenset(),
            kwargs=lambda c: {"pk": _articles(c)["submitted"]},
            anonymous=405,
            special=POST_ONLY,
        )
        for name in ("article_transition", "article_image")
    ],
    Route(
        "news:article_export",
        allowed=BOARD,
        kwargs=lambda c: {"pk": _articles(c)["published"], "fmt": "docx"},
    ),
    Route("news:stats", allowed=STATS),
    # The verified bulletin.
    Route("news:bulletin_list", allowed=EVERYONE),
    Route(
        "news:bulletin_rates_export",
        allowed=frozenset({"office", "admin", "director", "head_a", "head_b"}),
    ),
    Route("news:bulletin_create", allowed=frozenset({"office", "admin"})),
    *[
        Route(
            f"news:{name}",
            allowed=BULLETIN_READERS,
            kwargs=_bulletin,
            special=NOT_ADDRESSED,
        )
        for name in ("bulletin_detail", "bulletin_file")
    ],
    *[
        Route(
            f"news:{name}",
            allowed=frozenset(),
            kwargs=_bulletin,
            anonymous=405,
            special=POST_ONLY,
        )
        for name in ("bulletin_acknowledge", "bulletin_remind")
    ],
    # False-news reports and warnings.
    Route("news:report_list", allowed=EVERYONE),
    Route("news:report_list_export", allowed=EVERYONE),
    Route("news:report_create", allowed=EVERYONE),
    *[
        Route(f"news:{name}", allowed=REPORT_READERS, kwargs=_report, special=NOT_REPORTERS)
        for name in ("report_detail", "report_screenshot")
    ],
    Route(
        "news:report_decide", allowed=frozenset(), kwargs=_report, anonymous=405, special=POST_ONLY
    ),
    Route("news:warning_list", allowed=EVERYONE),
]

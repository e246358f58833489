"""The editorial workflow as data: which action moves an article from which states to
which, and who may take it. Services enforce it; pages use it to show the buttons."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from phongdich.core.permissions import has_role
from phongdich.news.models import Article, ArticleEvent
from phongdich.news.roles import EDITORS

S = Article.Status
A = ArticleEvent.Action


@dataclass(frozen=True)
class Transition:
    action: str
    sources: frozenset[str]
    target: str
    by_board: bool  # False: the author's action
    label: Any


TRANSITIONS: dict[str, Transition] = {
    t.action: t
    for t in (
        Transition(A.SUBMIT, frozenset({S.DRAFT, S.RETURNED}), S.SUBMITTED, False, _("Gửi duyệt")),
        Transition(
            A.RETURN,
            frozenset({S.SUBMITTED, S.APPROVED, S.SCHEDULED}),
            S.RETURNED,
            True,
            _("Trả lại để sửa"),
        ),
        Transition(A.APPROVE, frozenset({S.SUBMITTED}), S.APPROVED, True, _("Duyệt")),
        Transition(
            A.SCHEDULE, frozenset({S.APPROVED, S.SCHEDULED}), S.SCHEDULED, True, _("Hẹn giờ đăng")
        ),
        Transition(
            A.PUBLISH,
            frozenset({S.APPROVED, S.SCHEDULED, S.UNPUBLISHED}),
            S.PUBLISHED,
            True,
            _("Đăng ngay"),
        ),
        Transition(
            A.UNPUBLISH, frozenset({S.PUBLISHED, S.SCHEDULED}), S.UNPUBLISHED, True, _("Gỡ bài")
        ),
    )
}

# Who may change the text, by state: the author while it is theirs, the board after.
AUTHOR_EDITS = frozenset({S.DRAFT, S.RETURNED})
BOARD_EDITS = frozenset({S.SUBMITTED, S.APPROVED, S.SCHEDULED})


def is_board(user: Any) -> bool:
    return has_role(user, *EDITORS)


def may_edit(user: Any, article: Article) -> bool:
    if article.status in AUTHOR_EDITS and article.author_id == getattr(user, "pk", None):
        return True
    return article.status in BOARD_EDITS and is_board(user)


def may_take(user: Any, article: Article, action: str) -> bool:
    transition = TRANSITIONS.get(action)
    if transition is None or article.status not in transition.sources:
        return False
    if transition.by_board:
        return is_board(user)
    return article.author_id == getattr(user, "pk", None)


def actions_for(user: Any, article: Article) -> list[Transition]:
    return [t for t in TRANSITIONS.values() if may_take(user, article, t.action)]

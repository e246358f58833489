"""Every transition of the editorial workflow, legal and illegal, with its history."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.test import override_settings
from django.utils import timezone

from phongdich.core.models import AuditEvent
from phongdich.core.tests.base import BaseTestCase
from phongdich.news.models import Article, ArticleEvent
from phongdich.news.selectors.articles import public_articles, version_compare
from phongdich.news.services.articles import article_update, articles_publish_due
from phongdich.news.tests.helpers import article, fields, move
from phongdich.news.workflow import TRANSITIONS
from phongdich.notifications.models import Notification

S = Article.Status


class WorkflowTests(BaseTestCase):
    def setUp(self) -> None:
        self.item = article(self.staff_user, self.unit_a)

    def test_a_new_article_is_a_draft_with_its_first_version_and_event(self) -> None:
        self.assertEqual(self.item.status, S.DRAFT)
        self.assertEqual(self.item.versions.count(), 1)
        self.assertEqual(self.item.events.get().action, ArticleEvent.Action.CREATE)
        self.assertTrue(AuditEvent.objects.filter(action="news.article.create").exists())

    def test_submit_return_resubmit_approve_publish(self) -> None:
        with self.captureOnCommitCallbacks(execute=True):
            move(self.item, "submit", self.staff_user)
        self.assertEqual(Notification.objects.filter(user=self.editor).count(), 1)
        with self.captureOnCommitCallbacks(execute=True):
            move(self.item, "return", self.editor, comment="Thêm số liệu tiêm chủng.")
        self.assertEqual(Notification.objects.filter(user=self.staff_user).count(), 1)
        article_update(
            article=self.item,
            fields=fields(self.unit_a, body="<p>Đoạn một.</p><p>Đoạn hai. Có số liệu.</p>"),
            actor=self.staff_user,
            ip=None,
        )
        move(self.item, "submit", self.staff_user)
        move(self.item, "approve", self.editor)
        done = move(self.item, "publish", self.editor)
        self.assertEqual(done.status, S.PUBLISHED)
        self.assertIsNotNone(done.published_at)
        actions = list(done.events.values_list("action", "actor__username"))
        self.assertEqual(
            actions,
            [
                ("create", "staff"),
                ("submit", "staff"),
                ("return", "editor"),
                ("edit", "staff"),
                ("submit", "staff"),
                ("approve", "editor"),
                ("publish", "editor"),
            ],
        )
        # The comment stays on the version it was about; the diff shows the change.
        self.assertEqual(done.versions.get(number=1).comment, "Thêm số liệu tiêm chủng.")
        compared = version_compare(article=done, number=2)
        self.assertIn("<ins> Có số liệu.</ins>", compared["diff"]["body"])
        self.assertNotIn("<del>", compared["diff"]["body"])

    def test_an_edit_that_changes_nothing_makes_no_new_version(self) -> None:
        article_update(
            article=self.item, fields=fields(self.unit_a), actor=self.staff_user, ip=None
        )
        self.assertEqual(self.item.versions.count(), 1)

    def test_illegal_transitions_are_refused_with_a_vietnamese_message(self) -> None:
        table = {
            S.DRAFT: {"return", "approve", "schedule", "publish", "unpublish"},
            S.SUBMITTED: {"submit", "schedule", "publish", "unpublish"},
            S.APPROVED: {"submit", "approve", "unpublish"},
            S.PUBLISHED: {"submit", "return", "approve", "schedule", "publish"},
        }
        for status, refused in table.items():
            Article.objects.filter(pk=self.item.pk).update(status=status)
            for action in refused:
                with self.subTest(status=status, action=action):
                    actor = self.staff_user if action == "submit" else self.editor
                    with self.assertRaisesMessage(ValidationError, "Không thể"):
                        move(self.item, action, actor, comment="x")
        self.assertEqual(
            set(TRANSITIONS), {"submit", "return", "approve", "schedule", "publish", "unpublish"}
        )

    def test_only_the_board_reviews_and_only_the_author_submits(self) -> None:
        with self.assertRaises(PermissionDenied):
            move(self.item, "submit", self.head_a)
        move(self.item, "submit", self.staff_user)
        for user in (self.staff_user, self.head_a, self.office, self.director):
            with self.assertRaisesMessage(PermissionDenied, "Chỉ Ban biên tập"):
                move(self.item, "approve", user)

    def test_a_return_needs_a_comment(self) -> None:
        move(self.item, "submit", self.staff_user)
        with self.assertRaisesMessage(ValidationError, "nhận xét"):
            move(self.item, "return", self.editor, comment="  ")

    def test_the_author_cannot_edit_while_under_review_but_the_board_can(self) -> None:
        move(self.item, "submit", self.staff_user)
        with self.assertRaisesMessage(ValidationError, "Không sửa được"):
            article_update(
                article=self.item,
                fields=fields(self.unit_a, title="Khác"),
                actor=self.staff_user,
                ip=None,
            )
        article_update(
            article=self.item, fields=fields(self.unit_a, title="Khác"), actor=self.editor, ip=None
        )
        self.assertEqual(Article.objects.get(pk=self.item.pk).version, 2)

    def test_unpublish_and_publish_again(self) -> None:
        move(self.item, "submit", self.staff_user)
        move(self.item, "approve", self.editor)
        move(self.item, "publish", self.editor)
        move(self.item, "unpublish", self.editor)
        self.assertFalse(public_articles().filter(pk=self.item.pk).exists())
        move(self.item, "publish", self.editor)
        self.assertTrue(public_articles().filter(pk=self.item.pk).exists())


@override_settings(
    TASKS={"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
)
class ScheduleTests(BaseTestCase):
    def setUp(self) -> None:
        self.item = article(self.staff_user, self.unit_a)
        move(self.item, "submit", self.staff_user)
        move(self.item, "approve", self.editor)

    def test_a_time_in_the_past_is_refused(self) -> None:
        with self.assertRaisesMessage(ValidationError, "Giờ đăng phải sau"):
            move(
                self.item,
                "schedule",
                self.editor,
                publish_at=timezone.now() - dt.timedelta(minutes=1),
            )

    def test_a_scheduled_article_is_public_from_its_time_and_the_task_publishes_it(self) -> None:
        when = timezone.now() + dt.timedelta(hours=2)
        move(self.item, "schedule", self.editor, publish_at=when)
        self.assertFalse(public_articles().filter(pk=self.item.pk).exists())
        later = when + dt.timedelta(minutes=1)
        self.assertTrue(public_articles(now=later).filter(pk=self.item.pk).exists())
        self.assertEqual(articles_publish_due(now=timezone.now()), 0)
        self.assertEqual(articles_publish_due(now=later), 1)
        self.item.refresh_from_db()
        self.assertEqual(self.item.status, S.PUBLISHED)
        self.assertEqual(self.item.published_at, when)
        last = self.item.events.last()
        self.assertEqual((last.action, last.actor), ("publish", None))

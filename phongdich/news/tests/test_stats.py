"""Item 7: articles submitted, published and returned per unit and union per period."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from phongdich.core.tests.base import BaseTestCase
from phongdich.news.models import ArticleEvent
from phongdich.news.tests.helpers import article, move, published
from phongdich.org.models import Unit


class StatsTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.union = Unit.objects.create(
            code="CD", name="Công đoàn Sở", kind=Unit.Kind.UNION, parent=cls.dept
        )
        published(cls.staff_user, cls.editor, cls.union)
        published(cls.staff_user, cls.editor, cls.unit_a)
        returned = article(cls.staff_user, cls.unit_a)
        move(returned, "submit", cls.staff_user)
        move(returned, "return", cls.editor, comment="Sửa lại")
        move(returned, "submit", cls.staff_user)
        other = article(cls.head_b, cls.unit_b)
        move(other, "submit", cls.head_b)
        # An old submission outside the period.
        old = article(cls.head_b, cls.unit_b)
        move(old, "submit", cls.head_b)
        ArticleEvent.objects.filter(article=old).update(at=timezone.now() - dt.timedelta(days=400))

    def test_counts_per_unit_and_union_in_the_period(self) -> None:
        self.login(self.editor)
        today = timezone.localdate()
        with self.assertNumQueries(13):
            response = self.client.get(
                reverse("news:stats"),
                {
                    "start": (today - dt.timedelta(days=7)).strftime("%d/%m/%Y"),
                    "end": today.strftime("%d/%m/%Y"),
                },
            )
        rows = {
            r.unit.code: (r.submitted, r.published, r.returned) for r in response.context["rows"]
        }
        self.assertEqual(rows, {"P-A": (3, 1, 1), "TT-B": (1, 0, 0), "CD": (1, 1, 0)})
        self.assertEqual(list(rows)[-1], "CD")  # unions after the units
        self.assertEqual(
            response.context["totals"], {"submitted": 5, "published": 2, "returned": 1}
        )
        self.assertContains(response, "đoàn thể")

    def test_a_unit_head_sees_only_their_units(self) -> None:
        self.login(self.head_b)
        response = self.client.get(reverse("news:stats"))
        self.assertEqual([r.unit.code for r in response.context["rows"]], ["TT-B"])

    def test_a_period_ending_before_it_starts_is_refused(self) -> None:
        self.login(self.editor)
        response = self.client.get(
            reverse("news:stats"), {"start": "10/05/2026", "end": "01/05/2026"}
        )
        self.assertContains(response, "Ngày bắt đầu phải trước ngày kết thúc.")

from __future__ import annotations

from phongdich.core.tests.base import BaseTestCase
from phongdich.news import demo
from phongdich.news.models import Article, Bulletin, FalseNewsReport
from phongdich.news.selectors.bulletins import bulletin_rates
from phongdich.org.models import Unit


class DemoTests(BaseTestCase):
    def test_it_loads_every_state_two_bulletins_three_verdicts_and_is_idempotent(self) -> None:
        for code, name in (("CD", "Công đoàn Sở"), ("DTN", "Đoàn Thanh niên Sở")):
            Unit.objects.create(code=code, name=name, kind=Unit.Kind.UNION, parent=self.dept)
        counts = demo.load()
        self.assertEqual(counts["articles"], 12)
        self.assertEqual(
            set(Article.objects.values_list("status", flat=True)), set(Article.Status.values)
        )
        self.assertGreaterEqual(Article.objects.values("unit").distinct().count(), 4)
        self.assertTrue(Article.objects.filter(unit__kind=Unit.Kind.UNION).exists())
        self.assertEqual(Bulletin.objects.count(), 2)
        rates = {r.bulletin.number: r.rate for r in bulletin_rates(user=self.office)}
        self.assertEqual(rates["2345/UBND-VX"], 100)
        self.assertEqual(rates["1180/LĐTBXH-VP"], 50)
        self.assertEqual(
            sorted(FalseNewsReport.objects.values_list("verdict", flat=True)),
            ["false", "misleading", "true"],
        )
        again = demo.load()
        self.assertEqual((again["articles"], again["bulletins"], again["reports"]), (0, 0, 0))

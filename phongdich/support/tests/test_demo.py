from phongdich.org import demo as org_demo
from phongdich.support import demo
from phongdich.support.models import Article, State, SupportRequest, TeamMember
from phongdich.support.selectors.team import uncovered
from phongdich.support.tests.helpers import SupportTestCase


class DemoTests(SupportTestCase):
    def test_it_loads_the_team_every_unit_covered_requests_in_every_state_idempotently(self):
        org_demo.load()
        counts = demo.load()
        self.assertGreaterEqual(
            TeamMember.objects.filter(staff__staff_code__startswith="DEMO").count(), 4
        )
        self.assertEqual(counts["articles"], 4)
        self.assertGreaterEqual(counts["requests"], 12)
        demo_units = [
            r
            for r in uncovered(user=self.it)
            if r.unit.code not in {"SO", "VP", "P-A", "P-A-1", "TT-B"}
        ]
        self.assertEqual(demo_units, [])
        states = set(SupportRequest.objects.values_list("state", flat=True))
        self.assertEqual(states, set(State.values))
        self.assertTrue(SupportRequest.objects.filter(rating__isnull=False).exists())
        self.assertTrue(SupportRequest.objects.filter(reopen_count__gt=0).exists())
        self.assertEqual(Article.objects.filter(status="published").count(), 4)
        self.assertEqual(
            set(Article.objects.exclude(topic="").values_list("topic", flat=True)),
            {"checkin", "meeting"},
        )
        again = demo.load()
        self.assertEqual((again["requests"], again["articles"], again["partners"]), (0, 0, 0))

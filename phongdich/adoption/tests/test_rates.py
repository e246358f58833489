"""Rates with both denominators, ranking ties, week on week across a month boundary,
unions (a person in two), audiences."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

from phongdich.adoption.models import Denominator, RequiredApp, Status, UnionMembership
from phongdich.adoption.rates import Tally, Week, competition_ranks
from phongdich.adoption.selectors.rates import (
    load_population,
    rates_report,
    unit_history,
    unit_people,
)
from phongdich.adoption.tests.helpers import AdoptionTestCase, at, declare, make_staff
from phongdich.org.models import Staff, Unit

DAY = dt.date(2021, 9, 1)  # a Wednesday; its ISO week (35) began on Monday 30 August


class RatesTests(AdoptionTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.x = Unit.objects.create(code="P-X", name="Phòng X", parent=cls.dept)
        cls.y = Unit.objects.create(code="P-Y", name="Phòng Y", parent=cls.dept)
        cls.z = Unit.objects.create(code="P-Z", name="Phòng Z", parent=cls.dept)
        cls.xs = [make_staff(cls.x, f"X{i}") for i in range(4)]
        cls.ys = [make_staff(cls.y, f"Y{i}") for i in range(2)]
        cls.zs = [make_staff(cls.z, f"Z{i}") for i in range(4)]
        early = at(dt.date(2021, 8, 20))
        declare(cls.xs[0], cls.bluezone, Status.INSTALLED, early)
        declare(cls.xs[1], cls.bluezone, Status.USING, early)
        declare(cls.xs[2], cls.bluezone, Status.NO_SMARTPHONE, early)
        # xs[3] never declares
        declare(cls.ys[0], cls.bluezone, Status.USING, early)
        declare(cls.ys[1], cls.bluezone, Status.NOT_INSTALLED, early)
        declare(cls.zs[0], cls.bluezone, Status.INSTALLED, early)

    def row(self, report, unit):
        return next(r for r in report.units if r.unit == unit)

    def test_the_rate_over_all_staff_counts_everyone_of_the_unit(self) -> None:
        report = rates_report(
            user=self.office, apps=[self.bluezone], denominator=Denominator.ALL, day=DAY
        )
        x = self.row(report, self.x)
        self.assertEqual((x.now.adopted, x.base, x.percent), (2, 4, 50.0))

    def test_the_rate_over_staff_with_a_smartphone_leaves_out_who_has_none(self) -> None:
        report = rates_report(
            user=self.office, apps=[self.bluezone], denominator=Denominator.SMARTPHONE, day=DAY
        )
        x = self.row(report, self.x)
        self.assertEqual((x.now.adopted, x.base, x.percent), (2, 3, 66.7))

    def test_no_smartphone_for_one_app_leaves_the_person_out_of_every_apps_smartphone_base(
        self,
    ) -> None:
        report = rates_report(
            user=self.office, apps=[self.pccovid], denominator=Denominator.SMARTPHONE, day=DAY
        )
        self.assertEqual(self.row(report, self.x).base, 3)

    def test_equal_rates_share_a_rank_and_the_next_rank_is_skipped(self) -> None:
        report = rates_report(
            user=self.office, apps=[self.bluezone], denominator=Denominator.ALL, day=DAY
        )
        ranks = {r.unit.code: r.rank for r in report.units if r.depth == 1}
        self.assertEqual(ranks["P-X"], 1)  # 2/4
        self.assertEqual(ranks["P-Y"], 1)  # 1/2: the same rate
        self.assertEqual(ranks["P-Z"], 3)  # 1/4
        self.assertEqual({ranks["VP"], ranks["P-A"], ranks["TT-B"]}, {4})  # 0 %: tied again

    def test_sub_units_count_in_their_parent_and_are_not_ranked_among_top_units(self) -> None:
        declare(self.staff_a, self.bluezone, Status.USING, at(dt.date(2021, 8, 2)))
        report = rates_report(
            user=self.office, apps=[self.bluezone], denominator=Denominator.ALL, day=DAY
        )
        parent, team = self.row(report, self.unit_a), self.row(report, self.unit_a_team)
        self.assertEqual(parent.now.adopted, 1)
        self.assertEqual(parent.now.counted, 3)  # head_a, staff_user and the team's member
        self.assertIsNone(team.rank)

    def test_competition_ranks(self) -> None:
        values = [Fraction(1, 2), Fraction(2, 4), None, Fraction(1, 4), Fraction(9, 10)]
        self.assertEqual(competition_ranks(values), [2, 2, None, 4, 1])

    def test_week_on_week_across_the_end_of_august(self) -> None:
        declare(self.zs[1], self.bluezone, Status.USING, at(dt.date(2021, 8, 29), 23))  # Sunday
        declare(self.zs[2], self.bluezone, Status.USING, at(dt.date(2021, 8, 31)))  # Tuesday
        declare(self.zs[3], self.bluezone, Status.INSTALLED, at(dt.date(2021, 9, 1), 16))
        declare(self.zs[0], self.bluezone, Status.NOT_INSTALLED, at(dt.date(2021, 9, 2)))
        report = rates_report(
            user=self.office, apps=[self.bluezone], denominator=Denominator.ALL, day=DAY
        )
        z = self.row(report, self.z)
        self.assertEqual(report.week.monday, dt.date(2021, 8, 30))
        self.assertEqual(report.week.label, "35/2021 (30/08–05/09)")
        self.assertEqual(z.before.adopted, 2)  # zs[0] since 20/08, zs[1] on Sunday 29/08
        self.assertEqual(z.now.adopted, 4)  # + Tuesday 31/08 and Wednesday 01/09
        self.assertEqual((z.before_percent, z.percent, z.change), (50.0, 100.0, 50.0))
        self.assertEqual(z.gained, 2)

    def test_the_iso_week_of_a_year_end(self) -> None:
        week = Week.of(dt.date(2021, 1, 2))  # Saturday: ISO week 53 of 2020
        self.assertEqual((week.number, week.year, week.monday), (53, 2020, dt.date(2020, 12, 28)))

    def test_the_rate_over_time_of_a_unit_is_weekly_and_ends_today(self) -> None:
        declare(self.zs[1], self.bluezone, Status.USING, at(dt.date(2021, 8, 24)))
        points = unit_history(
            unit=self.z, apps=[self.bluezone], denominator=Denominator.ALL, day=DAY, weeks=4
        )
        self.assertEqual([p.week.number for p in points], [32, 33, 34, 35])
        self.assertEqual([p.percent for p in points], [0.0, 25.0, 50.0, 50.0])

    def test_a_person_in_two_unions_counts_in_both_and_once_in_the_total(self) -> None:
        both = self.xs[0]
        UnionMembership.objects.create(union=self.union_cd, staff=both)
        UnionMembership.objects.create(union=self.union_dtn, staff=both)
        UnionMembership.objects.create(union=self.union_cd, staff=self.xs[3])
        report = rates_report(
            user=self.office, apps=[self.bluezone], denominator=Denominator.ALL, day=DAY
        )
        unions = {r.union.code: r for r in report.unions}
        self.assertEqual((unions["cong-doan"].now.adopted, unions["cong-doan"].base), (1, 2))
        self.assertEqual(
            (unions["doan-thanh-nien"].now.adopted, unions["doan-thanh-nien"].base), (1, 1)
        )
        self.assertEqual(unions["cuu-chien-binh"].base, 0)
        self.assertEqual(report.total.now.counted, 22)  # the cast's 12 staff and these 10

    def test_an_app_for_union_members_counts_only_members(self) -> None:
        self.pccovid.audience = RequiredApp.Audience.UNION_MEMBERS
        self.pccovid.save()
        UnionMembership.objects.create(union=self.union_dtn, staff=self.xs[1])
        declare(self.xs[1], self.pccovid, Status.USING, at(dt.date(2021, 8, 25)))
        report = rates_report(
            user=self.office, apps=[self.pccovid], denominator=Denominator.ALL, day=DAY
        )
        x = self.row(report, self.x)
        self.assertEqual((x.now.adopted, x.base), (1, 1))
        people = unit_people(unit=self.x, apps=[self.pccovid])
        self.assertEqual([p.staff for p in people.people], [self.xs[1]])

    def test_several_apps_together_need_every_one(self) -> None:
        declare(self.xs[0], self.pccovid, Status.USING, at(dt.date(2021, 8, 25)))
        report = rates_report(
            user=self.office,
            apps=[self.bluezone, self.pccovid],
            denominator=Denominator.ALL,
            day=DAY,
        )
        self.assertEqual(self.row(report, self.x).now.adopted, 1)

    def test_a_unit_head_sees_only_their_units_and_no_union(self) -> None:
        report = rates_report(user=self.head_a, apps=[self.bluezone], denominator="all", day=DAY)
        self.assertEqual({r.unit for r in report.units}, {self.unit_a, self.unit_a_team})
        self.assertEqual(report.unions, [])
        self.assertFalse(report.whole)

    def test_the_lists_for_the_unit_head(self) -> None:
        people = unit_people(unit=self.x, apps=[self.bluezone])
        self.assertEqual([p.staff for p in people.not_declared], [self.xs[3]])
        self.assertEqual([p.staff for p in people.not_installed], [self.xs[2]])

    def test_the_totals_by_app_equal_the_sum_of_the_per_app_tallies(self) -> None:
        """``Population.app_totals`` (the summary by app, one pass) against the per-app sum
        of ``tallies([app])`` it replaced, at moments before, between and after the
        declarations, for each app and for a person in scope of one app only."""
        self.pccovid.audience = RequiredApp.Audience.UNION_MEMBERS  # for some only
        self.pccovid.save()
        UnionMembership.objects.create(union=self.union_dtn, staff=self.zs[1])
        declare(self.zs[1], self.pccovid, Status.USING, at(dt.date(2021, 8, 25)))
        declare(self.zs[1], self.bluezone, Status.NO_SMARTPHONE, at(dt.date(2021, 8, 28)))
        apps = [self.bluezone, self.pccovid]
        population = load_population(Staff.objects.all(), apps, until=at(DAY))
        compared = 0
        for moment in (at(dt.date(2021, 8, 1)), at(dt.date(2021, 8, 26)), at(DAY)):
            totals = population.app_totals(apps, moment)
            for app in apps:
                expected = Tally()
                for tally in population.tallies([app], moment).values():
                    expected.add(tally)
                self.assertEqual(totals[app.pk], expected, (app.name, moment))
                compared += expected.adopted + expected.no_smartphone
        self.assertGreater(compared, 0)  # not only empty tallies were compared
        self.assertEqual(population.app_totals(apps, at(DAY))[self.pccovid.pk].counted, 1)

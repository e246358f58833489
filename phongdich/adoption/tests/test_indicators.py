"""Monthly digital-work indicators: counts, consistency, messages, the meetings hook, trend."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from phongdich.adoption import hooks
from phongdich.adoption.models import DigitalIndicator
from phongdich.adoption.selectors.indicators import indicator_table, months_back
from phongdich.adoption.services.indicators import IndicatorFigures, indicator_save
from phongdich.adoption.tests.helpers import AdoptionTestCase

GOOD = {
    "documents_total": "200",
    "documents_electronic": "150",
    "dossiers_total": "40",
    "dossiers_level3": "20",
    "dossiers_level4": "10",
    "online_meetings": "3",
}


def figures(**values: int) -> IndicatorFigures:
    base = {k: int(v) for k, v in GOOD.items()}
    base.update(values)
    return IndicatorFigures(**base)


class IndicatorTests(AdoptionTestCase):
    def post(self, user, **values):
        self.login(user)
        data = {"unit": self.unit_a.pk, "month": "08/2021", **GOOD, **values}
        return self.client.post(reverse("adoption:indicator_edit"), data)

    def test_a_unit_head_enters_counts_and_gets_the_shares(self) -> None:
        response = self.post(self.head_a)
        self.assertRedirects(response, reverse("adoption:indicator_list"))
        indicator = DigitalIndicator.objects.get()
        self.assertEqual(indicator.month, dt.date(2021, 8, 1))
        self.assertEqual(indicator.documents_share, 0.75)
        self.assertEqual(indicator.dossiers_share, 0.75)
        self.post(self.head_a, documents_electronic="160")  # the same month: replaced
        self.assertEqual(DigitalIndicator.objects.get().documents_electronic, 160)

    def test_a_share_above_100_percent_is_refused_in_vietnamese(self) -> None:
        response = self.post(self.head_a, documents_electronic="201")
        self.assertContains(response, "không được lớn hơn tổng số văn bản (200)")
        response = self.post(self.head_a, dossiers_level3="35")
        self.assertContains(response, "Hồ sơ trực tuyến mức độ 3 và 4 cộng lại (45)")
        self.assertFalse(DigitalIndicator.objects.exists())

    def test_negative_counts_bad_months_and_future_months_are_refused(self) -> None:
        self.assertContains(self.post(self.head_a, dossiers_total="-1"), "Số liệu không được âm.")
        self.assertContains(self.post(self.head_a, month="13/2021"), "Tháng không hợp lệ")
        future = (timezone.localdate() + dt.timedelta(days=40)).strftime("%m/%Y")
        self.assertContains(self.post(self.head_a, month=future), "tháng chưa đến")

    def test_a_unit_head_cannot_report_for_another_unit(self) -> None:
        self.login(self.head_b)
        data = {"unit": self.unit_a.pk, "month": "08/2021", **GOOD}
        response = self.client.post(reverse("adoption:indicator_edit"), data)
        self.assertEqual(response.status_code, 200)
        self.assertFalse(DigitalIndicator.objects.exists())

    def test_the_database_refuses_inconsistent_counts_too(self) -> None:
        with self.assertRaises(ValidationError):
            indicator_save(
                user=None,
                ip=None,
                unit=self.unit_a,
                month=dt.date(2021, 8, 1),
                figures=figures(dossiers_level4=50),
            )

    def keep_the_registered_counter(self) -> None:
        """Put back whatever counter is registered (the meetings module's, from its
        ``ready()``) once the test is over."""
        registered = list(hooks._COUNTER)

        def restore() -> None:
            hooks._COUNTER[:] = registered

        self.addCleanup(restore)

    def test_the_meetings_module_hook_fills_an_empty_meeting_count(self) -> None:
        self.keep_the_registered_counter()
        hooks.register_online_meetings_counter(lambda *, unit, month: 7)
        indicator = indicator_save(
            user=None,
            ip=None,
            unit=self.unit_a,
            month=dt.date(2021, 8, 1),
            figures=figures(online_meetings=None),
        )
        self.assertEqual(indicator.online_meetings, 7)

    def test_without_the_hook_an_empty_meeting_count_is_zero(self) -> None:
        self.keep_the_registered_counter()
        hooks._COUNTER.clear()
        self.assertIsNone(hooks.online_meetings_count(unit=self.unit_a, month=dt.date(2021, 8, 1)))
        indicator = indicator_save(
            user=None,
            ip=None,
            unit=self.unit_a,
            month=dt.date(2021, 8, 1),
            figures=figures(online_meetings=None),
        )
        self.assertEqual(indicator.online_meetings, 0)

    def test_the_trend_per_unit(self) -> None:
        day = dt.date(2021, 10, 15)
        for month, electronic in ((8, 100), (9, 150)):
            indicator_save(
                user=None,
                ip=None,
                unit=self.unit_a,
                month=dt.date(2021, month, 1),
                figures=figures(documents_electronic=electronic, dossiers_level3=20 - month),
            )
        table = indicator_table(user=self.office, day=day, months=3)
        self.assertEqual(
            table.months, [dt.date(2021, 8, 1), dt.date(2021, 9, 1), dt.date(2021, 10, 1)]
        )
        (trend,) = table.trends
        self.assertEqual(trend.unit, self.unit_a)
        self.assertEqual(trend.documents_direction, 1)
        self.assertEqual(trend.dossiers_direction, -1)
        self.assertIsNone(trend.cells[2])

    def test_months_back_crosses_a_year(self) -> None:
        self.assertEqual(
            months_back(dt.date(2021, 2, 10), 3),
            [dt.date(2020, 12, 1), dt.date(2021, 1, 1), dt.date(2021, 2, 1)],
        )

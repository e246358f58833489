from __future__ import annotations

from django.test import TestCase
from django.utils import timezone

from phongdich.directives.models import Directive
from phongdich.meetings import demo
from phongdich.meetings.models import Meeting, Minutes, OnlinePlan
from phongdich.meetings.selectors.figures import online_meetings_count
from phongdich.org import demo as org_demo


class DemoTest(TestCase):
    def test_a_weekly_giao_ban_with_three_held_a_training_and_the_plan_issued(self) -> None:
        org_demo.load()
        counts = demo.load()
        assert counts["minutes"] == 3 and counts["tasks"] == 4 and counts["training"] == 1
        series = Meeting.objects.filter(title=demo.GIAO_BAN)
        now = timezone.now()
        held = series.filter(end__lt=now)
        assert held.count() == 3
        assert all(m.attendance_confirmed_at for m in held)
        assert Minutes.objects.filter(meeting__in=held, directive__isnull=False).count() == 3
        assert series.filter(start__gt=now).exists()
        training = Meeting.objects.get(title=demo.TRAINING)
        assert training.kind == "tap_huan" and training.start > now
        assert timezone.localtime(training.start).date() > timezone.localdate()
        plan = OnlinePlan.objects.get()
        assert plan.state == "issued" and plan.directive.state == "issued"
        assert Directive.objects.filter(symbol="TB-SLĐTBXH").count() == 3
        office = held.first().host_unit
        assert online_meetings_count(unit=office, month=timezone.localdate()) >= 1
        assert demo.load()["minutes"] == 0  # idempotent
        assert Meeting.objects.filter(title=demo.TRAINING).count() == 1

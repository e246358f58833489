"""Demo outbreak: one open case (a staff member who checked in at the main gate and
the hall in the last days), traced to F1 and F2. Idempotent."""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db.models import Count
from django.utils import timezone

from phongdich.checkin.models import Visit
from phongdich.org.models import Staff
from phongdich.tracing import services
from phongdich.tracing.models import Case, TraceRun

NOTE = "Ca bệnh mẫu: dương tính khi xét nghiệm nhanh tại cơ quan."


def load_case() -> TraceRun | None:
    """The demo case's latest trace run (created and traced on the first call)."""
    case = (
        Case.objects.filter(status=Case.Status.OPEN, staff__staff_code__startswith="CB")
        .order_by("pk")
        .first()
    )
    if case is None:
        today = timezone.localdate()
        since = timezone.now() - timedelta(days=4)
        # The demo staff member with the most check-ins in the last four days.
        busiest = (
            Visit.objects.filter(check_in__gte=since, person__staff__staff_code__startswith="CB")
            .values("person__staff")
            .annotate(n=Count("id"))
            .order_by("-n", "person__staff")
            .first()
        )
        if busiest is None:
            return None
        staff = Staff.objects.get(pk=busiest["person__staff"])
        tracer = get_user_model().objects.filter(username="truyvet").first()
        case = services.case_open(
            user=tracer, onset=today - timedelta(days=3), staff=staff, notes=NOTE
        )
    run = case.runs.filter(status=TraceRun.Status.DONE).first()
    if run is None:
        run = services.case_trace(case=case, user=None, background=False)
    return run

"""Background tasks of the adoption app (django.tasks; django-tasks-db in production)."""

from __future__ import annotations

from datetime import time
from typing import Any

from django.tasks import task
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from phongdich.core import scheduling

REMIND_AT = time(8, 30)  # local time of the daily campaign reminders


@task()
def run_adoption_import(job_id: str) -> str:
    from phongdich.adoption.services.imports import adoption_import_run

    return str(adoption_import_run(job_id=job_id).status)


@task()
def send_campaign_reminders(campaign_id: int) -> int:
    from phongdich.adoption.services.campaigns import reminders_deliver

    return reminders_deliver(campaign_id=campaign_id)


@task()
@scheduling.daily(
    at=REMIND_AT,
    title=_("Nhắc cài đặt ứng dụng (chiến dịch đang diễn ra)"),
    count_labels={"campaigns": _("chiến dịch"), "reminded": _("người được nhắc")},
)
def campaign_reminders_daily() -> dict[str, Any]:
    """Remind the non-adopters of every open campaign, at most once a day per person."""
    from phongdich.adoption.models import Campaign
    from phongdich.adoption.services.campaigns import reminders_deliver

    today = timezone.localdate()
    open_ids = list(
        Campaign.objects.filter(
            state=Campaign.State.OPEN, starts_on__lte=today, deadline__gte=today
        ).values_list("pk", flat=True)
    )
    reminded = sum(reminders_deliver(campaign_id=pk, day=today) for pk in open_ids)
    return {"campaigns": len(open_ids), "reminded": reminded}

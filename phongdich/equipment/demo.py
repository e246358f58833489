"""What load_demo adds for the equipment module: equipment for every unit (some broken,
some certificates expiring, some staff not ready) and a review campaign half answered.

Call after the organisation demo: ``equipment_demo.load()``. Idempotent (asset codes
``DEMO-…``); writes go through the services, so the history is there too.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from phongdich.equipment.models import Equipment, EquipmentKind, ReviewCampaign
from phongdich.equipment.services.equipment import EquipmentFields, equipment_create
from phongdich.equipment.services.reviews import review_submit
from phongdich.org.models import Staff, Unit

MODELS = {
    "desktop": "Dell OptiPlex 3080",
    "laptop": "Lenovo ThinkPad E14",
    "signature": "VNPT-CA USB token",
    "printer": "Canon LBP 2900",
}


@transaction.atomic
def load(*, today: dt.date | None = None) -> dict[str, Any]:
    """Returns counts, for the command's summary."""
    today = today or timezone.localdate()
    kinds = {k.code: k for k in EquipmentKind.objects.all()}
    created = 0
    serial = 0
    for unit in Unit.objects.filter(is_active=True).order_by("path"):
        staff = list(Staff.objects.filter(unit=unit, is_active=True).order_by("staff_code")[:6])
        for index, person in enumerate(staff):
            serial += 1
            code = f"DEMO-{unit.code}-{index + 1:02d}"
            if Equipment.objects.filter(asset_code=code).exists():
                continue
            kind = "laptop" if index % 2 else "desktop"
            equipment_create(
                data=EquipmentFields(
                    kind=kinds[kind],
                    unit=unit,
                    asset_code=code,
                    serial=f"DM{serial:05d}",
                    model_name=MODELS[kind],
                    year_acquired=2017 + index % 6,
                    # Every fifth device broken; every third without Internet.
                    condition=Equipment.Condition.BROKEN if serial % 5 == 0 else "good",
                    has_internet=serial % 3 != 0,
                    holder=person,
                    location=Equipment.Location.HOME if index % 2 else Equipment.Location.OFFICE,
                ),
                actor=None,
                ip=None,
            )
            created += 1
            if index == 0:  # the first of each unit signs: a token, some expiring soon
                equipment_create(
                    data=EquipmentFields(
                        kind=kinds["signature"],
                        unit=unit,
                        asset_code=f"{code}-CKS",
                        model_name=MODELS["signature"],
                        holder=person,
                        certificate_expiry=today + dt.timedelta(days=12 if serial % 2 else 200),
                    ),
                    actor=None,
                    ip=None,
                )
                created += 1
    campaign, _ = ReviewCampaign.objects.get_or_create(
        title="Rà soát thiết bị CNTT phục vụ làm việc từ xa",
        defaults={"deadline": today + dt.timedelta(days=7)},
    )
    answered = 0
    holders = Staff.objects.filter(equipment__asset_code__startswith="DEMO-").distinct()
    for number, person in enumerate(holders.order_by("staff_code")):
        if number % 2:  # half of them answer
            continue
        items = {e.pk: "confirmed" for e in Equipment.objects.filter(holder=person)}
        review_submit(
            staff=person,
            campaign=campaign,
            items=items,
            has_home_device=True,
            has_home_internet=number % 4 == 0,
            has_signature=number % 3 == 0,
            can_use_eoffice=True,
            comment="",
            actor=person.user,
            ip=None,
            today=today,
        )
        answered += 1
    return {"equipment": created, "campaign": campaign.pk, "answered": answered}

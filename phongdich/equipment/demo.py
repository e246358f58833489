"""What load_demo adds for the equipment module: equipment for every unit (some broken,
some certificates expiring, some staff not ready), a review campaign half answered, and
needs proposals at every step: one waiting for its unit head, one waiting for the IT
team, one rejected, and two consolidated by the Office into a công văn đề xuất.

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
    proposals, batch = _proposals(kinds, today)
    return {
        "equipment": created,
        "campaign": campaign.pk,
        "answered": answered,
        "proposals": proposals,
        "batch": batch,
    }


PROPOSALS = [
    # kind, quantity, for whom, justification, priority, step (IT quantity)
    (
        "desktop",
        4,
        "Chuyên viên bộ phận tiếp nhận và trả kết quả",
        "Máy tính hiện có sử dụng từ năm 2013, thường xuyên hỏng, không cài được phần mềm "
        "quản lý văn bản mới.",
        1,
        "submitted",
    ),
    (
        "laptop",
        3,
        "Lãnh đạo phòng và chuyên viên đi công tác cơ sở",
        "Cần thiết bị để làm việc từ xa, dự họp trực tuyến khi thực hiện giãn cách.",
        2,
        "approved",
    ),
    (
        "signature",
        2,
        "Kế toán trưởng và Phó Giám đốc Trung tâm",
        "Chưa có chữ ký số cá nhân để ký văn bản điện tử, chứng từ kế toán.",
        1,
        "accepted",
    ),
    (
        "laptop",
        5,
        "Giáo viên dạy trực tuyến",
        "Tổ chức dạy nghề trực tuyến trong thời gian học sinh không đến trường.",
        2,
        3,
    ),
    (
        "scanner",
        1,
        "Bộ phận văn thư",
        "Số hóa hồ sơ lưu trữ.",
        3,
        "rejected",
    ),
]


def _user_with(role: str, unit: Unit | None = None) -> Any:
    from django.db.models import Q

    from phongdich.org.models import RoleAssignment

    qs = RoleAssignment.objects.filter(role=role, user__is_active=True)
    if unit is not None:
        ids = [int(p) for p in unit.path.strip("/").split("/") if p]
        qs = qs.filter(Q(unit_id__in=ids) | Q(unit__isnull=True, user__staff__unit_id__in=ids))
    found = qs.select_related("user").order_by("pk").first()
    return found.user if found else None


def _proposals(kinds: dict[str, EquipmentKind], today: dt.date) -> tuple[int, int | None]:
    """Five proposals along the chain and one batch; nothing when proposals exist already."""
    from phongdich.core.roles import Role
    from phongdich.equipment.models import NeedsProposal
    from phongdich.equipment.services import proposals as services

    if NeedsProposal.objects.exists():
        return 0, None
    units = list(Unit.objects.filter(is_active=True, parent__isnull=False).order_by("path"))
    if not units:
        return 0, None
    it, office = _user_with(Role.IT), _user_with(Role.OFFICE)
    accepted = []
    for number, (kind, quantity, for_whom, why, priority, step) in enumerate(PROPOSALS):
        unit = units[number % len(units)]
        head = _user_with(Role.UNIT_HEAD, unit)
        member = Staff.objects.filter(unit=unit, is_active=True, user__isnull=False).first()
        proposal = services.proposal_create(
            unit=unit,
            kind=kinds[kind],
            quantity=quantity,
            for_whom=for_whom,
            justification=why,
            priority=priority,
            actor=member.user if member else head,
            ip=None,
        )
        if step == "submitted":
            continue
        services.proposal_head_decide(
            proposal=proposal, approve=True, reason="", actor=head, ip=None
        )
        if step == "approved":
            continue
        services.proposal_review(
            proposal=proposal,
            accept=step != "rejected",
            quantity=step if isinstance(step, int) else None,
            reason={"rejected": "Đơn vị đã được cấp máy quét năm 2024."}.get(
                str(step), "Điều chỉnh theo định mức trang bị." if isinstance(step, int) else ""
            ),
            actor=it,
            ip=None,
        )
        if step != "rejected":
            accepted.append(proposal)
    from phongdich.equipment.services.proposal_letter import DEFAULT_SUBJECT

    batch = services.batch_create(
        proposals=accepted,
        subject=DEFAULT_SUBJECT,
        issued_on=today,
        number=None,
        signer_authority="KT. GIÁM ĐỐC",
        signer_title="PHÓ GIÁM ĐỐC",
        signer_name="Lê Văn Thành",
        actor=office,
        ip=None,
    )
    return len(PROPOSALS), batch.pk

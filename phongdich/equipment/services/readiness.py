from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from phongdich.core.audit import audit
from phongdich.core.text import nfc
from phongdich.equipment.models import ReadinessRule


def readiness_rule_save(
    *,
    rule: ReadinessRule | None,
    name: str,
    requirement: str,
    applies_to: str,
    signer_positions: str,
    is_active: bool,
    sort_order: int,
    actor: Any,
    ip: str | None,
) -> ReadinessRule:
    """Create (``rule`` None) or change a readiness rule."""
    if requirement not in ReadinessRule.Requirement.values:
        raise ValidationError({"requirement": [_("Điều kiện không hợp lệ.")]})
    if applies_to not in ReadinessRule.AppliesTo.values:
        raise ValidationError({"applies_to": [_("Đối tượng áp dụng không hợp lệ.")]})
    with transaction.atomic():
        target = rule or ReadinessRule()
        target.name = nfc(name)
        target.requirement = requirement
        target.applies_to = applies_to
        target.signer_positions = nfc(signer_positions)
        target.is_active = is_active
        target.sort_order = sort_order
        target.save()
        audit(
            None,
            "equipment.rule.create" if rule is None else "equipment.rule.update",
            actor=actor,
            ip=ip,
            obj=target,
        )
    return target


def readiness_export(*, user: Any, ip: str | None, unit: Any = None) -> bytes:
    """The readiness report as .xlsx (names of people: personal data, audited)."""
    from django.utils import timezone

    from phongdich.core.xlsx import Column, Sheet, build_workbook
    from phongdich.equipment.selectors.readiness import readiness_report

    report = readiness_report(user=user, unit=unit)
    filters = [(_("Đơn vị"), unit.name)] if unit is not None else []
    sheets = [
        Sheet(
            name=_("Tỷ lệ sẵn sàng"),
            title=_("TỶ LỆ SẴN SÀNG LÀM VIỆC TỪ XA THEO ĐƠN VỊ"),
            columns=[
                Column(_("STT"), kind="int", width=6),
                Column(_("Đơn vị")),
                Column(_("Số cán bộ"), kind="int"),
                Column(_("Sẵn sàng"), kind="int"),
                Column(_("Tỷ lệ"), kind="percent"),
                Column(_("Đánh giá")),
            ],
            rows=[
                (n, u.unit.name, u.total, u.ready_count, u.rate, u.light_text)
                for n, u in enumerate(report.units, 1)
            ],
            filters=filters,
        ),
        Sheet(
            name=_("Chưa sẵn sàng"),
            title=_("CÁN BỘ CHƯA SẴN SÀNG LÀM VIỆC TỪ XA"),
            columns=[
                Column(_("STT"), kind="int", width=6),
                Column(_("Họ và tên")),
                Column(_("Mã cán bộ")),
                Column(_("Đơn vị")),
                Column(_("Lý do")),
            ],
            rows=[
                (n, p.staff.full_name, p.staff.staff_code, u.unit.name, "; ".join(p.reasons))
                for n, (u, p) in enumerate(((u, p) for u in report.units for p in u.not_ready), 1)
            ],
            filters=filters,
            personal_data=True,
        ),
        Sheet(
            name=_("Chứng thư sắp hết hạn"),
            title=_("CHỨNG THƯ SỐ HẾT HẠN TRONG 30 NGÀY"),
            columns=[
                Column(_("Mã tài sản")),
                Column(_("Đơn vị")),
                Column(_("Người sử dụng")),
                Column(_("Hạn chứng thư số"), kind="date"),
            ],
            rows=[
                (
                    e.asset_code or e.serial,
                    e.unit.name,
                    e.holder.full_name if e.holder else "",
                    e.certificate_expiry,
                )
                for e in report.expiring
            ],
            personal_data=True,
        ),
        Sheet(
            name=_("Thiết bị hỏng"),
            title=_("THIẾT BỊ HỎNG"),
            columns=[
                Column(_("Mã tài sản")),
                Column(_("Loại thiết bị")),
                Column(_("Đơn vị")),
                Column(_("Người sử dụng")),
            ],
            rows=[
                (
                    e.asset_code or e.serial,
                    e.kind.name,
                    e.unit.name,
                    e.holder.full_name if e.holder else "",
                )
                for e in report.broken
            ],
            personal_data=True,
        ),
    ]
    with transaction.atomic():
        audit(
            None,
            "equipment.readiness.export",
            actor=user,
            ip=ip,
            unit=unit.code if unit is not None else "",
        )
    return build_workbook(
        sheets=sheets,
        exported_by=user.get_full_name() or user.get_username(),
        exported_at=timezone.now(),
    )

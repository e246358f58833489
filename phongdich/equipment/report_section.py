"""The equipment module's section of the compiled báo cáo (``core.report_sections``),
letter items 3 (rà soát trang thiết bị CNTT, sẵn sàng làm việc) and 8.2 (đề xuất nhu cầu
trang thiết bị): the equipment the staff reviewed in the period, the readiness for remote
work per unit (the lowest units named), digital-signature certificates expiring, broken
equipment, and the needs the units proposed and the IT team accepted. Registered on
import, from ``apps.ready()``."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.db.models import Count
from django.utils import timezone

from phongdich.core.report_sections import (
    READER,
    Figure,
    SectionContent,
    SectionProvider,
    register,
    vn_date,
    vn_list,
    vn_number,
    vn_percent,
)

KEYWORDS = ("trang thiết bị", "máy tính", "chữ ký số", "sẵn sàng")
# Name at most this many of the lowest units (those below 100 %).
NAMED_UNITS = 3


def _bounds(start: date, end: date) -> tuple[datetime, datetime]:
    return (
        timezone.make_aware(datetime.combine(start, time.min)),
        timezone.make_aware(datetime.combine(end + timedelta(days=1), time.min)),
    )


def build(start: date, end: date) -> SectionContent | None:
    """None when no equipment was ever recorded (the module is not in use)."""
    from phongdich.equipment.models import Equipment, NeedsProposal, ReviewItem, StaffReview
    from phongdich.equipment.selectors.readiness import readiness_report

    if not Equipment.objects.exists():
        return None
    lo, hi = _bounds(start, end)
    as_of = min(end, timezone.localdate())
    reviews = StaffReview.objects.filter(answered_at__gte=lo, answered_at__lt=hi)
    reviewers = reviews.count()
    items = dict(
        ReviewItem.objects.filter(review__in=reviews)
        .values("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    reviewed = sum(items.values())
    readiness = readiness_report(user=READER, today=as_of)
    total, ready = readiness.total, readiness.ready_count
    share = 100 * ready / total if total else 0.0
    lowest = sorted(
        (u for u in readiness.units if u.ready_count < u.total),
        key=lambda u: (u.rate, u.unit.path),
    )[:NAMED_UNITS]
    expired = [
        e for e in readiness.expiring if e.certificate_expiry and e.certificate_expiry < as_of
    ]
    proposals = NeedsProposal.objects.filter(created_at__gte=lo, created_at__lt=hi)
    proposed = list(proposals.only("quantity", "approved_quantity", "status"))
    accepted = [
        p
        for p in proposed
        if p.status in (NeedsProposal.Status.ACCEPTED, NeedsProposal.Status.CONSOLIDATED)
    ]
    proposed_devices = sum(p.quantity for p in proposed)
    accepted_devices = sum(p.final_quantity for p in accepted)

    sentences = []
    if reviewers:
        outcome = [
            f"{vn_number(items[s])} thiết bị {label}"
            for s, label in (
                (ReviewItem.Status.BROKEN, "báo hỏng"),
                (ReviewItem.Status.MISSING, "không còn"),
            )
            if items.get(s)
        ]
        sentences.append(
            f"Trong kỳ báo cáo, {vn_number(reviewers)} cán bộ đã rà soát {vn_number(reviewed)} "
            "thiết bị CNTT đang giữ" + (f" ({vn_list(outcome)})." if outcome else ".")
        )
    if total:
        text = (
            f"Đến ngày {vn_date(as_of)}, {vn_number(ready)}/{vn_number(total)} cán bộ "
            f"({vn_percent(share)}) đủ điều kiện làm việc trực tuyến"
        )
        if lowest:
            text += ", thấp nhất tại " + vn_list(
                f"{u.unit.name} ({vn_percent(100 * u.rate)})" for u in lowest
            )
        sentences.append(text + ".")
    problems = []
    if readiness.expiring:
        soon = len(readiness.expiring) - len(expired)
        if not expired:
            state = "sắp hết hạn trong 30 ngày"
        elif not soon:
            state = "đã hết hạn"
        else:
            state = (
                f"({vn_number(len(expired))} đã hết hạn, {vn_number(soon)} sắp hết hạn trong "
                "30 ngày)"
            )
        problems.append(f"{vn_number(len(readiness.expiring))} chứng thư số {state}")
    if readiness.broken:
        problems.append(f"{vn_number(len(readiness.broken))} thiết bị hỏng")
    if problems:
        sentences.append(f"Cần gia hạn, sửa chữa hoặc thay thế {vn_list(problems)}.")
    if proposed:
        text = (
            f"Các đơn vị đã đề xuất {vn_number(len(proposed))} nhu cầu "
            f"({vn_number(proposed_devices)} thiết bị)"
        )
        if accepted:
            text += (
                f", Tổ CNTT đã chấp thuận {vn_number(len(accepted))} "
                f"({vn_number(accepted_devices)} thiết bị)"
            )
        sentences.append(text + ".")
    if not sentences:
        return None
    figures = (
        Figure("Cán bộ đã rà soát thiết bị", reviewers, "người"),
        Figure("Thiết bị đã rà soát", reviewed, "thiết bị"),
        Figure("Cán bộ sẵn sàng làm việc trực tuyến", f"{ready}/{total} ({vn_percent(share)})"),
        Figure("Chứng thư số hết hạn, sắp hết hạn", len(readiness.expiring), "chứng thư"),
        Figure("Thiết bị hỏng", len(readiness.broken), "thiết bị"),
        Figure("Nhu cầu đề xuất", len(proposed), "nhu cầu"),
        Figure("Nhu cầu được chấp thuận", len(accepted), "nhu cầu"),
    )
    return SectionContent(sentences=tuple(sentences), figures=figures)


PROVIDER = register(
    SectionProvider(
        key="equipment",
        title="Trang thiết bị CNTT, sẵn sàng làm việc trực tuyến",
        keywords=KEYWORDS,
        build=build,
        order=30,
    )
)

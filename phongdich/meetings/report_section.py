"""The meetings module's section of the compiled báo cáo (``core.report_sections``),
letter items 2 (tăng cường sử dụng hình thức họp, giao ban trực tuyến) and 8.3 (Kế hoạch
triển khai làm việc trực tuyến): the meetings held in the period online and in person, the
attendance of the invited units, the conclusions turned into tasks and done on time
(``selectors.figures.meeting_figures``; docs/meetings.md), and whether the plan for
working online was issued. Registered on import, from ``apps.ready()``."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

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

KEYWORDS = ("họp, giao ban trực tuyến", "giao ban", "họp trực tuyến", "làm việc trực tuyến")


def _months(start: date, end: date) -> int:
    """How many calendar months the period touches."""
    return (end.year - start.year) * 12 + end.month - start.month + 1


def build(start: date, end: date) -> SectionContent | None:
    """None when no meeting was ever scheduled and no plan drafted."""
    from phongdich.meetings.models import Meeting, OnlinePlan
    from phongdich.meetings.printing import SYMBOL_KH
    from phongdich.meetings.selectors.figures import meeting_figures

    if not (Meeting.objects.exists() or OnlinePlan.objects.exists()):
        return None
    lo = timezone.make_aware(datetime.combine(start, time.min))
    hi = min(
        timezone.make_aware(datetime.combine(end + timedelta(days=1), time.min)), timezone.now()
    )
    held = Meeting.objects.filter(status=Meeting.Status.SCHEDULED, start__gte=lo, start__lt=hi)
    online = held.exclude(online_url="").count()
    in_person = held.filter(online_url="").count()
    total = online + in_person
    figures = meeting_figures(
        user=READER, months=max(1, _months(start, end)), today=min(end, timezone.localdate())
    )
    expected = sum(u.expected for u in figures.units)
    attended = sum(u.attended for u in figures.units)

    sentences = []
    if total:
        text = (
            f"Trong kỳ báo cáo, Cơ quan Sở và các đơn vị đã tổ chức {vn_number(total)} cuộc "
            "họp, giao ban"
        )
        if not in_person:
            text += ", tất cả đều trực tuyến"
        elif not online:
            text += ", tất cả đều trực tiếp"
        else:
            text += (
                f", trong đó {vn_number(online)} cuộc họp trực tuyến "
                f"({vn_percent(100 * online / total)}) và {vn_number(in_person)} cuộc họp trực tiếp"
            )
        if expected:
            rate = vn_percent(100 * attended / expected)
            text += f"; tỷ lệ dự họp đạt {rate} ({vn_number(attended)}/{vn_number(expected)} lượt)"
        sentences.append(text + ".")
    else:
        sentences.append("Trong kỳ báo cáo, chưa có cuộc họp nào được tổ chức qua hệ thống.")
    if figures.conclusions_total:
        outcome = [
            f"{vn_number(n)} {label}"
            for n, label in (
                (figures.conclusions_done_on_time, "đã hoàn thành đúng hạn"),
                (figures.conclusions_done_late, "hoàn thành quá hạn"),
                (figures.conclusions_overdue, "quá hạn chưa hoàn thành"),
            )
            if n
        ]
        pending = (
            figures.conclusions_total
            - figures.conclusions_done_on_time
            - figures.conclusions_done_late
            - figures.conclusions_overdue
        )
        if pending:
            outcome.append(f"{vn_number(pending)} đang thực hiện trong hạn")
        sentences.append(
            f"Trong {vn_number(figures.conclusions_total)} kết luận cuộc họp được giao thành "
            f"nhiệm vụ, {vn_list(outcome)}."
        )
    plan = (
        OnlinePlan.objects.filter(state=OnlinePlan.State.ISSUED, issued_on__lte=end)
        .order_by("-issued_on", "-pk")
        .first()
    )
    if plan is not None and plan.issued_on is not None:
        number = f"{plan.number:02d}/{SYMBOL_KH}" if plan.number else SYMBOL_KH
        sentences.append(
            f"Sở đã ban hành Kế hoạch số {number} ngày {vn_date(plan.issued_on)} về "
            f"{plan.subject[:1].lower()}{plan.subject[1:]}."
        )
    elif OnlinePlan.objects.exists():
        sentences.append(
            "Kế hoạch triển khai làm việc trực tuyến tại Cơ quan Sở đã được dự thảo, chưa ban hành."
        )
    else:
        sentences.append(
            "Kế hoạch triển khai làm việc trực tuyến tại Cơ quan Sở chưa được xây dựng."
        )
    return SectionContent(
        sentences=tuple(sentences),
        figures=(
            Figure("Cuộc họp trực tuyến", online, "cuộc"),
            Figure("Cuộc họp trực tiếp", in_person, "cuộc"),
            Figure(
                "Tỷ lệ dự họp",
                f"{attended}/{expected} ({vn_percent(100 * attended / expected)})"
                if expected
                else "—",
            ),
            Figure("Kết luận được giao thành nhiệm vụ", figures.conclusions_total, "kết luận"),
            Figure("Kết luận hoàn thành đúng hạn", figures.conclusions_done_on_time, "kết luận"),
            Figure("Đã ban hành kế hoạch làm việc trực tuyến", plan is not None),
        ),
    )


PROVIDER = register(
    SectionProvider(
        key="meetings",
        title="Họp trực tuyến, kế hoạch làm việc trực tuyến",
        keywords=KEYWORDS,
        build=build,
        order=70,
    )
)

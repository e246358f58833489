"""The tracing's section of the compiled báo cáo (``core.report_sections``): cases, their
F1 and F2 contacts and how the follow-up ended, for a period. Registered on import, from
``apps.ready()``."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.db.models import Count
from django.utils import timezone

from phongdich.core.report_sections import (
    Figure,
    SectionContent,
    SectionProvider,
    register,
    vn_number,
)

KEYWORDS = ("truy vết", "tiếp xúc", "f0", "f1")


def _bounds(start: date, end: date) -> tuple[datetime, datetime]:
    return (
        timezone.make_aware(datetime.combine(start, time.min)),
        timezone.make_aware(datetime.combine(end + timedelta(days=1), time.min)),
    )


def build(start: date, end: date) -> SectionContent | None:
    """None when the tracing module has never been used."""
    from phongdich.tracing.models import Case, Contact, FollowUp

    if not Case.objects.exists():
        return None
    lo, hi = _bounds(start, end)
    cases = Case.objects.filter(created_at__gte=lo, created_at__lt=hi)
    n_cases = cases.count()
    still_open = cases.filter(status=Case.Status.OPEN).count()
    contacts = Contact.objects.filter(case__in=cases, in_latest_run=True)
    levels = dict(contacts.values("level").annotate(n=Count("pk")).values_list("level", "n"))
    f1, f2 = levels.get(1, 0), levels.get(2, 0)
    further = sum(n for level, n in levels.items() if level > 2)
    statuses = dict(contacts.values("status").annotate(n=Count("pk")).values_list("status", "n"))
    follow_ups = FollowUp.objects.filter(contact__in=contacts, day__gte=start, day__lte=end).count()

    if not n_cases:
        sentences = ["Trong kỳ báo cáo không phát sinh ca bệnh (F0) phải truy vết tại cơ quan."]
    else:
        parts = [f"{vn_number(f1)} trường hợp tiếp xúc gần (F1)"]
        if f2:
            parts.append(f"{vn_number(f2)} trường hợp F2")
        if further:
            parts.append(f"{vn_number(further)} trường hợp cấp xa hơn")
        found = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " và " + parts[-1]
        sentences = [
            f"Tổ truy vết đã ghi nhận {vn_number(n_cases)} ca bệnh (F0)"
            + (
                (
                    " đang được điều tra"
                    if still_open == n_cases
                    else f", trong đó {vn_number(still_open)} ca đang điều tra"
                )
                if still_open
                else ""
            )
            + f"; từ nhật ký ra vào đã truy vết được {found}."
        ]
        labels = [
            (Contact.Status.NEGATIVE, "xét nghiệm âm tính"),
            (Contact.Status.HOME_QUARANTINE, "cách ly tại nhà"),
            (Contact.Status.CENTRAL_QUARANTINE, "cách ly tập trung"),
            (Contact.Status.POSITIVE, "dương tính, chuyển thành ca bệnh"),
            (Contact.Status.RELEASED, "hết thời gian theo dõi"),
            (Contact.Status.CONTACTED, "đã liên hệ, đang theo dõi"),
            (Contact.Status.NOT_CONTACTED, "chưa liên hệ được"),
        ]
        outcome = [
            f"{vn_number(statuses[s])} trường hợp {label}" for s, label in labels if statuses.get(s)
        ]
        if outcome:
            sentences.append(
                "Kết quả theo dõi người tiếp xúc: "
                + "; ".join(outcome)
                + (f" ({vn_number(follow_ups)} lượt theo dõi hằng ngày)." if follow_ups else ".")
            )
    figures = (
        Figure("Ca bệnh (F0)", n_cases, "ca"),
        Figure("F1", f1, "người"),
        Figure("F2", f2, "người"),
        Figure("Lượt theo dõi hằng ngày", follow_ups, "lượt"),
        *(
            Figure(str(Contact.Status(status).label), n, "người")
            for status, n in sorted(statuses.items())
        ),
    )
    return SectionContent(sentences=tuple(sentences), figures=figures)


PROVIDER = register(
    SectionProvider(
        key="tracing",
        title="Truy vết tiếp xúc",
        keywords=KEYWORDS,
        build=build,
        order=20,
    )
)

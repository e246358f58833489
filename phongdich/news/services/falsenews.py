"""Writes of false-news reports: a report (link or screenshot), the board's verdict with
its source and the “Cảnh báo tin giả” item; the reporter and the staff are told."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from phongdich.core.audit import audit
from phongdich.core.text import nfc
from phongdich.news import images
from phongdich.news.models import FalseNewsReport
from phongdich.news.workflow import is_board
from phongdich.notifications.services import notification_send
from phongdich.org.models import Staff


def report_create(
    *,
    reporter: Any,
    link: str,
    screenshot: Any,
    platform: str,
    seen_on: dt.date,
    description: str,
    ip: str | None,
    today: dt.date | None = None,
) -> FalseNewsReport:
    today = today or timezone.localdate()
    link, description = nfc(link), nfc(description)
    errors: dict[str, list[str]] = {}
    if not link and screenshot is None:
        errors["link"] = [_("Hãy dán đường dẫn bài đăng hoặc gửi ảnh chụp màn hình.")]
    if link and not link.lower().startswith(("http://", "https://")):
        errors["link"] = [_("Đường dẫn phải bắt đầu bằng http:// hoặc https://.")]
    if platform not in FalseNewsReport.Platform.values:
        errors["platform"] = [_("Hãy chọn nơi bạn thấy bài đăng.")]
    if seen_on > today:
        errors["seen_on"] = [_("Ngày thấy bài đăng không được sau hôm nay.")]
    if not description:
        errors["description"] = [_("Hãy mô tả ngắn nội dung đáng ngờ.")]
    if errors:
        raise ValidationError(errors)
    clean = images.clean_image(screenshot) if screenshot is not None else None
    with transaction.atomic():
        report = FalseNewsReport.objects.create(
            reporter=reporter,
            link=link,
            screenshot_path=images.store(clean) if clean else "",
            screenshot_type=clean.content_type if clean else "",
            platform=platform,
            seen_on=seen_on,
            description=description,
        )
        audit(None, "news.falsenews.report", actor=reporter, ip=ip, obj=report)
        from phongdich.news import tasks

        pk = report.pk
        transaction.on_commit(lambda: tasks.notify_report.enqueue(pk, "reported"))
    return report


def report_decide(
    *,
    report: FalseNewsReport,
    verdict: str,
    source: str,
    warning_title: str,
    warning_body: str,
    public: bool,
    actor: Any,
    ip: str | None,
) -> FalseNewsReport:
    """The board's verdict, once; it publishes the warning to staff (and the public page
    when ``public``) and tells the reporter."""
    if not is_board(actor):
        raise PermissionDenied(_("Chỉ Ban biên tập được kết luận."))
    source, warning_title, warning_body = nfc(source), nfc(warning_title), nfc(warning_body)
    errors: dict[str, list[str]] = {}
    if verdict not in FalseNewsReport.Verdict.values:
        errors["verdict"] = [_("Hãy chọn kết luận.")]
    if not source:
        errors["source"] = [_("Hãy ghi nguồn chính thức đã đối chiếu.")]
    if not warning_title:
        errors["warning_title"] = [_("Hãy nhập tiêu đề cảnh báo.")]
    if not warning_body:
        errors["warning_body"] = [_("Hãy nhập nội dung cảnh báo.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        report = FalseNewsReport.objects.select_for_update().get(pk=report.pk)
        if report.is_decided:
            raise ValidationError(_("Tin này đã có kết luận."))
        report.verdict = verdict
        report.source = source
        report.warning_title = warning_title[:200]
        report.warning_body = warning_body
        report.public = public
        report.decided_by = actor
        report.decided_at = timezone.now()
        report.save()
        audit(
            None,
            "news.falsenews.decide",
            actor=actor,
            ip=ip,
            obj=report,
            verdict=verdict,
            public=public,
        )
        from phongdich.news import tasks

        pk = report.pk
        transaction.on_commit(lambda: tasks.notify_report.enqueue(pk, "decided"))
    return report


def report_notify(*, report_id: int, event: str) -> int:
    """Reported: the board is told. Decided: the reporter is told the verdict, and every
    member of staff gets the warning in the app."""
    from phongdich.news.services.notices import board_members

    report = FalseNewsReport.objects.select_related("reporter").get(pk=report_id)
    url = reverse("news:report_detail", args=[report.pk])
    with transaction.atomic():
        if event == "reported":
            users = board_members()
            notification_send(
                users=users,
                title=_("Có tin cần kiểm chứng (%(platform)s)")
                % {"platform": report.get_platform_display()},
                body=report.description[:300],
                url=url,
            )
            return len(users)
        notification_send(
            users=[report.reporter],
            title=_("Kết luận về tin bạn báo: %(verdict)s")
            % {"verdict": report.get_verdict_display()},
            body=report.warning_title,
            url=url,
        )
        staff = [
            s.user
            for s in Staff.objects.filter(is_active=True, user__is_active=True).select_related(
                "user"
            )
            if s.user_id != report.reporter_id
        ]
        notification_send(
            users=staff,
            title=_("Cảnh báo tin giả: %(title)s") % {"title": report.warning_title},
            body=report.warning_body[:300],
            url=reverse("news:warning_list"),
            email=False,
        )
    return len(staff) + 1

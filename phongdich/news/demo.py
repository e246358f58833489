"""What load_demo adds for the news module: a dozen articles in every state from several
units and the unions, two bulletins (one fully acknowledged, one half), three false-news
reports with verdicts.

Call after the organisation demo: ``news_demo.load()``. Idempotent (fixed titles and
numbers); writes go through the services, so versions, history and audit are there too.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from phongdich.core.roles import Role
from phongdich.news.models import Article, Bulletin, FalseNewsReport, Topic
from phongdich.news.selectors.bulletins import audience_staff
from phongdich.news.services import articles as articles_service
from phongdich.news.services.bulletins import bulletin_acknowledge, bulletin_publish
from phongdich.news.services.falsenews import report_create, report_decide
from phongdich.org.models import RoleAssignment, Staff, Unit

# (title, topic, final state, union?)
ARTICLES = [
    ("Công đoàn Sở hướng dẫn cài đặt PC-Covid cho đoàn viên", Topic.TECHNOLOGY, "published", True),
    ("Đoàn Thanh niên ra quân hỗ trợ tiêm chủng", Topic.VACCINATION, "published", True),
    ("Phòng GDNN họp trực tuyến thay họp tập trung", Topic.TECHNOLOGY, "published", False),
    ("Quét mã QR khi vào cơ quan: những điều cần biết", Topic.PREVENTION, "scheduled", False),
    ("Hội Cựu chiến binh chung tay phòng dịch", Topic.UNITS, "approved", True),
    ("Trung tâm DVVL tư vấn việc làm qua mạng", Topic.TECHNOLOGY, "submitted", False),
    ("Khai báo y tế điện tử tại cổng Sở", Topic.PREVENTION, "submitted", False),
    ("Kinh nghiệm làm việc từ xa của Văn phòng Sở", Topic.TECHNOLOGY, "returned", False),
    ("Đoàn viên thanh niên với Bluezone", Topic.TECHNOLOGY, "returned", True),
    ("Bản tin tuần: tình hình dịch trong tỉnh", Topic.GUIDANCE, "unpublished", False),
    ("Nhật ký một ngày trực chốt", Topic.UNITS, "draft", False),
    ("Hướng dẫn tự cách ly tại nhà (dự thảo)", Topic.GUIDANCE, "draft", True),
]

BODY = (
    "<p>Thực hiện Công văn của Sở về ứng dụng công nghệ thông tin trong phòng, chống dịch, "
    "{unit} đã triển khai nhiều hoạt động thiết thực.</p>"
    "<h2>Kết quả</h2><ul><li>100% cán bộ đã cài đặt ứng dụng.</li>"
    "<li>Các cuộc họp chuyển sang hình thức trực tuyến.</li></ul>"
    '<p>Xem thêm tại <a href="https://covid19.gov.vn">Cổng thông tin của Bộ Y tế</a>.</p>'
)


def _first_user(role: str) -> Any:
    assignment = (
        RoleAssignment.objects.filter(role=role, user__is_active=True)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    return assignment.user if assignment else None


def _authors() -> list[Any]:
    return [
        s.user
        for s in Staff.objects.filter(is_active=True, user__is_active=True)
        .select_related("user")
        .order_by("unit__path", "staff_code")
    ]


def _articles(editor: Any, now: dt.datetime) -> int:
    authors = _authors()
    unions = list(Unit.objects.filter(kind=Unit.Kind.UNION, is_active=True).order_by("path"))
    units = list(
        Unit.objects.filter(is_active=True)
        .exclude(kind__in=[Unit.Kind.UNION, Unit.Kind.DEPARTMENT])
        .order_by("path")
    )
    if not authors or not units:
        return 0
    created = 0
    for index, (title, topic, state, union) in enumerate(ARTICLES):
        if Article.objects.filter(title=title).exists():
            continue
        pool = unions if union and unions else units
        unit = pool[index % len(pool)]
        author = authors[index % len(authors)]
        item = articles_service.article_create(
            fields=articles_service.ArticleFields(
                title=title,
                summary=f"{unit.name}: {title.lower()}.",
                body=BODY.format(unit=unit.name),
                topic=topic,
                unit=unit,
                directive_item="7" if union else "5",
            ),
            actor=author,
            ip=None,
        )
        created += 1

        def move(action: str, actor: Any, item: Article = item, **kw: Any) -> None:
            articles_service.article_transition(
                article=item, action=action, actor=actor, ip=None, **kw
            )

        if state == "draft":
            continue
        move("submit", author)
        if state == "submitted":
            continue
        if state == "returned":
            move("return", editor, comment="Đề nghị bổ sung số liệu và ảnh hoạt động.")
            continue
        move("approve", editor)
        if state == "approved":
            continue
        if state == "scheduled":
            move("schedule", editor, publish_at=now + dt.timedelta(days=1))
            continue
        move("publish", editor)
        if state == "unpublished":
            move("unpublish", editor)
    return created


def _pdf(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4\n% demo\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")


def _bulletins(office: Any, today: dt.date) -> dict[str, int]:
    counts = {"bulletins": 0, "acknowledged": 0}
    unit = Unit.objects.filter(kind=Unit.Kind.OFFICE).order_by("path").first()
    specs = [
        (
            "2345/UBND-VX",
            "UBND tỉnh Thanh Hóa",
            "V/v tăng cường ứng dụng CNTT trong phòng, chống dịch COVID-19",
            [unit] if unit else [],
            1.0,
        ),
        (
            "1180/LĐTBXH-VP",
            "Bộ Lao động – Thương binh và Xã hội",
            "V/v không chia sẻ thông tin chưa được kiểm chứng về dịch bệnh trên mạng xã hội",
            [],
            0.5,
        ),
    ]
    for number, issuer, summary, units, share in specs:
        if Bulletin.objects.filter(number=number).exists():
            continue
        if share == 1.0 and not units:
            continue
        bulletin = bulletin_publish(
            number=number,
            issued_on=today - dt.timedelta(days=5),
            issuer=issuer,
            summary=summary,
            upload=_pdf(f"{number.replace('/', '-')}.pdf"),
            deadline=today + dt.timedelta(days=7),
            audience_all=not units,
            units=units,
            roles=[],
            actor=office,
            ip=None,
        )
        counts["bulletins"] += 1
        people = list(audience_staff(bulletin=bulletin))
        for person in people[: round(len(people) * share)]:
            bulletin_acknowledge(bulletin=bulletin, user=person.user, ip=None)
            counts["acknowledged"] += 1
    return counts


def _reports(editor: Any, today: dt.date) -> int:
    reporters = _authors()
    if not reporters:
        return 0
    specs = [
        (
            "facebook",
            "Bài đăng nói xông hơi bằng lá sả chữa khỏi COVID-19.",
            "false",
            "Xông hơi không chữa được COVID-19",
            "Bộ Y tế khẳng định xông hơi không tiêu diệt được vi-rút; hãy theo hướng dẫn điều "
            "trị chính thức.",
            "Bộ Y tế, trang covid19.gov.vn",
            True,
        ),
        (
            "zalo",
            "Tin nhắn Zalo nói Sở cho toàn bộ cán bộ nghỉ làm từ thứ Hai.",
            "misleading",
            "Sở không cho nghỉ làm: chỉ chuyển một phần sang làm việc từ xa",
            "Thông báo của Văn phòng Sở chỉ áp dụng làm việc từ xa cho một số phòng; cán bộ "
            "theo dõi văn bản chính thức trong Bản tin.",
            "Thông báo số 1180/LĐTBXH-VP",
            False,
        ),
        (
            "website",
            "Trang tin nói tỉnh mở thêm điểm tiêm chủng lưu động tại các huyện.",
            "true",
            "Đúng: tỉnh mở thêm điểm tiêm chủng lưu động",
            "Thông tin đúng với kế hoạch của Sở Y tế; lịch tiêm theo thông báo của địa phương.",
            "Kế hoạch của Sở Y tế Thanh Hóa",
            True,
        ),
    ]
    created = 0
    for index, (platform, description, verdict, title, body, source, public) in enumerate(specs):
        if FalseNewsReport.objects.filter(description=description).exists():
            continue
        report = report_create(
            reporter=reporters[(index * 3) % len(reporters)],
            link=f"https://example.com/bai-dang/{index + 1}",
            screenshot=None,
            platform=platform,
            seen_on=today - dt.timedelta(days=index + 1),
            description=description,
            ip=None,
        )
        report_decide(
            report=report,
            verdict=verdict,
            source=source,
            warning_title=title,
            warning_body=body,
            public=public,
            actor=editor,
            ip=None,
        )
        created += 1
    return created


@transaction.atomic
def load(*, now: dt.datetime | None = None) -> dict[str, int]:
    """Returns counts, for the command's summary."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    editor = _first_user(Role.EDITOR) or _first_user(Role.ADMIN)
    office = _first_user(Role.OFFICE) or _first_user(Role.ADMIN)
    if editor is None or office is None:
        return {"articles": 0, "bulletins": 0, "acknowledged": 0, "reports": 0}
    return {
        "articles": _articles(editor, now),
        **_bulletins(office, today),
        "reports": _reports(editor, today),
    }

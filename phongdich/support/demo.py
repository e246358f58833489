"""What load_demo adds for the support module: the IT team of the seed letter's
department (four members, every unit with a primary and a backup), its partners, three
how-to articles and a dozen requests in every state over the last weeks.

Call after the organisation and equipment demos: ``support_demo.load()``. Idempotent
(members by staff code, partners and articles by name, requests by title); writes go
through the services, so the history and the audit trail are there too.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from phongdich.core.roles import Role
from phongdich.org.models import RoleAssignment, Staff, Unit
from phongdich.support import clock
from phongdich.support.models import Article, Partner, SupportRequest, TeamMember
from phongdich.support.selectors.requests import equipment_choices
from phongdich.support.services.common import holidays
from phongdich.support.services.knowledge import ArticleInput, article_save
from phongdich.support.services.partners import PartnerInput, partner_save
from phongdich.support.services.requests import RequestInput, request_act, request_open
from phongdich.support.services.team import MemberInput, assignment_set, member_save

DEMO_PASSWORD = "phongdich-demo"

# username, name, staff unit, position, team role, speciality
MEMBERS = [
    ("cntt", None, None, None, "Tổ trưởng", "Quản trị hệ thống, phần mềm quản lý văn bản"),
    (
        "cntt.duc",
        "Nguyễn Minh Đức",
        "VP",
        "Chuyên viên Văn phòng",
        "Tổ phó",
        "Mạng, máy chủ, camera",
    ),
    (
        "cntt.huyen",
        "Trần Thị Thanh Huyền",
        "P-KHTC",
        "Chuyên viên",
        "Thành viên",
        "Chữ ký số, phần mềm kế toán",
    ),
    (
        "cntt.long",
        "Lê Hoàng Long",
        "TR-CDN",
        "Giáo viên tin học",
        "Thành viên",
        "Máy tính, máy in, đào tạo trực tuyến",
    ),
]

PARTNERS = [
    PartnerInput(
        name="Trung tâm Công nghệ thông tin và Truyền thông (Sở Thông tin và Truyền thông)",
        kind=Partner.Kind.PROVINCE_IT,
        purpose="Hệ thống quản lý văn bản và điều hành, thư điện tử công vụ, hội nghị truyền hình",
        contact_name="Phòng Kỹ thuật",
        phone="0237 3 720 999",
        email="kythuat.ttcntt@example.vn",
    ),
    PartnerInput(
        name="Viettel Thanh Hóa",
        kind=Partner.Kind.TELECOM,
        purpose="Đường truyền Internet, mạng số liệu chuyên dùng, PC-Covid và mã QR",
        contact_name="Nguyễn Văn Hải (nhân viên kỹ thuật phụ trách)",
        phone="0986 000 111",
        email="hai.nv@example.vn",
    ),
    PartnerInput(
        name="VNPT Thanh Hóa",
        kind=Partner.Kind.VENDOR,
        purpose="Chữ ký số VNPT-CA: cấp mới, gia hạn, thay USB token",
        contact_name="Lê Thị Mai",
        phone="0912 000 222",
        email="mai.lt@example.vn",
    ),
]

ARTICLES = [
    ArticleInput(
        title="Quét mã QR khi vào cơ quan",
        summary="Khai báo y tế và check-in bằng camera điện thoại, không cần cài ứng dụng.",
        keywords="qr, mã qr, quét mã, check-in, khai báo y tế, cổng, camera",
        body=(
            "Mở camera của điện thoại (hoặc ứng dụng Zalo, PC-Covid) và hướng vào mã QR dán ở "
            "cổng.\n"
            "Bấm vào đường liên kết hiện ra để mở trang khai báo.\n"
            "Lần đầu: nhập họ tên, số điện thoại, trả lời các câu hỏi khai báo y tế rồi bấm Gửi.\n"
            "Những lần sau: trang nhớ thông tin, chỉ cần bấm Check-in.\n"
            "Khi ra về, quét lại mã và bấm Check-out.\n"
            "Không quét được: kiểm tra camera đã lau sạch, đủ sáng; hoặc nhập mã cổng in dưới mã "
            "QR."
        ),
        publish=True,
        topic="checkin",
    ),
    ArticleInput(
        title="Cài đặt và sử dụng PC-Covid",
        summary="Cài ứng dụng, khai báo y tế điện tử và quét mã QR bằng PC-Covid.",
        keywords="pc-covid, pc covid, cài đặt, ứng dụng, bluezone, khai báo, điện thoại",
        body=(
            "Mở CH Play (Android) hoặc App Store (iPhone), tìm “PC-Covid” của Bộ Công an và bấm "
            "Cài đặt.\n"
            "Mở ứng dụng, nhập số điện thoại và mã OTP nhận qua tin nhắn.\n"
            "Khai báo thông tin cá nhân theo căn cước công dân.\n"
            "Cho phép ứng dụng dùng Bluetooth và thông báo.\n"
            "Để quét mã QR tại cổng: bấm Quét QR ở màn hình chính.\n"
            "Quên mã OTP hoặc không nhận được tin nhắn: gửi yêu cầu hỗ trợ, Tổ CNTT sẽ hướng dẫn."
        ),
        publish=True,
    ),
    ArticleInput(
        title="Gia hạn chữ ký số (USB token)",
        summary="Gia hạn chứng thư số trước khi hết hạn để không gián đoạn ký văn bản.",
        keywords="chữ ký số, chứng thư số, usb token, gia hạn, hết hạn, ký số, vnpt-ca",
        body=(
            "Xem hạn chứng thư: cắm USB token, mở phần mềm quản lý token, chọn Thông tin chứng "
            "thư.\n"
            "Trước ngày hết hạn ít nhất 15 ngày, báo Văn phòng Sở để lập danh sách gia hạn.\n"
            "Văn phòng gửi đề nghị gia hạn tới nhà cung cấp (VNPT-CA).\n"
            "Khi có thông báo, cắm token vào máy có Internet, mở phần mềm và chọn Gia hạn/Cập "
            "nhật chứng thư.\n"
            "Ký thử một văn bản trên hệ thống quản lý văn bản để kiểm tra.\n"
            "Token báo lỗi hoặc bị khóa mã PIN: không thử quá 3 lần, gửi yêu cầu hỗ trợ."
        ),
        publish=True,
    ),
    ArticleInput(
        title="Tham gia họp trực tuyến",
        summary="Vào phòng họp trực tuyến từ máy tính hoặc điện thoại, kiểm tra micro, camera.",
        keywords="họp trực tuyến, họp online, phòng họp, micro, camera, đường dẫn, vào họp",
        body=(
            "Mở cuộc họp trên Phòng dịch số (mục Cuộc họp) và bấm Vào họp vài phút trước giờ họp.\n"
            "Lần đầu: cho phép trình duyệt dùng micro và camera khi được hỏi.\n"
            "Tắt micro khi không phát biểu; bật lại khi chủ trì mời.\n"
            "Không nghe được: kiểm tra loa, tai nghe và âm lượng; thử tải lại trang.\n"
            "Mạng yếu: tắt camera, chỉ giữ tiếng.\n"
            "Vẫn không vào được: gửi yêu cầu hỗ trợ, ghi tên cuộc họp và giờ họp."
        ),
        publish=True,
        topic="meeting",
    ),
]

# title, requester unit, urgency, states to walk through, days ago, rating
REQUESTS: list[tuple[str, str, str, list[str], int, int | None]] = [
    ("Máy in tầng 2 báo kẹt giấy liên tục", "P-LDVL", "normal", [], 0, None),
    ("Không đăng nhập được hệ thống quản lý văn bản", "P-NCC", "high", [], 1, None),
    ("Mã QR ở cổng phụ bị mờ, khách không quét được", "TT-DVVL", "high", [], 0, None),
    ("Máy tính không vào được mạng nội bộ", "P-BTXH", "high", ["take"], 2, None),
    ("Cài phần mềm họp trực tuyến cho phòng họp", "P-GDNN", "normal", ["take"], 1, None),
    ("Chữ ký số báo lỗi khi ký văn bản", "P-KHTC", "critical", ["take", "ask"], 3, None),
    ("Điện thoại không nhận mã OTP của PC-Covid", "TT-BTXH", "normal", ["take", "ask"], 4, None),
    (
        "Đường truyền Internet chập chờn cả buổi sáng",
        "TR-CDN",
        "high",
        ["take", "escalate"],
        6,
        None,
    ),
    ("Gia hạn chứng thư số sắp hết hạn", "TTRA", "normal", ["take", "escalate"], 9, None),
    ("Laptop chạy rất chậm khi mở nhiều văn bản", "P-TEBDG", "low", ["take", "resolve"], 8, None),
    (
        "Không gửi được thư điện tử công vụ có tệp đính kèm",
        "VP",
        "normal",
        ["take", "resolve"],
        5,
        None,
    ),
    (
        "Hướng dẫn quét mã QR cho khách đến làm việc",
        "TT-DVVL",
        "low",
        ["take", "resolve", "confirm"],
        20,
        5,
    ),
    ("Màn hình máy tính bị nhấp nháy", "P-GDNN", "normal", ["take", "resolve", "confirm"], 27, 4),
    (
        "Cài lại máy in sau khi chuyển phòng",
        "P-LDVL",
        "normal",
        ["take", "resolve", "reopen", "resolve", "confirm"],
        34,
        3,
    ),
    (
        "Tạo tài khoản hệ thống cho cán bộ mới",
        "SLDTBXH",
        "low",
        ["take", "resolve", "confirm"],
        41,
        5,
    ),
]

NOTES = {
    "ask": "Anh/chị cho biết máy đang dùng hệ điều hành gì và chụp màn hình thông báo lỗi.",
    "escalate": "Đã báo đối tác kiểm tra từ phía nhà cung cấp.",
    "resolve": "Đã kiểm tra và xử lý xong tại chỗ, anh/chị thử lại giúp.",
    "reopen": "Vẫn còn lỗi như cũ.",
    "confirm": "Cảm ơn Tổ CNTT đã hỗ trợ nhanh.",
}


def _it_account(username: str, name: str, unit: Unit, position: str, serial: int) -> Any:
    User = get_user_model()
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User(username=username, email=f"{username}@phongdich.local")
        user.set_password(DEMO_PASSWORD)
        last, _, first = name.rpartition(" ")
        user.first_name, user.last_name = first, last
        user.save()
    Staff.objects.update_or_create(
        staff_code=f"DEMOIT{serial}",
        defaults={
            "full_name": name,
            "phone": f"+849130000{serial:02d}",
            "email": user.email,
            "unit": unit,
            "position": position,
            "user": user,
        },
    )
    if not RoleAssignment.objects.filter(user=user, role=Role.IT).exists():
        RoleAssignment.objects.create(
            user=user, role=Role.IT, unit=Unit.objects.filter(parent__isnull=True).first()
        )
    return user


def _members() -> list[TeamMember]:
    units = {u.code: u for u in Unit.objects.all()}
    members = []
    for serial, (username, name, unit_code, position, role, speciality) in enumerate(MEMBERS, 1):
        if name is None:
            user = get_user_model().objects.filter(username=username).first()
            staff = Staff.objects.filter(user=user).first() if user else None
            if staff is None:
                continue
        else:
            if unit_code not in units:
                continue
            user = _it_account(username, name, units[unit_code], position or "", serial)
            staff = Staff.objects.get(user=user)
        member = TeamMember.objects.filter(staff=staff).first()
        members.append(
            member
            or member_save(
                staff=staff,
                data=MemberInput(
                    team_role=role,
                    speciality=speciality,
                    is_leader=role in {"Tổ trưởng", "Tổ phó"},
                    sort_order=serial,
                ),
                actor=None,
                ip=None,
            )
        )
    return members


@transaction.atomic
def load(*, now: dt.datetime | None = None) -> dict[str, int]:
    now = now or timezone.now()
    counts = {"members": 0, "assignments": 0, "partners": 0, "articles": 0, "requests": 0}
    members = _members()
    counts["members"] = len(members)
    if len(members) >= 2:
        from phongdich.support.models import UnitAssignment

        for i, unit in enumerate(Unit.objects.filter(is_active=True).order_by("path")):
            if UnitAssignment.objects.filter(unit=unit).exists():
                continue
            primary = members[i % len(members)]
            backup = members[(i + 1) % len(members)]
            assignment_set(unit=unit, primary=primary, backup=backup, actor=None, ip=None)
            counts["assignments"] += 1
    partners = []
    for data in PARTNERS:
        partner = Partner.objects.filter(name=data.name).first()
        if partner is None:
            partner = partner_save(data=data, actor=None, ip=None)
            counts["partners"] += 1
        partners.append(partner)
    for article in ARTICLES:
        if not Article.objects.filter(title=article.title).exists():
            article_save(data=article, actor=None, ip=None, now=now)
            counts["articles"] += 1
    if not members:
        return counts
    units = {u.code: u for u in Unit.objects.all()}
    it_user = members[0].staff.user
    days_off = holidays()
    for n, (title, code, urgency, steps, days_ago, rating) in enumerate(REQUESTS):
        found = units.get(code)
        if found is None or SupportRequest.objects.filter(title=title).exists():
            continue
        unit = found
        requester = (
            Staff.objects.filter(unit=unit, is_active=True, user__isnull=False).first()
            or Staff.objects.filter(unit=unit, is_active=True).order_by("staff_code").first()
        )
        if requester is None:
            continue
        start = clock.add_business_minutes(
            now - dt.timedelta(days=days_ago, hours=2 + n % 3), 0, days_off
        )
        if start > now:
            start = now - dt.timedelta(minutes=30 + n)
        device = equipment_choices(user=it_user, unit=unit).first() if n % 3 == 0 else None
        request = request_open(
            requester=requester,
            data=RequestInput(title=title, unit=unit, urgency=urgency, equipment=device),
            actor=requester.user,
            ip=None,
            now=start,
        )
        counts["requests"] += 1
        moment = start
        for step in steps:
            moment = min(moment + dt.timedelta(minutes=35 + 17 * (n % 4)), now)
            actor = requester.user if step in {"reopen", "confirm", "reply"} else it_user
            if actor is None:  # a requester without an account: the team closes it
                step, actor = "close", it_user
            request = request_act(
                request=request,
                action=step,
                actor=actor,
                ip=None,
                note=NOTES.get(step, ""),
                partner=partners[1 if "Internet" in title else 2] if step == "escalate" else None,
                rating=rating if step == "confirm" else None,
                now=moment,
            )
    return counts

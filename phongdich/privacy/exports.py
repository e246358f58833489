"""The privacy module's workbooks, through the one factory (``core.xlsx``): the people
affected by an incident, everything held about one person, and the breach register
(no one's data in it: counts and kinds only, so no export reason)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from phongdich.core.names import person_name
from phongdich.core.xlsx import Column, Sheet, build_workbook, format_moment
from phongdich.privacy.models import Incident


def affected_xlsx(incident: Incident, people: list[Any], *, user: Any) -> bytes:
    units = ", ".join(unit.name for unit in incident.scope_units.all()) or _("Mọi đơn vị")
    sheet = Sheet(
        name=_("Người bị ảnh hưởng"),
        title=_("DANH SÁCH NGƯỜI BỊ ẢNH HƯỞNG BỞI SỰ CỐ DỮ LIỆU CÁ NHÂN"),
        columns=[
            Column(_("STT"), kind="int", width=6),
            Column(_("Họ và tên")),
            Column(_("Số điện thoại")),
            Column(_("Cán bộ (mã, đơn vị)")),
            Column(_("Lần ra vào đầu"), kind="datetime"),
            Column(_("Lần ra vào cuối"), kind="datetime"),
            Column(_("Số lượt"), kind="int"),
        ],
        rows=(
            [
                number,
                person.full_name,
                person.identity if person.identity.startswith("+") else "",
                f"{person.staff.staff_code}, {person.staff.unit.name}" if person.staff else "",
                person.first_in,
                person.last_in,
                person.n,
            ]
            for number, person in enumerate(people, start=1)
        ),
        filters=[
            (_("Sự cố"), incident.title),
            (_("Phát hiện lúc"), incident.discovered_at),
            (_("Ra vào từ ngày"), incident.scope_from),
            (_("Đến ngày"), incident.scope_to),
            (_("Tại"), units),
        ],
        personal_data=True,
    )
    return build_workbook(sheets=[sheet], exported_by=person_name(user), exported_at=timezone.now())


def register_xlsx(incidents: Iterable[Incident], *, user: Any) -> bytes:
    """The breach register, every incident (open ones as on the page: newest first)."""

    def notice(incident: Incident) -> str:
        if incident.notified_at is None:
            return _("Chưa thông báo")
        if incident.notified_late:
            return _("Đã thông báo sau hạn")
        return _("Đã thông báo trong hạn")

    sheet = Sheet(
        name=_("Sổ sự cố"),
        title=_("SỔ SỰ CỐ DỮ LIỆU CÁ NHÂN"),
        columns=[
            Column(_("STT"), kind="int", width=6),
            Column(_("Phát hiện lúc"), kind="datetime"),
            Column(_("Sự cố")),
            Column(_("Loại dữ liệu bị ảnh hưởng")),
            Column(_("Số người"), kind="int", width=10),
            Column(_("Trạng thái"), width=16),
            Column(_("Hạn thông báo (72 giờ)"), kind="datetime"),
            Column(_("Đã thông báo lúc"), kind="datetime"),
            Column(_("Thông báo"), width=18),
            Column(_("Biện pháp đã thực hiện")),
        ],
        rows=(
            [
                number,
                incident.discovered_at,
                incident.title,
                ", ".join(incident.data_kind_labels()),
                incident.affected_count,
                incident.get_status_display(),
                incident.notify_due,
                incident.notified_at,
                notice(incident),
                incident.measures,
            ]
            for number, incident in enumerate(incidents, start=1)
        ),
    )
    return build_workbook(sheets=[sheet], exported_by=person_name(user), exported_at=timezone.now())


def person_data_xlsx(data: Any, *, request: Any, exported_by: Any) -> bytes:
    """Everything held about one person (``selectors.subject_requests.PersonData``):
    one sheet each for the record, visits, declarations, consents, case and contact
    records, who viewed them, and the person's requests."""
    from phongdich.privacy.selectors.subject_requests import answers_text

    person = data.person
    staff = person.staff
    about = Sheet(
        name=_("Thông tin"),
        title=_("DỮ LIỆU CÁ NHÂN ĐANG ĐƯỢC LƯU GIỮ"),
        columns=[Column(_("Thông tin"), width=30), Column(_("Giá trị"), width=60)],
        rows=[
            [_("Họ và tên"), person.full_name],
            [_("Số điện thoại / mã định danh"), person.identity],
            [_("Số CCCD"), person.cccd or _("Không lưu")],
            [_("Ghi nhận lần đầu"), _fmt(person.created_at)],
            [_("Lần gần nhất"), _fmt(person.last_seen_at)],
            [
                _("Hồ sơ cán bộ liên kết"),
                f"{staff.full_name} ({staff.staff_code}, {staff.unit.name})"
                if staff
                else _("Không có"),
            ],
            [_("Số lượt ra vào"), len(data.visits)],
            [_("Số tờ khai y tế"), len(data.declarations)],
        ],
        filters=[(_("Mã yêu cầu"), request.code)],
        personal_data=True,
    )
    visits = Sheet(
        name=_("Lượt ra vào"),
        title=_("LƯỢT RA VÀO CƠ QUAN"),
        columns=[
            Column(_("STT"), kind="int", width=6),
            Column(_("Giờ vào"), kind="datetime"),
            Column(_("Giờ ra"), kind="datetime"),
            Column(_("Cổng")),
            Column(_("Đơn vị")),
            Column(_("Cách check-in")),
            Column(_("Trạng thái")),
        ],
        rows=[
            [
                n,
                v.check_in,
                v.check_out,
                v.location.name,
                v.location.unit.name,
                v.get_source_display(),
                v.get_status_display(),
            ]
            for n, v in enumerate(data.visits, 1)
        ],
        personal_data=True,
    )
    declarations = Sheet(
        name=_("Tờ khai y tế"),
        title=_("TỜ KHAI Y TẾ"),
        columns=[
            Column(_("STT"), kind="int", width=6),
            Column(_("Khai lúc"), kind="datetime"),
            Column(_("Khách/Cán bộ")),
            Column(_("Mục đích")),
            Column(_("Người được gặp")),
            Column(_("Câu trả lời"), width=60),
            Column(_("Có yếu tố nguy cơ")),
        ],
        rows=[
            [
                n,
                d.declared_at,
                _("Khách") if d.is_visitor else _("Cán bộ"),
                d.purpose,
                d.host,
                answers_text(d),
                _("Có") if d.is_risky else _("Không"),
            ]
            for n, d in enumerate(data.declarations, 1)
        ],
        personal_data=True,
    )
    consents = Sheet(
        name=_("Sự đồng ý"),
        title=_("SỰ ĐỒNG Ý XỬ LÝ DỮ LIỆU"),
        columns=[
            Column(_("STT"), kind="int", width=6),
            Column(_("Đồng ý lúc"), kind="datetime"),
            Column(_("Phiên bản nội dung đồng ý")),
        ],
        rows=[[n, d.consented_at, d.consent_version] for n, d in enumerate(data.declarations, 1)],
        personal_data=True,
    )
    tracing = Sheet(
        name=_("Ca bệnh, tiếp xúc"),
        title=_("HỒ SƠ CA BỆNH VÀ NGƯỜI TIẾP XÚC"),
        columns=[
            Column(_("Hồ sơ")),
            Column(_("Ngày khởi phát / tiếp xúc"), kind="date"),
            Column(_("Nơi")),
            Column(_("Trạng thái")),
        ],
        rows=[
            *[
                [_("Ca bệnh (F0) %(case)s") % {"case": c}, c.onset, "", c.get_status_display()]
                for c in data.cases
            ],
            *[
                [
                    _("Người tiếp xúc F%(level)d của %(case)s")
                    % {"level": c.level, "case": c.case},
                    timezone.localtime(c.exposed_at).date(),
                    c.location.name,
                    c.get_status_display(),
                ]
                for c in data.contacts
            ],
        ],
        personal_data=True,
    )
    views = Sheet(
        name=_("Ai đã xem"),
        title=_("AI ĐÃ XEM HOẶC XUẤT DỮ LIỆU NÀY"),
        columns=[
            Column(_("Thời điểm"), kind="datetime"),
            Column(_("Người xem")),
            Column(_("Hoạt động")),
            Column(_("Lý do")),
        ],
        rows=[[e.at, person_name(e.actor), e.action, e.reason] for e in data.views],
        personal_data=True,
    )
    requests = Sheet(
        name=_("Yêu cầu"),
        title=_("YÊU CẦU CỦA ANH/CHỊ VỀ DỮ LIỆU CÁ NHÂN"),
        columns=[
            Column(_("Mã")),
            Column(_("Yêu cầu")),
            Column(_("Gửi lúc"), kind="datetime"),
            Column(_("Trạng thái")),
            Column(_("Trả lời"), width=60),
        ],
        rows=[
            [r.code, r.get_kind_display(), r.received_at, r.get_status_display(), r.answer]
            for r in data.requests
        ],
        personal_data=True,
    )
    who = person_name(exported_by) if exported_by is not None else person.full_name
    return build_workbook(
        sheets=[about, visits, declarations, consents, tracing, views, requests],
        exported_by=who,
        exported_at=timezone.now(),
    )


def _fmt(value: Any) -> str:
    return format_moment(value)

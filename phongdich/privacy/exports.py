"""The privacy module's workbooks, through the one factory (``core.xlsx``): the people
affected by an incident, and everything held about one person."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from phongdich.core.names import person_name
from phongdich.core.xlsx import Column, Sheet, build_workbook
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

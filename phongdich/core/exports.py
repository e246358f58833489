"""The audit log as an Excel workbook, through the one factory (``core.xlsx``)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from django.utils.translation import gettext

from phongdich.core.models import AuditEvent
from phongdich.core.names import person_name
from phongdich.core.xlsx import Column, Sheet, build_workbook


def actor_name(event: AuditEvent) -> str:
    """Who did it: the user's full name, or "Hệ thống" for commands and the public."""
    if event.actor is None:
        return gettext("Hệ thống / người dân")
    return person_name(event.actor)


def audit_detail(event: AuditEvent) -> str:
    """The entry's details (masked by whoever wrote them) as "key=value; key=value"."""
    detail = event.detail if isinstance(event.detail, dict) else {}
    return "; ".join(
        f"{key}={value}" for key, value in detail.items() if value not in (None, "", [])
    )


def audit_what(event: AuditEvent) -> str:
    """What was done: the action, its object and its details, on one line."""
    parts = [event.action]
    if event.object_type:
        parts.append(f"{event.object_type} #{event.object_id}" if event.object_id else "")
    parts.append(audit_detail(event))
    return " · ".join(part for part in parts if part)


def audit_xlsx(
    events: Iterable[AuditEvent],
    *,
    filters: Sequence[tuple[str, Any]],
    exported_by: str,
    exported_at: datetime,
) -> bytes:
    sheet = Sheet(
        name=gettext("Nhật ký truy cập"),
        title=gettext("NHẬT KÝ TRUY CẬP, XUẤT DỮ LIỆU CÁ NHÂN"),
        columns=[
            Column(gettext("STT"), kind="int", width=6),
            Column(gettext("Thời điểm"), kind="datetime"),
            Column(gettext("Người thực hiện")),
            Column(gettext("Tên đăng nhập")),
            Column(gettext("Hoạt động"), width=50),
            Column(gettext("Lý do"), width=40),
            Column(gettext("Địa chỉ IP")),
        ],
        rows=(
            [
                number,
                event.at,
                actor_name(event),
                event.actor.get_username() if event.actor is not None else "",
                audit_what(event),
                event.reason,
                event.ip_address or "",
            ]
            for number, event in enumerate(events, start=1)
        ),
        filters=filters,
        personal_data=True,
    )
    return build_workbook(sheets=[sheet], exported_by=exported_by, exported_at=exported_at)

"""Incidents and requests for the privacy tests."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.utils import timezone

from phongdich.privacy.inputs import IncidentInput
from phongdich.privacy.models import Incident
from phongdich.privacy.services.incidents import incident_create


def make_incident(by: Any, *, found: datetime | None = None, **over: Any) -> Incident:
    values: dict[str, Any] = {
        "title": "Lộ tệp nhật ký ra vào qua thư điện tử gửi nhầm",
        "description": "Cán bộ gửi nhầm tệp nhật ký ra vào ngày 14/10 cho một địa chỉ ngoài Sở.\n"
        "Người nhận đã xác nhận xoá tệp.",
        "discovered_at": found or timezone.now() - timedelta(hours=10),
        "data_kinds": ["name", "phone", "visits"],
        "affected_count": 37,
        "signer_name": "Vũ Thị Hương",
        "consequences": "Số điện thoại của người ra vào có thể bị dùng để gọi làm phiền.",
        "measures": "Đề nghị người nhận xoá tệp; nhắc cán bộ kiểm tra địa chỉ trước khi gửi.",
    }
    values.update(over)
    return incident_create(data=IncidentInput(**values), by=by)

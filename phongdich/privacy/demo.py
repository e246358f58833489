"""What load_demo adds for the privacy module: one incident in the breach register (found
ten hours ago, so its 72-hour clock is running) and one request waiting for the Office
to check the CCCD. Idempotent."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from phongdich.core.crypto import blind_index
from phongdich.core.roles import Role
from phongdich.org.models import RoleAssignment
from phongdich.privacy.inputs import IncidentInput
from phongdich.privacy.models import Incident, SubjectRequest
from phongdich.privacy.models.subject_requests import PHONE_PURPOSE
from phongdich.privacy.services.incidents import incident_create
from phongdich.privacy.services.subject_requests import request_submit

INCIDENT_TITLE = "Gửi nhầm tệp nhật ký ra vào cho một địa chỉ thư ngoài Sở (dữ liệu mẫu)"
REQUEST_PHONE = "+84912999001"


def load() -> dict[str, Any]:
    """Returns counts, for the command's summary."""
    incidents = 0
    if not Incident.objects.filter(title=INCIDENT_TITLE).exists():
        admin = RoleAssignment.objects.filter(role=Role.ADMIN).select_related("user").first()
        today = timezone.localdate()
        incident_create(
            data=IncidentInput(
                title=INCIDENT_TITLE,
                description="Cán bộ Văn phòng gửi nhầm tệp nhật ký ra vào một ngày cho một "
                "địa chỉ thư điện tử ngoài Sở.\nNgười nhận đã xác nhận xoá tệp.",
                discovered_at=timezone.now() - timedelta(hours=10),
                data_kinds=["name", "phone", "visits"],
                affected_count=37,
                signer_name="Vũ Thị Hương",
                consequences="Số điện thoại của người ra vào có thể bị dùng để gọi làm phiền.",
                measures="Đề nghị người nhận xoá tệp; nhắc cán bộ kiểm tra địa chỉ trước khi gửi.",
                scope_from=today - timedelta(days=1),
                scope_to=today - timedelta(days=1),
            ),
            by=admin.user if admin else None,
        )
        incidents = 1
    requests = 0
    index = blind_index(REQUEST_PHONE, purpose=PHONE_PURPOSE)
    if not SubjectRequest.objects.filter(phone_index=index).exists():
        request_submit(
            kind=SubjectRequest.Kind.SEE,
            proof=SubjectRequest.Proof.IN_PERSON,
            person=None,
            full_name="Lê Thị Mẫu",
            phone=REQUEST_PHONE,
        )
        requests = 1
    return {"incidents": incidents, "requests": requests}

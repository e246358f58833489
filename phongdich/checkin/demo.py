"""Demo gates: three at the Department's office, one at each subordinate centre
and school. Idempotent by gate code; needs the demo organisation (org.demo) first."""

from __future__ import annotations

from datetime import time

from django.db import transaction

from phongdich.checkin.models import Location
from phongdich.org.models import Unit

# code, name, unit code, opens_at, closes_at
GATES: list[tuple[str, str, str, time | None, time | None]] = [
    ("SO-CONG-CHINH", "Cổng chính Sở", "VP", time(6, 30), time(18, 0)),
    ("SO-CONG-PHU", "Cổng phụ", "VP", time(7, 0), time(17, 30)),
    ("SO-HOI-TRUONG", "Hội trường tầng 3", "VP", None, None),
    ("TT-DVVL-CONG", "Cổng chính Trung tâm Dịch vụ việc làm", "TT-DVVL", None, None),
    ("TT-BTXH-CONG", "Cổng chính Trung tâm Bảo trợ xã hội", "TT-BTXH", None, None),
    ("TT-DDNCC-CONG", "Cổng chính Trung tâm Điều dưỡng", "TT-DDNCC", None, None),
    ("CS-CNMT-CONG", "Cổng chính Cơ sở Cai nghiện", "CS-CNMT", None, None),
    ("TR-CDN-CONG", "Cổng chính Trường Cao đẳng nghề", "TR-CDN", None, None),
    ("TR-TCN-CONG", "Cổng chính Trường Trung cấp nghề", "TR-TCN", None, None),
]


@transaction.atomic
def load_gates() -> list[Location]:
    """Create the demo gates that do not exist yet; return all of them, in order.

    An existing gate (same code) is left as it is, token included, so that posters
    already printed keep working.
    """
    codes = {unit_code for _, _, unit_code, _, _ in GATES}
    units = {u.code: u for u in Unit.objects.filter(code__in=codes)}
    missing = sorted(codes - units.keys())
    if missing:
        raise LookupError(
            "Chưa có đơn vị mẫu " + ", ".join(missing) + ": nạp dữ liệu tổ chức mẫu trước."
        )
    gates = []
    for code, name, unit_code, opens_at, closes_at in GATES:
        gate, _created = Location.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "unit": units[unit_code],
                "opens_at": opens_at,
                "closes_at": closes_at,
            },
        )
        gates.append(gate)
    return gates

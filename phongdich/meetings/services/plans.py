"""The plan for working online: drafted from a template filled with live data, edited
by the Office, exported as a Kế hoạch, and once issued its items become the tasks of a
directive through the directives services."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from phongdich.core.audit import audit
from phongdich.core.text import clean_name, nfc
from phongdich.directives.errors import DirectiveError
from phongdich.directives.inputs import DirectiveHeader, TaskInput
from phongdich.directives.services.directives import directive_create, directive_issue
from phongdich.meetings.models import OnlinePlan, PlanItem
from phongdich.meetings.printing import SYMBOL_KH, default_signer
from phongdich.meetings.selectors.plans import PlanData, plan_data
from phongdich.org.models import Unit

READY_ENOUGH = 80  # percent: below it a unit gets its own item in the plan


@dataclass(frozen=True)
class PlanInput:
    subject: str
    purpose: str
    situation: str
    organisation: str
    signer_title: str
    signer_name: str
    signer_authority: str = ""
    number: int | None = None
    issued_on: dt.date | None = None


@dataclass(frozen=True)
class PlanItemInput:
    content: str
    lead_unit: Unit | None = None
    deadline: dt.date | None = None


def _text(value: str) -> str:
    return "\n".join(nfc(line) for line in nfc(value).splitlines()).strip()


def _d(day: dt.date) -> str:
    return formats.date_format(day, "SHORT_DATE_FORMAT")


def template_texts(data: PlanData) -> tuple[str, str, str, list[PlanItemInput]]:
    """Purpose, situation, organisation and items, from the live data."""
    purpose = "\n".join(
        [
            "Thực hiện chỉ đạo của Giám đốc Sở về ứng dụng công nghệ thông tin trong phòng, "
            "chống dịch: tăng cường họp, giao ban trực tuyến, hạn chế tiếp xúc trực tiếp.",
            "Bảo đảm mọi phòng nghiệp vụ, đơn vị trực thuộc có đủ thiết bị, đường truyền và cán "
            "bộ được hướng dẫn để làm việc trực tuyến khi cần.",
            "Việc họp, làm việc trực tuyến phải bảo đảm an toàn thông tin, không làm gián đoạn "
            "công việc chuyên môn.",
        ]
    )
    situation = [
        f"Từ ngày {_d(data.since)} đến ngày {_d(data.today)}, Sở tổ chức {data.online} cuộc họp "
        f"trực tuyến và {data.in_person} cuộc họp trực tiếp."
    ]
    if data.by_kind:
        situation.append(
            "Các cuộc họp trực tuyến gồm: "
            + "; ".join(f"{kind}: {n} cuộc" for kind, n in data.by_kind.items())
            + "."
        )
    if data.platforms:
        situation.append(
            "Nền tảng đã sử dụng: " + "; ".join(f"{p} ({n} cuộc)" for p, n in data.platforms) + "."
        )
    if data.staff:
        situation.append(
            f"Theo rà soát thiết bị, {data.ready}/{data.staff} cán bộ sẵn sàng làm việc từ xa "
            f"({round(100 * data.ready / data.staff)}%)."
        )
        weak = [
            r
            for r in data.readiness
            if r.percent < READY_ENOUGH and r.unit.kind != Unit.Kind.DEPARTMENT
        ]
        if weak:
            situation.append(
                "Đơn vị còn dưới "
                f"{READY_ENOUGH}% cán bộ sẵn sàng: "
                + "; ".join(f"{r.unit.name} ({r.percent}%)" for r in weak)
                + "."
            )
    office = data.office
    items = [
        PlanItemInput(
            "Tổ chức giao ban hằng tuần và các cuộc họp chuyên đề của Sở bằng hình thức trực "
            "tuyến; gửi giấy mời, tài liệu qua hệ thống",
            office,
            data.today + dt.timedelta(days=30),
        ),
        PlanItemInput(
            "Tập huấn sử dụng phòng họp trực tuyến cho cán bộ đầu mối của các phòng, đơn vị",
            office,
            data.today + dt.timedelta(days=45),
        ),
    ]
    for line in data.readiness:
        if line.percent < READY_ENOUGH and line.unit.kind != Unit.Kind.DEPARTMENT:
            missing = line.total - line.ready
            items.append(
                PlanItemInput(
                    f"Bổ sung thiết bị, đường truyền cho {missing} cán bộ chưa sẵn sàng làm việc "
                    f"từ xa của {line.unit.name}",
                    line.unit,
                    data.today + dt.timedelta(days=60),
                )
            )
    organisation = [
        f"{office.name if office else 'Văn phòng Sở'}: chủ trì triển khai Kế hoạch; lập lịch "
        "họp trực tuyến, theo dõi tỷ lệ dự họp, tổng hợp kết quả báo cáo Giám đốc Sở.",
        "Tổ Công nghệ thông tin: bảo đảm phòng họp trực tuyến, hướng dẫn, hỗ trợ kỹ thuật cho các "
        "phòng, đơn vị.",
    ]
    organisation.extend(
        f"{unit.name}: cử cán bộ đầu mối, bảo đảm thiết bị và tham dự đầy đủ các cuộc họp trực "
        "tuyến; báo cáo kết quả thực hiện theo hệ thống."
        for unit in data.divisions
    )
    organisation.append(
        "Trong quá trình thực hiện, nếu có khó khăn, vướng mắc, các phòng, đơn vị phản ánh về "
        "Văn phòng Sở để tổng hợp, báo cáo Giám đốc Sở xem xét, chỉ đạo."
    )
    return purpose, "\n".join(situation), "\n".join(organisation), items


def _items_write(plan: OnlinePlan, items: Sequence[PlanItemInput]) -> None:
    plan.items.all().delete()
    PlanItem.objects.bulk_create(
        PlanItem(
            plan=plan,
            order=index,
            content=_text(item.content),
            lead_unit=item.lead_unit,
            deadline=item.deadline,
        )
        for index, item in enumerate(items, start=1)
        if _text(item.content)
    )


def plan_draft(*, by: Any, ip: str | None = None, today: dt.date | None = None) -> OnlinePlan:
    """A draft from the template and today's data."""
    data = plan_data(user=by, today=today)
    purpose, situation, organisation, items = template_texts(data)
    authority, title, name = default_signer()
    with transaction.atomic():
        plan = OnlinePlan.objects.create(
            subject=f"Triển khai làm việc trực tuyến năm {data.today.year}",
            purpose=purpose,
            situation=situation,
            organisation=organisation,
            signer_authority=authority,
            signer_title=title,
            signer_name=name,
            created_by=by,
        )
        _items_write(plan, items)
        audit(None, "meetings.plan.draft", actor=by, ip=ip, obj=plan, items=len(items))
    return plan


def _require_draft(plan: OnlinePlan) -> None:
    if plan.state != OnlinePlan.State.DRAFT:
        raise ValidationError(_("Kế hoạch đã ban hành: không sửa được."))


def plan_update(
    *,
    plan: OnlinePlan,
    data: PlanInput,
    items: Sequence[PlanItemInput],
    by: Any,
    ip: str | None = None,
) -> OnlinePlan:
    with transaction.atomic():
        plan = OnlinePlan.objects.select_for_update().get(pk=plan.pk)
        _require_draft(plan)
        plan.subject = clean_name(data.subject)
        plan.purpose = _text(data.purpose)
        plan.situation = _text(data.situation)
        plan.organisation = _text(data.organisation)
        plan.signer_authority = clean_name(data.signer_authority).upper()
        plan.signer_title = clean_name(data.signer_title).upper()
        plan.signer_name = clean_name(data.signer_name)
        plan.number = data.number
        plan.issued_on = data.issued_on
        plan.save()
        _items_write(plan, items)
        audit(None, "meetings.plan.update", actor=by, ip=ip, obj=plan, items=len(items))
    return plan


def plan_issue(*, plan: OnlinePlan, by: Any, ip: str | None = None) -> OnlinePlan:
    """Issue the plan: a directive (KH-SLĐTBXH, the plan's number and date) whose tasks
    are the plan's items, issued through the directives services."""
    with transaction.atomic():
        plan = OnlinePlan.objects.select_for_update().get(pk=plan.pk)
        _require_draft(plan)
        items = list(plan.items.select_related("lead_unit").order_by("order", "pk"))
        problems = []
        if plan.number is None:
            problems.append(_("Chưa có số kế hoạch."))
        if plan.issued_on is None:
            problems.append(_("Chưa có ngày ban hành."))
        if not items:
            problems.append(_("Kế hoạch chưa có nội dung thực hiện nào."))
        for index, item in enumerate(items, start=1):
            if item.lead_unit is None or item.deadline is None:
                problems.append(
                    _("Nội dung %(n)s chưa có đơn vị chủ trì hoặc thời hạn.") % {"n": index}
                )
        if problems:
            raise ValidationError(problems)
        header = DirectiveHeader(
            subject=plan.subject,
            number=plan.number,
            symbol=SYMBOL_KH,
            issued_on=plan.issued_on,
            place="Thanh Hóa",
            issuer_authority=plan.signer_authority,
            issuer_position=plan.signer_title,
            issuer_name=plan.signer_name,
            recipients="\n".join(sorted({i.lead_unit.name for i in items if i.lead_unit})),
            body=plan.purpose,
        )
        tasks = [
            TaskInput(
                number=str(index),
                content=item.content,
                lead_unit=item.lead_unit,
                deadline=item.deadline,
            )
            for index, item in enumerate(items, start=1)
        ]
        try:
            directive = directive_create(header=header, tasks=tasks, created_by=by, ip=ip)
            directive = directive_issue(directive=directive, by=by, ip=ip)
        except DirectiveError as exc:
            raise ValidationError(exc.messages) from exc
        by_number = {task.number: task for task in directive.tasks.all()}
        for index, item in enumerate(items, start=1):
            item.task = by_number[str(index)]
        PlanItem.objects.bulk_update(items, ["task"])
        plan.state = OnlinePlan.State.ISSUED
        plan.directive = directive
        plan.issued_at = timezone.now()
        plan.save(update_fields=["state", "directive", "issued_at"])
        audit(None, "meetings.plan.issue", actor=by, ip=ip, obj=plan, directive=directive.pk)
    return plan

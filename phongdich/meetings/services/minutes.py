"""Writes of the minutes: the secretary's text, the conclusions, and the conclusions
turned into the tasks of a "Thông báo kết luận" directive in one step (through the
directives services: the tasks are reported on like any task)."""

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
from phongdich.directives.models import Directive
from phongdich.directives.services.directives import directive_create, directive_issue
from phongdich.meetings.models import Conclusion, Meeting, Minutes
from phongdich.meetings.printing import SYMBOL_TB, default_signer, person_name
from phongdich.meetings.selectors.minutes import next_directive_number
from phongdich.org.models import Unit


@dataclass(frozen=True)
class MinutesInput:
    started_at: dt.datetime
    ended_at: dt.datetime
    place: str
    contents: str
    absent_note: str = ""


@dataclass(frozen=True)
class ConclusionInput:
    text: str
    lead_unit: Unit | None = None
    deadline: dt.date | None = None


def _text(value: str) -> str:
    return "\n".join(nfc(line) for line in nfc(value).splitlines()).strip()


def minutes_save(
    *,
    meeting: Meeting,
    data: MinutesInput,
    conclusions: Sequence[ConclusionInput],
    by: Any,
    ip: str | None = None,
) -> Minutes:
    """Write (or rewrite) the minutes and their conclusions; once the conclusions are
    tasks of a directive, they are frozen (the text of the minutes may still change)."""
    errors: dict[str, str] = {}
    if data.ended_at <= data.started_at:
        errors["ended_at"] = _("Giờ kết thúc phải sau giờ bắt đầu.")
    if not _text(data.contents):
        errors["contents"] = _("Hãy ghi nội dung cuộc họp.")
    if not clean_name(data.place):
        errors["place"] = _("Hãy ghi địa điểm họp.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        minutes = Minutes.objects.select_for_update().filter(meeting=meeting).first()
        created = minutes is None
        if minutes is None:
            minutes = Minutes(meeting=meeting)
        minutes.started_at, minutes.ended_at = data.started_at, data.ended_at
        minutes.place = clean_name(data.place)[:300]
        minutes.contents = _text(data.contents)
        minutes.absent_note = _text(data.absent_note)
        minutes.written_by = by
        minutes.save()
        items = [c for c in conclusions if _text(c.text)]
        if minutes.directive_id is None:
            minutes.conclusions.all().delete()
            Conclusion.objects.bulk_create(
                Conclusion(
                    minutes=minutes,
                    order=index,
                    text=_text(item.text),
                    lead_unit=item.lead_unit,
                    deadline=item.deadline,
                )
                for index, item in enumerate(items, start=1)
            )
        audit(
            None,
            "meetings.minutes.create" if created else "meetings.minutes.update",
            actor=by,
            ip=ip,
            obj=minutes,
            conclusions=len(items),
        )
    return minutes


def conclusions_to_tasks(
    *, minutes: Minutes, by: Any, ip: str | None = None, today: dt.date | None = None
) -> Directive:
    """One step: a "Thông báo kết luận" directive (TB-SLĐTBXH, numbered in the year), one
    task per conclusion with its lead unit and deadline, issued at once."""
    today = today or timezone.localdate()
    with transaction.atomic():
        minutes = Minutes.objects.select_for_update().select_related("meeting").get(pk=minutes.pk)
        if minutes.directive_id:
            raise ValidationError(_("Các kết luận đã được chuyển thành nhiệm vụ."))
        conclusions = list(minutes.conclusions.select_related("lead_unit").order_by("order", "pk"))
        if not conclusions:
            raise ValidationError(_("Biên bản chưa có kết luận nào."))
        problems = []
        for index, item in enumerate(conclusions, start=1):
            if item.lead_unit is None:
                problems.append(_("Kết luận %(n)s chưa có đơn vị chủ trì.") % {"n": index})
            if item.deadline is None:
                problems.append(_("Kết luận %(n)s chưa có thời hạn.") % {"n": index})
            elif item.deadline < today:
                problems.append(
                    _("Thời hạn của kết luận %(n)s (%(d)s) đã qua.")
                    % {"n": index, "d": formats.date_format(item.deadline, "SHORT_DATE_FORMAT")}
                )
        if problems:
            raise ValidationError(problems)
        meeting = minutes.meeting
        held = formats.date_format(timezone.localtime(meeting.start).date(), "SHORT_DATE_FORMAT")
        chair = person_name(meeting.chair)
        leads = sorted({c.lead_unit.name for c in conclusions if c.lead_unit})
        authority, position, name = default_signer()
        header = DirectiveHeader(
            subject=f"Kết luận của {chair} tại cuộc họp “{meeting.title}” ngày {held}",
            number=next_directive_number(symbol=SYMBOL_TB, year=today.year),
            symbol=SYMBOL_TB,
            issued_on=today,
            place="Thanh Hóa",
            issuer_authority=authority,
            issuer_position=position,
            issuer_name=name,
            recipients="\n".join(leads),
            body=(
                f"Ngày {held}, {chair} chủ trì cuộc họp “{meeting.title}”. "
                "Kết luận của cuộc họp được giao thành nhiệm vụ như sau."
            ),
        )
        tasks = [
            TaskInput(
                number=str(index),
                content=item.text,
                lead_unit=item.lead_unit,
                deadline=item.deadline,
            )
            for index, item in enumerate(conclusions, start=1)
        ]
        try:
            directive = directive_create(header=header, tasks=tasks, created_by=by, ip=ip)
            directive = directive_issue(directive=directive, by=by, ip=ip)
        except DirectiveError as exc:
            raise ValidationError(exc.messages) from exc
        by_number = {task.number: task for task in directive.tasks.all()}
        for index, item in enumerate(conclusions, start=1):
            item.task = by_number[str(index)]
        Conclusion.objects.bulk_update(conclusions, ["task"])
        minutes.directive = directive
        minutes.save(update_fields=["directive", "updated_at"])
        audit(
            None,
            "meetings.minutes.conclusions_to_tasks",
            actor=by,
            ip=ip,
            obj=minutes,
            directive=directive.pk,
            tasks=len(tasks),
        )
    return directive

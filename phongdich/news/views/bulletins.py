"""The verified bulletin: the Office publishes, staff acknowledge, the Office and unit
heads see who has not and remind them in one click."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from phongdich.core.audit import client_ip
from phongdich.core.names import person_name
from phongdich.core.paging import paginate
from phongdich.core.permissions import has_role, role_required
from phongdich.core.roles import Role
from phongdich.core.xlsx import build_workbook, xlsx_response
from phongdich.news.forms.bulletins import BulletinForm
from phongdich.news.roles import BULLETIN_PUBLISHERS, BULLETIN_TRACKERS
from phongdich.news.selectors import bulletins as selectors
from phongdich.news.services import bulletins as services
from phongdich.news.sheets import bulletin_rates_sheet
from phongdich.news.views.common import add_errors, get_or_404
from phongdich.org.models import Unit

REMINDERS = BULLETIN_PUBLISHERS | {Role.UNIT_HEAD}


@require_GET
@role_required()
def bulletin_list(request: HttpRequest) -> HttpResponse:
    tracker = selectors.is_tracker(request.user)
    page = paginate(selectors.bulletins_for(user=request.user), request.GET)
    return render(
        request,
        "news/bulletins/list.html",
        {
            "mine": page.object_list,
            "page": page,
            "rates": selectors.bulletin_rates(user=request.user) if tracker else [],
            "can_publish": has_role(request.user, *BULLETIN_PUBLISHERS),
            "today": timezone.localdate(),
        },
    )


@require_GET
@role_required(*BULLETIN_TRACKERS)
def bulletin_rates_export(request: HttpRequest) -> HttpResponse:
    """The acknowledgement rate of every bulletin over the reader's units, as .xlsx."""
    if selectors.tracks_all(request.user):
        scope = _("Toàn Sở")
    else:
        scope = ", ".join(u.name for u in selectors.tracked_units(user=request.user))
    data = build_workbook(
        sheets=[
            bulletin_rates_sheet(rates=selectors.bulletin_rates(user=request.user), scope=scope)
        ],
        exported_by=person_name(request.user),
        exported_at=timezone.now(),
    )
    return xlsx_response(data, filename="ty-le-xac-nhan-van-ban.xlsx")


@require_http_methods(["GET", "POST"])
@role_required(*BULLETIN_PUBLISHERS)
def bulletin_create(request: HttpRequest) -> HttpResponse:
    form = BulletinForm(
        request.POST or None, request.FILES or None, units=Unit.objects.filter(is_active=True)
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            bulletin = services.bulletin_publish(
                number=data["number"],
                issued_on=data["issued_on"],
                issuer=data["issuer"],
                summary=data["summary"],
                upload=data["file"],
                deadline=data["deadline"],
                audience_all=data["audience_all"],
                units=data["units"],
                roles=data["roles"],
                actor=request.user,
                ip=client_ip(request),
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Đã đăng văn bản và thông báo tới người nhận."))
            return redirect("news:bulletin_detail", pk=bulletin.pk)
    return render(request, "news/bulletins/form.html", {"form": form})


@require_GET
@role_required()
def bulletin_detail(request: HttpRequest, pk: int) -> HttpResponse:
    bulletin = get_or_404(selectors.bulletin_get, user=request.user, pk=pk)
    tracker = selectors.is_tracker(request.user)
    progress = selectors.bulletin_progress(user=request.user, bulletin=bulletin) if tracker else []
    return render(
        request,
        "news/bulletins/detail.html",
        {
            "bulletin": bulletin,
            "addressed": selectors.in_audience(bulletin=bulletin, user=request.user),
            "ack": selectors.acknowledgement_of(bulletin=bulletin, user=request.user),
            "progress": progress,
            "pending": sum(len(r.pending) for r in progress),
            "can_remind": has_role(request.user, *REMINDERS),
            "overdue": timezone.localdate() > bulletin.deadline,
        },
    )


@require_POST
@role_required()
def bulletin_acknowledge(request: HttpRequest, pk: int) -> HttpResponse:
    bulletin = get_or_404(selectors.bulletin_get, user=request.user, pk=pk)
    try:
        services.bulletin_acknowledge(bulletin=bulletin, user=request.user, ip=client_ip(request))
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(request, _("Đã ghi nhận: bạn đã đọc và sẽ thực hiện văn bản này."))
    return redirect("news:bulletin_detail", pk=bulletin.pk)


@require_POST
@role_required(*REMINDERS)
def bulletin_remind(request: HttpRequest, pk: int) -> HttpResponse:
    bulletin = get_or_404(selectors.bulletin_get, user=request.user, pk=pk)
    progress = selectors.bulletin_progress(user=request.user, bulletin=bulletin)
    reminded, skipped = services.bulletin_remind(
        bulletin=bulletin,
        users=[s.user for row in progress for s in row.pending],
        actor=request.user,
        ip=client_ip(request),
    )
    text = _("Đã nhắc %(n)s người chưa xác nhận.") % {"n": reminded}
    if skipped:
        text += " " + _("%(n)s người đã được nhắc hôm nay nên không nhắc lại.") % {"n": skipped}
    messages.success(request, text)
    return redirect("news:bulletin_detail", pk=bulletin.pk)


@require_GET
@role_required()
def bulletin_file(request: HttpRequest, pk: int) -> HttpResponse:
    """The document itself, for its audience and those who follow it up."""
    bulletin = get_or_404(selectors.bulletin_get, user=request.user, pk=pk)
    path = Path(settings.MEDIA_ROOT) / bulletin.stored_path
    response = FileResponse(
        path.open("rb"),
        content_type=bulletin.content_type,
        as_attachment=True,
        filename=bulletin.original_name or Path(bulletin.stored_path).name,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response  # type: ignore[return-value]

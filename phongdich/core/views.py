from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from phongdich.core.audit import client_ip
from phongdich.core.exports import actor_name, audit_detail, audit_xlsx
from phongdich.core.forms import AuditFilterForm
from phongdich.core.mine import blocks_for, my_staff
from phongdich.core.names import person_name
from phongdich.core.navigation import items_for
from phongdich.core.paging import paginate
from phongdich.core.permissions import role_required, roles_of
from phongdich.core.roles import Role
from phongdich.core.selectors import (
    AUDIT_PAGE_SIZE,
    AUDIT_ROLES,
    AuditFilter,
    audit_actions,
    audit_actors,
    audit_events,
    audit_events_export,
    audit_filter_lines,
    daily_jobs_state,
)
from phongdich.core.tiles import PICTURE_ROLES, build_tiles
from phongdich.core.xlsx import xlsx_response


@require_GET
@role_required()
def home(request: HttpRequest) -> HttpResponse:
    """The home page of each role: links to what that role can do, nothing invented."""
    staff = my_staff(request.user)  # once per request (core.mine), shared with the blocks
    context = {"items": items_for(roles_of(request.user)), "staff": staff}
    # The role's home blocks (core.mine): what I must do, how my unit is doing.
    context["blocks"] = blocks_for(user=request.user)
    # The Director's and the Office's live picture (core.tiles; core/home/_picture.html).
    held = roles_of(request.user)
    if held & PICTURE_ROLES:
        context["picture"] = build_tiles(user=request.user, roles=held, today=timezone.localdate())
        context["picture_day"] = timezone.localdate()
    return render(request, "core/home.html", context)


@require_GET
@role_required(Role.ADMIN, Role.IT)
def jobs(request: HttpRequest) -> HttpResponse:
    """The last run of each daily background job, with a warning when one has stopped."""
    states = daily_jobs_state(user=request.user)
    return render(
        request,
        "core/jobs.html",
        {"jobs": states, "troubled": sum(1 for state in states if state.warnings)},
    )


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return render(request, "core/csrf_failure.html", status=403)


def _audit_filter(request: HttpRequest) -> tuple[AuditFilterForm, AuditFilter | None]:
    form = AuditFilterForm(
        request.GET or None,
        actions=audit_actions(user=request.user),
        actors=audit_actors(user=request.user),
    )
    if not form.is_bound:
        return form, AuditFilter()
    if not form.is_valid():
        return form, None
    data = form.cleaned_data
    return form, AuditFilter(
        action=data.get("action") or "",
        actor=data.get("actor"),
        date_from=data.get("date_from"),
        date_to=data.get("date_to"),
    )


@require_GET
@role_required(*AUDIT_ROLES)
def audit_index(request: HttpRequest) -> HttpResponse:
    """The audit log: who exported (or viewed) personal data, when, what and why."""
    form, flt = _audit_filter(request)
    page, rows = None, []
    if flt is not None:
        events = audit_events(user=request.user, flt=flt)
        page = paginate(events, request.GET, default_size=AUDIT_PAGE_SIZE)
        rows = [(event, actor_name(event), audit_detail(event)) for event in page]
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "core/audit.html",
        {"form": form, "page": page, "rows": rows, "querystring": params.urlencode()},
        status=200 if flt is not None else 400,
    )


@require_GET
@role_required(*AUDIT_ROLES)
def audit_export(request: HttpRequest) -> HttpResponse:
    form, flt = _audit_filter(request)
    if flt is None:
        return render(
            request, "core/audit.html", {"form": form, "page": None, "querystring": ""}, status=400
        )
    events = audit_events_export(user=request.user, flt=flt, ip=client_ip(request))
    content = audit_xlsx(
        events,
        filters=audit_filter_lines(flt),
        exported_by=person_name(request.user),
        exported_at=timezone.now(),
    )
    return xlsx_response(content, filename=f"nhat-ky-truy-cap-{timezone.localdate():%Y%m%d}.xlsx")


# The icons and the web manifest (docs/operations.md) ---------------------------------


@require_GET
def favicon(request: HttpRequest) -> HttpResponse:
    """/favicon.ico, asked for by browsers on every site: the static icon."""
    from django.http import HttpResponseRedirect
    from django.templatetags.static import static

    return HttpResponseRedirect(static("icons/favicon.ico"))


@require_GET
def manifest(request: HttpRequest, start: str = "home") -> HttpResponse:
    """The web manifest: "add to home screen" opens the app standalone; the guard
    console links the one whose start_url is the console."""
    import json

    from django.templatetags.static import static
    from django.urls import reverse
    from django.utils.translation import gettext as _

    start_url = reverse("checkin:guard_index") if start == "guard" else reverse("core:home")
    name = _("Phòng dịch số")
    data = {
        "id": start_url,
        "name": name if start == "home" else f"{_('Bàn bảo vệ')} · {name}",
        "short_name": name if start == "home" else _("Bàn bảo vệ"),
        "lang": request.LANGUAGE_CODE,
        "start_url": start_url,
        "scope": "/",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#0b4f8a",
        "icons": [
            {"src": static("icons/icon.svg"), "sizes": "any", "type": "image/svg+xml"},
            {"src": static("icons/icon-192.png"), "sizes": "192x192", "type": "image/png"},
            {"src": static("icons/icon-512.png"), "sizes": "512x512", "type": "image/png"},
            {
                "src": static("icons/icon-maskable-512.png"),
                "sizes": "512x512",
                "type": "image/png",
                "purpose": "maskable",
            },
        ],
    }
    return HttpResponse(
        json.dumps(data, ensure_ascii=False), content_type="application/manifest+json"
    )

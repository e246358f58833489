from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from phongdich.core.audit import client_ip
from phongdich.core.paging import paginate
from phongdich.core.permissions import has_role, role_required
from phongdich.org.models import Unit
from phongdich.support import images
from phongdich.support.forms.requests import ActionForm, MyFilterForm, QueueFilterForm, RequestForm
from phongdich.support.roles import IT_TEAM
from phongdich.support.selectors import knowledge as kb
from phongdich.support.selectors import requests as selectors
from phongdich.support.services import requests as services
from phongdich.support.views.common import add_errors, get_or_404

PAGE_SIZE = 25


@require_GET
@role_required()
def request_list(request: HttpRequest) -> HttpResponse:
    form = MyFilterForm(request.GET or None)
    state, query = "", ""
    if form.is_valid():
        state, query = form.cleaned_data["state"], form.cleaned_data["q"]
    qs = selectors.request_list(user=request.user, state=state, query=query)
    page = paginate(qs, request.GET, default_size=PAGE_SIZE)
    return render(
        request,
        "support/request_list.html",
        {"page": page, "form": form, "is_team": has_role(request.user, *IT_TEAM)},
    )


@require_GET
@role_required(*IT_TEAM)
def queue(request: HttpRequest) -> HttpResponse:
    units = Unit.objects.filter(is_active=True)
    form = QueueFilterForm(request.GET or None, units=units)
    scope, state, unit = "mine", "open", None
    if form.is_valid():
        scope = form.cleaned_data["scope"] or "mine"
        state = form.cleaned_data["state"] if "state" in request.GET else "open"
        unit = form.cleaned_data["unit"]
    qs = selectors.queue(user=request.user, scope=scope, unit=unit, state=state)
    page = paginate(qs, request.GET, default_size=PAGE_SIZE)
    return render(request, "support/queue.html", {"page": page, "form": form, "scope": scope})


@require_http_methods(["GET", "POST"])
@role_required()
def request_create(request: HttpRequest) -> HttpResponse:
    staff = selectors.staff_of(user=request.user)
    if staff is None:
        return render(request, "support/request_form.html", {"staff": None})
    units = selectors.request_units(user=request.user)
    equipment = selectors.equipment_choices(user=request.user, unit=staff.unit)
    if has_role(request.user, *IT_TEAM) or units.count() > 1:
        equipment = selectors.equipment_choices_any(user=request.user, units=units)
    form = RequestForm(
        request.POST or None,
        request.FILES or None,
        units=units,
        equipment=equipment,
        initial={"unit": staff.unit_id},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            created = services.request_open(
                requester=staff,
                data=services.RequestInput(
                    title=data["title"],
                    unit=data["unit"],
                    urgency=data["urgency"],
                    description=data["description"],
                    equipment=data.get("equipment"),
                    image=data.get("image"),
                ),
                actor=request.user,
                ip=client_ip(request),
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(
                request,
                _("Đã gửi yêu cầu %(code)s. Tổ CNTT sẽ liên hệ với bạn.") % {"code": created.code},
            )
            return redirect("support:request_detail", pk=created.pk)
    text = f"{request.POST.get('title', '')} {request.POST.get('description', '')}"
    return render(
        request,
        "support/request_form.html",
        {"staff": staff, "form": form, "suggestions": kb.suggestions(text=text)},
    )


@require_GET
@role_required()
def suggest(request: HttpRequest) -> HttpResponse:
    """The "this may help" list for the words typed so far (an htmx fragment)."""
    text = f"{request.GET.get('title', '')} {request.GET.get('description', '')}"[:500]
    return render(request, "support/_suggestions.html", {"suggestions": kb.suggestions(text=text)})


@require_GET
@role_required()
def request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_or_404(selectors.request_read, user=request.user, pk=pk, ip=client_ip(request))
    user = request.user
    actions = [
        a
        for a in services.TRANSITIONS
        if item.state in services.TRANSITIONS[a][0]
        and services.may_act(user=user, request=item, action=a)
    ]
    is_team = has_role(user, *IT_TEAM)
    form = ActionForm(
        partners=selectors.partners_active() if "escalate" in actions else None,
        members=selectors.members_active() if "assign" in actions else None,
    )
    return render(
        request,
        "support/request_detail.html",
        {
            "item": item,
            "events": selectors.request_events(request=item),
            "actions": actions,
            "form": form,
            "is_team": is_team,
            "suggestions": kb.suggestions(text=f"{item.title} {item.description}")
            if item.is_open
            else [],
        },
    )


@require_POST
@role_required()
def request_act(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_or_404(selectors.request_get, user=request.user, pk=pk)
    form = ActionForm(
        request.POST, partners=selectors.partners_active(), members=selectors.members_active()
    )
    if not form.is_valid():
        messages.error(request, _("Dữ liệu gửi lên không hợp lệ."))
        return redirect("support:request_detail", pk=pk)
    data = form.cleaned_data
    try:
        services.request_act(
            request=item,
            action=data["action"],
            actor=request.user,
            ip=client_ip(request),
            note=data["note"],
            partner=data["partner"],
            member=data["member"],
            rating=data["rating"],
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("Đã ghi nhận: %(action)s.") % {"action": services.action_label(data["action"])},
        )
    return redirect("support:request_detail", pk=pk)


@require_GET
@role_required()  # type: ignore[arg-type]  # a FileResponse streams the file
def request_image(request: HttpRequest, pk: int) -> HttpResponseBase:
    item = get_or_404(selectors.request_get, user=request.user, pk=pk)
    if not item.image_path:
        raise Http404
    try:
        path = images.image_file(item.image_path)
        handle = path.open("rb")
    except OSError:
        raise Http404 from None
    response = FileResponse(handle, content_type=item.image_type or "application/octet-stream")
    response["Content-Disposition"] = f'inline; filename="{item.code}.{path.suffix.lstrip(".")}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response

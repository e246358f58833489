from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from phongdich.core.audit import client_ip
from phongdich.core.paging import paginate
from phongdich.core.permissions import has_role, role_required
from phongdich.equipment.forms.equipment import CheckoutForm, EquipmentFilterForm, EquipmentForm
from phongdich.equipment.roles import IT_TEAM, LABEL_PRINTERS, MANAGERS
from phongdich.equipment.selectors import equipment as selectors
from phongdich.equipment.services import equipment as services
from phongdich.equipment.views.common import add_errors, get_or_404

PAGE_SIZE = 50


@require_GET
@role_required()
def equipment_list(request: HttpRequest) -> HttpResponse:
    units = selectors.reader_units(request.user)
    form = EquipmentFilterForm(request.GET or None, units=units)
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    qs = selectors.equipment_list(
        user=request.user,
        unit=filters.get("unit"),
        kind=filters.get("kind"),
        condition=filters.get("condition", ""),
        query=filters.get("q", ""),
        units=units,
    )
    page = paginate(qs, request.GET, default_size=PAGE_SIZE)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "equipment/list.html",
        {
            "form": form,
            "page": page,
            "querystring": query.urlencode(),
            "can_manage": bool(selectors.manager_units(request.user).exists()),
            "can_print_labels": has_role(request.user, *LABEL_PRINTERS),
            "can_edit_rules": has_role(request.user, *IT_TEAM),
        },
    )


@require_GET
@role_required()
def equipment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_or_404(selectors.equipment_get, user=request.user, pk=pk)
    editable = selectors.can_edit(user=request.user, equipment=item)
    return render(
        request,
        "equipment/detail.html",
        {
            "item": item,
            "can_edit": editable,
            "events": selectors.equipment_history(equipment=item)[:100],
            "checkouts": selectors.equipment_checkouts(equipment=item)[:50],
            "checkout_form": CheckoutForm(equipment=item) if editable else None,
            "can_print_labels": has_role(request.user, *LABEL_PRINTERS),
        },
    )


@require_http_methods(["GET", "POST"])
@role_required(*MANAGERS)
def equipment_create(request: HttpRequest) -> HttpResponse:
    units = selectors.manager_units(request.user)
    form = EquipmentForm(request.POST or None, units=units)
    if request.method == "POST" and form.is_valid():
        try:
            item = services.equipment_create(
                data=form.to_fields(), actor=request.user, ip=client_ip(request)
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Đã thêm thiết bị %(item)s.") % {"item": item})
            return redirect("equipment:detail", pk=item.pk)
    return render(request, "equipment/form.html", {"form": form, "item": None})


@require_http_methods(["GET", "POST"])
@role_required(*MANAGERS)
def equipment_edit(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_or_404(selectors.equipment_get_for_edit, user=request.user, pk=pk)
    units = selectors.manager_units(request.user)
    if request.method == "POST":
        form = EquipmentForm(request.POST, units=units)
    else:
        form = EquipmentForm(initial=EquipmentForm.initial_of(item), units=units)
    if request.method == "POST" and form.is_valid():
        try:
            changed = services.equipment_update(
                equipment=item, data=form.to_fields(), actor=request.user, ip=client_ip(request)
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            if changed:
                messages.success(request, _("Đã lưu thay đổi."))
            else:
                messages.info(request, _("Không có gì thay đổi."))
            return redirect("equipment:detail", pk=item.pk)
    return render(request, "equipment/form.html", {"form": form, "item": item})


@require_POST
@role_required(*MANAGERS)
def equipment_check_out(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_or_404(selectors.equipment_get_for_edit, user=request.user, pk=pk)
    form = CheckoutForm(request.POST, equipment=item)
    if form.is_valid():
        try:
            services.equipment_check_out(
                equipment=item,
                staff=form.cleaned_data["staff"],
                location=form.cleaned_data["location"],
                actor=request.user,
                ip=client_ip(request),
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Đã giao thiết bị."))
    else:
        messages.error(request, _("Hãy chọn cán bộ nhận thiết bị."))
    return redirect("equipment:detail", pk=item.pk)


@require_POST
@role_required(*MANAGERS)
def equipment_return(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_or_404(selectors.equipment_get_for_edit, user=request.user, pk=pk)
    try:
        services.equipment_return(equipment=item, actor=request.user, ip=client_ip(request))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Đã thu hồi thiết bị."))
    return redirect("equipment:detail", pk=item.pk)

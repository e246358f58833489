from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from phongdich.core.audit import client_ip
from phongdich.core.paging import paginate
from phongdich.core.permissions import has_role, role_required
from phongdich.documents import DocumentError, render_docx, render_pdf
from phongdich.meetings import printing
from phongdich.meetings.forms.plans import PlanForm, item_formset, item_inputs
from phongdich.meetings.models import OnlinePlan
from phongdich.meetings.roles import OFFICE
from phongdich.meetings.selectors import plans as selectors
from phongdich.meetings.services import plans as services
from phongdich.meetings.views.common import add_errors, get_or_404
from phongdich.meetings.views.minutes import FORMATS
from phongdich.org.models import Unit

PLAN_READERS = (*OFFICE, "director")


@require_GET
@role_required(*PLAN_READERS)
def plan_list(request: HttpRequest) -> HttpResponse:
    page = paginate(selectors.plans_all(), request.GET)
    return render(
        request,
        "meetings/plan_list.html",
        {
            "plans": page.object_list,
            "page": page,
            "can_draft": has_role(request.user, *OFFICE),
        },
    )


@require_POST
@role_required(*OFFICE)
def plan_create(request: HttpRequest) -> HttpResponse:
    plan = services.plan_draft(by=request.user, ip=client_ip(request))
    messages.success(request, _("Đã lập dự thảo kế hoạch từ số liệu hiện có; hãy rà soát, sửa."))
    return redirect("meetings:plan_detail", pk=plan.pk)


@require_http_methods(["GET", "POST"])
@role_required(*PLAN_READERS)
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_or_404(selectors.plan_get, pk=pk)
    editable = has_role(request.user, *OFFICE) and plan.state == OnlinePlan.State.DRAFT
    if request.method == "POST" and not editable:
        return redirect("meetings:plan_detail", pk=plan.pk)
    units = Unit.objects.filter(is_active=True)
    form = PlanForm(request.POST or None, initial=PlanForm.initial_of(plan))
    formset = item_formset(request.POST or None, units=units, items=list(plan.items.all()))
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        try:
            services.plan_update(
                plan=plan,
                data=form.to_input(),
                items=item_inputs(formset),
                by=request.user,
                ip=client_ip(request),
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Đã lưu kế hoạch."))
            return redirect("meetings:plan_detail", pk=plan.pk)
    return render(
        request,
        "meetings/plan_detail.html",
        {"plan": plan, "form": form, "formset": formset, "editable": editable},
    )


@require_GET
@role_required(*PLAN_READERS)
def plan_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    plan = get_or_404(selectors.plan_get, pk=pk)
    if fmt not in FORMATS:
        raise Http404
    try:
        document = printing.plan_document(plan)
    except DocumentError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect("meetings:plan_detail", pk=plan.pk)
    content = render_docx(document) if fmt == "docx" else render_pdf(document)
    response = HttpResponse(content, content_type=FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="ke-hoach-lam-viec-truc-tuyen.{fmt}"'
    return response


@require_POST
@role_required(*OFFICE)
def plan_issue(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_or_404(selectors.plan_get, pk=pk)
    try:
        plan = services.plan_issue(plan=plan, by=request.user, ip=client_ip(request))
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(
            request, _("Đã ban hành kế hoạch; các nội dung đã thành nhiệm vụ được giao.")
        )
    return redirect("meetings:plan_detail", pk=plan.pk)

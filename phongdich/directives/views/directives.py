"""Directives: list, import (upload or paste → confirm → draft), detail, edit, issue,
close, delete; tasks and indicators of a draft; the attached letter.

Views parse, check the role, fetch through a scoped selector (out of scope → 404),
call one service and render.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from phongdich.core.audit import client_ip
from phongdich.core.paging import paginate
from phongdich.core.permissions import role_required
from phongdich.directives import attachments
from phongdich.directives.errors import DirectiveError
from phongdich.directives.forms import directives as forms
from phongdich.directives.inputs import DirectiveHeader
from phongdich.directives.models import Directive, Indicator, Task
from phongdich.directives.selectors import directives as selectors
from phongdich.directives.selectors.directives import MANAGE_ROLES, VIEW_ROLES
from phongdich.directives.services import directives as services

PAGE_SIZE = 25


def _directive_or_404(request: HttpRequest, pk: int) -> Directive:
    directive = selectors.directive_get(user=request.user, pk=pk)
    if directive is None:
        raise Http404(_("Không tìm thấy văn bản."))
    return directive


def _task_or_404(request: HttpRequest, directive: Directive, pk: int) -> Task:
    task = selectors.task_get(user=request.user, directive=directive, pk=pk)
    if task is None:
        raise Http404(_("Không tìm thấy nhiệm vụ."))
    return task


def _indicator_or_404(task: Task, pk: int) -> Indicator:
    indicator = selectors.indicator_get(task=task, pk=pk)
    if indicator is None:
        raise Http404(_("Không tìm thấy chỉ tiêu."))
    return indicator


def _not_draft(request: HttpRequest, directive: Directive) -> HttpResponse | None:
    if directive.is_draft:
        return None
    messages.error(
        request, _("Văn bản đã ban hành: không sửa được nội dung, nhiệm vụ và chỉ tiêu.")
    )
    return redirect("directives:detail", pk=directive.pk)


def _refused(request: HttpRequest, exc: DirectiveError) -> None:
    for message in exc.messages:
        messages.error(request, message)


# List and detail -----------------------------------------------------------------


@require_GET
@role_required(*VIEW_ROLES)
def index(request: HttpRequest) -> HttpResponse:
    years = selectors.directive_years(user=request.user)
    form = forms.DirectiveFilterForm(request.GET or None, years=years)
    state, year = "", None
    if form.is_valid():
        state, year = form.cleaned_data["state"], form.cleaned_data["year"]
    directives = selectors.directive_list(user=request.user, state=state, year=year)
    page = paginate(directives, request.GET, default_size=PAGE_SIZE)
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "querystring": query.urlencode(),
        "can_manage": selectors.can_manage(request.user),
    }
    return render(request, "directives/index.html", context)


@require_GET
@role_required(*VIEW_ROLES)
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    directive = _directive_or_404(request, pk)
    can_manage = selectors.can_manage(request.user)
    context = {
        "directive": directive,
        "tasks": selectors.tasks_for_detail(user=request.user, directive=directive),
        "can_manage": can_manage,
        "can_edit": can_manage and directive.is_draft,
        "problems": (
            selectors.directive_issue_problems(directive=directive)
            if can_manage and directive.is_draft
            else []
        ),
    }
    return render(request, "directives/detail.html", context)


@never_cache
@require_GET
@role_required(*VIEW_ROLES)  # type: ignore[arg-type]  # a FileResponse streams the file
def attachment(request: HttpRequest, pk: int) -> HttpResponseBase:
    directive = _directive_or_404(request, pk)
    if not directive.attachment:
        raise Http404(_("Văn bản chưa có tệp đính kèm."))
    opened = selectors.directive_attachment_open(
        user=request.user, directive=directive, ip=client_ip(request)
    )
    if opened is None:
        raise Http404(_("Không tìm thấy tệp đính kèm."))
    handle, name = opened
    response = FileResponse(
        handle, as_attachment=True, filename=name, content_type=attachments.content_type(name)
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


# Import --------------------------------------------------------------------------


# The header fields shown at once on the review page; the others fold under "Các mục khác".
MAIN_HEADER_FIELDS = ("number", "symbol", "issued_on", "default_deadline", "subject")


def _confirm_context(header: forms.ImportHeaderForm, formset: Any, **extra: Any) -> dict[str, Any]:
    more = [f for f in header.visible_fields() if f.name not in MAIN_HEADER_FIELDS]
    return {
        "header": header,
        "formset": formset,
        "main_fields": [header[name] for name in MAIN_HEADER_FIELDS],
        "more_fields": more,
        "more_open": any(f.errors for f in more),
        **extra,
    }


@require_http_methods(["GET", "POST"])
@role_required(*MANAGE_ROLES)
def import_start(request: HttpRequest) -> HttpResponse:
    bound = request.method == "POST"
    form = forms.DirectiveImportForm(
        request.POST if bound else None, request.FILES if bound else None
    )
    if request.method == "POST" and form.is_valid():
        parsed = form.cleaned_data["parsed"]
        suggestions = selectors.import_suggestions(parsed=parsed)
        header = forms.ImportHeaderForm(
            initial=asdict(DirectiveHeader.from_parsed(parsed)), prefix="header"
        )
        formset = forms.ImportTaskFormSet(
            initial=[forms.suggestion_initial(s) for s in suggestions],
            prefix="tasks",
            units=selectors.assignable_units(),
        )
        missing = parsed.number is None or parsed.issued_on is None
        return render(
            request,
            "directives/import_confirm.html",
            _confirm_context(header, formset, missing_header=missing),
        )
    return render(request, "directives/import.html", {"form": form})


@require_POST
@role_required(*MANAGE_ROLES)
def import_confirm(request: HttpRequest) -> HttpResponse:
    header = forms.ImportHeaderForm(request.POST, prefix="header")
    formset = forms.ImportTaskFormSet(
        request.POST, prefix="tasks", units=selectors.assignable_units()
    )
    if header.is_valid() and formset.is_valid():
        default_deadline = header.cleaned_data.get("default_deadline")
        items = [
            form.task_input(
                parent=form.cleaned_data.get("parent") or None,
                deadline=None if form.cleaned_data.get("is_group") else default_deadline,
            )
            for form in formset.forms
        ]
        try:
            directive = services.directive_create(
                header=header.header(),
                tasks=items,
                created_by=request.user,
                ip=client_ip(request),
            )
        except DirectiveError as exc:
            for message in exc.messages:
                header.add_error(None, message)
        else:
            messages.success(
                request,
                _("Đã lưu dự thảo với %(n)d nhiệm vụ. Kiểm tra rồi bấm “Ban hành”.")
                % {"n": len(items)},
            )
            return redirect("directives:detail", pk=directive.pk)
    return render(request, "directives/import_confirm.html", _confirm_context(header, formset))


# Edit, issue, close, delete -----------------------------------------------------


@require_http_methods(["GET", "POST"])
@role_required(*MANAGE_ROLES)
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    directive = _directive_or_404(request, pk)
    if refused := _not_draft(request, directive):
        return refused
    form = forms.DirectiveEditForm(
        request.POST or None, request.FILES or None, initial=forms.header_initial(directive)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.directive_update(
                directive=directive,
                header=form.header(),
                attachment=form.cleaned_data.get("attachment") or None,
                by=request.user,
                ip=client_ip(request),
            )
        except DirectiveError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("Đã lưu văn bản."))
            return redirect("directives:detail", pk=directive.pk)
    return render(request, "directives/form.html", {"form": form, "directive": directive})


@require_http_methods(["GET", "POST"])
@role_required(*MANAGE_ROLES)
def issue(request: HttpRequest, pk: int) -> HttpResponse:
    directive = _directive_or_404(request, pk)
    if refused := _not_draft(request, directive):
        return refused
    if request.method == "POST":
        try:
            services.directive_issue(directive=directive, by=request.user, ip=client_ip(request))
        except DirectiveError as exc:
            messages.error(request, _("Chưa ban hành được:"))
            _refused(request, exc)
            return redirect("directives:detail", pk=directive.pk)
        messages.success(request, _("Đã ban hành văn bản và giao nhiệm vụ cho các đơn vị."))
        return redirect("directives:detail", pk=directive.pk)
    problems = selectors.directive_issue_problems(directive=directive)
    context = {"directive": directive, "action": "issue", "problems": problems}
    return render(request, "directives/confirm.html", context)


@require_http_methods(["GET", "POST"])
@role_required(*MANAGE_ROLES)
def close(request: HttpRequest, pk: int) -> HttpResponse:
    directive = _directive_or_404(request, pk)
    if request.method == "POST":
        try:
            services.directive_close(directive=directive, by=request.user, ip=client_ip(request))
        except DirectiveError as exc:
            _refused(request, exc)
        else:
            messages.success(request, _("Đã kết thúc văn bản."))
        return redirect("directives:detail", pk=directive.pk)
    return render(request, "directives/confirm.html", {"directive": directive, "action": "close"})


@require_http_methods(["GET", "POST"])
@role_required(*MANAGE_ROLES)
def delete(request: HttpRequest, pk: int) -> HttpResponse:
    directive = _directive_or_404(request, pk)
    if refused := _not_draft(request, directive):
        return refused
    if request.method == "POST":
        services.directive_delete(directive=directive, by=request.user, ip=client_ip(request))
        messages.success(request, _("Đã xóa dự thảo."))
        return redirect("directives:index")
    return render(request, "directives/confirm.html", {"directive": directive, "action": "delete"})


# Tasks --------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@role_required(*MANAGE_ROLES)
def task_create(request: HttpRequest, pk: int) -> HttpResponse:
    directive = _directive_or_404(request, pk)
    if refused := _not_draft(request, directive):
        return refused
    form = forms.TaskEditForm(request.POST or None, directive=directive)
    if request.method == "POST" and form.is_valid():
        parent = form.cleaned_data.get("parent")
        try:
            task = services.task_create(
                directive=directive,
                item=form.task_input(),
                parent=parent,
                by=request.user,
                ip=client_ip(request),
            )
        except DirectiveError as exc:
            form.add_error("number", exc.messages[0])
        else:
            messages.success(request, _("Đã thêm nhiệm vụ %(n)s.") % {"n": task.number})
            return redirect("directives:detail", pk=directive.pk)
    context = {"form": form, "directive": directive, "task": None}
    return render(request, "directives/task_form.html", context)


@require_http_methods(["GET", "POST"])
@role_required(*MANAGE_ROLES)
def task_edit(request: HttpRequest, pk: int, task_pk: int) -> HttpResponse:
    directive = _directive_or_404(request, pk)
    task = _task_or_404(request, directive, task_pk)
    if refused := _not_draft(request, directive):
        return refused
    form = forms.TaskEditForm(
        request.POST or None,
        directive=directive,
        task=task,
        initial=forms.task_initial(task),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.task_update(
                task=task,
                item=form.task_input(),
                parent=form.cleaned_data.get("parent"),
                by=request.user,
                ip=client_ip(request),
            )
        except DirectiveError as exc:
            form.add_error("number", exc.messages[0])
        else:
            messages.success(request, _("Đã lưu nhiệm vụ %(n)s.") % {"n": task.number})
            return redirect("directives:detail", pk=directive.pk)
    context = {"form": form, "directive": directive, "task": task}
    return render(request, "directives/task_form.html", context)


@require_http_methods(["GET", "POST"])
@role_required(*MANAGE_ROLES)
def task_delete(request: HttpRequest, pk: int, task_pk: int) -> HttpResponse:
    directive = _directive_or_404(request, pk)
    task = _task_or_404(request, directive, task_pk)
    if refused := _not_draft(request, directive):
        return refused
    if request.method == "POST":
        number = task.number
        services.task_delete(task=task, by=request.user, ip=client_ip(request))
        messages.success(request, _("Đã xóa nhiệm vụ %(n)s.") % {"n": number})
        return redirect("directives:detail", pk=directive.pk)
    context = {"directive": directive, "task": task, "action": "task_delete"}
    return render(request, "directives/confirm.html", context)


# Indicators --------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@role_required(*MANAGE_ROLES)
def indicator_form(
    request: HttpRequest, pk: int, task_pk: int, indicator_pk: int | None = None
) -> HttpResponse:
    directive = _directive_or_404(request, pk)
    task = _task_or_404(request, directive, task_pk)
    indicator = _indicator_or_404(task, indicator_pk) if indicator_pk else None
    if refused := _not_draft(request, directive):
        return refused
    form = forms.IndicatorForm(request.POST or None, instance=indicator)
    if request.method == "POST" and form.is_valid():
        values = form.values()
        try:
            if indicator is None:
                indicator = services.indicator_create(
                    task=task, **values, by=request.user, ip=client_ip(request)
                )
                saved = _("Đã thêm chỉ tiêu “%(name)s”.")
            else:
                services.indicator_update(
                    indicator=indicator, **values, by=request.user, ip=client_ip(request)
                )
                saved = _("Đã lưu chỉ tiêu “%(name)s”.")
        except DirectiveError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            messages.success(request, saved % {"name": indicator.name})
            return redirect("directives:detail", pk=directive.pk)
    context = {"form": form, "directive": directive, "task": task, "indicator": indicator}
    return render(request, "directives/indicator_form.html", context)


@require_http_methods(["GET", "POST"])
@role_required(*MANAGE_ROLES)
def indicator_delete(
    request: HttpRequest, pk: int, task_pk: int, indicator_pk: int
) -> HttpResponse:
    directive = _directive_or_404(request, pk)
    task = _task_or_404(request, directive, task_pk)
    indicator = _indicator_or_404(task, indicator_pk)
    if refused := _not_draft(request, directive):
        return refused
    if request.method == "POST":
        services.indicator_delete(indicator=indicator, by=request.user, ip=client_ip(request))
        messages.success(request, _("Đã xóa chỉ tiêu “%(name)s”.") % {"name": indicator.name})
        return redirect("directives:detail", pk=directive.pk)
    context = {
        "directive": directive,
        "task": task,
        "indicator": indicator,
        "action": "indicator_delete",
    }
    return render(request, "directives/confirm.html", context)

"""A staff member's own apps, from a phone: tap the app, tap the answer."""

from __future__ import annotations

from pathlib import Path

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from phongdich.adoption.forms.declarations import DeclareForm
from phongdich.adoption.models import RequiredApp
from phongdich.adoption.selectors.declarations import declaration_for_evidence, my_page
from phongdich.adoption.selectors.scope import own_staff
from phongdich.adoption.services.declarations import declaration_submit
from phongdich.adoption.views.common import add_errors, get_or_404
from phongdich.core.audit import client_ip
from phongdich.core.permissions import role_required


@require_GET
@role_required()
def mine(request: HttpRequest) -> HttpResponse:
    page = my_page(user=request.user)
    return render(request, "adoption/mine.html", {"page": page, "form": DeclareForm()})


@require_POST
@role_required()
def declare(request: HttpRequest, pk: int) -> HttpResponse:
    staff = own_staff(request.user)
    if staff is None:
        raise Http404
    app = get_object_or_404(RequiredApp, pk=pk, is_active=True)
    form = DeclareForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            declaration_submit(
                staff=staff,
                app=app,
                status=form.cleaned_data["status"],
                reason=form.cleaned_data["reason"],
                image=form.cleaned_data["evidence"],
                actor=request.user,
                ip=client_ip(request),
            )
        except ValidationError as exc:
            add_errors(form, exc)
    if form.errors:
        page = my_page(user=request.user)
        return render(
            request,
            "adoption/mine.html",
            {"page": page, "form": DeclareForm(), "failed": form, "failed_app": app},
            status=400,
        )
    messages.success(request, _("Đã ghi nhận: %(app)s.") % {"app": app.name})
    return redirect(f"{reverse('adoption:mine')}#app-{app.pk}")


@require_GET
@role_required()
def evidence(request: HttpRequest, pk: int) -> HttpResponse:
    declaration = get_or_404(declaration_for_evidence, user=request.user, pk=pk)
    path = Path(declaration.evidence_path)
    if not path.is_file():
        raise Http404
    response = HttpResponse(
        path.read_bytes(), content_type=declaration.evidence_type or "image/jpeg"
    )
    response["Content-Disposition"] = "inline"
    response["X-Content-Type-Options"] = "nosniff"
    return response

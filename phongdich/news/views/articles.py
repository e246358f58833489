"""The editorial pages: write, submit, review, return, approve, schedule, publish."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from phongdich.core.audit import client_ip
from phongdich.core.paging import paginate
from phongdich.core.permissions import role_required, visible_units
from phongdich.news import exports
from phongdich.news.forms.articles import ArticleForm, ImageUploadForm, TransitionForm
from phongdich.news.models import Article
from phongdich.news.roles import EDITORS
from phongdich.news.selectors import articles as selectors
from phongdich.news.services import articles as services
from phongdich.news.views.common import add_errors, get_or_404
from phongdich.news.workflow import actions_for, is_board, may_edit
from phongdich.org.models import Unit


def _units_for(user: object) -> QuerySet[Unit]:
    active = Unit.objects.filter(is_active=True)
    if is_board(user):
        return active
    return active.filter(Q(pk__in=visible_units(user)) | Q(kind=Unit.Kind.UNION))


def _own_unit(user: object) -> int | None:
    staff = getattr(user, "staff", None)
    return staff.unit_id if staff is not None else None


@require_GET
@role_required()
def article_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    if status not in Article.Status.values:
        status = ""
    mine = request.GET.get("mine") == "1"
    page = paginate(
        selectors.article_list(user=request.user, status=status, mine=mine), request.GET
    )
    return render(
        request,
        "news/articles/list.html",
        {
            "articles": page.object_list,
            "page": page,
            "status": status,
            "mine": mine,
            "statuses": Article.Status.choices,
            "board": is_board(request.user),
        },
    )


@require_http_methods(["GET", "POST"])
@role_required()
def article_create(request: HttpRequest) -> HttpResponse:
    form = ArticleForm(
        request.POST or None,
        request.FILES or None,
        units=_units_for(request.user),
        initial={"unit": _own_unit(request.user)},
    )
    if request.method == "POST" and form.is_valid():
        try:
            article = services.article_create(
                fields=form.fields_value(),
                cover=form.cleaned_data.get("cover"),
                actor=request.user,
                ip=client_ip(request),
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Đã lưu bản nháp. Gửi duyệt khi bài đã xong."))
            return redirect("news:article_detail", pk=article.pk)
    return render(request, "news/articles/form.html", {"form": form, "article": None})


@require_GET
@role_required()
def article_detail(request: HttpRequest, pk: int) -> HttpResponse:
    article = get_or_404(selectors.article_get, user=request.user, pk=pk)
    versions, events = selectors.article_history(article=article)
    return render(
        request,
        "news/articles/detail.html",
        {
            "article": article,
            "versions": versions,
            "events": events,
            "actions": actions_for(request.user, article),
            "can_edit": may_edit(request.user, article),
            "board": is_board(request.user),
            "transition_form": TransitionForm(),
            "public": article.status == Article.Status.PUBLISHED,
        },
    )


@require_http_methods(["GET", "POST"])
@role_required()
def article_edit(request: HttpRequest, pk: int) -> HttpResponse:
    article = get_or_404(selectors.article_get, user=request.user, pk=pk)
    if not may_edit(request.user, article):
        messages.error(
            request,
            _("Không sửa được bài ở trạng thái “%(status)s”.")
            % {"status": article.get_status_display()},
        )
        return redirect("news:article_detail", pk=article.pk)
    form = ArticleForm(
        request.POST or None,
        request.FILES or None,
        units=_units_for(request.user) | Unit.objects.filter(pk=article.unit_id),
        initial=ArticleForm.initial_for(article),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.article_update(
                article=article,
                fields=form.fields_value(),
                cover=form.cleaned_data.get("cover"),
                actor=request.user,
                ip=client_ip(request),
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Đã lưu bài viết."))
            return redirect("news:article_detail", pk=article.pk)
    images = [
        (image, reverse("news:image", kwargs={"pk": image.pk})) for image in article.images.all()
    ]
    return render(
        request,
        "news/articles/form.html",
        {"form": form, "article": article, "image_form": ImageUploadForm(), "images": images},
    )


@require_POST
@role_required()
def article_transition(request: HttpRequest, pk: int) -> HttpResponse:
    article = get_or_404(selectors.article_get, user=request.user, pk=pk)
    form = TransitionForm(request.POST)
    if not form.is_valid():
        for error in form.errors.get("publish_at", []) + form.errors.get("action", []):
            messages.error(request, str(error))
        return redirect("news:article_detail", pk=article.pk)
    try:
        article = services.article_transition(
            article=article,
            action=form.cleaned_data["action"],
            comment=form.cleaned_data["comment"],
            publish_at=form.cleaned_data["publish_at"],
            actor=request.user,
            ip=client_ip(request),
        )
    except ValidationError as exc:
        for error in exc.messages:
            messages.error(request, error)
    else:
        messages.success(
            request,
            _("Bài viết đã chuyển sang trạng thái “%(status)s”.")
            % {"status": article.get_status_display()},
        )
    return redirect("news:article_detail", pk=article.pk)


@require_POST
@role_required()
def article_image_upload(request: HttpRequest, pk: int) -> HttpResponse:
    article = get_or_404(selectors.article_get, user=request.user, pk=pk)
    form = ImageUploadForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.article_image_upload(
                article=article,
                upload=form.cleaned_data["image"],
                actor=request.user,
                ip=client_ip(request),
            )
        except ValidationError as exc:
            for error in exc.messages:
                messages.error(request, error)
        else:
            messages.success(
                request, _("Đã tải ảnh lên. Chép đoạn mã của ảnh vào nội dung bài để chèn ảnh.")
            )
    else:
        messages.error(request, _("Hãy chọn một tệp ảnh."))
    return redirect("news:article_edit", pk=article.pk)


@require_GET
@role_required()
def article_version(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    article = get_or_404(selectors.article_get, user=request.user, pk=pk)
    try:
        context = selectors.version_compare(article=article, number=number)
    except article.versions.model.DoesNotExist:
        raise Http404 from None
    return render(request, "news/articles/version.html", {"article": article, **context})


@require_GET
@role_required(*EDITORS)
def article_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """A published article for the Sở's web portal: HTML or a plain .docx."""
    article = get_or_404(selectors.article_get, user=request.user, pk=pk)
    if article.status != Article.Status.PUBLISHED or fmt not in {"html", "docx"}:
        raise Http404
    name = f"bai-viet-{article.pk}.{fmt}"
    if fmt == "html":
        response = HttpResponse(exports.article_html(article), content_type="text/html")
    else:
        response = HttpResponse(exports.article_docx(article), content_type=exports.DOCX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response

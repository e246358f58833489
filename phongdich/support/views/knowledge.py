from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from phongdich.core.audit import client_ip
from phongdich.core.paging import paginate
from phongdich.core.permissions import has_role, role_required
from phongdich.support.forms.team import ArticleForm, ArticleSearchForm
from phongdich.support.models import Article
from phongdich.support.roles import IT_TEAM
from phongdich.support.selectors import knowledge as selectors
from phongdich.support.services import knowledge as services
from phongdich.support.views.common import add_errors, get_or_404


@require_GET
@role_required()
def kb_list(request: HttpRequest) -> HttpResponse:
    form = ArticleSearchForm(request.GET or None)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    page = paginate(selectors.article_search(user=request.user, query=query), request.GET)
    return render(
        request,
        "support/kb_list.html",
        {
            "form": form,
            "query": query,
            "articles": page.object_list,
            "page": page,
            "can_edit": has_role(request.user, *IT_TEAM),
        },
    )


@require_GET
@role_required()
def kb_detail(request: HttpRequest, slug: str) -> HttpResponse:
    article = get_or_404(selectors.article_get, user=request.user, slug=slug)
    return render(
        request,
        "support/kb_detail.html",
        {"article": article, "can_edit": has_role(request.user, *IT_TEAM)},
    )


@require_http_methods(["GET", "POST"])
@role_required(*IT_TEAM)
def kb_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    article = get_or_404(selectors.article_get_for_edit, user=request.user, pk=pk) if pk else None
    initial = None
    if article is not None:
        initial = {
            "title": article.title,
            "summary": article.summary,
            "body": article.body,
            "keywords": article.keywords,
            "topic": article.topic,
            "publish": article.status == Article.Status.PUBLISHED,
        }
    form = ArticleForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            saved = services.article_save(
                article=article,
                data=services.ArticleInput(
                    title=data["title"],
                    body=data["body"],
                    summary=data["summary"],
                    keywords=data["keywords"],
                    publish=data["publish"],
                    topic=data["topic"],
                ),
                actor=request.user,
                ip=client_ip(request),
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Đã lưu bài hướng dẫn."))
            return redirect("support:kb_detail", slug=saved.slug)
    return render(request, "support/kb_form.html", {"form": form, "article": article})

"""The public news pages (no sign-in): the list with topic filter and search, an
article, its images. Only published articles exist here, by any URL or id."""

from __future__ import annotations

from pathlib import Path
from uuid import UUID

from django.conf import settings
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import render
from django.views.decorators.http import require_GET

from phongdich.core.paging import paginate
from phongdich.news.forms.articles import PublicFilterForm
from phongdich.news.models import Topic
from phongdich.news.selectors import articles as selectors
from phongdich.news.selectors import falsenews
from phongdich.news.views.common import get_or_404

PER_PAGE = 10


@require_GET
def news_index(request: HttpRequest) -> HttpResponse:
    form = PublicFilterForm(request.GET or None)
    topic = query = ""
    if form.is_valid():
        topic, query = form.cleaned_data["topic"], form.cleaned_data["q"]
    page = paginate(
        selectors.public_articles(topic=topic, query=query), request.GET, default_size=PER_PAGE
    )
    return render(
        request,
        "news/public/index.html",
        {
            "form": form,
            "page": page,
            "topic": topic,
            "query": query,
            "topics": Topic.choices,
            "warnings": list(falsenews.public_warnings()[:3]) if not (topic or query) else [],
        },
    )


@require_GET
def news_detail(request: HttpRequest, pk: int) -> HttpResponse:
    article = get_or_404(selectors.public_article, pk=pk)
    return render(request, "news/public/detail.html", {"article": article})


@require_GET
def image(request: HttpRequest, pk: UUID) -> HttpResponseBase:
    """An uploaded image, through the permission check (public once its article is)."""
    item = get_or_404(selectors.image_get, user=request.user, pk=pk)
    path = Path(settings.MEDIA_ROOT) / item.stored_path
    response = FileResponse(path.open("rb"), content_type=item.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Disposition"] = "inline"
    response["Cache-Control"] = "private, max-age=3600"
    return response

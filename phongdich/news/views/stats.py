"""The counts page (items 5, 6, 7 of the letter): articles by unit and union, bulletins
and their acknowledgement rates, false-news reports and verdicts, in a period."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from phongdich.core.permissions import role_required
from phongdich.news.forms.stats import PeriodForm
from phongdich.news.roles import STATS_READERS
from phongdich.news.selectors import bulletins, falsenews
from phongdich.news.selectors import stats as selectors


@require_GET
@role_required(*STATS_READERS)
def stats(request: HttpRequest) -> HttpResponse:
    form = PeriodForm(request.GET or None)
    start, end = form.period()
    rows = selectors.article_counts(user=request.user, start=start, end=end)
    totals = {
        "submitted": sum(r.submitted for r in rows),
        "published": sum(r.published for r in rows),
        "returned": sum(r.returned for r in rows),
    }
    return render(
        request,
        "news/stats.html",
        {
            "form": form,
            "start": start,
            "end": end,
            "rows": rows,
            "totals": totals,
            "rates": bulletins.bulletin_rates(user=request.user, start=start, end=end),
            "reports": falsenews.report_counts(start=start, end=end),
        },
    )

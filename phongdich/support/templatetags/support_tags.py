"""Template filters of the support app."""

from __future__ import annotations

from django import template

from phongdich.core.templatetags.durations import duration

register = template.Library()


@register.filter
def minutes(value: int | float | None) -> str:
    """Working minutes as ``1 giờ 30 phút`` (``—`` when unknown): the shared
    ``core`` duration filter, under the name the support templates use."""
    return duration(value)


@register.inclusion_tag("support/_help_links.html")
def help_links(topic: str, public: bool = False) -> dict[str, object]:
    """Links to the published knowledge-base articles the IT team tied to ``topic``
    (``Article.Topic``); nothing at all when there is none. ``public``: the links of an
    anonymous page (the public check-in), to the page that needs no account."""
    from phongdich.support.selectors.knowledge import help_articles

    return {"articles": help_articles(topic=topic), "public": public}

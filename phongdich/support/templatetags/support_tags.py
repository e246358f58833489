"""Template filters of the support app."""

from __future__ import annotations

from django import template
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def minutes(value: int | float | None) -> str:
    """Working minutes as ``1 giờ 30 phút`` (``—`` when unknown)."""
    if value is None or value == "":
        return "—"
    whole = int(round(float(value)))
    hours, rest = divmod(whole, 60)
    if hours and rest:
        return _("%(h)s giờ %(m)s phút") % {"h": hours, "m": rest}
    if hours:
        return _("%(h)s giờ") % {"h": hours}
    return _("%(m)s phút") % {"m": rest}


@register.inclusion_tag("support/_help_links.html")
def help_links(topic: str, public: bool = False) -> dict[str, object]:
    """Links to the published knowledge-base articles the IT team tied to ``topic``
    (``Article.Topic``); nothing at all when there is none. ``public``: the links of an
    anonymous page (the public check-in), to the page that needs no account."""
    from phongdich.support.selectors.knowledge import help_articles

    return {"articles": help_articles(topic=topic), "public": public}

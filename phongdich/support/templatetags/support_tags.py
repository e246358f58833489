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

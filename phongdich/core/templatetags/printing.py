"""``{% load printing %}{% org_name %}``: the Department's name for the print header
(``settings.ORG_NAME``)."""

from __future__ import annotations

from django import template
from django.conf import settings

register = template.Library()


@register.simple_tag
def org_name() -> str:
    return str(getattr(settings, "ORG_NAME", ""))

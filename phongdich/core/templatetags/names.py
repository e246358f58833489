"""``{{ user|person_name }}`` (family first) and ``{{ user|short_name }}`` ("anh Bình")."""

from typing import Any

from django import template

from phongdich.core import names

register = template.Library()


@register.filter
def person_name(person: Any) -> str:
    return names.person_name(person)


@register.filter
def short_name(person: Any) -> str:
    return names.short_name(person)

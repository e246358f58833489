"""The sign-in and password templates live in the accounts app and still resolve.

Django's auth views name their templates explicitly in ``accounts/urls.py``
(``template_name``, ``email_template_name``, ``subject_template_name``): each of
them must come from ``phongdich/accounts/templates/accounts/``, not from the root
``templates/`` nor from ``django.contrib.admin``'s ``registration/`` templates.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.template.loader import get_template
from django.test import SimpleTestCase

from phongdich.accounts import urls

APP_TEMPLATES = Path(urls.__file__).resolve().parent / "templates"
NAMED = ("template_name", "email_template_name", "subject_template_name")


def named_templates() -> set[str]:
    """Every template an accounts URL names, plus the lockout page."""
    names = {"accounts/lockout.html"}
    for pattern in urls.urlpatterns:
        initkwargs = getattr(pattern.callback, "view_initkwargs", {})
        names.update(initkwargs[key] for key in NAMED if key in initkwargs)
    return names


class AccountTemplatesTests(SimpleTestCase):
    def test_every_named_template_resolves_from_the_app(self) -> None:
        names = named_templates()
        self.assertGreaterEqual(len(names), 9)
        for name in sorted(names):
            with self.subTest(name):
                origin = Path(get_template(name).origin.name).resolve()
                self.assertEqual(origin, APP_TEMPLATES / name)

    def test_the_root_templates_folder_holds_no_accounts_templates(self) -> None:
        self.assertFalse((Path(settings.BASE_DIR) / "templates" / "accounts").exists())

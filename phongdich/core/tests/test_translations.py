"""The English translation is complete, compiled, and used.

Vietnamese is the source language; every msgid of ``locale/en/LC_MESSAGES/django.po``
must have a real English msgstr, the committed ``django.mo`` must say the same as the
``.po``, and a fresh ``makemessages`` scan of the current code must find nothing new.
How to add a translation: docs/operations.md, “Translations”.
"""

from __future__ import annotations

import gettext
import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.urls import reverse

from phongdich.checkin.models import Location
from phongdich.core.tests.base import BaseTestCase

BASE = Path(settings.BASE_DIR)
LOCALE = BASE / "locale"
PO = LOCALE / "en" / "LC_MESSAGES" / "django.po"
MO = LOCALE / "en" / "LC_MESSAGES" / "django.mo"
# The same as the Makefile's `messages` target.
IGNORE = [".venv", "static", "staticfiles", "benchmarks"]
# What a makemessages scan reads (copied to a temporary directory first).
SCANNED = ["manage.py", "phongdich", "templates", "tracing_engine", "locale"]
_KEYWORD = re.compile(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+(".*")$')
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\"}


# A tiny .po reader (the standard library has none) -----------------------


@dataclass
class Entry:
    msgid: str = ""
    msgid_plural: str | None = None
    msgctxt: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    obsolete: bool = False
    where: str = ""

    def untranslated(self) -> bool:
        needed = range(2) if self.msgid_plural is not None else range(1)
        return any(not self.msgstr.get(n) for n in needed)


def _unquote(token: str) -> str:
    body = token[1:-1]
    return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), m.group(1)), body)


def parse_po(text: str) -> list[Entry]:
    """Entries of a .po file, the header (msgid "") included."""
    entries: list[Entry] = []
    entry: Entry | None = None
    target: tuple[str, int] = ("msgid", 0)
    for line in [*text.splitlines(), ""]:
        if not line.strip():
            if entry is not None and (entry.msgstr or entry.obsolete):
                entries.append(entry)
            entry = None
            continue
        if entry is None:
            entry = Entry()
        if line.startswith("#~"):
            entry.obsolete = True
        elif line.startswith("#,"):
            entry.flags.update(flag.strip() for flag in line[2:].split(","))
        elif line.startswith("#:"):
            entry.where = entry.where or line[2:].strip().split()[0]
        elif line.startswith("#"):
            continue
        elif match := _KEYWORD.match(line):
            keyword, index, value = match.groups()
            if keyword.startswith("msgstr"):
                target = ("msgstr", int(index or 0))
                entry.msgstr[target[1]] = _unquote(value)
            else:
                target = (keyword, 0)
                setattr(entry, keyword, _unquote(value))
        elif line.startswith('"'):
            if target[0] == "msgstr":
                entry.msgstr[target[1]] += _unquote(line)
            else:
                setattr(entry, target[0], getattr(entry, target[0]) + _unquote(line))
        else:
            raise ValueError(f"unreadable .po line: {line!r}")
    return entries


def messages(path: Path) -> list[Entry]:
    return [e for e in parse_po(path.read_text(encoding="utf-8")) if e.msgid and not e.obsolete]


def problems(entries: list[Entry]) -> list[str]:
    return [
        f"{e.where}: {e.msgid[:80]!r} ({'fuzzy' if 'fuzzy' in e.flags else 'untranslated'})"
        for e in entries
        if "fuzzy" in e.flags or e.untranslated()
    ]


# The catalogue ------------------------------------------------------------


class CatalogueTests(BaseTestCase):
    def test_every_message_has_an_english_translation_and_none_is_fuzzy(self) -> None:
        entries = messages(PO)
        self.assertGreater(len(entries), 500)
        self.assertEqual(problems(entries), [], "run `make messages` and translate these")
        header = parse_po(PO.read_text(encoding="utf-8"))[0]
        self.assertEqual(header.msgid, "")
        self.assertNotIn("fuzzy", header.flags)
        self.assertIn("Plural-Forms: nplurals=2; plural=(n != 1);", header.msgstr[0])

    def test_placeholders_survive_translation(self) -> None:
        placeholder = re.compile(r"%\(\w+\)[sd]|%%|\{\w*\}")
        for e in messages(PO):
            wanted = sorted(placeholder.findall(e.msgid_plural or e.msgid))
            last = max(e.msgstr)
            with self.subTest(msgid=e.msgid[:60]):
                self.assertEqual(sorted(placeholder.findall(e.msgstr[last])), wanted)

    def test_the_compiled_mo_says_what_the_po_says(self) -> None:
        self.assertTrue(MO.exists(), "run `make messages` (compilemessages) and commit the .mo")
        with MO.open("rb") as fp:
            catalog = dict(gettext.GNUTranslations(fp)._catalog)  # type: ignore[attr-defined]
        catalog.pop("", None)
        expected: dict[object, str] = {}
        for e in messages(PO):
            key = e.msgid if e.msgctxt is None else f"{e.msgctxt}\x04{e.msgid}"
            if e.msgid_plural is None:
                expected[key] = e.msgstr[0]
            else:
                for n, text in e.msgstr.items():
                    expected[(key, n)] = text
        stale = sorted(str(k)[:80] for k in expected if catalog.get(k) != expected[k])
        extra = sorted(str(k)[:80] for k in catalog if k not in expected)
        self.assertEqual(stale + extra, [], "django.mo is out of date: run compilemessages")

    def test_a_fresh_makemessages_scan_finds_nothing_untranslated(self) -> None:
        if shutil.which("xgettext") is None or shutil.which("msgmerge") is None:
            self.skipTest("GNU gettext (xgettext, msgmerge) is not installed; CI installs it")
        with tempfile.TemporaryDirectory() as tmp:
            # makemessages writes next to the code it scans (LOCALE_PATHS[0] or ./locale),
            # so it scans a copy of the code, never the working tree.
            root = Path(tmp)
            skip = shutil.ignore_patterns("__pycache__", "*.pyc", ".*")
            for name in SCANNED:
                source = BASE / name
                if source.is_dir():
                    shutil.copytree(source, root / name, ignore=skip)
                elif source.exists():
                    shutil.copy2(source, root / name)
            ignore = [f"--ignore={pattern}" for pattern in IGNORE]
            done = subprocess.run(
                [sys.executable, "manage.py", "makemessages", "-l", "en", "-v", "0", *ignore],
                cwd=root,
                env={**os.environ, "DJANGO_SETTINGS_MODULE": "phongdich.settings"},
                capture_output=True,
                text=True,
                timeout=600,
            )
            self.assertEqual(done.returncode, 0, done.stderr)
            fresh = messages(root / "locale" / "en" / "LC_MESSAGES" / "django.po")
        self.assertEqual(
            problems(fresh),
            [],
            "strings without an English translation: run `make messages`, translate them "
            "in locale/en/LC_MESSAGES/django.po and run `make messages` again",
        )


# Pages in English -----------------------------------------------------------


class EnglishPagesTests(BaseTestCase):
    def get_en(self, url: str) -> str:
        response = self.client.get(url, HTTP_ACCEPT_LANGUAGE="en")
        self.assertEqual(response.status_code, 200, url)
        return response.content.decode()

    def test_the_login_page(self) -> None:
        html = self.get_en(reverse("accounts:login"))
        self.assertIn('<html lang="en">', html)
        self.assertIn("Sign in", html)
        self.assertIn("Username or phone number", html)
        self.assertNotIn("Đăng nhập", html)

    def test_the_offices_home_page(self) -> None:
        self.login(self.office)
        html = self.get_en(reverse("core:home"))
        self.assertIn("Staff directory", html)
        self.assertIn("Sign out", html)
        self.assertNotIn("Danh bạ cán bộ", html)
        self.assertNotIn("Đăng xuất", html)

    def test_the_public_check_in_page(self) -> None:
        gate = Location.objects.create(code="G1", name="Cổng chính Sở", unit=self.office_unit)
        html = self.get_en(f"/c/{gate.poster_token}")
        self.assertIn("1. Personal details", html)
        self.assertIn("Submit declaration and check in", html)
        self.assertIn("Full name", html)
        self.assertNotIn("Gửi khai báo và check-in", html)
        self.assertIn("Cổng chính Sở", html)  # data stays as entered

    def test_the_guard_console(self) -> None:
        Location.objects.create(code="G1", name="Cổng chính Sở", unit=self.office_unit)
        self.login(self.guard)
        html = self.get_en(reverse("checkin:guard_index"))
        self.assertIn("Check in someone without a smartphone", html)
        self.assertIn("Inside now", html)
        self.assertNotIn("Đang ở trong", html)

    def test_vietnamese_stays_the_default(self) -> None:
        html = self.client.get(reverse("accounts:login")).content.decode()
        self.assertIn('<html lang="vi">', html)
        self.assertIn("Đăng nhập", html)


class PublicLanguageSwitchTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.gate = Location.objects.create(code="G1", name="Cổng chính Sở", unit=cls.office_unit)

    def test_the_check_in_page_links_to_the_other_language_without_javascript(self) -> None:
        page = f"/c/{self.gate.poster_token}"
        html = self.client.get(page).content.decode()
        self.assertIn(f'href="/c/ngon-ngu/?lang=en&amp;next={page}"', html)
        html = self.client.get(page, HTTP_ACCEPT_LANGUAGE="en").content.decode()
        self.assertIn('href="/c/ngon-ngu/?lang=vi&amp;next=', html)
        self.assertIn(">Tiếng Việt</a>", html)

    def test_it_sets_the_language_cookie_and_goes_back(self) -> None:
        page = f"/c/{self.gate.poster_token}"
        response = self.client.get(reverse("public:language"), {"lang": "en", "next": page})
        self.assertRedirects(response, page, fetch_redirect_response=False)
        self.assertEqual(response.cookies[settings.LANGUAGE_COOKIE_NAME].value, "en")
        self.assertIn("no-cache", response["Cache-Control"])
        html = self.client.get(page).content.decode()  # the cookie now says English
        self.assertIn("Submit declaration and check in", html)
        self.client.get(reverse("public:language"), {"lang": "vi", "next": page})
        self.assertIn("Gửi khai báo và check-in", self.client.get(page).content.decode())

    def test_it_needs_no_csrf_cookie(self) -> None:
        client = self.client_class(enforce_csrf_checks=True)
        response = client.get(reverse("public:language"), {"lang": "en", "next": "/c/"})
        self.assertEqual(response.status_code, 302)
        self.assertNotIn(settings.CSRF_COOKIE_NAME, response.cookies)

    def test_it_never_redirects_to_another_site(self) -> None:
        for target in ["https://evil.example/", "//evil.example/c/", "javascript:alert(1)", ""]:
            with self.subTest(target=target):
                response = self.client.get(
                    reverse("public:language"), {"lang": "en", "next": target}
                )
                self.assertRedirects(
                    response, reverse("public:manual_code"), fetch_redirect_response=False
                )

    def test_an_unknown_language_sets_no_cookie(self) -> None:
        response = self.client.get(reverse("public:language"), {"lang": "fr", "next": "/c/"})
        self.assertEqual(response.status_code, 302)
        self.assertNotIn(settings.LANGUAGE_COOKIE_NAME, response.cookies)

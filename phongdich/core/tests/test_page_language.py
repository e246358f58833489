"""Every page of the access table speaks one language: English pages show no Vietnamese
UI text, Vietnamese pages show no English UI words, and the same holds for the error
messages of every form submitted empty.

How it works (docs/architecture.md, "Translations"):

- each GET route of the access table (``test_access.ROUTES``, with every module's
  ``access_rows``) is rendered once in English and once in Vietnamese, as the first
  cast member allowed to see it (``EVERY_ROLE`` routes: as each member allowed), with
  the language cookie the language switcher sets;
- the visible text is read from the HTML: text nodes and the attributes a person sees
  (``title``, ``placeholder``, ``aria-label``, ``alt``, the ``value`` of buttons),
  without ``<script>``, ``<style>`` and anything marked ``lang`` as another language
  (the switcher's "Tiếng Việt");
- user data is taken out first (and, in English, a Vietnamese example in curly quotes,
  “Công văn”, which the user types as is): every string stored in the database (names of people,
  units, gates, directives' texts…; fields with choices are not data, their labels are
  UI), plus ``PROPER_NOUNS``;
- in English, any word with a Vietnamese letter left over fails; in Vietnamese, any word
  of ``ENGLISH_UI_WORDS`` or phrase of ``DJANGO_DEFAULTS`` fails;
- then every ``<form method="post">`` of the page (the layout's log-out and language
  forms aside) and every POST route of the table is submitted empty, and a page that
  comes back is checked the same way (its error messages included).

A failure lists the page, the member and each offending string with where it was shown.
To allow a new proper noun, add it to ``PROPER_NOUNS``; data in the database is allowed
already.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

from django.apps import apps
from django.conf import settings
from django.test import Client, TestCase, override_settings
from django.urls import Resolver404, resolve, reverse

from phongdich.core.tests.access import ANONYMOUS, MEMBERS, Route
from phongdich.core.tests.base import make_cast
from phongdich.core.tests.test_access import ROUTES
from phongdich.org.models import Staff

# Letters that only Vietnamese (of the two languages) writes.
_VI_LOWER = "àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ"
VI_LETTERS = frozenset(_VI_LOWER + _VI_LOWER.upper())
_VI_WORD = re.compile(r"[\w-]*[" + "".join(sorted(VI_LETTERS)) + r"][\w-]*")

# Words of an English UI that never belong on a Vietnamese page (whole words, case
# sensitive). "check-in", "QR", "F0", "email", "PDF", "Excel"… are Vietnamese usage.
ENGLISH_UI_WORDS = (
    "Save",
    "Cancel",
    "Delete",
    "Search",
    "Submit",
    "Next",
    "Previous",
    "Page",
    "of",
    "Loading",
    "Please",
    "Yes",
    "No",
    "None",
    "Home",
    "Logout",
    "Log in",
    "Log out",
    "Sign in",
    "Sign out",
    "Dashboard",
    "Export",
    "Download",
    "Upload",
    "Edit",
    "Close",
    "Back",
    "True",
    "False",
)
# Django's own English messages, which its vi locale translates.
DJANGO_DEFAULTS = (
    "This field is required.",
    "Enter a valid",
    "Select a valid choice.",
    "Ensure this value",
    "No file was submitted.",
    "The submitted file is empty.",
    "Enter a whole number.",
    "Enter a number.",
    "The two password fields",
    "Your password",
    "Unknown",
)
_ENGLISH = re.compile(
    r"(?<![\w-])(?:"
    + "|".join(re.escape(w) for w in sorted(ENGLISH_UI_WORDS, key=len, reverse=True))
    + r")(?![\w-])|"
    + "|".join(re.escape(p) for p in DJANGO_DEFAULTS)
)

# Proper nouns and fixed terms that stay Vietnamese in an English page.
PROPER_NOUNS = (
    "Phòng dịch số",  # the product's name
    "Tiếng Việt",  # the language switcher, also when not marked lang="vi"
    "Việt Nam",
    "NĐ-CP",  # Decree symbols: Nghị định số 30/2020/NĐ-CP
    "QĐ-",  # decision symbols (…/QĐ-UBND)
    "TTĐT",
    "Zalo",
    "Thanh Hóa",  # the province
)
# Django's admin writes these in English in its templates, without gettext: the alt
# text of its boolean and search icons.
DJANGO_HARD_CODED = frozenset({("True", "alt="), ("False", "alt="), ("Search", "alt=")})
# Attributes whose value a person sees (or hears, for aria-label).
SHOWN_ATTRIBUTES = frozenset({"title", "placeholder", "aria-label", "alt"})
BUTTON_INPUTS = frozenset({"submit", "button", "reset"})
# <textarea> holds what the user typed (or a draft for them to edit), like an input's value.
SKIPPED_ELEMENTS = frozenset({"script", "style", "template", "textarea"})
# In English, a Vietnamese example in curly quotes is one the user types as is
# (“Công văn”: documents are written in Vietnamese).
_QUOTED = re.compile(r"“[^”]*”")
VOID_ELEMENTS = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}
    | {"track", "wbr"}
)
# Forms of the layout on every page: submitting them empty tests nothing of the page.
SKIPPED_ACTIONS = frozenset({"set_language", "accounts:logout"})
# Routes rendered as every member allowed to see them (their content depends on the role).
EVERY_ROLE = frozenset({"core:home", "notifications:index", "directives:compiled_edit"})
# Realistic names for the cast (theirs, "Văn Phòng", "Giám Đốc", would hide UI words).
CAST_NAMES = {
    "director": "Phạm Minh Đức",
    "office": "Lê Thị Hồng Nhung",
    "head_a": "Hoàng Văn Sơn",
    "head_b": "Đặng Thu Hà",
    "guard": "Ngô Quang Vinh",
    "tracer": "Bùi Thị Lan",
    "staff_user": "Vũ Đức Thắng",
    "editor": "Trịnh Mai Anh",
    "it": "Đinh Công Tuấn",
    "admin": "Lý Hải Yến",
}


def _clean(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


@dataclass(frozen=True)
class Shown:
    text: str
    where: str  # "text", "title=", "option"…

    def __str__(self) -> str:
        return f"{self.text[:160]!r}" + ("" if self.where == "text" else f" ({self.where})")


class VisibleText(HTMLParser):
    """The strings of an HTML page a person sees, with where each one is shown."""

    def __init__(self, page_lang: str) -> None:
        super().__init__(convert_charrefs=True)
        self.page_lang = page_lang
        self.stack: list[tuple[str, bool]] = []  # (tag, hidden from the check)
        self.shown: list[Shown] = []
        self.forms: list[Form] = []
        self.in_form = False
        self.links: list[str] = []

    @property
    def skipping(self) -> bool:
        return any(hidden for _, hidden in self.stack)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        lang = values.get("lang", "").split("-")[0].lower()
        hidden = tag in SKIPPED_ELEMENTS or (bool(lang) and lang != self.page_lang)
        if tag == "html":
            hidden = False
        if tag == "a" and values.get("href", "").startswith("/"):
            self.links.append(values["href"])
        if tag == "form":
            self.forms.append(Form(values.get("method", "get").lower(), values.get("action", "")))
            self.in_form = True
        elif self.in_form and tag in {"input", "select", "textarea", "button"}:
            self.forms[-1].field(tag, values)
        if not (hidden or self.skipping):
            for name in SHOWN_ATTRIBUTES & values.keys():
                self._add(values[name], f"{name}=")
            if tag == "input" and values.get("type", "text").lower() in BUTTON_INPUTS:
                self._add(values.get("value", ""), "button value=")
        if tag not in VOID_ELEMENTS:
            self.stack.append((tag, hidden))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID_ELEMENTS and self.stack and self.stack[-1][0] == tag:
            self.stack.pop()

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.in_form = False
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                return

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            where = self.stack[-1][0] if self.stack else "text"
            self._add(data, "text" if where not in {"option", "title"} else f"<{where}>")

    def _add(self, text: str, where: str) -> None:
        text = _clean(text)
        if text:
            self.shown.append(Shown(text, where))


def _task_short_titles() -> Iterable[str]:
    from phongdich.directives.models import Task

    return [task.short_title for task in Task.objects.all()]


def _given_names() -> Iterable[str]:
    """The short form of each person's name (the greeting, the admin's header): the
    given name, with the form of address the person's record holds ("chị Hương")."""
    from django.contrib.auth import get_user_model

    from phongdich.core.names import short_name

    names: list[str] = []
    for user in get_user_model().objects.select_related("staff"):
        names += [user.get_short_name(), short_name(user)]
    return [name for name in names if name]


# User data shown in a form the database does not store: each function returns strings.
DERIVED_DATA: list[Callable[[], Iterable[str]]] = [
    _task_short_titles,  # derived from the task's content when not entered
    _given_names,  # the short form of a person's name
]


class UserData:
    """The strings stored in the database (and the proper nouns), taken out of a text
    before its language is judged."""

    def __init__(self, strings: Iterable[str]) -> None:
        pieces: set[str] = set(PROPER_NOUNS)
        for value in strings:
            lines = [value, *value.splitlines()]
            if "<" in value:  # stored HTML (an article's body): its text nodes
                parser = VisibleText("")
                parser.feed(value)
                lines += [shown.text for shown in parser.shown]
            for line in lines:
                line = _clean(line)
                if len(line) >= 2:
                    pieces.update({line, line.upper()})
        ordered = sorted(pieces, key=len, reverse=True)
        self.vi = [p for p in ordered if any(c in VI_LETTERS for c in p)]
        self.en = [p for p in ordered if _ENGLISH.search(p)]
        self.prefixes = ordered

    @classmethod
    def from_database(cls) -> UserData:
        strings: list[str] = [text for derive in DERIVED_DATA for text in derive()]
        strings.append(settings.ORG_NAME)  # the Sở's name (the print header): a proper noun
        for model in apps.get_models():
            names = [
                f.attname
                for f in model._meta.concrete_fields
                if not f.choices and not f.is_relation and f.get_internal_type() != "JSONField"
            ]
            if not names:
                continue
            for row in model._default_manager.values_list(*names):
                strings.extend(v for v in row if isinstance(v, str) and v)
        return cls(strings)

    def strip(self, text: str, pieces: list[str]) -> str:
        for piece in pieces:
            if piece in text:
                text = text.replace(piece, " ")
        return text

    def truncated(self, text: str) -> bool:
        """A stored string cut short by the page (``truncatechars``: "…")."""
        if not text.endswith(("…", "...")):
            return False
        head = text.rstrip(".…").strip()
        return len(head) >= 8 and any(p.startswith(head) for p in self.prefixes)


def offending(html: str, lang: str, data: UserData) -> list[Shown]:
    """The strings of ``html`` that are not in ``lang`` (user data aside)."""
    parser = VisibleText(lang)
    parser.feed(html)
    parser.close()
    found: list[Shown] = []
    for shown in parser.shown:
        if (shown.text, shown.where) in DJANGO_HARD_CODED:
            continue
        if lang == "en":
            # "2987/SLĐTBXH-VP · V/v đẩy mạnh…": pieces of user data joined by " · "
            parts = shown.text.split(" · ")
            if all(
                not any(c in VI_LETTERS for c in part)
                or data.truncated(part)
                or not _VI_WORD.search(_QUOTED.sub(" ", data.strip(part, data.vi)))
                for part in parts
            ):
                continue
            found.append(shown)
        elif _ENGLISH.search(data.strip(shown.text, data.en)):
            found.append(shown)
    return found


@dataclass
class Form:
    """A form as a person leaves it empty: every field blank, checkboxes unticked,
    hidden inputs as the page set them, the first named submit button pressed."""

    method: str
    action: str
    data: dict[str, str] = field(default_factory=dict)
    pressed: bool = False

    def field(self, tag: str, attrs: dict[str, str]) -> None:
        name = attrs.get("name", "")
        kind = attrs.get("type", "submit" if tag == "button" else "text").lower()
        if not name or name == "csrfmiddlewaretoken" or kind in {"checkbox", "radio", "file"}:
            return
        if kind in {"submit", "image"}:
            if not self.pressed:
                self.data[name] = attrs.get("value", "")
                self.pressed = True
        elif kind == "hidden":
            self.data[name] = attrs.get("value", "")
        elif kind not in {"button", "reset"}:
            self.data.setdefault(name, "")


def forms_of(html: str) -> list[Form]:
    parser = VisibleText("")
    parser.feed(html)
    return parser.forms


@dataclass
class Finding:
    route: str
    member: str
    url: str
    strings: list[Shown]

    def __str__(self) -> str:
        lines = "\n".join(f"      {s}" for s in self.strings)
        return f"  {self.route} as {self.member} — {self.url}\n{lines}"


LANGUAGE_NAMES = {"en": "English", "vi": "Vietnamese"}


def _viewers(route: Route) -> list[str]:
    members = [m for m in MEMBERS if route.expected(m) == 200]
    if route.expected(ANONYMOUS) == 200:
        members = [*members, ANONYMOUS]
    return members if route.name in EVERY_ROLE else members[:1]


@override_settings(PUBLIC_BASE_URL="https://phongdich.example.vn")  # as in test_access
class PageLanguageChecks(TestCase):
    """The checks; the test classes below say on which data they run."""

    route_kwargs: dict[str, dict[str, Any]]
    data: UserData

    def client_for(self, member: str, lang: str) -> Client:
        client = Client(HTTP_ACCEPT_LANGUAGE=lang)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = lang
        if member != ANONYMOUS:
            client.force_login(getattr(self, member))
        return client

    def judge(self, response: Any, lang: str) -> list[Shown]:
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            return []
        html = response.content.decode()
        return offending(html, lang, self.data)

    def check_page(self, route: Route, lang: str) -> None:
        url = reverse(route.name, kwargs=self.route_kwargs[route.name])
        findings: list[Finding] = []
        for member in _viewers(route):
            client = self.client_for(member, lang)
            if route.method == "post":
                response = client.post(url, {})
                if found := self.judge(response, lang):
                    findings.append(Finding(f"{route.name} (POST, empty)", member, url, found))
                continue
            response = client.get(url)
            assert response.status_code == 200, f"{member} on {url}: {response.status_code}"
            if found := self.judge(response, lang):
                findings.append(Finding(route.name, member, url, found))
            if "html" not in response.get("Content-Type", ""):
                continue
            for form in forms_of(response.content.decode()):
                target = urljoin(url, form.action) if form.action else url
                if form.method != "post" or self._skipped(target):
                    continue
                client = self.client_for(member, lang)  # a form may sign out or switch
                posted = client.post(target, form.data)
                if found := self.judge(posted, lang):
                    findings.append(
                        Finding(f"{route.name}: form → {target} (empty)", member, target, found)
                    )
        assert not findings, (
            f"{LANGUAGE_NAMES[lang]} page shows text in the other language "
            "(translate it in the code and locale/en/LC_MESSAGES/django.po, or if it is a "
            "proper noun add it to PROPER_NOUNS in "
            f"{__name__}):\n" + "\n".join(str(f) for f in findings)
        )

    @staticmethod
    def _skipped(target: str) -> bool:
        try:
            match = resolve(urlsplit(target).path)
        except Resolver404:
            return True
        return match.view_name in SKIPPED_ACTIONS


def _case(route: Route, lang: str) -> Callable[[PageLanguageChecks], None]:
    def test(self: PageLanguageChecks) -> None:
        self.check_page(route, lang)

    test.__name__ = f"test_{route.name.replace(':', '__')}__{lang}"
    test.__doc__ = f"{route.name} in {LANGUAGE_NAMES[lang]}"
    return test


# The same on the demo department: more states, more rows, real names. -------------

# The cast member each demo account stands for (phongdich/org/demo.py).
DEMO_ACCOUNTS = {
    "director": "giamdoc",
    "office": "vanphong",
    "head_a": "truongphong.gdnn",
    "head_b": "giamdoc.dvvl",
    "guard": "baove",
    "tracer": "truyvet",
    "staff_user": "canbo",
    "editor": "bientap",
    "it": "cntt",
    "admin": "quantri",
}
_NO_KWARGS = Route.__dataclass_fields__["kwargs"].default
# Routes of the table the demo department cannot show, with the reason.
NOT_ON_DEMO = {"accounts:two_factor_enrol": "the demo accounts are enrolled already"}


class PageLanguageTest(PageLanguageChecks):
    """One test per (route, language) on the access table's cast: the page and its
    forms submitted empty."""

    @classmethod
    def setUpTestData(cls) -> None:
        make_cast(cls)
        for member, name in CAST_NAMES.items():
            Staff.objects.filter(user=getattr(cls, member)).update(full_name=name)
        cls.route_kwargs = {route.name: route.kwargs(cls) for route in ROUTES}
        cls.data = UserData.from_database()


class DemoPageLanguageTest(PageLanguageChecks):
    """The access table's pages without URL arguments, on ``load_demo``'s department,
    signed in as the demo accounts."""

    @classmethod
    def setUpTestData(cls) -> None:
        from io import StringIO

        from django.contrib.auth import get_user_model
        from django.core.management import call_command

        call_command("load_demo", stdout=StringIO())
        users = get_user_model().objects.in_bulk(DEMO_ACCOUNTS.values(), field_name="username")
        for member, username in DEMO_ACCOUNTS.items():
            setattr(cls, member, users[username])
        cls.route_kwargs = {route.name: {} for route in ROUTES if route.kwargs is _NO_KWARGS}
        cls.data = UserData.from_database()

    def check_linked_pages(self, lang: str) -> None:
        """The pages the list pages link to (a case, a request, a report…): for every
        route of the table with URL arguments, the first linked page a member reaches."""
        by_name = {route.name: route for route in ROUTES}
        findings: list[Finding] = []
        seen: set[str] = set()
        for member in DEMO_ACCOUNTS:
            client = self.client_for(member, lang)
            for route in ROUTES:
                if route.kwargs is not _NO_KWARGS or route.method != "get":
                    continue
                if route.expected(member) != 200 or route.name in NOT_ON_DEMO:
                    continue
                page = client.get(reverse(route.name))
                if "html" not in page.get("Content-Type", ""):
                    continue
                parser = VisibleText(lang)
                parser.feed(page.content.decode())
                for href in parser.links:
                    path = urlsplit(href).path
                    try:
                        name = resolve(path).view_name
                    except Resolver404:
                        continue
                    target = by_name.get(name)
                    if target is None or target.kwargs is _NO_KWARGS or name in seen:
                        continue
                    seen.add(name)
                    response = client.get(href)
                    if found := self.judge(response, lang):
                        findings.append(Finding(f"{name} (linked)", member, href, found))
        assert len(seen) > 15, sorted(seen)  # the crawl reached the detail pages
        assert not findings, (
            f"{LANGUAGE_NAMES[lang]} page shows text in the other language:\n"
            + "\n".join(str(f) for f in findings)
        )

    def test_linked_pages__en(self) -> None:
        self.check_linked_pages("en")

    def test_linked_pages__vi(self) -> None:
        self.check_linked_pages("vi")


for _route in ROUTES:
    if not _viewers(_route):
        continue
    for _lang in ("en", "vi"):
        _test = _case(_route, _lang)
        assert not hasattr(PageLanguageTest, _test.__name__), f"two rows for {_route.name}"
        setattr(PageLanguageTest, _test.__name__, _test)
        if _route.kwargs is _NO_KWARGS and _route.name not in NOT_ON_DEMO:
            setattr(DemoPageLanguageTest, _test.__name__, _test)


# The checker itself ------------------------------------------------------------


def test_an_english_page_with_vietnamese_ui_text_fails() -> None:
    data = UserData(["Phòng Giáo dục nghề nghiệp", "Nguyễn Văn Ạ"])
    html = (
        '<html lang="en"><body><h1>Units</h1><p>Phòng Giáo dục nghề nghiệp</p>'
        "<td>Nguyễn Văn Ạ</td><span>Đã hoàn thành đúng hạn</span>"
        '<input type="submit" value="Lưu"><input name="q" value="dữ liệu">'
        '<a title="Xem chi tiết" href="#">Details</a><script>var s = "Đang tải";</script>'
        '<p lang="vi">Tiếng Việt</p><p>NGUYỄN VĂN Ạ</p></body></html>'
    )
    found = [(s.text, s.where) for s in offending(html, "en", data)]
    assert found == [
        ("Đã hoàn thành đúng hạn", "text"),
        ("Lưu", "button value="),
        ("Xem chi tiết", "title="),
    ]


def test_a_vietnamese_page_with_english_ui_words_fails() -> None:
    data = UserData(["Save the Children"])
    html = (
        '<html lang="vi"><body><p>Tổ chức Save the Children</p><button>Save</button>'
        "<p>Trang 1 of 3</p><ul class=errorlist><li>This field is required.</li></ul>"
        "<p>Xuất file Excel, check-in bằng mã QR, F0</p><p>None</p><p>Nova Saved</p>"
        "</body></html>"
    )
    found = [s.text for s in offending(html, "vi", data)]
    assert found == ["Save", "Trang 1 of 3", "This field is required.", "None"]


def test_a_truncated_stored_string_is_data() -> None:
    data = UserData(["Tăng cường các biện pháp phòng, chống dịch COVID-19 trong tình hình mới"])
    html = '<html lang="en"><p>Tăng cường các biện pháp phòng…</p><p>Đang…</p></html>'
    assert [s.text for s in offending(html, "en", data)] == ["Đang…"]


# Django's own messages in Vietnamese ------------------------------------------------

VI_PO = Path(settings.BASE_DIR) / "locale" / "vi" / "LC_MESSAGES" / "django.po"
VI_MO = VI_PO.with_suffix(".mo")


def test_djangos_own_messages_are_vietnamese() -> None:
    from django import forms
    from django.contrib.auth.password_validation import MinimumLengthValidator
    from django.core.exceptions import ValidationError
    from django.core.paginator import PageNotAnInteger, Paginator

    # Aliased: makemessages must not take Django's msgids in this test for the project's.
    from django.utils.translation import gettext as django_says
    from django.utils.translation import ngettext as django_says_n
    from django.utils.translation import override

    def errors(check: Callable[[], object]) -> list[str]:
        try:
            check()
        except ValidationError as error:
            return list(error.messages)
        return []

    with override("vi"):
        assert errors(lambda: forms.CharField().clean("")) == ["Trường này là bắt buộc."]
        assert errors(lambda: forms.EmailField().clean("x")) == [
            "Nhập địa chỉ email hợp lệ.",
        ]
        assert errors(lambda: forms.JSONField().clean("{")) == ["Nhập JSON hợp lệ."]
        assert errors(lambda: MinimumLengthValidator(12).validate("ngan")) == [
            "Mật khẩu này quá ngắn: cần ít nhất 12 ký tự."
        ]
        try:
            Paginator([1, 2], 1).validate_number("x")
        except PageNotAnInteger as error:
            assert str(error) == "Số trang không phải là số nguyên"
        assert django_says("Search %(name)s") == "Tìm %(name)s"  # the admin's search box
        assert django_says("Logout") == "Đăng xuất"
        assert django_says_n("%(num)d day", "%(num)d days", 3) % {"num": 3} == "3 ngày"
    with override("en"):  # the catalogue is Vietnamese only
        assert errors(lambda: forms.CharField().clean("")) == ["This field is required."]


def test_the_vi_catalogue_of_djangos_messages_is_compiled_and_holds_only_django_msgids() -> None:
    import gettext as gnu

    from phongdich.core.tests.test_translations import messages

    entries = messages(VI_PO)
    assert len(entries) > 100
    with VI_MO.open("rb") as fp:
        catalog = dict(gnu.GNUTranslations(fp)._catalog)  # type: ignore[attr-defined]
    catalog.pop("", None)
    for e in entries:
        key = e.msgid if e.msgctxt is None else f"{e.msgctxt}\x04{e.msgid}"
        got = catalog.get(key if e.msgid_plural is None else (key, 0))
        assert got == e.msgstr[0], f"{e.msgid[:60]!r}: run msgfmt for locale/vi (see its header)"
        # Vietnamese is the source language: a Vietnamese msgid here would be a mistake.
        assert not any(c in VI_LETTERS for c in e.msgid), e.msgid

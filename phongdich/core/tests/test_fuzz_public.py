"""Property: no header, cookie, query string or form body makes a public page answer
500. Every public URL (the check-in pages, the manual code, the language switch, the
log-in and password-reset pages) gets arbitrary Origin, Referer, X-Forwarded-For,
Cookie, Accept-Language, Sec-Fetch-Site and Host (one of ALLOWED_HOSTS) headers and
arbitrary query strings and bodies; the answer is a success, a redirect or a 4xx.

The test client re-raises a view's exception, so a 500 fails here with its traceback.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote, urlencode

from django.core import signing
from django.test import override_settings
from django.urls import reverse
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from phongdich.checkin.models import DiseaseProfile, Location
from phongdich.checkin.views import public as public_views
from phongdich.core.tests.base import make_cast

FUZZ = settings(
    max_examples=40,
    deadline=None,
    derandomize=True,  # the same examples on every run: CI does not flap
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)

NASTY = [
    "",
    "null",
    "http://[",
    "http://[::1",
    "http://[::1]:80",
    "https://evil.example",
    "//evil.example",
    "http://testserver:99999",
    "http://user@testserver",
    "\x00",
    "%",
    "%zz",
    "🦠",
    "Ｈｏｓｔ",
    "a" * 3000,
    "1.2.3.4, [::1, garbage, ::ffff:127.0.0.1",
    "vi-VN,vi;q=0.9,en;q=bad",
    "*;q=1000000000000000000000",
    "zz-ZZ-x-private-1234567890",
]


def as_wsgi(text: str) -> str:
    """A header value as a WSGI server hands it over: the client's bytes (UTF-8 here)
    decoded as latin-1 (PEP 3333)."""
    return text.encode("utf-8", "surrogatepass").decode("latin-1")


# Header values: the usual suspects, any bytes, any UTF-8 text.
header_value = st.one_of(
    st.sampled_from(NASTY),
    st.text(st.characters(min_codepoint=0x20, max_codepoint=0xFF), max_size=80),
    st.text(max_size=40),
).map(as_wsgi)
HOSTS = ["testserver", "127.0.0.1", "localhost", "[::1]", "localhost:8000", "[::1]:443"]
COOKIE_NAMES = [
    "sessionid",
    "csrftoken",
    "django_language",
    public_views.PERSON_COOKIE,
    "pd_2fa_browser",
    "x",
]
cookie_header = st.lists(
    st.tuples(
        st.one_of(st.sampled_from(COOKIE_NAMES), st.text(max_size=10).map(as_wsgi)), header_value
    ),
    max_size=4,
).map(lambda pairs: "; ".join(f"{k}={v}" for k, v in pairs))
FIELDS = [
    "full_name",
    "phone",
    "cccd",
    "is_visitor",
    "purpose",
    "host",
    "consent",
    "submission_id",
    "ft",
    "mode",
    "q_fever",
    "q_symptoms",
    "q_contact",
    "code",
    "username",
    "password",
    "email",
    "next",
    "language",
    "lang",
    "moi",
    "sua",
    "new_password1",
    "new_password2",
]
form_text = st.one_of(st.sampled_from(NASTY), st.text(max_size=60))
form_body = st.dictionaries(
    st.one_of(st.sampled_from(FIELDS), st.text(max_size=8)),
    st.one_of(form_text, st.lists(form_text, max_size=3)),
    max_size=8,
)
query = st.one_of(
    form_body.map(lambda d: urlencode(d, doseq=True)),
    st.text(max_size=60).map(lambda t: quote(t, safe="=&%+")),
)
headers = st.fixed_dictionaries(
    {
        "HTTP_HOST": st.sampled_from(HOSTS),
        "HTTP_ORIGIN": header_value,
        "HTTP_REFERER": header_value,
        "HTTP_X_FORWARDED_FOR": header_value,
        "HTTP_COOKIE": cookie_header,
        "HTTP_ACCEPT_LANGUAGE": header_value,
        "HTTP_SEC_FETCH_SITE": st.one_of(
            st.sampled_from(["same-origin", "cross-site", "none"]), header_value
        ),
        "HTTP_USER_AGENT": header_value,
    }
)
MALFORMED_ORIGIN = {
    "HTTP_HOST": "testserver",
    "HTTP_ORIGIN": "http://[::1",
    "HTTP_REFERER": "",
    "HTTP_X_FORWARDED_FOR": "",
    "HTTP_COOKIE": "",
    "HTTP_ACCEPT_LANGUAGE": "",
    "HTTP_SEC_FETCH_SITE": "same-origin",
    "HTTP_USER_AGENT": "",
}


@override_settings(TRUSTED_PROXIES=["127.0.0.0/8", "::1"])  # X-Forwarded-For is parsed
class PublicUrlFuzzTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        make_cast(cls)
        cls.gate = Location.objects.create(code="FZ-1", name="Cổng thử", unit=cls.office_unit)
        cls.revoked = Location.objects.create(
            code="FZ-2", name="Cổng cũ", unit=cls.office_unit, token_revoked=True
        )
        from phongdich.checkin.services import checkin as services

        person = services.person_upsert(identity="+84912000088", full_name="Ngô Văn Thử")
        visit = services.visit_check_in(
            person=person, location=cls.gate, declaration=None, profile=DiseaseProfile.active()
        )
        cls.ticket = signing.dumps(visit.pk, salt=public_views.TICKET_SALT, compress=True)

    def send(self, method: str, url: str, extra: dict[str, str], body: Any, qs: str) -> None:
        target = f"{url}?{qs}" if qs else url
        if method == "get":
            response = self.client.get(target, **extra)
        else:
            response = self.client.post(target, body, **extra)
        self.assertLess(response.status_code, 500, (method, target, extra, body))

    def public_urls(self, token: str, ticket: str) -> list[str]:
        return [
            reverse("public:manual_code"),
            reverse("public:language"),
            reverse("public:checkin", kwargs={"token": token}),
            reverse("public:checkout", kwargs={"token": token}),
            reverse("public:result", kwargs={"token": token, "ticket": ticket}),
        ]

    tokens = st.one_of(
        st.sampled_from(["GATE", "REVOKED"]),
        st.text(
            st.characters(categories=["L", "N", "P", "S"], exclude_characters="/"),
            min_size=1,
            max_size=40,
        ),
    )

    def token_for(self, token: str) -> str:
        return {"GATE": self.gate.poster_token, "REVOKED": self.revoked.poster_token}.get(
            token, token
        )

    @FUZZ
    @given(
        method=st.sampled_from(["get", "post"]),
        token=tokens,
        ticket=st.one_of(
            st.just("TICKET"), st.text(min_size=1, max_size=60).filter(lambda t: "/" not in t)
        ),
        extra=headers,
        body=form_body,
        qs=query,
        which=st.integers(min_value=0, max_value=4),
    )
    @example(
        method="post",
        token="GATE",
        ticket="TICKET",
        extra=MALFORMED_ORIGIN,
        body={},
        qs="",
        which=2,
    )
    @example(
        method="post",
        token="GATE",
        ticket="TICKET",
        extra=MALFORMED_ORIGIN,
        body={},
        qs="",
        which=3,
    )
    def test_the_public_checkin_never_answers_500(
        self,
        method: str,
        token: str,
        ticket: str,
        extra: dict[str, str],
        body: dict[str, Any],
        qs: str,
        which: int,
    ) -> None:
        real_ticket = self.ticket if ticket == "TICKET" else ticket
        url = self.public_urls(self.token_for(token), real_ticket)[which]
        self.send(method, url, extra, body, qs)

    @FUZZ
    @given(
        method=st.sampled_from(["get", "post"]),
        name=st.sampled_from(
            [
                "accounts:login",
                "accounts:password_reset",
                "accounts:password_reset_done",
                "accounts:password_reset_complete",
                "set_language",
            ]
        ),
        extra=headers,
        body=form_body,
        qs=query,
    )
    def test_the_login_and_password_reset_pages_never_answer_500(
        self, method: str, name: str, extra: dict[str, str], body: dict[str, Any], qs: str
    ) -> None:
        self.send(method, reverse(name), extra, body, qs)

    @FUZZ
    @given(
        method=st.sampled_from(["get", "post"]),
        uidb64=st.text(st.characters(categories=["L", "N"]), min_size=1, max_size=30),
        token=st.text(st.characters(categories=["L", "N", "Pd"]), min_size=1, max_size=40),
        extra=headers,
        body=form_body,
    )
    def test_the_password_reset_link_never_answers_500(
        self, method: str, uidb64: str, token: str, extra: dict[str, str], body: dict[str, Any]
    ) -> None:
        url = reverse("accounts:password_reset_confirm", kwargs={"uidb64": uidb64, "token": token})
        self.send(method, url, extra, body, "")

"""No malformed header, cookie, query string or form field gives a 500 on the public
"Dữ liệu cá nhân của tôi" pages (issue 9 item 1, for the pages of item 8); the same
strategies as core/tests/test_fuzz_public.py, with a valid form token half the time so
that the form's own validation is reached."""

from __future__ import annotations

from typing import Any

from django.core import signing
from django.test import override_settings
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from phongdich.core.tests.base import make_cast
from phongdich.core.tests.test_fuzz_public import FUZZ, form_body, headers, query
from phongdich.privacy.views.public import FORM_SALT

FIELDS = st.fixed_dictionaries(
    {},
    optional={
        "kind": st.one_of(st.sampled_from(["see", "correct", "delete", "withdraw"]), st.text()),
        "proof": st.one_of(st.sampled_from(["device", "in_person"]), st.text()),
        "full_name": st.text(max_size=120),
        "phone": st.text(max_size=30),
        "details": st.text(max_size=200),
    },
)


@override_settings(TRUSTED_PROXIES=["127.0.0.0/8", "::1"])
class PrivacyPublicFuzzTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        make_cast(cls)

    @FUZZ
    @given(
        method=st.sampled_from(["get", "post"]),
        which=st.sampled_from(["public", "public_sent", "public_download"]),
        arg=st.text(min_size=1, max_size=60).filter(lambda t: "/" not in t),
        extra=headers,
        body=st.one_of(form_body, FIELDS),
        valid_token=st.booleans(),
        qs=query,
    )
    def test_the_public_privacy_pages_never_answer_500(
        self,
        method: str,
        which: str,
        arg: str,
        extra: dict[str, str],
        body: dict[str, Any],
        valid_token: bool,
        qs: str,
    ) -> None:
        if which == "public":
            url = reverse("privacy:public")
        elif which == "public_sent":
            url = reverse("privacy:public_sent", kwargs={"ticket": arg})
        else:
            url = reverse("privacy:public_download", kwargs={"code": arg})
        if valid_token:
            body = {**body, "ft": signing.dumps(1, salt=FORM_SALT)}
        target = f"{url}?{qs}" if qs else url
        if method == "get":
            response = self.client.get(target, **extra)
        else:
            response = self.client.post(target, body, **extra)
        self.assertLess(response.status_code, 500, (method, target, extra, body))

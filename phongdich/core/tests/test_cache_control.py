"""Cache-Control: private, no-store on every response that may carry personal data.

Every page of the access table is checked in ``test_access.AccessTest.check_access``
(for each signed-in member, and for the anonymous visitor on the public check-in
pages); here: the result page with a person's name, the check-out, static files and
the response that opens a session."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest
from django.conf import settings
from django.core import signing
from django.test import Client
from django.urls import reverse

from phongdich.core.tests.base import PASSWORD, make_cast


def private_no_store(response: Any) -> bool:
    directives = {d.strip() for d in response.get("Cache-Control", "").split(",")}
    return {"private", "no-store"} <= directives


@pytest.fixture
def cast(db: Any) -> SimpleNamespace:
    ns = SimpleNamespace()
    make_cast(ns)
    return ns


def test_the_result_page_with_a_name_and_the_checkout_are_not_stored(
    cast: SimpleNamespace,
) -> None:
    from phongdich.checkin.models import DiseaseProfile, Location
    from phongdich.checkin.services import checkin as services
    from phongdich.checkin.views import public as public_views

    gate = Location.objects.create(code="CC-1", name="Cổng CC", unit=cast.office_unit)
    person = services.person_upsert(identity="+84912000077", full_name="Lê Thị Riêng")
    visit = services.visit_check_in(
        person=person, location=gate, declaration=None, profile=DiseaseProfile.active()
    )
    ticket = signing.dumps(visit.pk, salt=public_views.TICKET_SALT, compress=True)
    client = Client()
    page = client.get(
        reverse("public:result", kwargs={"token": gate.poster_token, "ticket": ticket})
    )
    assert page.status_code == 200
    assert "Lê Thị Riêng" in page.content.decode()
    assert private_no_store(page)
    checkout = client.post(reverse("public:checkout", kwargs={"token": gate.poster_token}))
    assert private_no_store(checkout)


def test_static_files_are_left_cacheable(cast: SimpleNamespace) -> None:
    from django.http import HttpResponse
    from django.test import RequestFactory

    from phongdich.core.middleware import carries_personal_data

    request = RequestFactory().get(settings.STATIC_URL + "app.css")
    request.COOKIES[settings.SESSION_COOKIE_NAME] = "x"
    assert not carries_personal_data(request, HttpResponse())
    request = RequestFactory().get("/to-chuc/can-bo/")
    request.COOKIES[settings.SESSION_COOKIE_NAME] = "x"
    assert carries_personal_data(request, HttpResponse())


def test_the_response_that_opens_a_session_is_not_stored(cast: SimpleNamespace) -> None:
    response = Client().post(
        reverse("accounts:login"), {"username": "head_a", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert private_no_store(response)

"""Cache-Control: private, no-store on every response that may carry personal data:
every page of the access table for a signed-in member, the public check-in pages
(the result with the person's name, the check-out), exports; static files excepted."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest
from django.conf import settings
from django.core import signing
from django.test import Client
from django.urls import reverse

from phongdich.accounts.tests.access_routes import TWO_FACTOR_ROUTES
from phongdich.core.tests import test_access
from phongdich.core.tests.base import PASSWORD
from phongdich.core.tests.test_access import ANONYMOUS, HOME, LOGIN, ROUTES, Route

cast = test_access.cast
ALL_ROUTES = [*ROUTES, *TWO_FACTOR_ROUTES]


def private_no_store(response: Any) -> bool:
    directives = {d.strip() for d in response.get("Cache-Control", "").split(",")}
    return {"private", "no-store"} <= directives


def member_for(route: Route) -> str:
    """Someone who gets the page itself (200) if anyone does, else the Admin."""
    if route.allowed:
        return sorted(route.allowed)[0]
    return "admin"


@pytest.mark.parametrize("route", ALL_ROUTES, ids=[route.name for route in ALL_ROUTES])
def test_every_page_for_a_signed_in_member_is_private_and_not_stored(
    route: Route, cast: SimpleNamespace
) -> None:
    member = member_for(route)
    client = Client()
    client.force_login(getattr(cast, member))
    url = reverse(route.name, kwargs=route.kwargs(cast))
    response = getattr(client, route.method)(url)
    expected = route.expected(member)
    assert response.status_code == (302 if expected in {LOGIN, HOME} else expected)
    assert private_no_store(response), (route.name, response.get("Cache-Control"))


PUBLIC = [route for route in ALL_ROUTES if route.name.startswith("public:")]


@pytest.mark.parametrize("route", PUBLIC, ids=[route.name for route in PUBLIC])
def test_every_public_checkin_page_is_private_and_not_stored(
    route: Route, cast: SimpleNamespace
) -> None:
    assert route.anonymous != LOGIN
    url = reverse(route.name, kwargs=route.kwargs(cast))
    response = getattr(Client(), route.method)(url)
    assert response.status_code == route.expected(ANONYMOUS)
    assert private_no_store(response), (route.name, response.get("Cache-Control"))


def test_the_result_page_with_a_name_and_the_checkout_are_not_stored(
    cast: SimpleNamespace,
) -> None:
    from phongdich.checkin import public_views, services
    from phongdich.checkin.models import DiseaseProfile, Location

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

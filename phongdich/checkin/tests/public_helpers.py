"""Shared helpers for the public check-in tests."""

from __future__ import annotations

import re
from typing import Any

from django.test import Client

from phongdich.checkin.models import Location

FT_RE = re.compile(r'name="ft" value="([^"]+)"')
SID_RE = re.compile(r'name="submission_id" value="([^"]+)"')


def checkin_url(location: Location) -> str:
    return f"/c/{location.poster_token}"


def form_tokens(client: Client, location: Location) -> dict[str, str]:
    """GET the check-in page and return its hidden form fields."""
    html = client.get(checkin_url(location), {"moi": "1"}).content.decode()
    tokens = {"ft": FT_RE.search(html).group(1)}  # type: ignore[union-attr]
    sid = SID_RE.search(html)
    if sid:
        tokens["submission_id"] = sid.group(1)
    return tokens


def declaration_data(**overrides: Any) -> dict[str, Any]:
    """A complete, healthy first-visit form as a staff member."""
    data: dict[str, Any] = {
        "full_name": "Nguyễn Văn Khách",
        "phone": "0912345678",
        "is_visitor": "0",
        "purpose": "",
        "host": "",
        "q_contact": "0",
        "q_outbreak_travel": "0",
        "q_vaccine_doses": "2",
        "consent": "on",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def submit(client: Client, location: Location, **overrides: Any) -> Any:
    data = {**form_tokens(client, location), **declaration_data(**overrides)}
    return client.post(checkin_url(location), data)

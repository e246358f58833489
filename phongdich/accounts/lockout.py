"""django-axes hooks: the lockout counts, the account they aim at, and the lockout page.

Two counts, each over the cool-off period (AXES_COOLOFF_TIME) after the last failure:

- per account, from every address: AXES_FAILURE_LIMIT failures lock the account, so the
  right password from a new address does not get in while it is locked;
- per client address, against every account: AXES_ADDRESS_FAILURE_LIMIT failures lock
  the address (one client guessing many accounts).

A lock ends when the cool-off has passed since the last failure, or when an Admin
unlocks it (``phongdich.accounts.services.login_unlock``, audited).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_cool_off, get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Max, QuerySet, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from phongdich.accounts.backends import login_key


def axes_username(request: HttpRequest | None, credentials: dict[str, Any] | None = None) -> str:
    """AXES_USERNAME_CALLABLE: the account a log-in attempt aims at."""
    field = settings.AXES_USERNAME_FORM_FIELD
    raw = (credentials or {}).get(field)
    if raw is None and request is not None:
        raw = request.POST.get(field, "")
    return login_key(str(raw or ""))


@dataclass(frozen=True)
class Counts:
    account: int
    address: int
    account_last: datetime | None
    address_last: datetime | None

    @property
    def account_locked(self) -> bool:
        return self.account >= settings.AXES_FAILURE_LIMIT

    @property
    def address_locked(self) -> bool:
        return self.address >= settings.AXES_ADDRESS_FAILURE_LIMIT


def _recent(request: Any) -> QuerySet[AccessAttempt]:
    if getattr(request, "axes_attempt_time", None) is not None:
        threshold = get_cool_off_threshold(request)
    else:
        threshold = timezone.now() - (get_cool_off(request) or timedelta(0))
    return AccessAttempt.objects.filter(attempt_time__gte=threshold)


def _total(attempts: QuerySet[AccessAttempt]) -> tuple[int, datetime | None]:
    row = attempts.aggregate(n=Sum("failures_since_start"), last=Max("attempt_time"))
    return int(row["n"] or 0), row["last"]


def counts(*, username: str | None, ip_address: str | None, request: Any = None) -> Counts:
    """The failures within the cool-off against ``username`` and from ``ip_address``."""
    recent = _recent(request)
    account, account_last = _total(recent.filter(username=username)) if username else (0, None)
    address, address_last = (
        _total(recent.filter(ip_address=ip_address)) if ip_address else (0, None)
    )
    return Counts(account, address, account_last, address_last)


class AccountAndAddressHandler(AxesDatabaseHandler):
    """AXES_HANDLER: axes' database handler with one limit per account and another per
    client address (axes itself has one limit for all its lockout parameters)."""

    def _counts(self, request: Any, credentials: dict[str, Any] | None) -> Counts:
        return counts(
            username=get_client_username(request, credentials),
            ip_address=getattr(request, "axes_ip_address", None),
            request=request,
        )

    def get_failures(self, request: Any, credentials: dict[str, Any] | None = None) -> int:
        """The account's failures; at least the limit once the address is locked
        (axes compares this one number with AXES_FAILURE_LIMIT)."""
        found = self._counts(request, credentials)
        if found.address_locked:
            return max(found.account, get_failure_limit(request, credentials))
        return found.account

    def reset_user_attempts(self, request: Any, credentials: dict[str, Any] | None = None) -> int:
        """After a successful log-in, forget that account's failures only: the address's
        failures against other accounts still count (else an attacker could clear
        them by logging in to an account of their own)."""
        username = get_client_username(request, credentials)
        if not username:
            return 0
        deleted, _ = AccessAttempt.objects.filter(username=username).delete()
        return deleted


def _minutes_left(last: datetime | None, request: HttpRequest) -> int | None:
    cool_off = get_cool_off(request)
    if cool_off is None:
        return None
    if last is None:
        return max(1, math.ceil(cool_off.total_seconds() / 60))
    left = last + cool_off - timezone.now()
    return max(1, math.ceil(max(left, timedelta(0)).total_seconds() / 60))


def lockout_response(
    request: HttpRequest,
    original_response: HttpResponse | None = None,
    credentials: dict[str, Any] | None = None,
) -> HttpResponse:
    """AXES_LOCKOUT_CALLABLE: 429 saying whether the account or the address is locked
    and for how many more minutes, in the user's language."""
    found = counts(
        username=get_client_username(request, credentials),
        ip_address=getattr(request, "axes_ip_address", None),
        request=request,
    )
    by_address = found.address_locked and not found.account_locked
    times = [
        t
        for t, locked in (
            (found.account_last, found.account_locked),
            (found.address_last, found.address_locked),
        )
        if locked and t is not None
    ]
    last = max(times) if times else None
    return render(
        request,
        "accounts/lockout.html",
        {"minutes": _minutes_left(last, request), "by_address": by_address},
        status=settings.AXES_HTTP_RESPONSE_CODE,
    )

"""The public check-in at /c/<token>: no account, no app, no JavaScript needed.

Cookie-less phones work: the form is protected by a signed, time-limited form
token bound to the gate and by an Origin / Sec-Fetch-Site check instead of
Django's CSRF cookie. A returning person is remembered by a signed cookie.
"""

from __future__ import annotations

import uuid
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core import signing
from django.db import connection
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from phongdich.checkin.forms.public import CheckinForm, ManualCodeForm, clean_submission
from phongdich.checkin.models import DiseaseProfile, Location, Person, Visit
from phongdich.checkin.selectors.gates import (
    active_profile,
    location_by_manual_code,
    location_by_token,
)
from phongdich.checkin.selectors.visits import (
    declaration_current,
    person_remembered,
    visit_open_at,
    visit_ticket,
)
from phongdich.checkin.services.checkin import (
    CheckinError,
    OneTapRefused,
    RateLimited,
    checkin_check_out,
    checkin_first_visit,
    checkin_one_tap,
)
from phongdich.core import ratelimit
from phongdich.core.audit import client_ip
from phongdich.core.crypto import blind_index

PERSON_COOKIE = "pd_person"
PERSON_SALT = "checkin.person"
FORM_SALT = "checkin.form"
TICKET_SALT = "checkin.ticket"
TICKET_MAX_AGE = 12 * 3600
RATE_PURPOSE = "checkin-rate"  # the blind index naming a phone's rate counter


# Helpers ------------------------------------------------------------------


def _bad_token(request: HttpRequest, location: Location | None) -> HttpResponse:
    revoked = location is not None
    return render(
        request, "checkin/public/invalid.html", {"revoked": revoked}, status=410 if revoked else 404
    )


def _person_id_from_cookie(request: HttpRequest) -> int | None:
    if request.GET.get("moi") == "1":
        return None
    try:
        raw = request.get_signed_cookie(PERSON_COOKIE, salt=PERSON_SALT)
    except (KeyError, signing.BadSignature):
        return None
    if not raw or not raw.isdigit():
        return None
    return int(raw)


def _person_from_cookie(request: HttpRequest) -> Person | None:
    pk = _person_id_from_cookie(request)
    return person_remembered(pk=pk) if pk is not None else None


def _remember(response: HttpResponse, person_id: int) -> None:
    response.set_signed_cookie(
        PERSON_COOKIE,
        str(person_id),
        salt=PERSON_SALT,
        max_age=settings.CHECKIN_COOKIE_DAYS * 86400,
        httponly=True,
        samesite="Lax",
        secure=not settings.DEBUG,
    )


def _form_token(location: Location) -> str:
    return signing.dumps(location.pk, salt=FORM_SALT)


def _form_token_ok(request: HttpRequest, location: Location) -> bool:
    try:
        value = signing.loads(
            request.POST.get("ft", ""),
            salt=FORM_SALT,
            max_age=settings.CHECKIN_FORM_MAX_AGE_SECONDS,
        )
    except signing.BadSignature:
        return False
    return bool(value == location.pk)


def _same_origin(request: HttpRequest) -> bool:
    """Refuse cross-site form posts; a phone without cookies still sends these headers."""
    if request.headers.get("Sec-Fetch-Site", "") == "cross-site":
        return False
    origin = request.headers.get("Origin")
    if origin and origin != "null":
        try:
            netloc = urlsplit(origin).netloc
        except ValueError:  # e.g. "http://[::1" (an unclosed IPv6 literal): not ours
            return False
        return netloc == request.get_host()
    return True


def _skip_health_check() -> None:
    """No ``CONN_HEALTH_CHECKS`` round trip (``SELECT 1``) before a check-in's first
    statement: on a connection the database dropped (a restart) that statement fails
    instead, the visitor sees the error page and taps again, and Django closes the
    broken connection at the end of the request (it had errors and is not usable).
    Every other page keeps the check."""
    connection.health_check_done = True  # type: ignore[attr-defined]  # Django's own flag


def _client_key(request: HttpRequest) -> str:
    return "checkin:ip:" + (client_ip(request) or "unknown")


def _phone_key(phone: str) -> str:
    """The rate counter of one phone, named by a blind index of it (never the number),
    of its own purpose: a counter row cannot be joined to the person's row."""
    return "checkin:phone:" + blind_index(phone, purpose=RATE_PURPOSE)


def _rate_ok(key: str, limit: int) -> bool:
    return ratelimit.hit(key, limit=limit, window_seconds=settings.CHECKIN_RATE_WINDOW_SECONDS)


def _too_many(request: HttpRequest) -> HttpResponse:
    response = render(request, "checkin/public/too_many.html", status=429)
    response["Retry-After"] = str(settings.CHECKIN_RATE_WINDOW_SECONDS)
    return response


def _ticket_url(location: Location, visit_id: int) -> str:
    # Not compressed: a visit id never shrinks under zlib, so the token is the same
    # (and earlier compressed tickets still load) without the zlib call.
    ticket = signing.dumps(visit_id, salt=TICKET_SALT)
    return reverse("public:result", kwargs={"token": location.poster_token, "ticket": ticket})


def _context(location: Location, profile: DiseaseProfile, **extra: Any) -> dict[str, Any]:
    return {
        "location": location,
        "profile": profile,
        "form_token": _form_token(location),
        "consent_version": settings.CONSENT_VERSION,
        **extra,
    }


def _initial_for(person: Person | None) -> dict[str, Any]:
    if person is None:
        return {}
    initial: dict[str, Any] = {"full_name": person.full_name, "phone": person.identity}
    if person.cccd:
        initial["cccd"] = person.cccd
    return initial


# Views --------------------------------------------------------------------


@require_GET
def manual_code(request: HttpRequest) -> HttpResponse:
    """For a phone that cannot scan: type the short code printed on the poster."""
    form = ManualCodeForm(request.GET or None)
    if request.GET and form.is_valid():
        code = form.cleaned_data["code"].strip().upper().replace("-", "").replace(" ", "")
        location = location_by_manual_code(code=code)
        if location is not None and location.accepts_checkins:
            return HttpResponseRedirect(
                reverse("public:checkin", kwargs={"token": location.poster_token})
            )
        form.add_error(
            "code", _("Không có cổng nào mang mã này. Vui lòng kiểm tra lại mã trên áp phích.")
        )
    return render(request, "checkin/public/manual_code.html", {"form": form})


@csrf_exempt
@require_http_methods(["GET", "POST"])
def checkin(request: HttpRequest, token: str) -> HttpResponse:
    location = location_by_token(token=token)
    if location is None or not location.accepts_checkins:
        return _bad_token(request, location)
    profile = active_profile()

    if request.method == "GET":
        return _checkin_get(request, location, profile, _person_from_cookie(request))

    if not _same_origin(request):
        return render(request, "checkin/public/forbidden.html", status=403)
    _skip_health_check()
    # Every POST below counts against its client before any answer but the 403: a
    # flood of invalid posts still meets the limit. The form is checked first (no
    # database), so that a valid one counts client and phone in one statement.
    if request.POST.get("mode") == "quick":
        return _quick_checkin(request, location, profile)

    stale = not _form_token_ok(request, location)
    # A plainly valid post is judged without building the form (the same rules:
    # forms.public.clean_submission); anything else, and every error, by the form.
    submitted = (
        None if stale else clean_submission(request.POST, location=location, profile=profile)
    )
    if submitted is None:
        form = CheckinForm(request.POST, location=location, profile=profile)
        valid = form.is_valid()
        if stale or not valid:
            if not _rate_ok(_client_key(request), settings.CHECKIN_RATE_PER_CLIENT):
                return _too_many(request)
            message = (
                _(
                    "Trang khai báo đã quá hạn. Thông tin bạn nhập vẫn còn đây, "
                    "vui lòng bấm gửi lại."
                )
                if stale and valid
                else ""
            )
            return render(
                request,
                "checkin/public/form.html",
                _context(
                    location,
                    profile,
                    form=form,
                    stale_message=message,
                    person=_person_from_cookie(request),
                ),
                status=400 if not valid else 200,
            )
        submitted = form.submitted()
    try:
        checked = checkin_first_visit(
            location=location,
            profile=profile,
            limits=[
                (_client_key(request), settings.CHECKIN_RATE_PER_CLIENT),
                (_phone_key(submitted["phone"]), settings.CHECKIN_RATE_PER_PHONE),
            ],
            rate_window=settings.CHECKIN_RATE_WINDOW_SECONDS,
            **submitted,
        )
    except RateLimited:
        return _too_many(request)
    except CheckinError as exc:
        return render(request, "checkin/public/invalid.html", {"message": str(exc)}, status=409)
    response = HttpResponseRedirect(_ticket_url(location, checked.visit_id))
    _remember(response, checked.person_id)
    return response


def _checkin_get(
    request: HttpRequest, location: Location, profile: DiseaseProfile, person: Person | None
) -> HttpResponse:
    if person is not None:
        inside = visit_open_at(person=person, location=location)
        if inside is not None:
            return render(
                request,
                "checkin/public/inside.html",
                _context(location, profile, person=person, visit=inside),
            )
        declaration = declaration_current(person=person, profile=profile)
        if declaration is not None and not declaration.is_risky and request.GET.get("sua") != "1":
            return render(
                request,
                "checkin/public/quick.html",
                _context(location, profile, person=person, declaration=declaration),
            )
    form = CheckinForm(initial=_initial_for(person), location=location, profile=profile)
    return render(
        request, "checkin/public/form.html", _context(location, profile, form=form, person=person)
    )


def _quick_checkin(
    request: HttpRequest, location: Location, profile: DiseaseProfile
) -> HttpResponse:
    submission = request.POST.get("submission_id") or None
    try:
        submission_id = uuid.UUID(submission) if submission else None
    except ValueError:
        submission_id = None
    try:
        result = checkin_one_tap(
            location=location,
            profile=profile,
            person_id=_person_id_from_cookie(request),
            token_fresh=_form_token_ok(request, location),
            submission_id=submission_id,
            limits=[(_client_key(request), settings.CHECKIN_RATE_PER_CLIENT)],
            rate_window=settings.CHECKIN_RATE_WINDOW_SECONDS,
        )
    except RateLimited:
        return _too_many(request)
    if isinstance(result, OneTapRefused):
        if result.stale:
            return HttpResponseRedirect(
                reverse("public:checkin", kwargs={"token": location.poster_token})
            )
        # The full form, filled in: the person read whole (their name and phone).
        pk = result.person_id
        person = person_remembered(pk=pk) if pk is not None else None
        return _declare_again(request, location, profile, person, result.message)
    response = HttpResponseRedirect(_ticket_url(location, result.visit_id))
    _remember(response, result.person_id)
    return response


def _declare_again(
    request: HttpRequest,
    location: Location,
    profile: DiseaseProfile,
    person: Person | None,
    message: str,
) -> HttpResponse:
    """The full form, filled in with what is known, and why it is needed."""
    form = CheckinForm(initial=_initial_for(person), location=location, profile=profile)
    return render(
        request,
        "checkin/public/form.html",
        _context(location, profile, form=form, person=person, stale_message=message),
    )


@require_GET
def result(request: HttpRequest, token: str, ticket: str) -> HttpResponse:
    """The screen the guard reads from two metres: green, or red."""
    location = location_by_token(token=token)
    if location is None:
        return _bad_token(request, None)
    try:
        visit_id = signing.loads(ticket, salt=TICKET_SALT, max_age=TICKET_MAX_AGE)
    except signing.BadSignature:
        return render(request, "checkin/public/invalid.html", {"expired": True}, status=404)
    found = visit_ticket(visit_id=visit_id, location=location)
    if found is None:
        return render(request, "checkin/public/invalid.html", {"expired": True}, status=404)
    visit, reasons = found
    return render(
        request,
        "checkin/public/result.html",
        {
            "visit": visit,
            "location": location,
            "reasons": reasons,
            "now": timezone.now(),
            "app_prompt": _app_prompt(visit),
            "ticket": ticket,
        },
    )


def _app_prompt(visit: Visit) -> list[Any]:
    """The apps to ask a staff member about, once a week on their first check-in of the
    day (issue 13 item 2); asking is recorded so that the question is not repeated."""
    from phongdich.adoption.selectors.declarations import checkin_prompt
    from phongdich.adoption.services.declarations import prompt_record

    if visit.status != Visit.Status.ADMITTED or not settings.ADOPTION_CHECKIN_PROMPT:
        return []
    prompt = checkin_prompt(visit=visit)
    if prompt.staff is not None and prompt.apps:
        prompt_record(staff=prompt.staff)
    return prompt.apps


@csrf_exempt  # the signed visit ticket and the Origin check instead (cookie-less phones)
@require_POST
def app_tap(request: HttpRequest, token: str, ticket: str) -> HttpResponse:
    """One tap of the result page's app question: records the staff member's answer for
    one app, then shows the apps still to answer."""
    from django.core.exceptions import ValidationError

    from phongdich.adoption.selectors.declarations import apps_for_staff, checkin_staff
    from phongdich.adoption.services.declarations import checkin_tap

    location = location_by_token(token=token)
    if location is None:
        return _bad_token(request, None)
    if not _same_origin(request):
        return render(request, "checkin/public/forbidden.html", status=403)
    try:
        visit_id = signing.loads(ticket, salt=TICKET_SALT, max_age=TICKET_MAX_AGE)
    except signing.BadSignature:
        return render(request, "checkin/public/invalid.html", {"expired": True}, status=404)
    found = visit_ticket(visit_id=visit_id, location=location)
    staff = checkin_staff(visit=found[0]) if found is not None else None
    if found is None or staff is None:
        return render(request, "checkin/public/invalid.html", {"expired": True}, status=404)
    error, status = "", 200
    try:
        checkin_tap(
            staff=staff,
            app_id=request.POST.get("app", ""),
            status=request.POST.get("status", ""),
            ip=client_ip(request),
        )
    except ValidationError as exc:
        error, status = " ".join(exc.messages), 400
    from phongdich.adoption.models import Declaration

    declared = set(Declaration.objects.filter(staff=staff).values_list("app_id", flat=True))
    remaining = [a for a in apps_for_staff(staff=staff) if a.pk not in declared]
    return render(
        request,
        "checkin/public/app_tap.html",
        {
            "location": location,
            "visit": found[0],
            "ticket": ticket,
            "app_prompt": remaining,
            "error": error,
        },
        status=status,
    )


@csrf_exempt
@require_POST
def checkout(request: HttpRequest, token: str) -> HttpResponse:
    location = location_by_token(token=token)
    if location is None:
        return _bad_token(request, None)
    if not _same_origin(request):
        return render(request, "checkin/public/forbidden.html", status=403)
    if not _form_token_ok(request, location):
        return HttpResponseRedirect(reverse("public:checkin", kwargs={"token": token}))
    person = _person_from_cookie(request)
    visit = checkin_check_out(person=person, location=location) if person is not None else None
    return render(
        request, "checkin/public/checked_out.html", {"location": location, "visit": visit}
    )


@require_GET
def help_article(request: HttpRequest, slug: str) -> HttpResponse:
    """A knowledge-base article linked from the public check-in pages (published and
    tied to them by the IT team; anything else, a draft included: 404)."""
    from phongdich.support.models import Article
    from phongdich.support.selectors.knowledge import public_help_article

    try:
        article = public_help_article(slug=slug)
    except Article.DoesNotExist:
        return render(request, "checkin/public/help_article.html", {"article": None}, status=404)
    return render(request, "checkin/public/help_article.html", {"article": article})


@require_GET
def language(request: HttpRequest) -> HttpResponse:
    """``?lang=en&next=/c/…``: remember the language in its cookie and go back.

    A plain link, so it works without JavaScript and without a CSRF cookie; ``next``
    must be a path of this site, anything else goes to the manual-code page.
    """
    lang = request.GET.get("lang", "")
    target = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = reverse("public:manual_code")
    response = HttpResponseRedirect(target)
    add_never_cache_headers(response)
    if lang in dict(settings.LANGUAGES):
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            lang,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            path=settings.LANGUAGE_COOKIE_PATH,
            domain=settings.LANGUAGE_COOKIE_DOMAIN,
            secure=settings.LANGUAGE_COOKIE_SECURE,
            httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        )
    return response

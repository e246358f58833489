"""The public page "Dữ liệu cá nhân của tôi" (/du-lieu-ca-nhan/): no account needed.

A person asks to see, correct or delete their data, or withdraws their consent. On the
phone they checked in with, the one-tap cookie of the check-in (``pd_person``, signed
by ``checkin.views.public``) proves who they are; anyone else sends a request that the
Office verifies in person with the CCCD. Like the check-in form, the form works on a
phone without cookies: it carries a signed, time-limited token and is refused when
posted from another site.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.core import signing
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from phongdich.checkin.models import Person
from phongdich.checkin.selectors.visits import person_remembered
from phongdich.checkin.views.public import PERSON_COOKIE, PERSON_SALT
from phongdich.core.audit import client_ip
from phongdich.core.text import mask_phone
from phongdich.core.xlsx import xlsx_response
from phongdich.privacy import conf
from phongdich.privacy.forms.subject_requests import PublicRequestForm
from phongdich.privacy.models import SubjectRequest
from phongdich.privacy.selectors import subject_requests as selectors
from phongdich.privacy.services.subject_requests import RequestRateLimited, request_submit

FORM_SALT = "privacy.form"
FORM_MAX_AGE = 2 * 3600
SENT_SALT = "privacy.sent"
SENT_MAX_AGE = 24 * 3600


def _private(response: HttpResponse) -> HttpResponse:
    patch_cache_control(response, private=True, no_store=True)
    return response


def _person(request: HttpRequest) -> Person | None:
    """The person the one-tap cookie of this phone names, if any."""
    try:
        raw = request.get_signed_cookie(PERSON_COOKIE, salt=PERSON_SALT)
    except (KeyError, signing.BadSignature):
        return None
    if not raw or not raw.isdigit():
        return None
    return person_remembered(pk=int(raw))


def _same_origin(request: HttpRequest) -> bool:
    if request.headers.get("Sec-Fetch-Site", "") == "cross-site":
        return False
    origin = request.headers.get("Origin")
    if origin and origin != "null":
        try:
            return urlsplit(origin).netloc == request.get_host()
        except ValueError:
            return False
    return True


def _token_ok(request: HttpRequest) -> bool:
    try:
        signing.loads(request.POST.get("ft", ""), salt=FORM_SALT, max_age=FORM_MAX_AGE)
    except signing.BadSignature:
        return False
    return True


def _render(
    request: HttpRequest, form: PublicRequestForm, person: Person | None, status: int = 200
) -> HttpResponse:
    requests = selectors.requests_of_person(person=person)
    response = render(
        request,
        "privacy/public/index.html",
        {
            "form": form,
            "person": person,
            "masked_phone": mask_phone(person.identity) if person else "",
            "requests": [(r, selectors.downloadable(request=r, person=person)) for r in requests],
            "form_token": signing.dumps(1, salt=FORM_SALT),
            "ack_days": conf.ack_working_days(),
            "answer_days": conf.answer_days(),
            "withdraw_days": conf.withdraw_days(),
        },
        status=status,
    )
    return _private(response)


@csrf_exempt  # a signed form token and the Origin check instead (cookie-less phones)
@require_http_methods(["GET", "POST"])
def index(request: HttpRequest) -> HttpResponse:
    person = _person(request)
    if request.method != "POST":
        return _render(request, PublicRequestForm(has_device=person is not None), person)
    if not _same_origin(request) or not _token_ok(request):
        response = render(request, "privacy/public/expired.html", status=403)
        return _private(response)
    form = PublicRequestForm(request.POST, has_device=person is not None)
    if not form.is_valid():
        return _render(request, form, person, status=400)
    data = form.cleaned_data
    try:
        created = request_submit(
            kind=data["kind"],
            proof=data["proof"],
            person=person if data["proof"] == SubjectRequest.Proof.DEVICE else None,
            full_name=data.get("full_name", ""),
            phone=data.get("phone", ""),
            details=data.get("details", ""),
            ip=client_ip(request),
        )
    except RequestRateLimited:
        response = render(request, "privacy/public/too_many.html", status=429)
        response["Retry-After"] = str(conf.public_rate_window_seconds())
        return _private(response)
    except ValidationError as error:
        form.add_error(None, error)
        return _render(request, form, person, status=400)
    return redirect("privacy:public_sent", ticket=signing.dumps(created.code, salt=SENT_SALT))


@require_GET
def sent(request: HttpRequest, ticket: str) -> HttpResponse:
    try:
        code = signing.loads(ticket, salt=SENT_SALT, max_age=SENT_MAX_AGE)
    except signing.BadSignature:
        raise Http404 from None
    found = selectors.request_by_code(code=code)
    if found is None:
        raise Http404
    response = render(request, "privacy/public/sent.html", {"req": found})
    return _private(response)


@require_GET
def download(request: HttpRequest, code: str) -> HttpResponse:
    try:
        found, content = selectors.person_data_download(
            person=_person(request), code=code, ip=client_ip(request)
        )
    except SubjectRequest.DoesNotExist:
        response = render(
            request,
            "privacy/public/not_available.html",
            {
                "message": _(
                    "Tệp này chỉ tải được trên điện thoại đã check-in, sau khi Văn phòng trả lời."
                )
            },
            status=404,
        )
        return _private(response)
    return _private(xlsx_response(content, filename=f"du-lieu-ca-nhan-{found.code}.xlsx"))

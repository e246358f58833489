"""Who reaches which page: one row per URL, checked for every member of the cast.

A module that adds a URL adds a ``Route`` to ``ROUTES`` (or, for a URL that is
not a page, a line to ``NOT_PAGES`` saying why). ``test_every_url_is_in_the_table``
fails until it does.

Expectations per row: the anonymous visitor is sent to the log-in page (or gets
``anonymous``); members in ``allowed`` get 200; members in ``special`` get the
code given there (404 for a record of another unit); everyone else gets 403.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import parse_qs, urlsplit

from django.conf import settings
from django.test import Client, TestCase, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from phongdich.accounts.tests.access_rows import TWO_FACTOR_ROUTES
from phongdich.adoption.tests.access_rows import ADOPTION_ROUTES
from phongdich.checkin.models import Location
from phongdich.core.tests.access import (
    ANONYMOUS,
    EVERYONE,
    HOME,
    LOGIN,
    MEMBERS,
    POST_ONLY,
    Route,
)
from phongdich.core.tests.base import make_cast
from phongdich.equipment.tests.access_rows import EQUIPMENT_ROUTES
from phongdich.guide.tests.access_rows import GUIDE_ROUTES
from phongdich.meetings.tests.access_rows import MEETINGS_ROUTES
from phongdich.news.tests.access_rows import NEWS_ROUTES
from phongdich.org.models import StaffImport
from phongdich.privacy.tests.access_rows import PRIVACY_ROUTES
from phongdich.support.tests.access_rows import SUPPORT_ROUTES

# Roles that see the staff directory (org.selectors.DIRECTORY_ROLES), by cast member.
DIRECTORY = frozenset({"director", "office", "head_a", "head_b", "tracer", "it", "admin"})
IMPORTERS = frozenset({"office", "head_a", "head_b", "admin"})


# Check-in: gate managers, guards, readers of the visitor log.
GATE_MANAGERS = frozenset({"office", "it", "admin"})  # plus unit heads for their own units
GUARDS = frozenset({"guard", "admin"})
LOG_READERS = frozenset({"office", "admin", "director", "head_a", "head_b", "tracer"})


def _office_gate(cast: Any) -> dict[str, Any]:
    gate, _ = Location.objects.get_or_create(
        code="VP-CONG", defaults={"name": "Cổng chính Sở", "unit": cast.office_unit}
    )
    return {"pk": gate.pk}


def _office_gate_token(cast: Any) -> dict[str, Any]:
    gate = Location.objects.get(pk=_office_gate(cast)["pk"])
    return {"token": gate.poster_token}


def _office_unit_with_gate(cast: Any) -> dict[str, Any]:
    _office_gate(cast)
    return {"unit_id": cast.office_unit.pk}


def _import_by_office(cast: Any) -> dict[str, Any]:
    job = StaffImport.objects.create(
        started_by=cast.office, original_name="ds.xlsx", stored_path="/nonexistent/ds.xlsx"
    )
    return {"job_id": job.pk}


# Tracing: tracers and Admins only.
TRACERS = frozenset({"tracer", "admin"})


def _tracing_case(cast: Any) -> dict[str, Any]:
    """A case with one trace run and one contact (made once per test)."""
    from django.utils import timezone

    from phongdich.checkin.models import DiseaseProfile
    from phongdich.checkin.services.checkin import person_upsert
    from phongdich.tracing.models import Case, Contact, TraceRun

    case = Case.objects.first()
    if case is None:
        f0 = person_upsert(identity="+84912000001", full_name="Nguyễn Văn Ạ")
        f1 = person_upsert(identity="+84913000001", full_name="Lê Thị Xuân")
        case = Case.objects.create(
            person=f0, profile=DiseaseProfile.active(), onset=timezone.localdate()
        )
        run = TraceRun.objects.create(
            case=case,
            as_of=timezone.now(),
            depth=2,
            days_before_onset=2,
            min_overlap_minutes=15,
            open_visit_hours=8,
            status=TraceRun.Status.DONE,
        )
        gate = Location.objects.get(pk=_office_gate(cast)["pk"])
        Contact.objects.create(
            case=case,
            run=run,
            person=f1,
            level=1,
            exposed_at=timezone.now(),
            via=f0,
            location=gate,
            overlap_minutes=30.0,
        )
    run = case.runs.get()
    contact = case.contacts.get()
    return {"case": case.pk, "run": run.pk, "contact": contact.pk}


ROUTES: list[Route] = [
    Route("core:home", allowed=EVERYONE),
    Route("core:jobs", allowed=frozenset({"admin", "it"})),
    Route("core:audit", allowed=frozenset({"admin", "director"})),
    Route("core:audit_export", allowed=frozenset({"admin", "director"})),
    # The icons and the web manifests: public, whoever asks.
    Route("core:favicon", allowed=EVERYONE, anonymous=302, special=dict.fromkeys(MEMBERS, 302)),
    Route("core:manifest", allowed=EVERYONE, anonymous=200),
    Route("core:manifest_guard", allowed=EVERYONE, anonymous=200),
    # Accounts.
    Route(
        "accounts:login", allowed=frozenset(), anonymous=200, special=dict.fromkeys(MEMBERS, HOME)
    ),
    Route("accounts:password_change", allowed=EVERYONE),
    Route("accounts:password_change_done", allowed=EVERYONE),
    Route("accounts:password_reset", allowed=EVERYONE, anonymous=200),
    Route("accounts:password_reset_done", allowed=EVERYONE, anonymous=200),
    Route(
        "accounts:password_reset_confirm",
        allowed=EVERYONE,
        anonymous=200,  # an invalid link: a page that says so
        kwargs=lambda cast: {"uidb64": "MQ", "token": "bad-token"},
    ),
    Route("accounts:password_reset_complete", allowed=EVERYONE, anonymous=200),
    # Log-out is POST only; GET is refused for everyone.
    Route(
        "accounts:logout", allowed=frozenset(), anonymous=405, special=dict.fromkeys(MEMBERS, 405)
    ),
    # Organisation.
    Route("org:staff_list", allowed=DIRECTORY),
    # Without a reason the export answers 400 with the reason form (core/export_reason.py).
    Route("org:staff_export", allowed=frozenset(), special=dict.fromkeys(DIRECTORY, 400)),
    Route(
        "org:staff_detail",
        allowed=DIRECTORY - {"head_b"},
        kwargs=lambda cast: {"pk": cast.staff_a.pk},  # a record of unit A's team
        special={"head_b": 404},  # another unit's record does not exist for head_b
    ),
    Route("org:staff_import", allowed=IMPORTERS),
    Route(
        "org:staff_import_status",
        allowed=frozenset({"office", "admin"}),
        kwargs=_import_by_office,
        special={"head_a": 404, "head_b": 404},  # someone else's import
    ),
    Route("org:unit_list", allowed=EVERYONE),
    # Check-in: gates and posters (a unit head reaches only gates of their units).
    Route("checkin:gates_index", allowed=GATE_MANAGERS | {"head_a", "head_b"}),
    Route("checkin:gates_create", allowed=GATE_MANAGERS | {"head_a", "head_b"}),
    *[
        Route(
            f"checkin:{name}",
            allowed=GATE_MANAGERS,
            kwargs=_office_gate,
            special={"head_a": 404, "head_b": 404},  # a gate of the Office
        )
        for name in (
            "gates_detail",
            "gates_edit",
            "gates_regenerate",
            "gates_revoke",
            "gates_poster_pdf",
            "gates_qr_png",
            "gates_qr_svg",
        )
    ],
    Route(
        "checkin:gates_unit_poster_pdf",
        allowed=GATE_MANAGERS,
        kwargs=_office_unit_with_gate,
        special={"head_a": 404, "head_b": 404},
    ),
    # Check-in: the guard console (decisions and check-outs are POST only).
    Route("checkin:guard_index", allowed=GUARDS),
    Route("checkin:guard_live", allowed=GUARDS),
    Route("checkin:guard_inside", allowed=GUARDS, kwargs=_office_gate),
    Route("checkin:guard_checkin", allowed=frozenset(), anonymous=405, special=POST_ONLY),
    Route(
        "checkin:guard_decide",
        allowed=frozenset(),
        anonymous=405,
        special=POST_ONLY,
        kwargs=lambda cast: {"pk": 1},
    ),
    Route(
        "checkin:guard_check_out",
        allowed=frozenset(),
        anonymous=405,
        special=POST_ONLY,
        kwargs=lambda cast: {"pk": 1},
    ),
    # Check-in: the visitor log.
    Route("checkin:log_index", allowed=LOG_READERS),
    # An export without its reason: the reason form, 400 (core.export_reason).
    Route("checkin:log_export", allowed=frozenset(), special=dict.fromkeys(LOG_READERS, 400)),
    # The public check-in: no account needed, the same for everyone.
    Route("public:manual_code", allowed=EVERYONE, anonymous=200),
    Route("public:checkin", allowed=EVERYONE, anonymous=200, kwargs=_office_gate_token),
    Route(
        "public:result",
        allowed=frozenset(),
        anonymous=404,  # a forged ticket
        special=dict[str, int | str].fromkeys(MEMBERS, 404),
        kwargs=lambda cast: {**_office_gate_token(cast), "ticket": "forged"},
    ),
    # A knowledge-base article of the check-in pages: none with this slug, 404 for all.
    Route(
        "public:help_article",
        allowed=frozenset(),
        anonymous=404,
        special=dict[str, int | str].fromkeys(MEMBERS, 404),
        kwargs=lambda cast: {"slug": "khong-co-bai-nay"},
    ),
    # The result page's app question (adoption): POST only, with the visit's ticket.
    Route(
        "public:app_tap",
        allowed=frozenset(),
        anonymous=405,
        special=POST_ONLY,
        kwargs=lambda cast: {**_office_gate_token(cast), "ticket": "forged"},
    ),
    Route(
        "public:checkout",
        allowed=frozenset(),
        anonymous=405,
        special=POST_ONLY,
        kwargs=_office_gate_token,
    ),
    # The public pages' language switch: a redirect back, for everyone.
    Route(
        "public:language",
        allowed=frozenset(),
        anonymous=302,
        special=dict[str, int | str].fromkeys(MEMBERS, 302),
    ),
    # Tracing: every page for tracers and Admins only; actions are POST only.
    # The dashboard holds counts only: the Director and the Office read it from their home.
    Route("tracing:dashboard", allowed=TRACERS | {"director", "office"}),
    Route("tracing:case_list", allowed=TRACERS),
    Route("tracing:case_create", allowed=TRACERS),
    *[
        Route(f"tracing:{name}", allowed=TRACERS, kwargs=lambda c: {"pk": _tracing_case(c)["case"]})
        for name in ("case_detail", "followup_list")
    ],
    Route(
        "tracing:case_export",
        allowed=frozenset(),
        special=dict.fromkeys(TRACERS, 400),  # without a reason: the reason form
        kwargs=lambda c: {"pk": _tracing_case(c)["case"]},
    ),
    Route(
        "tracing:run_status",
        allowed=TRACERS,
        special={"tracer": 302, "admin": 302},  # without htmx: back to the case page
        kwargs=lambda c: {"pk": _tracing_case(c)["case"], "run_id": _tracing_case(c)["run"]},
    ),
    Route(
        "tracing:contact_detail",
        allowed=TRACERS,
        kwargs=lambda c: {"pk": _tracing_case(c)["contact"]},
    ),
    *[
        Route(
            f"tracing:{name}",
            allowed=frozenset(),
            anonymous=405,
            special=POST_ONLY,
            kwargs=lambda c: {"pk": 1},
        )
        for name in (
            "case_trace",
            "case_close",
            "contact_status",
            "followup_record",
            "contact_promote",
        )
    ],
    # The Django admin: the Admin role only, even for is_staff users of other roles.
    Route("admin:index", allowed=frozenset({"admin"})),
    Route("admin:accounts_user_changelist", allowed=frozenset({"admin"})),
    Route("admin:org_staff_changelist", allowed=frozenset({"admin"})),
]

# Directives: Office and Admin manage; the Director reads; unit heads read issued
# directives of their units (another unit's is 404).
DIRECTIVE_MANAGERS = frozenset({"office", "admin"})
DIRECTIVE_READERS = DIRECTIVE_MANAGERS | {"director", "head_a", "head_b"}


def _directives(cast: Any) -> dict[str, int]:
    from datetime import date

    from django.core.files.uploadedfile import SimpleUploadedFile

    from phongdich.directives.inputs import DirectiveHeader
    from phongdich.directives.models import Directive
    from phongdich.directives.services import directives as services

    draft = Directive.objects.filter(subject="V/v dự thảo truy cập").first()
    if draft is None:
        draft = services.directive_create(
            header=DirectiveHeader(subject="V/v dự thảo truy cập"),
            tasks=[services.TaskInput("1", "Việc", lead_unit=cast.unit_a)],
            created_by=cast.office,
        )
        services.indicator_create(task=draft.tasks.get(), name="Số máy", kind="integer")
        issued = services.directive_create(
            header=DirectiveHeader(
                subject="V/v ban hành truy cập",
                number=1,
                symbol="X",
                issued_on=date(2026, 1, 2),
            ),
            tasks=[
                services.TaskInput("1", "Việc A", lead_unit=cast.unit_a, deadline=date(2026, 2, 1))
            ],
            created_by=cast.office,
        )
        services.directive_issue(directive=issued, by=cast.office)
        services.directive_attachment_set(
            directive=issued, upload=SimpleUploadedFile("cv.pdf", b"%PDF-1.4\n%%EOF\n")
        )
    issued = Directive.objects.get(subject="V/v ban hành truy cập")
    task = draft.tasks.get()
    return {
        "draft": draft.pk,
        "issued": issued.pk,
        "task": task.pk,
        "indicator": task.indicators.get().pk,
    }


ROUTES += [
    Route("directives:index", allowed=DIRECTIVE_READERS),
    Route("directives:import", allowed=DIRECTIVE_MANAGERS),
    Route("directives:import_confirm", allowed=DIRECTIVE_MANAGERS, method="post"),
    Route(
        "directives:detail",
        allowed=DIRECTIVE_READERS,
        kwargs=lambda c: {"pk": _directives(c)["issued"]},
        special={"head_b": 404},
    ),
    Route(
        "directives:attachment",
        allowed=DIRECTIVE_READERS,
        kwargs=lambda c: {"pk": _directives(c)["issued"]},
        special={"head_b": 404},
    ),
    Route(
        "directives:close",
        allowed=DIRECTIVE_MANAGERS,
        kwargs=lambda c: {"pk": _directives(c)["issued"]},
    ),
    *[
        Route(
            f"directives:{name}",
            allowed=DIRECTIVE_MANAGERS,
            kwargs=lambda c: {"pk": _directives(c)["draft"]},
        )
        for name in ["edit", "issue", "delete", "task_create"]
    ],
    *[
        Route(
            f"directives:{name}",
            allowed=DIRECTIVE_MANAGERS,
            kwargs=lambda c: {"pk": _directives(c)["draft"], "task_pk": _directives(c)["task"]},
        )
        for name in ["task_edit", "task_delete", "indicator_create"]
    ],
    *[
        Route(
            f"directives:{name}",
            allowed=DIRECTIVE_MANAGERS,
            kwargs=lambda c: {
                "pk": _directives(c)["draft"],
                "task_pk": _directives(c)["task"],
                "indicator_pk": _directives(c)["indicator"],
            },
        )
        for name in ["indicator_edit", "indicator_delete"]
    ],
]

# Notifications: every signed-in member reads their own.
ROUTES += [Route("notifications:index", allowed=EVERYONE)]

# Unit reports and the status dashboard (directives/urls.py): unit heads write
# their units' reports (another unit's is 404), the Office writes on behalf and reviews,
# the Director reads.
REPORT_WRITERS = frozenset({"office", "admin", "head_a"})
REPORT_REVIEWED: dict[str, int | str] = {"office": 302, "admin": 302}


def _reports(cast: Any) -> dict[str, int]:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from phongdich.directives.models import Directive, Report
    from phongdich.directives.services import reports

    ids = _directives(cast)
    report = Report.objects.filter(task__directive_id=ids["issued"]).first()
    if report is None:
        issued = Directive.objects.get(pk=ids["issued"])
        upload = SimpleUploadedFile("bien-ban.pdf", b"%PDF-1.4\n%%EOF\n")
        report = reports.report_submit(
            task=issued.tasks.get(),
            unit=cast.unit_a,
            period_start=issued.issued_on,
            data=reports.ReportInput(progress="in_progress", uploads=[upload]),
            by=cast.head_a,
        )
    version = report.versions.get()
    return {
        "report": report.pk,
        "task": report.task_id,
        "unit": report.unit_id,
        "attachment": version.attachments.get().pk,
    }


ROUTES += [
    Route("directives:report_list", allowed=DIRECTIVE_READERS),
    Route("directives:dashboard", allowed=DIRECTIVE_READERS),
    Route("directives:dashboard_export", allowed=DIRECTIVE_READERS),
    Route(
        "directives:report_edit",
        allowed=REPORT_WRITERS,
        kwargs=lambda c: {"task_pk": _reports(c)["task"], "unit_pk": _reports(c)["unit"]},
        # The report is submitted: writers are sent to it (the form is for drafts).
        special={"head_b": 404, **dict.fromkeys(REPORT_WRITERS, 302)},
    ),
    Route(
        "directives:report_detail",
        allowed=DIRECTIVE_READERS,
        kwargs=lambda c: {"pk": _reports(c)["report"]},
        special={"head_b": 404},
    ),
    Route(
        "directives:report_version",
        allowed=DIRECTIVE_READERS,
        kwargs=lambda c: {"pk": _reports(c)["report"], "version": 1},
        special={"head_b": 404},
    ),
    Route(
        "directives:report_attachment",
        allowed=DIRECTIVE_READERS,
        kwargs=lambda c: {"pk": _reports(c)["attachment"]},
        special={"head_b": 404},
    ),
    *[
        Route(
            f"directives:{name}",
            allowed=frozenset(),
            kwargs=lambda c: {"pk": _reports(c)["report"]},
            special=REPORT_REVIEWED,
            method="post",
        )
        for name in ["report_accept", "report_return"]
    ],
]

# Directives follow-up: the Office and Admin act, the Director reads; a unit head downloads
# only the urging notices sent to their units (another unit's is 404).
DIRECTIVE_OVERSIGHT = DIRECTIVE_MANAGERS | {"director"}
OFFICE_REDIRECT: dict[str, int | str] = {"office": 302, "admin": 302}


def _followup(cast: Any) -> dict[str, int]:
    from datetime import date

    from phongdich.directives.models import CompiledReport, Directive, UrgingNotice
    from phongdich.directives.services.compiled import compiled_report_create
    from phongdich.directives.services.urging import urging_create

    ids = _directives(cast)
    issued = Directive.objects.get(pk=ids["issued"])
    notice = UrgingNotice.objects.first() or urging_create(
        directive=issued, by=cast.office, today=date(2026, 2, 5)
    )
    report = CompiledReport.objects.first() or compiled_report_create(
        directive=issued,
        period_start=date(2026, 1, 2),
        period_end=date(2026, 2, 5),
        by=cast.office,
        today=date(2026, 2, 5),
    )
    return {"issued": issued.pk, "urging": notice.pk, "compiled": report.pk}


ROUTES += [
    Route(
        "directives:followup",
        allowed=DIRECTIVE_OVERSIGHT,
        kwargs=lambda c: {"pk": _followup(c)["issued"]},
    ),
    Route(
        "directives:urging_create",
        allowed=frozenset(),
        kwargs=lambda c: {"pk": _followup(c)["issued"]},
        method="post",
        special=OFFICE_REDIRECT,
    ),
    Route(
        "directives:urging_download",
        allowed=DIRECTIVE_OVERSIGHT | {"head_a"},
        kwargs=lambda c: {"pk": _followup(c)["urging"], "fmt": "pdf"},
        special={"head_b": 404},
    ),
    Route("directives:compiled_list", allowed=DIRECTIVE_OVERSIGHT),
    Route(
        "directives:compiled_create",
        allowed=frozenset(),
        kwargs=lambda c: {"pk": _followup(c)["issued"]},
        method="post",
        special=OFFICE_REDIRECT,
    ),
    Route(
        "directives:compiled_edit",
        allowed=DIRECTIVE_OVERSIGHT,
        kwargs=lambda c: {"pk": _followup(c)["compiled"]},
    ),
    Route(
        "directives:compiled_download",
        allowed=DIRECTIVE_OVERSIGHT,
        kwargs=lambda c: {"pk": _followup(c)["compiled"], "fmt": "docx"},
    ),
]

# Each module's own rows (``<app>/tests/access_rows.py``).
ROUTES += TWO_FACTOR_ROUTES
ROUTES += EQUIPMENT_ROUTES
ROUTES += SUPPORT_ROUTES
ROUTES += ADOPTION_ROUTES
ROUTES += NEWS_ROUTES
ROUTES += MEETINGS_ROUTES
ROUTES += PRIVACY_ROUTES
ROUTES += GUIDE_ROUTES

# Named URLs that are not pages of their own, with the reason.
NOT_PAGES = {
    "set_language": "POST-only language switch; tested in test_language.py",
}
# The admin's many generated URLs are all behind AdminSite.admin_view; the rows
# above check it on a few of them.
SKIPPED_NAMESPACES = {"admin"}
# Modules being built whose rows are not written yet: remove the namespace from
# here when adding its rows (the test below then holds it to the table).
UNDER_CONSTRUCTION: set[str] = set()


def _named_urls(resolver: URLResolver | None = None, prefix: str = "") -> Iterator[str]:
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            namespace = pattern.namespace
            yield from _named_urls(pattern, f"{prefix}{namespace}:" if namespace else prefix)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield prefix + pattern.name


def test_every_url_is_in_the_table() -> None:
    covered = {route.name for route in ROUTES} | set(NOT_PAGES)
    missing = sorted(
        name
        for name in set(_named_urls())
        if name not in covered and name.split(":")[0] not in SKIPPED_NAMESPACES | UNDER_CONSTRUCTION
    )
    assert missing == [], f"add these URLs to ROUTES in {__name__}: {missing}"


def test_the_table_names_only_urls_that_exist() -> None:
    assert {route.name for route in ROUTES} - set(_named_urls()) == set()


def private_no_store(response: Any) -> bool:
    directives = {d.strip() for d in response.get("Cache-Control", "").split(",")}
    return {"private", "no-store"} <= directives


@override_settings(PUBLIC_BASE_URL="https://phongdich.example.vn")  # posters refuse a local one
class AccessTest(TestCase):
    """Every (route, member) case is a test method of this one class: the standing
    cast and every route's objects are made once, in ``setUpTestData``, and each
    case runs in its own savepoint (a POST that writes is rolled back)."""

    route_kwargs: dict[str, dict[str, Any]]

    @classmethod
    def setUpTestData(cls) -> None:
        make_cast(cls)
        cls.route_kwargs = {route.name: route.kwargs(cls) for route in ROUTES}

    def check_access(self, route: Route, member: str) -> None:
        client = Client()
        if member != ANONYMOUS:
            client.force_login(getattr(self, member))
        url = reverse(route.name, kwargs=self.route_kwargs[route.name])
        response = getattr(client, route.method)(url)
        expected = route.expected(member)

        if expected == LOGIN:
            assert response.status_code == 302, response
            location = urlsplit(response["Location"])
            assert location.path == reverse(settings.LOGIN_URL)
            assert parse_qs(location.query) == {"next": [url]}
        elif expected == HOME:
            assert response.status_code == 302, response
            assert response["Location"] == reverse(settings.LOGIN_REDIRECT_URL)
        else:
            assert response.status_code == expected, (
                f"{member} on {route.name}: {response.status_code}"
            )
        if member != ANONYMOUS or route.name.startswith("public:"):
            # A signed-in page or a public check-in page may carry personal data.
            assert private_no_store(response), (route.name, response.get("Cache-Control"))


def _access_case(route: Route, member: str) -> Callable[[AccessTest], None]:
    def test(self: AccessTest) -> None:
        self.check_access(route, member)

    test.__name__ = f"test_{route.name.replace(':', '__')}__{member}"
    test.__doc__ = f"{member} on {route.name} gets {route.expected(member)}"
    return test


for _route in ROUTES:
    for _member in (ANONYMOUS, *MEMBERS):
        _case = _access_case(_route, _member)
        assert not hasattr(AccessTest, _case.__name__), f"two rows for {_route.name}"
        setattr(AccessTest, _case.__name__, _case)

"""The client address behind TRUSTED_PROXIES: what rate limits, the log-in lockout and
the audit log see, with and without a proxy, and with a forged X-Forwarded-For."""

from __future__ import annotations

from axes.models import AccessAttempt
from django.test import RequestFactory, SimpleTestCase, override_settings
from django.urls import reverse

from phongdich.checkin.models import Location
from phongdich.core.audit import PEER_ADDR, client_ip, resolve_client_ip
from phongdich.core.models import AuditEvent, RateCounter
from phongdich.core.tests.base import BaseTestCase

PROXY = "10.0.0.7"
BEHIND_NGINX = override_settings(TRUSTED_PROXIES=["10.0.0.0/24", "::1"])


class ResolveTests(SimpleTestCase):
    def resolve(self, peer: str | None, header: str | None = None) -> str | None:
        return resolve_client_ip(peer, header)

    def test_without_trusted_proxies_the_peer_is_the_client(self) -> None:
        with override_settings(TRUSTED_PROXIES=[]):
            self.assertEqual(self.resolve("203.0.113.5"), "203.0.113.5")
            self.assertEqual(self.resolve("10.0.0.7", "198.51.100.1"), "10.0.0.7")

    @BEHIND_NGINX
    def test_behind_a_trusted_proxy_the_forwarded_address_is_the_client(self) -> None:
        self.assertEqual(self.resolve(PROXY, "203.0.113.5"), "203.0.113.5")

    @BEHIND_NGINX
    def test_an_untrusted_peer_cannot_forge_its_address(self) -> None:
        self.assertEqual(self.resolve("203.0.113.5", "198.51.100.1"), "203.0.113.5")

    @BEHIND_NGINX
    def test_addresses_the_client_prepended_are_ignored(self) -> None:
        # The client sent "X-Forwarded-For: 198.51.100.1"; nginx appended what it saw.
        self.assertEqual(self.resolve(PROXY, "198.51.100.1, 203.0.113.5"), "203.0.113.5")
        self.assertEqual(self.resolve(PROXY, "garbage, 203.0.113.5"), "203.0.113.5")

    @BEHIND_NGINX
    def test_a_chain_of_trusted_proxies_is_walked_from_the_right(self) -> None:
        header = "198.51.100.1, 203.0.113.5, 10.0.0.9, 10.0.0.8"
        self.assertEqual(self.resolve(PROXY, header), "203.0.113.5")

    @BEHIND_NGINX
    def test_a_trusted_proxy_without_the_header_is_the_client(self) -> None:
        self.assertEqual(self.resolve(PROXY), PROXY)
        self.assertEqual(self.resolve(PROXY, ""), PROXY)

    @BEHIND_NGINX
    def test_a_malformed_hop_stops_at_the_last_proxy(self) -> None:
        self.assertEqual(self.resolve(PROXY, "not-an-address"), PROXY)
        self.assertEqual(self.resolve(PROXY, "203.0.113.5, [::1"), PROXY)
        self.assertEqual(self.resolve(PROXY, "203.0.113.5, 10.0.0.9, ☃"), PROXY)

    @BEHIND_NGINX
    def test_ipv6_ports_and_mapped_addresses(self) -> None:
        self.assertEqual(self.resolve("::1", "2001:db8::5"), "2001:db8::5")
        self.assertEqual(self.resolve("::1", "[2001:db8::5]:4711"), "2001:db8::5")
        self.assertEqual(self.resolve(PROXY, "203.0.113.5:4711"), "203.0.113.5")
        self.assertEqual(self.resolve("::ffff:10.0.0.7", "203.0.113.5"), "203.0.113.5")

    def test_client_ip_reads_the_request_once(self) -> None:
        request = RequestFactory().get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.5")
        with BEHIND_NGINX:
            self.assertEqual(client_ip(request), "203.0.113.5")
        request.META["REMOTE_ADDR"] = "203.0.113.5"  # as the middleware leaves it
        with BEHIND_NGINX:
            self.assertEqual(client_ip(request), "203.0.113.5")


class ThroughTheSiteTests(BaseTestCase):
    """The middleware puts the client in REMOTE_ADDR: every user of the address agrees."""

    def setUp(self) -> None:
        self.gate = Location.objects.create(code="CIP", name="Cổng thử", unit=self.office_unit)

    def post_checkin(self, peer: str, forwarded: str | None = None):  # type: ignore[no-untyped-def]
        headers = {"x-forwarded-for": forwarded} if forwarded else {}
        return self.client.post(
            reverse("public:checkin", kwargs={"token": self.gate.poster_token}),
            {"full_name": ""},
            REMOTE_ADDR=peer,
            headers=headers,
        )

    @BEHIND_NGINX
    def test_the_checkin_rate_limit_counts_each_client_behind_the_proxy(self) -> None:
        with override_settings(CHECKIN_RATE_PER_CLIENT=2):
            codes = [self.post_checkin(PROXY, "203.0.113.5").status_code for _ in range(3)]
            self.assertEqual(codes, [400, 400, 429])
            # Another phone behind the same proxy is not blocked by the first one.
            self.assertEqual(self.post_checkin(PROXY, "203.0.113.6").status_code, 400)
        keys = set(RateCounter.objects.values_list("key", flat=True))
        self.assertEqual(keys, {"checkin:ip:203.0.113.5", "checkin:ip:203.0.113.6"})

    def test_without_trusted_proxies_a_forged_header_changes_nothing(self) -> None:
        with override_settings(CHECKIN_RATE_PER_CLIENT=2):
            codes = [
                self.post_checkin("203.0.113.9", f"198.51.100.{n}").status_code for n in range(3)
            ]
        self.assertEqual(codes, [400, 400, 429])
        keys = set(RateCounter.objects.values_list("key", flat=True))
        self.assertEqual(keys, {"checkin:ip:203.0.113.9"})

    @BEHIND_NGINX
    def test_the_lockout_records_the_client_address(self) -> None:
        self.client.post(
            reverse("accounts:login"),
            {"username": "head_a", "password": "wrong-password-000"},
            REMOTE_ADDR=PROXY,
            headers={"x-forwarded-for": "198.51.100.1, 203.0.113.5"},
        )
        self.assertEqual(
            list(AccessAttempt.objects.values_list("ip_address", flat=True)), ["203.0.113.5"]
        )

    @BEHIND_NGINX
    def test_the_audit_log_records_the_client_address(self) -> None:
        from phongdich.accounts import services

        request = RequestFactory().post("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.5")
        services.login_unlock(user=self.head_a, actor=self.admin, ip=client_ip(request))
        event = AuditEvent.objects.get(action="accounts.login.unlock")
        self.assertEqual(event.ip_address, "203.0.113.5")

    @BEHIND_NGINX
    def test_the_admin_unlock_through_the_site_records_the_client_address(self) -> None:
        self.login(self.admin)
        self.client.post(
            reverse("admin:accounts_user_changelist"),
            {"action": "unlock_login", "_selected_action": [self.head_a.pk]},
            REMOTE_ADDR=PROXY,
            headers={"x-forwarded-for": "203.0.113.77"},
        )
        event = AuditEvent.objects.get(action="accounts.login.unlock")
        self.assertEqual(event.ip_address, "203.0.113.77")

    @BEHIND_NGINX
    def test_the_peer_stays_available(self) -> None:
        from django.http import HttpRequest

        from phongdich.core.middleware import ClientAddressMiddleware

        seen: dict[str, object] = {}

        def view(request: HttpRequest):  # type: ignore[no-untyped-def]
            seen.update(request.META)
            from django.http import HttpResponse

            return HttpResponse()

        request = RequestFactory().get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.5")
        ClientAddressMiddleware(view)(request)
        self.assertEqual(seen["REMOTE_ADDR"], "203.0.113.5")
        self.assertEqual(seen[PEER_ADDR], PROXY)

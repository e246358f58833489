"""TOTP for privileged roles: enrolment with a QR code, the log-in step, recovery
codes, remembered browsers, the Admin's reset; optional for everyone else."""

from __future__ import annotations

import io
import re
import time

from django.conf import settings
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from phongdich.accounts import services, two_factor
from phongdich.accounts.demo import demo_key, enrol_demo_accounts
from phongdich.accounts.models import RecoveryCode, TrustedBrowser
from phongdich.core.models import AuditEvent
from phongdich.core.tests.base import PASSWORD, BaseTestCase

LOGIN = reverse("accounts:login")
ENROL = reverse("accounts:two_factor_enrol")
VERIFY = reverse("accounts:two_factor_verify")
CODES = reverse("accounts:two_factor_codes")
HOME = reverse("core:home")
STAFF_LIST = reverse("org:staff_list")


def enrolled(user, key: str | None = None) -> TOTPDevice:  # type: ignore[no-untyped-def]
    return TOTPDevice.objects.create(
        user=user, name="TOTP", key=key or demo_key(user.username), confirmed=True
    )


class TwoFactorTestCase(BaseTestCase):
    def password_login(self, username: str, **extra: str):  # type: ignore[no-untyped-def]
        return self.client.post(LOGIN, {"username": username, "password": PASSWORD, **extra})

    def verify(self, code: str, *, remember: bool = False, next_url: str = HOME):  # type: ignore[no-untyped-def]
        data = {"code": code, "next": next_url}
        if remember:
            data["remember"] = "on"
        return self.client.post(VERIFY, data)

    def current_code(self, user) -> str:  # type: ignore[no-untyped-def]
        device = TOTPDevice.objects.get(user=user)
        # A code not used yet: the step after the last verified one, if that is now.
        step = max(int(time.time()) // 30, device.last_t + 1)
        return two_factor.code_at(device.key, at=step * 30)


class RequiredRolesTests(TwoFactorTestCase):
    def test_the_five_roles_require_it_by_default(self) -> None:
        self.assertEqual(
            sorted(settings.TWO_FACTOR_REQUIRED_ROLES),
            ["admin", "director", "it", "office", "tracer"],
        )
        required = {name for name, user in self.cast.items() if two_factor.required_for(user)}
        self.assertEqual(required, {"director", "office", "tracer", "it", "admin"})

    def test_a_privileged_user_goes_from_the_password_to_the_enrolment(self) -> None:
        response = self.password_login("director", next=STAFF_LIST)
        self.assertRedirects(
            response, f"{ENROL}?next=%2Fto-chuc%2Fcan-bo%2F", fetch_redirect_response=False
        )

    def test_until_enrolled_every_page_leads_to_the_enrolment(self) -> None:
        self.password_login("office")
        for url in (HOME, STAFF_LIST, reverse("admin:index"), reverse("checkin:log_index")):
            with self.subTest(url):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 302)
                self.assertTrue(response["Location"].startswith(ENROL + "?next="))

    def test_an_htmx_request_is_sent_to_the_enrolment_as_a_whole_page(self) -> None:
        self.password_login("office")
        response = self.client.get(STAFF_LIST, headers={"hx-request": "true"})
        self.assertEqual(response.status_code, 204)
        self.assertTrue(response["HX-Redirect"].startswith(ENROL))

    def test_log_out_and_the_public_checkin_stay_open(self) -> None:
        self.password_login("office")
        self.assertEqual(self.client.get(reverse("public:manual_code")).status_code, 200)
        response = self.client.post(reverse("accounts:logout"))
        self.assertRedirects(response, LOGIN)

    def test_a_user_of_another_role_is_not_asked(self) -> None:
        response = self.password_login("head_a", next=STAFF_LIST)
        self.assertRedirects(response, STAFF_LIST)

    @override_settings(TWO_FACTOR_REQUIRED_ROLES=["unit_head"])
    def test_the_setting_names_the_roles(self) -> None:
        self.assertRedirects(self.password_login("director"), HOME)
        self.client.logout()
        response = self.password_login("head_a")
        self.assertTrue(response["Location"].startswith(ENROL))

    def test_the_test_clients_force_login_counts_as_verified(self) -> None:
        self.login(self.director)
        self.assertEqual(self.client.get(HOME).status_code, 200)


class EnrolmentTests(TwoFactorTestCase):
    def setUp(self) -> None:
        self.password_login("tracer")

    def pending_key(self) -> str:
        return str(self.client.session[two_factor.PENDING_KEY])

    def test_the_page_shows_an_inline_svg_qr_code_and_the_secret(self) -> None:
        response = self.client.get(ENROL)
        self.assertEqual(response.status_code, 200)
        html = response.content.decode()
        svg = re.search(r"<svg.*?</svg>", html, re.S)
        assert svg is not None
        self.assertNotIn("style=", svg.group(0))
        self.assertNotIn("<script", svg.group(0))
        self.assertNotIn("otpauth://", html.replace(svg.group(0), ""))  # only inside the QR
        key = self.pending_key()
        self.assertContains(response, two_factor.secret_for_typing(key))
        # The same secret until the enrolment is done (a reload does not change it).
        self.client.get(ENROL)
        self.assertEqual(self.pending_key(), key)

    def test_the_qr_code_holds_the_otpauth_url(self) -> None:
        self.client.get(ENROL)
        url = two_factor.config_url(self.pending_key(), "tracer")
        self.assertTrue(
            url.startswith("otpauth://totp/Ph%C3%B2ng%20d%E1%BB%8Bch%20s%E1%BB%91%3Atracer?")
        )
        self.assertIn("issuer=Ph%C3%B2ng%20d%E1%BB%8Bch%20s%E1%BB%91", url)

    def test_the_code_of_the_app_enrols_and_shows_ten_recovery_codes_once(self) -> None:
        self.client.get(ENROL + "?next=/to-chuc/can-bo/")
        key = self.pending_key()
        response = self.client.post(ENROL, {"code": two_factor.code_at(key), "next": STAFF_LIST})
        self.assertRedirects(
            response, f"{CODES}?next=%2Fto-chuc%2Fcan-bo%2F", fetch_redirect_response=False
        )
        page = self.client.get(response["Location"])
        codes = re.findall(r"<code>([0-9a-z]{5}-[0-9a-z]{5})</code>", page.content.decode())
        self.assertEqual(len(codes), 10)
        self.assertEqual(len(set(codes)), 10)
        self.assertContains(page, 'href="/to-chuc/can-bo/"')
        self.assertRedirects(self.client.get(CODES), reverse("accounts:two_factor"))
        stored = set(
            RecoveryCode.objects.filter(user=self.tracer).values_list("code_hash", flat=True)
        )
        self.assertEqual(stored, {two_factor.code_hash(c) for c in codes})
        self.assertFalse(any(c in h for c in codes for h in stored))
        device = TOTPDevice.objects.get(user=self.tracer)
        self.assertTrue(device.confirmed)
        self.assertEqual(device.key, key)
        self.assertEqual(self.client.get(STAFF_LIST).status_code, 200)
        event = AuditEvent.objects.get(action="accounts.two_factor.enrol")
        self.assertEqual(event.actor, self.tracer)

    def test_a_wrong_code_does_not_enrol(self) -> None:
        self.client.get(ENROL)
        response = self.client.post(ENROL, {"code": "000000"})
        if two_factor.code_matches(self.pending_key(), "000000"):
            self.skipTest("000000 happens to be the code now")
        self.assertContains(response, "Mã không đúng")
        self.assertFalse(TOTPDevice.objects.filter(user=self.tracer).exists())
        self.assertEqual(self.client.get(HOME).status_code, 302)

    def test_an_enrolled_user_cannot_enrol_over_their_authenticator(self) -> None:
        enrolled(self.tracer)
        self.assertRedirects(
            self.client.get(ENROL), reverse("accounts:two_factor"), fetch_redirect_response=False
        )


class VerificationTests(TwoFactorTestCase):
    def setUp(self) -> None:
        self.device = enrolled(self.office)

    def test_an_enrolled_user_types_the_code_after_the_password(self) -> None:
        response = self.password_login("office", next=STAFF_LIST)
        self.assertRedirects(
            response, f"{VERIFY}?next=%2Fto-chuc%2Fcan-bo%2F", fetch_redirect_response=False
        )
        self.assertEqual(self.client.get(STAFF_LIST).status_code, 302)
        response = self.verify(self.current_code(self.office), next_url=STAFF_LIST)
        self.assertRedirects(response, STAFF_LIST)

    def test_a_wrong_code_is_refused_in_vietnamese(self) -> None:
        self.password_login("office")
        good = self.current_code(self.office)
        wrong = "111111" if good != "111111" else "222222"
        response = self.verify(wrong)
        self.assertContains(response, "Mã xác thực không đúng")
        self.assertEqual(self.client.get(HOME).status_code, 302)

    def test_failures_slow_the_next_try_down(self) -> None:
        self.password_login("office")
        self.verify("111111x")
        response = self.verify(self.current_code(self.office))
        self.assertContains(response, "Đã nhập sai nhiều lần. Vui lòng đợi")

    def test_a_code_works_only_once(self) -> None:
        self.password_login("office")
        device = TOTPDevice.objects.get(user=self.office)
        now_code = two_factor.code_at(device.key)
        self.assertRedirects(self.verify(now_code), HOME)
        self.client.logout()
        self.password_login("office")
        response = self.verify(now_code)
        self.assertContains(response, "Mã xác thực không đúng hoặc đã được dùng")

    def test_an_unsafe_next_is_ignored(self) -> None:
        self.password_login("office")
        response = self.verify(self.current_code(self.office), next_url="https://evil.example/")
        self.assertRedirects(response, HOME)

    def test_the_verification_page_of_a_verified_session_sends_on(self) -> None:
        self.password_login("office")
        self.verify(self.current_code(self.office))
        self.assertRedirects(self.client.get(VERIFY + "?next=/to-chuc/can-bo/"), STAFF_LIST)


class RecoveryCodeTests(TwoFactorTestCase):
    def setUp(self) -> None:
        self.password_login("it")
        self.client.get(ENROL)
        key = str(self.client.session[two_factor.PENDING_KEY])
        self.client.post(ENROL, {"code": two_factor.code_at(key)})
        page = self.client.get(CODES)
        self.codes = re.findall(r"<code>([0-9a-z]{5}-[0-9a-z]{5})</code>", page.content.decode())
        self.client.logout()
        self.password_login("it")

    def test_a_recovery_code_stands_in_for_the_app_once(self) -> None:
        response = self.verify(self.codes[0].upper().replace("-", " "))
        self.assertRedirects(response, HOME, fetch_redirect_response=False)
        self.assertEqual(self.client.get(HOME).status_code, 200)
        event = AuditEvent.objects.get(action="accounts.two_factor.recovery_code_used")
        self.assertEqual(event.detail, {"codes_left": 9})
        self.client.logout()
        self.password_login("it")
        self.assertContains(self.verify(self.codes[0]), "Mã xác thực không đúng")

    def test_new_codes_replace_the_old_ones(self) -> None:
        self.verify(self.codes[1])
        response = self.client.post(CODES)
        page = self.client.get(response["Location"])
        fresh = re.findall(r"<code>([0-9a-z]{5}-[0-9a-z]{5})</code>", page.content.decode())
        self.assertEqual(len(fresh), 10)
        self.client.logout()
        self.password_login("it")
        self.assertContains(self.verify(self.codes[2]), "Mã xác thực không đúng")
        TOTPDevice.objects.update(throttling_failure_count=0, throttling_failure_timestamp=None)
        self.assertRedirects(self.verify(fresh[0]), HOME, fetch_redirect_response=False)


class RememberedBrowserTests(TwoFactorTestCase):
    def setUp(self) -> None:
        enrolled(self.admin)
        self.password_login("admin")

    def test_a_remembered_browser_skips_the_code_for_thirty_days(self) -> None:
        response = self.verify(self.current_code(self.admin), remember=True)
        cookie = response.cookies[two_factor.BROWSER_COOKIE]
        self.assertTrue(cookie["httponly"])
        self.assertEqual(bool(cookie["secure"]), not settings.DEBUG)
        self.assertEqual(cookie["samesite"], "Lax")
        self.assertEqual(int(cookie["max-age"]), 30 * 86400)
        self.client.logout()  # the test client forgets every cookie: give this one back
        self.client.cookies[two_factor.BROWSER_COOKIE] = cookie.value
        response = self.password_login("admin", next=STAFF_LIST)
        self.assertRedirects(response, STAFF_LIST)
        browser = TrustedBrowser.objects.get(user=self.admin)
        self.assertIsNotNone(browser.last_used_at)

    def test_the_cookie_is_bound_to_its_user(self) -> None:
        response = self.verify(self.current_code(self.admin), remember=True)
        self.client.logout()
        self.client.cookies[two_factor.BROWSER_COOKIE] = response.cookies[
            two_factor.BROWSER_COOKIE
        ].value
        enrolled(self.director)
        response = self.password_login("director")
        self.assertTrue(response["Location"].startswith(VERIFY))

    def test_forgetting_the_browsers_revokes_the_cookie(self) -> None:
        self.verify(self.current_code(self.admin), remember=True)
        cookie = self.client.cookies[two_factor.BROWSER_COOKIE].value
        self.client.post(reverse("accounts:two_factor_browsers_forget"))
        self.assertFalse(TrustedBrowser.objects.filter(user=self.admin).exists())
        self.client.logout()
        self.client.cookies[two_factor.BROWSER_COOKIE] = cookie
        self.assertTrue(self.password_login("admin")["Location"].startswith(VERIFY))
        self.assertTrue(AuditEvent.objects.filter(action="accounts.two_factor.browsers_forget"))

    def test_an_expired_or_forged_cookie_is_not_enough(self) -> None:
        from datetime import timedelta

        from django.utils import timezone

        response = self.verify(self.current_code(self.admin), remember=True)
        TrustedBrowser.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
        self.client.logout()
        self.client.cookies[two_factor.BROWSER_COOKIE] = response.cookies[
            two_factor.BROWSER_COOKIE
        ].value
        self.assertTrue(self.password_login("admin")["Location"].startswith(VERIFY))
        self.client.logout()
        self.client.cookies[two_factor.BROWSER_COOKIE] = f"{self.admin.pk}:forged"
        self.assertTrue(self.password_login("admin")["Location"].startswith(VERIFY))

    def test_without_the_tick_nothing_is_remembered(self) -> None:
        response = self.verify(self.current_code(self.admin))
        self.assertNotIn(two_factor.BROWSER_COOKIE, response.cookies)
        self.assertFalse(TrustedBrowser.objects.exists())


class OptionalTests(TwoFactorTestCase):
    def test_another_role_may_enrol_and_then_must_verify(self) -> None:
        self.password_login("head_a")
        self.client.get(ENROL)
        key = str(self.client.session[two_factor.PENDING_KEY])
        self.client.post(ENROL, {"code": two_factor.code_at(key)})
        self.client.logout()
        response = self.password_login("head_a")
        self.assertTrue(response["Location"].startswith(VERIFY))

    def test_another_role_may_turn_it_off(self) -> None:
        enrolled(self.head_a)
        self.password_login("head_a")
        self.verify(self.current_code(self.head_a))
        self.client.post(reverse("accounts:two_factor_disable"))
        self.assertFalse(TOTPDevice.objects.filter(user=self.head_a).exists())
        self.assertTrue(AuditEvent.objects.filter(action="accounts.two_factor.disable"))

    def test_a_required_role_cannot_turn_it_off(self) -> None:
        enrolled(self.director)
        self.password_login("director")
        self.verify(self.current_code(self.director))
        response = self.client.post(reverse("accounts:two_factor_disable"), follow=True)
        self.assertContains(response, "bắt buộc xác thực hai lớp")
        self.assertTrue(TOTPDevice.objects.filter(user=self.director).exists())

    def test_the_status_page(self) -> None:
        self.login(self.head_a)
        self.assertContains(self.client.get(reverse("accounts:two_factor")), "Chưa bật")
        enrolled(self.head_a)
        RecoveryCode.objects.create(user=self.head_a, code_hash="x")
        response = self.client.get(reverse("accounts:two_factor"))
        self.assertContains(response, "Đang bật")
        self.assertContains(response, "Còn 1 mã khôi phục chưa dùng.")


class AdminResetTests(TwoFactorTestCase):
    def test_the_admin_resets_a_second_factor_and_it_is_audited(self) -> None:
        enrolled(self.director)
        services.recovery_codes_regenerate(user=self.director, ip=None)
        TrustedBrowser.objects.create(
            user=self.director, key_hash="k", expires_at="2999-01-01T00:00:00Z"
        )
        # The director is signed in (verified) elsewhere.
        self.password_login("director")
        self.verify(self.current_code(self.director))
        self.assertEqual(self.client.get(HOME).status_code, 200)

        from django.test import Client

        admin = Client()
        admin.force_login(self.admin)
        response = admin.post(
            reverse("admin:accounts_user_changelist"),
            {"action": "reset_second_factor", "_selected_action": [self.director.pk]},
            follow=True,
        )
        self.assertContains(response, "Đã đặt lại xác thực hai lớp của 1 tài khoản")
        self.assertFalse(TOTPDevice.objects.filter(user=self.director).exists())
        self.assertFalse(RecoveryCode.objects.filter(user=self.director).exists())
        self.assertFalse(TrustedBrowser.objects.filter(user=self.director).exists())
        event = AuditEvent.objects.get(action="accounts.two_factor.reset")
        self.assertEqual(event.actor, self.admin)
        self.assertEqual(event.object_id, str(self.director.pk))
        self.assertEqual(event.detail, {"devices": 1, "codes": 10, "browsers": 1})
        # The director's session must enrol again.
        self.assertTrue(self.client.get(HOME)["Location"].startswith(ENROL))

    def test_the_admin_cannot_read_totp_secrets(self) -> None:
        from django.contrib import admin

        self.assertNotIn(TOTPDevice, admin.site._registry)


class DemoTests(TwoFactorTestCase):
    def test_the_demo_hook_enrols_the_privileged_accounts_with_known_keys(self) -> None:
        names = [user.username for user in self.cast.values()]
        secrets = enrol_demo_accounts(names)
        self.assertEqual(set(secrets), {"director", "office", "tracer", "it", "admin"})
        device = TOTPDevice.objects.get(user=self.director)
        self.assertEqual(device.key, demo_key("director"))
        self.assertEqual(secrets["director"], two_factor.secret_for_typing(device.key))
        self.assertEqual(enrol_demo_accounts(names), secrets)  # idempotent
        self.assertEqual(TOTPDevice.objects.count(), 5)

    @override_settings(DEBUG=True)
    def test_totp_code_prints_the_current_code(self) -> None:
        enrolled(self.director)
        out = io.StringIO()
        call_command("totp_code", "director", stdout=out)
        code = out.getvalue().strip()
        self.assertRegex(code, r"^\d{6}$")
        self.assertTrue(two_factor.code_matches(demo_key("director"), code))

    @override_settings(DEBUG=True)
    def test_totp_code_says_when_there_is_nothing_to_print(self) -> None:
        with self.assertRaisesMessage(CommandError, "chưa đăng ký"):
            call_command("totp_code", "director")
        with self.assertRaisesMessage(CommandError, "Không có tài khoản"):
            call_command("totp_code", "nobody")

    @override_settings(DEBUG=False)
    def test_totp_code_is_refused_in_production(self) -> None:
        enrolled(self.director)
        with self.assertRaisesMessage(CommandError, "DEBUG=1"):
            call_command("totp_code", "director")

"""The tracing app registers its retention providers at start, or refuses to start."""

from __future__ import annotations

from types import ModuleType
from unittest import mock

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.test import SimpleTestCase

from phongdich.checkin import retention as checkin_retention
from phongdich.tracing import retention


def fake_checkin_retention(*hooks: str) -> ModuleType:
    module = ModuleType("phongdich.checkin.retention")
    for name in hooks:
        setattr(module, name, mock.Mock(name=name))
    return module


class RetentionHooksTests(SimpleTestCase):
    def test_both_providers_are_registered_at_start(self) -> None:
        self.assertIn(retention.open_case_persons, checkin_retention.PROTECTED_PROVIDERS)
        self.assertIn(retention.referenced_persons, checkin_retention.KEPT_PROVIDERS)

    def test_it_hands_each_provider_to_its_hook(self) -> None:
        module = fake_checkin_retention("register_protected_provider", "register_kept_persons")
        retention.register_hooks(module)
        module.register_protected_provider.assert_called_once_with(retention.open_case_persons)
        module.register_kept_persons.assert_called_once_with(retention.referenced_persons)

    def test_a_missing_hook_fails_loudly_and_registers_nothing(self) -> None:
        module = fake_checkin_retention("register_kept_persons")
        with self.assertRaisesMessage(ImproperlyConfigured, "register_protected_provider"):
            retention.register_hooks(module)
        module.register_kept_persons.assert_not_called()

    def test_a_hook_that_is_not_callable_counts_as_missing(self) -> None:
        module = fake_checkin_retention("register_protected_provider")
        module.register_kept_persons = None  # type: ignore[attr-defined]
        with self.assertRaisesMessage(ImproperlyConfigured, "register_kept_persons"):
            retention.register_hooks(module)

    def test_the_app_does_not_start_without_the_hook(self) -> None:
        with mock.patch.dict(checkin_retention.__dict__):
            del checkin_retention.__dict__["register_protected_provider"]
            with self.assertRaises(ImproperlyConfigured):
                apps.get_app_config("tracing").ready()

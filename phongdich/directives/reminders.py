"""Kept only for ``tasks.send_reminders_daily``, which imports ``reminders_send`` from
here; the reminders live in ``services.reminders`` (and ``selectors.reminders``).
Delete this module once tasks.py imports from ``services.reminders``."""

from phongdich.directives.services.reminders import reminders_send

__all__ = ["reminders_send"]

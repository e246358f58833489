"""The privacy module's deadlines, as settings (each with a default here).

The defaults below are what this module implements; they must be checked against
the text of Law 91/2025/QH15 and Decree 356/2025/NĐ-CP by the department's legal
officer (docs/privacy.md, "Deadlines"):

- ``PRIVACY_ACK_WORKING_DAYS`` (2): acknowledge a data subject's request within two
  working days of receiving it;
- ``PRIVACY_ANSWER_WORKING_DAYS`` (10): carry it out and answer within ten working days
  of receiving it;
- ``PRIVACY_BREACH_NOTIFY_HOURS`` (72): notify a personal data breach to the
  specialised agency within 72 hours of finding it;
- ``PRIVACY_REMIND_DAYS_BEFORE`` (1): the daily reminder names the requests whose
  answer is due within this many working days (and every overdue one);
- ``PRIVACY_PUBLIC_RATE_LIMIT`` / ``PRIVACY_PUBLIC_RATE_WINDOW_SECONDS`` (5 per hour):
  requests sent from the public page, per client address and per phone.
- ``PRIVACY_DOWNLOAD_DAYS`` (30): how long the person can download the answer to a
  "see my data" request from the public page on the same phone.
"""

from __future__ import annotations

from django.conf import settings


def ack_working_days() -> int:
    return int(getattr(settings, "PRIVACY_ACK_WORKING_DAYS", 2))


def answer_working_days() -> int:
    return int(getattr(settings, "PRIVACY_ANSWER_WORKING_DAYS", 10))


def breach_notify_hours() -> int:
    return int(getattr(settings, "PRIVACY_BREACH_NOTIFY_HOURS", 72))


def remind_days_before() -> int:
    return int(getattr(settings, "PRIVACY_REMIND_DAYS_BEFORE", 1))


def public_rate_limit() -> int:
    return int(getattr(settings, "PRIVACY_PUBLIC_RATE_LIMIT", 5))


def public_rate_window_seconds() -> int:
    return int(getattr(settings, "PRIVACY_PUBLIC_RATE_WINDOW_SECONDS", 3600))


def download_days() -> int:
    return int(getattr(settings, "PRIVACY_DOWNLOAD_DAYS", 30))

"""The privacy module's deadlines, as settings (each with a default here).

Sources (docs/privacy.md, "Deadlines"). Decree 356/2025/NĐ-CP (31/12/2025, in force
01/01/2026) details, among others, clause 5 of Article 9 of Law 91/2025/QH15 (how a
data subject's rights are carried out: Article 1 of the decree lists it). The stored
copy of the decree text that could be read here (wincolaw.com.vn) showed only its
preamble and Article 1; the articles with the time limits could not be read, so their
article and clause numbers are NOT cited here. The figures come from two law firms'
article-by-article summaries of the decree that agree with each other (Frasers,
19/01/2026, with a table decree 13 vs decree 356; CDLAF, "Rights of personal data
subjects ... under Decree No. 356/2025/ND-CP"). The legal officer must confirm the
article and clause before use.

- ``PRIVACY_ACK_WORKING_DAYS`` (2): respond to (acknowledge) a request within two
  working days of receiving it, and tell the person the procedure (both summaries);
- ``PRIVACY_WITHDRAW_DAYS`` (15): carry out a withdrawal of consent (and restriction
  or objection, which this module takes as a withdrawal) within 15 days of receiving
  it (both summaries; 20 days where a processor or a third party must stop too, not
  the case here: no processor receives the data; one extension of at most 15 days);
- ``PRIVACY_ANSWER_DAYS`` (10): carry out "see" (access, provision), "correct" and
  "delete" within 10 days. The CDLAF summary says "10 to 20 days" for these without
  naming which is which, and the Frasers table that names them was cut in the copy
  read; 10 days is the shortest figure reported, so the safe choice. Calendar days:
  both summaries write "days" for these limits and "working days" only for the
  acknowledgement;
- ``PRIVACY_BREACH_NOTIFY_HOURS`` (72): notify a personal data breach to the
  specialised agency within 72 hours of finding it (Law 91/2025/QH15 and the
  department's checklist, shared/docs/security.md; unchanged from Decree 13/2023,
  Article 23);
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


def answer_days() -> int:
    """See, correct, delete: calendar days to carry the request out."""
    return int(getattr(settings, "PRIVACY_ANSWER_DAYS", 10))


def withdraw_days() -> int:
    """Withdrawal of consent: calendar days to carry it out."""
    return int(getattr(settings, "PRIVACY_WITHDRAW_DAYS", 15))


def answer_days_for(kind: str) -> int:
    return withdraw_days() if kind == "withdraw" else answer_days()


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

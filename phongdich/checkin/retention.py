"""Retention hooks: which people the purge must spare, as other apps tell it.

The purge itself is ``services.retention.purge_expired``. The tracing app registers
here, in its AppConfig.ready(), the people tied to an open case (their data is not
purged at all) and the people its closed records still refer to (their Person row
stays while their expired visits go).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

# Callables returning person ids that must be kept (e.g. cases still open and their
# contacts). Other apps append to this list in their AppConfig.ready().
PROTECTED_PROVIDERS: list[Callable[[], Iterable[int]]] = []


# Callables returning person ids whose Person row must stay even when their visits
# and declarations have expired (e.g. referenced by a closed case's records).
KEPT_PROVIDERS: list[Callable[[], Iterable[int]]] = []


def register_protected_provider(provider: Callable[[], Iterable[int]]) -> None:
    """People whose data is not purged at all (tied to an open case)."""
    if provider not in PROTECTED_PROVIDERS:
        PROTECTED_PROVIDERS.append(provider)


register_protected_persons = register_protected_provider


def register_kept_persons(provider: Callable[[], Iterable[int]]) -> None:
    """People whose Person row is kept (their expired visits still go)."""
    if provider not in KEPT_PROVIDERS:
        KEPT_PROVIDERS.append(provider)


# Callables ``keeper(*, partitions, person_ids, cutoff) -> int`` that copy, out of the
# visit partitions about to be dropped (PostgreSQL), the rows of ``person_ids`` (tied
# to an open case) into their own tables, and release what they kept before
# ``cutoff`` for people no longer protected; the number of rows copied.
EVIDENCE_KEEPERS: list[Callable[..., int]] = []


def register_evidence_keeper(keeper: Callable[..., int]) -> None:
    """What an open case still needs of the visits in a dropped partition."""
    if keeper not in EVIDENCE_KEEPERS:
        EVIDENCE_KEEPERS.append(keeper)


def _gather(providers: list[Callable[[], Iterable[int]]]) -> set[int]:
    ids: set[int] = set()
    for provider in providers:
        ids.update(int(pk) for pk in provider())
    return ids


def protected_person_ids() -> set[int]:
    return _gather(PROTECTED_PROVIDERS)


def referenced_person_ids() -> set[int]:
    """People whose Person row stays (registered with register_kept_persons)."""
    return _gather(KEPT_PROVIDERS)


def kept_person_ids() -> set[int]:
    return protected_person_ids() | referenced_person_ids()

"""Record views and exports of personal data."""

from __future__ import annotations

import ipaddress
from functools import lru_cache
from typing import Any

from django.conf import settings
from django.http import HttpRequest

from phongdich.core.models import AuditEvent

type Network = ipaddress.IPv4Network | ipaddress.IPv6Network
type Address = ipaddress.IPv4Address | ipaddress.IPv6Address

# Where ClientAddressMiddleware keeps the direct peer once it has put the client
# address in REMOTE_ADDR (so that code reading REMOTE_ADDR sees the client too).
PEER_ADDR = "phongdich.peer_addr"
_RESOLVED = "phongdich.client_ip"


@lru_cache(maxsize=8)
def _networks(entries: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(entry, strict=False) for entry in entries)


def _address(text: str) -> Address | None:
    """An address as a proxy writes it: ``1.2.3.4``, ``::1``, ``[::1]``, ``1.2.3.4:5678``
    or ``[::1]:443``; None for anything else."""
    text = text.strip()
    if text.startswith("["):
        inside, bracket, port = text[1:].partition("]")
        if not bracket or (port and not port.startswith(":")):
            return None
        text = inside
    elif text.count(":") == 1:
        text = text.partition(":")[0]
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        return address.ipv4_mapped
    return address


def _trusted(address: Address, networks: tuple[Network, ...]) -> bool:
    return any(address in network for network in networks)


def resolve_client_ip(peer: str | None, forwarded_for: str | None) -> str | None:
    """The client address of a request that came from ``peer`` (REMOTE_ADDR) with the
    ``X-Forwarded-For`` header ``forwarded_for``.

    Only a peer in TRUSTED_PROXIES is believed: then the header is read from the right
    (each proxy appends the address it received from) and the first address that is
    not a trusted proxy is the client. Everything to its left was written by that
    client, or by whoever it pretends to relay for, and is ignored. A hop that is not
    an address stops the walk at the last proxy seen. An untrusted peer is the client,
    whatever headers it sends.
    """
    if not peer:
        return None
    networks = _networks(tuple(settings.TRUSTED_PROXIES))
    address = _address(peer)
    if address is None or not networks or not _trusted(address, networks):
        return peer
    client = address
    for hop in reversed((forwarded_for or "").split(",")):
        hop_address = _address(hop)
        if hop_address is None:
            break
        client = hop_address
        if not _trusted(hop_address, networks):
            break
    return str(client)


def client_ip(request: HttpRequest) -> str | None:
    """The address of the client that sent ``request``: REMOTE_ADDR, or behind a
    trusted proxy the right-most untrusted address of X-Forwarded-For (see
    ``resolve_client_ip``). Rate limits, the log-in lockout and the audit log use it."""
    meta = request.META
    if _RESOLVED in meta:
        resolved: str | None = meta[_RESOLVED]
        return resolved
    resolved = resolve_client_ip(meta.get("REMOTE_ADDR"), meta.get("HTTP_X_FORWARDED_FOR"))
    meta[_RESOLVED] = resolved
    return resolved


def audit(
    request: HttpRequest | None,
    action: str,
    *,
    actor: Any = None,
    obj: Any = None,
    object_type: str = "",
    object_id: str = "",
    reason: str = "",
    ip: str | None = None,
    **detail: Any,
) -> AuditEvent:
    """One audit entry. Services call it inside their transaction with ``actor`` and
    ``ip`` (the client address the view read with ``client_ip``); ``request`` is kept
    for callers that have one (commands pass None)."""
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
    user = actor if actor is not None else getattr(request, "user", None)
    return AuditEvent.objects.create(
        actor=user if getattr(user, "is_authenticated", False) else None,
        action=action,
        object_type=object_type,
        object_id=object_id,
        reason=reason,
        detail=detail,
        ip_address=ip or (client_ip(request) if request is not None else None),
    )

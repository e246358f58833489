"""Record views and exports of personal data."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from phongdich.core.models import AuditEvent


def client_ip(request: HttpRequest) -> str | None:
    return request.META.get("REMOTE_ADDR") or None


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

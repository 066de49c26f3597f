"""Write audit rows. Every domain write calls ``record`` inside its own transaction."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest

from saferplaces.audit.models import AuditEvent


def client_ip(request: HttpRequest | None) -> str | None:
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def record(
    action: str,
    *,
    user: Any = None,
    request: HttpRequest | None = None,
    object_type: str = "",
    object_id: object = "",
    district_id: int | None = None,
    **detail: Any,
) -> AuditEvent:
    """Append one audit row. ``detail`` holds what was seen or changed; never free-text personal data."""
    if user is None and request is not None:
        user = request.user
    real_user = user if (user is not None and getattr(user, "is_authenticated", False)) else None
    return AuditEvent.objects.create(
        user=real_user,
        username=getattr(real_user, "username", "") if real_user else detail.pop("username", ""),
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        district_id=district_id,
        detail=detail,
        ip_address=client_ip(request),
    )


@receiver(user_logged_in)
def _on_login(sender: object, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    record(AuditEvent.Action.LOGIN, user=user, request=request, object_type="user", object_id=user.pk)


@receiver(user_logged_out)
def _on_logout(sender: object, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    if user is not None:
        record(AuditEvent.Action.LOGOUT, user=user, request=request, object_type="user", object_id=user.pk)


@receiver(user_login_failed)
def _on_login_failed(
    sender: object, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    # The attempted username is kept to spot guessing; the password never is.
    record(
        AuditEvent.Action.LOGIN_FAILED,
        request=request,
        object_type="user",
        username=str(credentials.get("username", ""))[:150],
    )

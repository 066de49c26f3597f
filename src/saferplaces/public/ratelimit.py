"""Per-address rate limits for public forms and sign-ins (fixed windows, counted in the database).

A database counter works the same with one web process or many, on SQLite and PostgreSQL, with no
cache server. Old windows are deleted as new ones open.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import datetime, timedelta
from functools import wraps
from typing import Any, TypeVar

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.http import HttpRequest, HttpResponseBase
from django.shortcuts import render
from django.utils import timezone

from saferplaces.public.models import RateLimitBucket

F_ = TypeVar("F_", bound=Callable[..., HttpResponseBase])


def client_address(request: HttpRequest) -> str:
    # Behind a trusted proxy the first X-Forwarded-For hop is the client; otherwise REMOTE_ADDR.
    if getattr(settings, "TRUST_X_FORWARDED_FOR", False):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[0].strip()
    return str(request.META.get("REMOTE_ADDR", ""))


def _key(scope: str, address: str) -> str:
    return hashlib.sha256(f"{settings.SECRET_KEY}|{scope}|{address}".encode()).hexdigest()


def _window(now: datetime, seconds: int) -> datetime:
    epoch = int(now.timestamp())
    return datetime.fromtimestamp(epoch - epoch % seconds, tz=now.tzinfo)


def hit(request: HttpRequest, scope: str, limit: int, window_seconds: int) -> bool:
    """Count one attempt; True while the address is within ``limit`` attempts in the window."""
    now = timezone.now()
    start = _window(now, window_seconds)
    key = _key(scope, client_address(request))
    with transaction.atomic():
        updated = RateLimitBucket.objects.filter(key=key, window_start=start).update(hits=F("hits") + 1)
        if not updated:
            try:
                with transaction.atomic():
                    RateLimitBucket.objects.create(key=key, window_start=start, hits=1)
            except IntegrityError:  # another request opened the window first
                RateLimitBucket.objects.filter(key=key, window_start=start).update(hits=F("hits") + 1)
            RateLimitBucket.objects.filter(window_start__lt=now - timedelta(days=1)).delete()
        hits = (
            RateLimitBucket.objects.filter(key=key, window_start=start).values_list("hits", flat=True).first()
        )
    return (hits or 0) <= limit


def rate_limited(
    scope: str, limit: int, window_seconds: int, methods: tuple[str, ...] = ("POST",)
) -> Callable[[F_], F_]:
    """Refuse a view with 429 once an address passes ``limit`` requests (of ``methods``) in the window."""

    def decorator(view: F_) -> F_:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if request.method in methods and not hit(request, scope, limit, window_seconds):
                response = render(request, "public/too_many_requests.html", status=429)
                response["Retry-After"] = str(window_seconds)
                return response
            return view(request, *args, **kwargs)

        return wrapped  # type: ignore[return-value]

    return decorator

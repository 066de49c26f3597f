"""Who is signed in to the tracker: the crime's id in the server-side session, never in a URL.

A victim session ends after ``TrackerSettings.idle_minutes`` without use, after ``MAX_SESSION_HOURS``
whatever happens, or when the crime's access code is re-issued.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from functools import wraps
from typing import Any, TypeVar

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone

from saferplaces.tracker.models import TrackedCrime, TrackerSettings

CRIME_KEY = "tracker_crime"
CODE_KEY = "tracker_code_issued"
STARTED_KEY = "tracker_started"
SEEN_KEY = "tracker_seen"
MAX_SESSION_HOURS = 8

V = TypeVar("V", bound=Callable[..., HttpResponse])


def start(request: HttpRequest, crime: TrackedCrime) -> None:
    """Open a victim session for ``crime`` under a new session key (no fixation)."""
    request.session.cycle_key()
    now = timezone.now().timestamp()
    request.session[CRIME_KEY] = crime.pk
    request.session[CODE_KEY] = crime.code_issued_at.isoformat() if crime.code_issued_at else ""
    request.session[STARTED_KEY] = now
    request.session[SEEN_KEY] = now
    _set_expiry(request)


def _set_expiry(request: HttpRequest) -> None:
    # A staff member's own sign-in keeps its expiry; a victim's session lasts while in use.
    if not request.user.is_authenticated:
        request.session.set_expiry(TrackerSettings.load().idle_minutes * 60)


def end(request: HttpRequest) -> None:
    """Sign the victim out, leaving any staff sign-in in the same browser alone."""
    if request.user.is_authenticated:
        for key in (CRIME_KEY, CODE_KEY, STARTED_KEY, SEEN_KEY):
            request.session.pop(key, None)
        request.session.cycle_key()
    else:
        request.session.flush()


def is_signed_in(request: HttpRequest) -> bool:
    return CRIME_KEY in request.session


def current_crime(request: HttpRequest) -> TrackedCrime | None:
    """The signed-in victim's crime, or None when there is none or the session has run out."""
    pk = request.session.get(CRIME_KEY)
    if pk is None:
        return None
    now = timezone.now()
    idle = timedelta(minutes=TrackerSettings.load().idle_minutes)
    started = request.session.get(STARTED_KEY, 0.0)
    seen = request.session.get(SEEN_KEY, 0.0)
    if now.timestamp() - seen > idle.total_seconds() or now.timestamp() - started > MAX_SESSION_HOURS * 3600:
        return None
    crime = TrackedCrime.objects.select_related("officer", "district").filter(pk=pk).first()
    if crime is None:
        return None
    issued = crime.code_issued_at.isoformat() if crime.code_issued_at else ""
    if issued != request.session.get(CODE_KEY):
        return None
    request.session[SEEN_KEY] = now.timestamp()
    _set_expiry(request)
    return crime


def victim_required(view: V) -> V:
    """Give the view the signed-in victim's crime as ``crime``; otherwise end the session."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        crime = current_crime(request)
        if crime is None:
            had_session = is_signed_in(request)
            end(request)
            return redirect("tracker:session_ended" if had_session else "tracker:sign_in")
        return view(request, crime, *args, **kwargs)

    return wrapped  # type: ignore[return-value]

"""The victim's pages at /track/: sign in, the crime's status, messages, property, sign out.

Public (no staff sign-in), rate limited per address, and keyed by the session: no reference or
personal data ever appears in a URL.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from saferplaces.public.ratelimit import rate_limited
from saferplaces.tracker import actions, session
from saferplaces.tracker.forms import MessageForm, PropertyForm, SignInForm, sign_in_failed_message
from saferplaces.tracker.models import Message, StatusChange, TrackedCrime, TrackerSettings

SERVICE = {"service_name": "Local Crime Tracker"}
# Per client address: a person mistyping a few times is fine; a script is stopped early.
SIGN_IN_LIMIT = 10
SIGN_IN_WINDOW = 15 * 60
FORM_LIMIT = 30
FORM_WINDOW = 60 * 60


def _page(request: HttpRequest, template: str, context: dict[str, object], status: int = 200) -> HttpResponse:
    return render(request, template, {**SERVICE, **context}, status=status)


@login_not_required
@require_http_methods(["GET", "POST"])
@rate_limited("tracker-sign-in", limit=SIGN_IN_LIMIT, window_seconds=SIGN_IN_WINDOW)
def sign_in(request: HttpRequest) -> HttpResponse:
    if request.method == "GET" and session.current_crime(request) is not None:
        return redirect("tracker:overview")
    form = SignInForm(request.POST or None)
    failed = False
    if request.method == "POST" and form.is_valid():
        crime = actions.do_attempt_sign_in(
            form.cleaned_data["reference"], form.cleaned_data["code"], request=request
        )
        if crime is not None:
            session.start(request, crime)
            return redirect("tracker:overview")
        # The same page and words whatever went wrong, and nothing typed is echoed back.
        form.add_error(None, sign_in_failed_message(TrackerSettings.load().lockout_minutes))
        failed = True
    return _page(request, "tracker/public/sign_in.html", {"form": form, "failed": failed})


@login_not_required
@session.victim_required
def overview(request: HttpRequest, crime: TrackedCrime) -> HttpResponse:
    today = timezone.localdate()
    events = list(crime.code_events.all())
    history: list[StatusChange] = list(crime.status_changes.all())
    return _page(
        request,
        "tracker/public/overview.html",
        {
            "crime": crime,
            "active": "overview",
            "officer": crime.officer,
            "history": list(reversed(history)),
            "updates_given": sorted(
                (e for e in events if e.update_given_at is not None),
                key=lambda e: (e.update_given_at, e.pk),
                reverse=True,
            ),
            "updates_due": [e for e in events if not e.update_given_at],
            "today": today,
        },
    )


@login_not_required
@session.victim_required
def message_list(request: HttpRequest, crime: TrackedCrime) -> HttpResponse:
    conversation = crime.messages.select_related("sender").order_by("sent_at", "id")
    waiting = [m for m in conversation if m.direction == Message.Direction.FROM_VICTIM and not m.answered_at]
    return _page(
        request,
        "tracker/public/messages.html",
        {
            "crime": crime,
            "active": "messages",
            "conversation": conversation,
            "respond_by": waiting[0].respond_by if waiting else None,
        },
    )


@login_not_required
@require_http_methods(["GET", "POST"])
@rate_limited("tracker-message", limit=FORM_LIMIT, window_seconds=FORM_WINDOW)
@session.victim_required
def message_new(request: HttpRequest, crime: TrackedCrime) -> HttpResponse:
    form = MessageForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        actions.do_send_victim_message(crime, form.cleaned_data["body"], request=request)
        messages.success(request, "Your message has been sent")
        return redirect("tracker:messages")
    return _page(
        request,
        "tracker/public/message_new.html",
        {
            "crime": crime,
            "active": "messages",
            "form": form,
            "response_days": TrackerSettings.load().response_working_days,
        },
    )


@login_not_required
@session.victim_required
def property_list(request: HttpRequest, crime: TrackedCrime) -> HttpResponse:
    return _page(
        request,
        "tracker/public/property.html",
        {"crime": crime, "active": "property", "items": crime.property_items.all()},
    )


@login_not_required
@require_http_methods(["GET", "POST"])
@rate_limited("tracker-property", limit=FORM_LIMIT, window_seconds=FORM_WINDOW)
@session.victim_required
def property_add(request: HttpRequest, crime: TrackedCrime) -> HttpResponse:
    form = PropertyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        actions.do_add_property(
            crime, data["item"], data["description"], data["value"], data["serial_number"], request=request
        )
        messages.success(request, "The property has been added")
        return redirect("tracker:property")
    return _page(
        request, "tracker/public/property_add.html", {"crime": crime, "active": "property", "form": form}
    )


@login_not_required
@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    session.end(request)
    return redirect("tracker:signed_out")


@login_not_required
def signed_out(request: HttpRequest) -> HttpResponse:
    return _page(request, "tracker/public/signed_out.html", {})


@login_not_required
def session_ended(request: HttpRequest) -> HttpResponse:
    minutes = TrackerSettings.load().idle_minutes
    return _page(request, "tracker/public/session_ended.html", {"idle_minutes": minutes})

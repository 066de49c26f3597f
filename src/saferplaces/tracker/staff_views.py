"""Staff pages of the tracker at /track/staff/: tracked crimes, the message queue, Victims' Code
updates due, and the monthly usage figures for the Panel.

Every page that shows a victim's details writes an audit row; lists show references, dates and
officers only. Crimes are addressed by their database id, never by reference or name.
"""

from __future__ import annotations

import csv

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from saferplaces.accounts.models import User
from saferplaces.accounts.permissions import role_required
from saferplaces.audit.log import record as audit
from saferplaces.audit.models import AuditEvent
from saferplaces.tracker import actions, queries
from saferplaces.tracker.forms import (
    CodeEventForm,
    FindForm,
    ReplyForm,
    StatusForm,
    TrackedCrimeForm,
    UpdateForm,
)
from saferplaces.tracker.models import CodeEvent, TrackedCrime
from saferplaces.tracker.queries import TRACKER_ROLES, USAGE_ROLES
from saferplaces.tracker.workingdays import working_days_late

PAGE_SIZE = 50


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _scope(request: HttpRequest, user: User) -> str:
    scope = request.GET.get("show", "")
    return scope if scope in queries.SCOPES else queries.default_scope(user)


@role_required(*TRACKER_ROLES)
@require_http_methods(["GET", "POST"])
def crime_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    scope = _scope(request, user)
    # Finding by reference is a POST so that the reference never sits in a URL or an access log.
    find = FindForm(request.POST or None)
    if request.method == "POST" and find.is_valid():
        crime = (
            queries.visible_crimes(user).filter(crime_reference=find.cleaned_data["crime_reference"]).first()
        )
        if crime is not None:
            return redirect("tracker:staff_crime", pk=crime.pk)
        find.add_error("crime_reference", "No tracked crime with this reference in your districts")
    page = Paginator(queries.crime_list(user, scope), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "tracker/staff/crime_list.html",
        {"page": page, "scope": scope, "scopes": queries.SCOPES, "find": find},
    )


@role_required(*TRACKER_ROLES)
@require_http_methods(["GET", "POST"])
def crime_new(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    form = TrackedCrimeForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        crime, code = actions.do_create_tracked_crime(
            actions.NewTrackedCrime(
                crime_reference=data["crime_reference"],
                district_id=data["district"].pk,
                victim_name=data["victim_name"],
                victim_email=data["victim_email"],
                victim_phone=data["victim_phone"],
                enhanced_reason=data["enhanced_reason"],
                officer=data["officer"],
            ),
            by=user,
            request=request,
        )
        # Rendered once in this response, never stored: a reload cannot show it again.
        return render(request, "tracker/staff/code_issued.html", {"crime": crime, "code": code, "new": True})
    return render(request, "tracker/staff/crime_new.html", {"form": form})


@role_required(*TRACKER_ROLES)
def crime_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    crime = queries.get_crime_for(user, pk)
    return _detail(request, user, crime)


def _detail(
    request: HttpRequest,
    user: User,
    crime: TrackedCrime,
    *,
    reply: ReplyForm | None = None,
    status: StatusForm | None = None,
    status_code: int = 200,
) -> HttpResponse:
    today = timezone.localdate()
    conversation = list(crime.messages.select_related("sender"))
    items = list(crime.property_items.all())
    audit(
        AuditEvent.Action.VIEW,
        request=request,
        object_type=actions.OBJECT_TYPE,
        object_id=crime.pk,
        district_id=crime.district_id,
        shown=["victim", "messages", "property"],
    )
    return render(
        request,
        "tracker/staff/crime_detail.html",
        {
            "crime": crime,
            "officer": crime.officer,
            "history": crime.status_changes.select_related("changed_by"),
            "events": crime.code_events.all(),
            "conversation": conversation,
            "items": items,
            "today": today,
            "locked": crime.locked_until is not None and crime.locked_until > timezone.now(),
            "reply": reply or ReplyForm(),
            "status_form": status or StatusForm(initial={"status": crime.status}),
        },
        status=status_code,
    )


@role_required(*TRACKER_ROLES)
@require_POST
def crime_status(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    crime = queries.get_crime_for(user, pk)
    form = StatusForm(request.POST)
    if not form.is_valid():
        return _detail(request, user, crime, status=form, status_code=400)
    actions.do_change_status(
        crime, form.cleaned_data["status"], form.cleaned_data["note"], by=user, request=request
    )
    messages.success(request, f"Status changed to “{crime.get_status_display()}”")
    return redirect("tracker:staff_crime", pk=crime.pk)


@role_required(*TRACKER_ROLES)
@require_POST
def crime_reply(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    crime = queries.get_crime_for(user, pk)
    form = ReplyForm(request.POST)
    if not form.is_valid():
        return _detail(request, user, crime, reply=form, status_code=400)
    actions.do_reply(crime, form.cleaned_data["body"], by=user, request=request)
    messages.success(request, "Reply sent: the victim will see it on their tracker")
    return redirect("tracker:staff_crime", pk=crime.pk)


@role_required(*TRACKER_ROLES)
@require_http_methods(["GET", "POST"])
def event_new(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    crime = queries.get_crime_for(user, pk)
    form = CodeEventForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        event = actions.do_record_code_event(
            crime, data["kind"], data["occurred_on"], data["update_text"], by=user, request=request
        )
        if event.update_given_at:
            messages.success(request, "Event recorded and the victim's update given")
        else:
            messages.success(
                request, f"Event recorded: the victim must be told by {event.due_on.day} {event.due_on:%B %Y}"
            )
        return redirect("tracker:staff_crime", pk=crime.pk)
    return render(request, "tracker/staff/event_new.html", {"crime": crime, "form": form})


@role_required(*TRACKER_ROLES)
@require_http_methods(["GET", "POST"])
def event_update(request: HttpRequest, pk: int, event_pk: int) -> HttpResponse:
    user = _user(request)
    crime = queries.get_crime_for(user, pk)
    event = get_object_or_404(CodeEvent, pk=event_pk, crime=crime)
    form = UpdateForm(request.POST or None, initial={"update_text": event.update_text})
    if request.method == "POST" and form.is_valid():
        actions.do_give_update(event, form.cleaned_data["update_text"], by=user, request=request)
        messages.success(request, "Update recorded: the victim will see it on their tracker")
        return redirect("tracker:staff_crime", pk=crime.pk)
    return render(
        request,
        "tracker/staff/event_update.html",
        {"crime": crime, "event": event, "form": form, "today": timezone.localdate()},
    )


@role_required(*TRACKER_ROLES)
@require_http_methods(["GET", "POST"])
def crime_code(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    crime = queries.get_crime_for(user, pk)
    if request.method == "POST":
        code = actions.do_reissue_access_code(crime, by=user, request=request)
        return render(request, "tracker/staff/code_issued.html", {"crime": crime, "code": code, "new": False})
    return render(request, "tracker/staff/code_confirm.html", {"crime": crime})


@role_required(*TRACKER_ROLES)
def message_queue(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    scope = _scope(request, user)
    today = timezone.localdate()
    rows = [
        {
            "message": m,
            "overdue": m.respond_by is not None and today > m.respond_by,
            "late_days": working_days_late(m.respond_by, today) if m.respond_by else 0,
        }
        for m in queries.message_queue(user, scope)[:500]
    ]
    return render(
        request,
        "tracker/staff/message_queue.html",
        {
            "rows": rows,
            "scope": scope,
            "scopes": queries.SCOPES,
            "today": today,
            "overdue": sum(r["overdue"] for r in rows),
        },
    )


@role_required(*TRACKER_ROLES)
def updates_due(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    scope = _scope(request, user)
    today = timezone.localdate()
    rows = [
        {"event": e, "overdue": e.is_overdue(today), "late_days": working_days_late(e.due_on, today)}
        for e in queries.updates_due(user, scope)[:500]
    ]
    return render(
        request,
        "tracker/staff/updates_due.html",
        {
            "rows": rows,
            "scope": scope,
            "scopes": queries.SCOPES,
            "today": today,
            "overdue": sum(r["overdue"] for r in rows),
        },
    )


def _year(request: HttpRequest) -> int | None:
    raw = request.GET.get("year", "")
    return int(raw) if raw.isdigit() and len(raw) == 4 else None


@role_required(*USAGE_ROLES)
def usage(request: HttpRequest) -> HttpResponse:
    year = _year(request)
    rows = queries.usage_by_month(year)
    totals = {
        "sign_ins": sum(r.sign_ins for r in rows),
        "messages": sum(r.messages for r in rows),
        "property_reports": sum(r.property_reports for r in rows),
        "total": sum(r.total for r in rows),
    }
    return render(
        request,
        "tracker/staff/usage.html",
        {"rows": rows, "totals": totals, "year": year, "years": queries.usage_years()},
    )


@role_required(*USAGE_ROLES)
def usage_csv(request: HttpRequest) -> HttpResponse:
    year = _year(request)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    name = f"tracker-usage-{year}.csv" if year else "tracker-usage.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    writer = csv.writer(response)
    writer.writerow(["month", "sign_ins", "messages", "property_reports", "total_uses"])
    for row in queries.usage_by_month(year):
        writer.writerow([f"{row.month:%Y-%m}", row.sign_ins, row.messages, row.property_reports, row.total])
    audit(AuditEvent.Action.EXPORT, request=request, object_type="tracker_usage", year=year)
    return response

"""Bus Safety Feedback pages: the public report (one question per page) and the Safer Travel team's side.

Thin: reads through queries.py, writes through actions.py. Staff views of a report are audited.
"""

from __future__ import annotations

import csv
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from saferplaces.accounts.models import User
from saferplaces.accounts.permissions import role_required
from saferplaces.audit.log import record as audit
from saferplaces.audit.models import AuditEvent
from saferplaces.bussafety import actions, forms, places
from saferplaces.bussafety.models import BusReport
from saferplaces.bussafety.queries import (
    STAFF_ROLES,
    WORK_ROLES,
    filter_reports,
    get_report_for,
    may_see_contact,
    month_summary,
    reports_by_month,
    visible_reports,
)
from saferplaces.casereviews.journey import Journey, Step, answered, step_view
from saferplaces.public.ratelimit import rate_limited

SERVICE = "Report feeling unsafe on a bus"
FORM_LIMIT = 300  # page-by-page answers per address per hour: one report is about seven
SUBMIT_LIMIT = 10  # reports sent per address per hour
MAP_LIMIT = 1200  # boundary requests per address per hour (one per pan or zoom)
WINDOW = 3600
DONE_KEY = "bussafety_reference"

JOURNEY = Journey(
    key="bussafety_report",
    steps=(
        Step("route", forms.RouteForm, "Which bus route was it?"),
        Step("where", forms.WhereForm, "Where did it happen?"),
        Step("when", forms.WhenForm, "When did it happen?"),
        Step("what", forms.WhatForm, "What happened?"),
        Step("reply", forms.ReplyForm, "Do you want a reply?"),
        Step(
            "contact", forms.ContactForm, "How can we reply to you?", answered("reply", "wants_reply", "yes")
        ),
    ),
    step_url="bussafety:report",
    check_url="bussafety:check",
    service_name=SERVICE,
    start_url="bussafety:start",
)


def _public(request: HttpRequest, template: str, context: dict[str, Any]) -> HttpResponse:
    return render(
        request, template, {"service_name": SERVICE, "service_url": reverse("bussafety:start"), **context}
    )


# --- the public report --------------------------------------------------------------------------------------
@login_not_required
def start(request: HttpRequest) -> HttpResponse:
    return _public(request, "bussafety/start.html", {})


@login_not_required
@rate_limited("bussafety-form", FORM_LIMIT, WINDOW)
def report_step(request: HttpRequest, slug: str) -> HttpResponse:
    if slug == "where":
        return step_view(
            JOURNEY,
            request,
            slug,
            template="bussafety/where.html",
            context={"map_bounds": places.extent()},
        )
    return step_view(JOURNEY, request, slug)


def _summary(answers: dict[str, dict[str, Any]]) -> list[tuple[str, str, str]]:
    route, where, when, what, reply = (answers[s] for s in ("route", "where", "when", "what", "reply"))
    url = JOURNEY.url
    occurred = f"{when['occurred_on'].day} {when['occurred_on']:%B %Y}"
    if when.get("occurred_time"):
        occurred += f" at {when['occurred_time']:%H:%M}"
    place = where["place"]
    if where.get("latitude") is not None:
        place += " (point marked on the map)"
    rows = []
    if reply["wants_reply"] == "yes":
        contact = answers["contact"]
        reply_text = "Yes"
        details = ", ".join(
            x for x in (contact["contact_name"], contact["contact_email"], contact["contact_phone"]) if x
        )
        rows.append(("Your contact details", details, url("contact")))
    else:
        reply_text = "No, anonymous"
    return [
        ("Bus route", str(route["route"]) if route.get("route") else route["route_text"], url("route")),
        ("Where", place, url("where")),
        ("When", occurred, url("when")),
        ("What happened", ", ".join(str(c) for c in what["concerns"]), url("what")),
        ("More details", what["description"] or "None given", url("what")),
        ("Reply", reply_text, url("reply")),
        *rows,
    ]


@login_not_required
@rate_limited("bussafety-submit", SUBMIT_LIMIT, WINDOW)
def check(request: HttpRequest) -> HttpResponse:
    missing = JOURNEY.first_incomplete(request)
    if missing is not None:
        return redirect(JOURNEY.url(missing.slug))
    answers = JOURNEY.cleaned(request)
    assert answers is not None  # every page was checked just above
    JOURNEY.mark_check_reached(request)
    if request.method == "POST":
        merged: dict[str, Any] = {}
        for data in answers.values():
            merged.update(data)
        report = actions.submit_report(merged, request=request)
        JOURNEY.clear(request)
        request.session[DONE_KEY] = report.reference
        return redirect("bussafety:done")
    return _public(
        request,
        "bussafety/check.html",
        {
            "rows": _summary(answers),
            "title": "Check your answers before sending your report",
            "back_url": JOURNEY.url(JOURNEY.active_steps(request)[-1].slug),
        },
    )


@login_not_required
def done(request: HttpRequest) -> HttpResponse:
    reference = request.session.get(DONE_KEY)
    if not reference:
        return redirect("bussafety:start")
    wants_reply = BusReport.objects.filter(reference=reference).values_list("wants_reply", flat=True).first()
    return _public(request, "bussafety/done.html", {"reference": reference, "wants_reply": wants_reply})


@login_not_required
@rate_limited("bussafety-map", MAP_LIMIT, WINDOW, methods=("GET",))
def map_areas(request: HttpRequest) -> JsonResponse:
    """LSOA boundaries in the map's view (``?bbox=west,south,east,north`` in WGS84 degrees)."""
    try:
        west, south, east, north = (float(v) for v in request.GET.get("bbox", "").split(","))
    except ValueError:
        return JsonResponse({"error": "bbox must be west,south,east,north"}, status=400)
    if not (-180 <= west < east <= 180 and -90 <= south < north <= 90):
        return JsonResponse({"error": "bbox out of range"}, status=400)
    return JsonResponse(places.areas_in_view(west, south, east, north))


@login_not_required
@rate_limited("bussafety-map", MAP_LIMIT, WINDOW, methods=("GET",))
def map_districts(request: HttpRequest) -> JsonResponse:
    return JsonResponse(places.district_outlines())


# --- staff: the Safer Travel team ---------------------------------------------------------------------------
def _user(request: HttpRequest) -> User:
    user: User = request.user  # type: ignore[assignment]
    return user


def _filtered(request: HttpRequest) -> tuple[forms.QueueFilterForm, Any]:
    form = forms.QueueFilterForm(request.GET or None)
    qs = visible_reports(_user(request)).select_related("route", "district").prefetch_related("concerns")
    if form.is_valid():
        qs = filter_reports(qs, form.cleaned_data)
    elif form.is_bound:
        qs = qs.none()
    return form, qs


@role_required(*STAFF_ROLES)
def queue(request: HttpRequest) -> HttpResponse:
    form, qs = _filtered(request)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    audit(
        AuditEvent.Action.VIEW,
        request=request,
        object_type="bus_report_list",
        shown=[r.reference for r in page.object_list],
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "bussafety/staff/queue.html",
        {"form": form, "page": page, "query": query.urlencode()},
    )


@role_required(*STAFF_ROLES)
def map_page(request: HttpRequest) -> HttpResponse:
    form, qs = _filtered(request)
    return render(
        request,
        "bussafety/staff/map.html",
        {
            "form": form,
            "query": request.GET.urlencode(),
            "map_bounds": places.extent(),
            "unmapped": qs.filter(latitude__isnull=True).count(),
        },
    )


@role_required(*STAFF_ROLES)
def map_reports(request: HttpRequest) -> JsonResponse:
    """The filtered reports that have a map point, as GeoJSON (no contact details, ever)."""
    _form, qs = _filtered(request)
    qs = qs.filter(latitude__isnull=False)[:2000]
    features: list[dict[str, Any]] = [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [r.longitude, r.latitude]},
            "properties": {
                "reference": r.reference,
                "route": r.route_label,
                "occurred_on": r.occurred_on.isoformat(),
                "types": [c.label for c in r.concerns.all()],
                "url": reverse("bussafety:detail", kwargs={"reference": r.reference}),
            },
        }
        for r in qs
    ]
    audit(
        AuditEvent.Action.VIEW,
        request=request,
        object_type="bus_report_list",
        shown=[f["properties"]["reference"] for f in features],
        view="map",
    )
    return JsonResponse({"type": "FeatureCollection", "features": features})


@role_required(*STAFF_ROLES)
def detail(request: HttpRequest, reference: str) -> HttpResponse:
    user = _user(request)
    report = get_report_for(user, reference)
    show_contact = may_see_contact(user) and report.wants_reply
    audit(
        AuditEvent.Action.VIEW,
        request=request,
        object_type=actions.OBJECT,
        object_id=report.reference,
        district_id=report.district_id,
        contact_shown=show_contact,
    )
    can_work = user.is_administrator or user.role in WORK_ROLES
    return render(
        request,
        "bussafety/staff/detail.html",
        {
            "report": report,
            "concerns": list(report.concerns.all()),
            "notes": list(report.notes.select_related("author")),
            "replies": list(report.replies.select_related("author")),
            "show_contact": show_contact,
            "can_work": can_work,
            "note_form": forms.NoteForm(),
            "reply_form": forms.ReplyRecordForm(),
            "status_form": forms.StatusForm(initial={"status": report.status}),
            "map_data": {
                "point": [report.latitude, report.longitude] if report.latitude is not None else None,
            },
        },
    )


def _work(request: HttpRequest, reference: str) -> tuple[User, BusReport]:
    user = _user(request)
    report = get_report_for(user, reference)
    if not (user.is_administrator or user.role in WORK_ROLES):
        raise PermissionDenied
    return user, report


@role_required(*STAFF_ROLES)
@require_POST
def add_note(request: HttpRequest, reference: str) -> HttpResponse:
    user, report = _work(request, reference)
    form = forms.NoteForm(request.POST)
    if form.is_valid():
        actions.add_note(report, user, form.cleaned_data["text"], request=request)
        messages.success(request, "Note added.")
    else:
        messages.error(request, "Not saved: write the note first.")
    return redirect("bussafety:detail", reference=report.reference)


@role_required(*STAFF_ROLES)
@require_POST
def record_reply(request: HttpRequest, reference: str) -> HttpResponse:
    user, report = _work(request, reference)
    form = forms.ReplyRecordForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Not saved: choose how you replied and write the reply.")
    else:
        try:
            actions.record_reply(report, user, request=request, **form.cleaned_data)
            messages.success(
                request, "Reply recorded. This system does not send it: reply by email or phone yourself."
            )
        except actions.ActionError as exc:
            messages.error(request, str(exc))
    return redirect("bussafety:detail", reference=report.reference)


@role_required(*STAFF_ROLES)
@require_POST
def set_status(request: HttpRequest, reference: str) -> HttpResponse:
    user, report = _work(request, reference)
    form = forms.StatusForm(request.POST)
    if form.is_valid():
        actions.set_status(report, user, form.cleaned_data["status"], request=request)
        messages.success(request, "Status changed.")
    return redirect("bussafety:detail", reference=report.reference)


def _summary_month(request: HttpRequest) -> tuple[forms.SummaryForm, Any]:
    today = timezone.localdate()
    form = forms.SummaryForm(request.GET or {"month": f"{today:%Y-%m}"})
    month = form.cleaned_data["month"] if form.is_valid() else today.replace(day=1)
    return form, month


@role_required(*STAFF_ROLES)
def summary(request: HttpRequest) -> HttpResponse:
    form, month = _summary_month(request)
    qs = visible_reports(_user(request))
    audit(AuditEvent.Action.VIEW, request=request, object_type="bus_report_summary", month=f"{month:%Y-%m}")
    return render(
        request,
        "bussafety/staff/summary.html",
        {"form": form, "summary": month_summary(qs, month), "months": reports_by_month(qs)[:24]},
    )


@role_required(*STAFF_ROLES)
def summary_csv(request: HttpRequest) -> HttpResponse:
    """The month's counts in long form: month, route, type, reports (a report may have several types)."""
    _form, month = _summary_month(request)
    result = month_summary(visible_reports(_user(request)), month)
    audit(AuditEvent.Action.EXPORT, request=request, object_type="bus_report_summary", month=f"{month:%Y-%m}")
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="bus-safety-{month:%Y-%m}.csv"'
    writer = csv.writer(response)
    writer.writerow(["month", "route", "type", "reports"])
    for label, total, counts in result.rows:
        writer.writerow([f"{month:%Y-%m}", label, "All types", total])
        for concern, n in zip(result.types, counts, strict=True):
            if n:
                writer.writerow([f"{month:%Y-%m}", label, concern.label, n])
    return response

"""Pages of the ASB review workflow. Thin: reads through queries.py, writes through actions.py.

Every view carries ``role_required`` (its allowed roles are discoverable for the permission matrix)
and reads through a district-aware query, so another district's object gives 403 and a missing one 404.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import IntegrityError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from saferplaces.accounts.models import CASEWORK_ROLES, Role, User
from saferplaces.accounts.permissions import can_see_people, role_required
from saferplaces.analytics.review import cdi
from saferplaces.areas.maps import nearby_lsoas
from saferplaces.audit.log import record as audit
from saferplaces.audit.models import AuditEvent
from saferplaces.review import actions, queries
from saferplaces.review.engine import engine_config
from saferplaces.review.forms import (
    CompletionForm,
    CrimeDecisionForm,
    InterventionForm,
    QueueFilterForm,
    RiskAssessmentForm,
    ShareForm,
    TaskForm,
)
from saferplaces.review.models import ReviewItem

PAGE_SIZE = 50
WORKERS = (Role.REVIEWER, Role.SUPERVISOR)
ITEM_VIEWERS = (*CASEWORK_ROLES, Role.PARTNER)
OFFICERS = (Role.NPT_OFFICER, Role.SUPERVISOR)
MI_ROLES = (Role.SUPERVISOR, Role.ANALYST, Role.PCC)


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _filtered_queue(request: HttpRequest) -> tuple[QueueFilterForm, Any]:
    user = _user(request)
    form = QueueFilterForm(request.GET or None, user=user)
    filters = form.cleaned_data if form.is_valid() else {}
    qs = queries.queue(user, filters)
    if form.is_bound and not form.is_valid():
        qs = qs.none()
    return form, qs


@role_required(*WORKERS)
def queue(request: HttpRequest) -> HttpResponse:
    """The reviewer's daily queue with filters, counts and claim buttons."""
    form, qs = _filtered_queue(request)
    counts = queries.queue_counts(qs)
    paginator = Paginator(qs, PAGE_SIZE)
    paginator.count = counts["total"]  # already counted with the figures
    page = paginator.get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "review/queue.html",
        {"form": form, "page": page, "counts": counts, "query": query.urlencode()},
    )


@role_required(*WORKERS)
def queue_api(request: HttpRequest) -> JsonResponse:
    """The queue as JSON (first page), for dashboards: references, flags and reasons, no names."""
    _form, qs = _filtered_queue(request)
    rows = [
        {
            "reference": i.incident.reference,
            "district": i.district.name if i.district else None,
            "risk": i.risk,
            "repeat_victim": i.repeat_victim,
            "repeat_location": i.repeat_location,
            "cdi_flag": i.cdi_flag,
            "status": i.status,
            "reasons": i.reasons,
        }
        for i in qs[:PAGE_SIZE]
    ]
    return JsonResponse({"counts": queries.queue_counts(qs), "items": rows})


def _highlight(narrative: str, cues: tuple[cdi.Cue, ...]) -> list[tuple[str, cdi.Cue | None]]:
    """The narrative cut into plain and cue segments, so the template can mark the evidence."""
    out: list[tuple[str, cdi.Cue | None]] = []
    pos = 0
    for cue in sorted(cues, key=lambda c: c.start):
        if cue.start < pos:
            continue  # overlapping cues: the first one is shown
        out.append((narrative[pos : cue.start], None))
        out.append((narrative[cue.start : cue.end], cue))
        pos = cue.end
    out.append((narrative[pos:], None))
    return [s for s in out if s[0]]


@role_required(*ITEM_VIEWERS)
def item(request: HttpRequest, reference: str) -> HttpResponse:
    """The incident review page: incident, histories, assessments, CDI evidence, map and actions."""
    user = _user(request)
    review = queries.get_item_for(user, reference)
    incident = review.incident
    show_people = can_see_people(user)
    people = list(incident.people.all()) if show_people else []
    hist = queries.histories(user, review)
    assessments = queries.assessments(incident)
    current_risk = assessments[0].risk if assessments else review.risk
    # The same inputs as the engine's run: the log's words and the same-suspect history.
    suspect = queries.suspect_person(review)
    priors = queries.prior_same_suspect(user, review, suspect, engine_config().course_of_conduct_days)
    hours = (incident.closed_at - incident.received_at).total_seconds() / 3600 if incident.closed_at else None
    assessed = cdi.assess(
        incident.narrative,
        prior_same_suspect=priors,
        has_suspect=suspect is not None,
        hours_to_decision=hours,
    )
    audit(
        AuditEvent.Action.VIEW, request=request, object_type="incident", object_id=incident.reference,
        district_id=incident.district_id, page="review", people_shown=[p.pk for p in people],
        history_shown=[i.pk for i in hist.person],
    )  # fmt: skip
    works = user.role in WORKERS or user.is_administrator
    q = actions.questionnaire()
    today = timezone.localdate()
    context: dict[str, Any] = {
        "item": review,
        "incident": incident,
        "people": people,
        "show_people": show_people,
        "hist": hist,
        "person_rows": [(i, hist.person_links.get(i.pk, [])) for i in hist.person],
        "location_rows": [
            (i, hist.location_reasons.get(i.pk, "same location cluster")) for i in hist.location
        ],
        "assessments": assessments,
        "decisions": queries.decisions(incident),
        "tasks": list(incident.tasks.select_related("assigned_to", "completed_by")),
        "supervisory": list(incident.supervisory_reviews.select_related("completed_by")),
        "interventions": list(incident.interventions.select_related("organisation")),
        "shares": list(incident.shares.select_related("organisation")),
        "cdi": assessed,
        "segments": _highlight(incident.narrative, assessed.evidence),
        "works": works,
        "map_data": {
            "lsoas": nearby_lsoas(incident),
            "point": [incident.latitude, incident.longitude] if incident.latitude is not None else None,
            "lsoa": incident.lsoa.code if incident.lsoa else None,
        },
        "today": today,
    }
    if works:
        context |= {
            "risk_form": RiskAssessmentForm(questionnaire=q),
            "decision_form": CrimeDecisionForm(initial={"offence_code": review.cdi_offence}),
            "task_form": TaskForm(incident=incident, initial={"due": today + timedelta(days=7)}),
            "share_form": ShareForm(),
            "intervention_form": InterventionForm(item=review, current_risk=current_risk),
        }
    return render(request, "review/item.html", context)


def _held_by_other(request: HttpRequest, review: ReviewItem) -> bool:
    """A reviewer may not act on an item another reviewer has claimed (supervisors may)."""
    user = _user(request)
    if user.role == Role.SUPERVISOR or user.is_administrator:
        return False
    if review.status == ReviewItem.Status.CLAIMED and review.claimed_by_id not in (None, user.pk):
        messages.error(
            request, "Another reviewer is working this item; ask them or a supervisor to release it."
        )
        return True
    return False


def _back(review: ReviewItem) -> HttpResponse:
    return redirect("review:item", reference=review.incident.reference)


def _invalid(request: HttpRequest, review: ReviewItem, form: Any) -> HttpResponse:
    for field, errors in form.errors.items():
        for e in errors:
            messages.error(
                request, f"{field.replace('_', ' ').capitalize()}: {e}" if field != "__all__" else e
            )
    return _back(review)


@require_POST
@role_required(*WORKERS)
def claim(request: HttpRequest, reference: str) -> HttpResponse:
    review = queries.get_item_for(_user(request), reference)
    try:
        actions.claim(review, _user(request))
    except actions.ClaimedByOther:
        messages.error(request, "Another reviewer is already working this item.")
        return redirect("review:queue")
    return _back(review)


@require_POST
@role_required(*WORKERS)
def release(request: HttpRequest, reference: str) -> HttpResponse:
    review = queries.get_item_for(_user(request), reference)
    actions.release(review, _user(request))
    return redirect("review:queue")


@require_POST
@role_required(*WORKERS)
def complete(request: HttpRequest, reference: str) -> HttpResponse:
    review = queries.get_item_for(_user(request), reference)
    actions.complete_review(review, _user(request))
    messages.success(request, f"Review of {reference} completed.")
    return redirect("review:queue")


class _Refused(Exception):
    """An action the rules do not allow; its message is shown to the reviewer."""


def _act(
    request: HttpRequest,
    reference: str,
    make_form: Callable[[ReviewItem], forms.Form],
    do: Callable[[ReviewItem, User, forms.Form], str],
) -> HttpResponse:
    """What every action on an item shares: the item (403/404), the claim, the form, one write, a message."""
    review = queries.get_item_for(_user(request), reference)
    if _held_by_other(request, review):
        return _back(review)
    form = make_form(review)
    if not form.is_valid():
        return _invalid(request, review, form)
    try:
        messages.success(request, do(review, _user(request), form))
    except _Refused as refused:
        messages.error(request, str(refused))
    return _back(review)


@require_POST
@role_required(*WORKERS)
def assess(request: HttpRequest, reference: str) -> HttpResponse:
    def do(review: ReviewItem, user: User, form: Any) -> str:
        a = actions.assess_risk(review, user, form.answers(), form.vulnerability())
        return f"Risk assessed as {a.get_risk_display().lower()} ({a.score:g} points)."

    return _act(
        request,
        reference,
        lambda _r: RiskAssessmentForm(request.POST, questionnaire=actions.questionnaire()),
        do,
    )


@require_POST
@role_required(*WORKERS)
def decide(request: HttpRequest, reference: str) -> HttpResponse:
    def do(review: ReviewItem, user: User, form: Any) -> str:
        d = form.cleaned_data
        decision = actions.decide_crime(
            review, user, outcome=d["outcome"], offence_code=d.get("offence_code"),
            crime_ref=(d.get("crime_ref") or "").strip(), rationale=d.get("rationale") or "",
        )  # fmt: skip
        return f"Crime-recording decision saved: {decision.get_outcome_display().lower()}."

    return _act(request, reference, lambda _r: CrimeDecisionForm(request.POST), do)


@require_POST
@role_required(*WORKERS)
def task(request: HttpRequest, reference: str) -> HttpResponse:
    def do(review: ReviewItem, user: User, form: Any) -> str:
        d = form.cleaned_data
        try:
            actions.create_task(
                review.incident, user, kind=d["kind"], due=d["due"], assigned_to=d.get("assigned_to")
            )
        except IntegrityError as exc:
            raise _Refused("There is already an open task of that kind on this incident.") from exc
        return "Task sent to the neighbourhood team."

    return _act(request, reference, lambda r: TaskForm(request.POST, incident=r.incident), do)


@require_POST
@role_required(*WORKERS)
def share(request: HttpRequest, reference: str) -> HttpResponse:
    def do(review: ReviewItem, user: User, form: Any) -> str:
        actions.share(review.incident, user, form.cleaned_data["organisation"])
        return f"Shared with {form.cleaned_data['organisation']}."

    return _act(request, reference, lambda _r: ShareForm(request.POST), do)


@require_POST
@role_required(*WORKERS)
def intervene(request: HttpRequest, reference: str) -> HttpResponse:
    def make_form(review: ReviewItem) -> forms.Form:
        assessments = queries.assessments(review.incident)
        current = assessments[0].risk if assessments else review.risk
        return InterventionForm(request.POST, item=review, current_risk=current)

    def do(review: ReviewItem, user: User, form: Any) -> str:
        d = form.cleaned_data
        actions.add_intervention(
            review.incident, user, kind=d["kind"], organisation=d.get("organisation"), on=d.get("date"),
            notes=d.get("notes") or "",
        )  # fmt: skip
        return "Intervention recorded."

    return _act(request, reference, make_form, do)


@role_required(*OFFICERS)
def tasks(request: HttpRequest) -> HttpResponse:
    """The officer's task list: their own and unassigned tasks in their districts, due first."""
    user = _user(request)
    return render(
        request,
        "review/tasks.html",
        {"tasks": queries.officer_tasks(user), "today": timezone.localdate(), "form": CompletionForm()},
    )


@require_POST
@role_required(*OFFICERS)
def task_complete(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    t = queries.get_task_for(user, pk)
    if t.completed_at is not None:
        messages.error(request, "That task is already complete.")
        return redirect("review:tasks")
    if t.assigned_to_id not in (None, user.pk) and not user.is_administrator and user.role != Role.SUPERVISOR:
        raise PermissionDenied
    form = CompletionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Add notes on what was done.")
        return redirect("review:tasks")
    actions.complete_task(t, user, form.cleaned_data["notes"])
    messages.success(request, f"{t.get_kind_display()} for {t.incident.reference} completed.")
    return redirect("review:tasks")


@role_required(Role.SUPERVISOR)
def supervision(request: HttpRequest) -> HttpResponse:
    """Supervisory reviews due in the supervisor's districts, overdue first."""
    today = timezone.localdate()
    overdue, upcoming = queries.supervision(_user(request), today)
    return render(
        request,
        "review/supervision.html",
        {"overdue": overdue, "upcoming": upcoming, "today": today, "form": CompletionForm()},
    )


@require_POST
@role_required(Role.SUPERVISOR)
def supervision_complete(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    review = queries.get_supervisory_review_for(user, pk)
    form = CompletionForm(request.POST)
    if review.completed_at is None and form.is_valid():
        actions.complete_supervisory_review(review, user, form.cleaned_data["notes"])
        messages.success(
            request, f"{review.get_rank_display()} review of {review.incident.reference} recorded."
        )
    else:
        messages.error(request, "Add notes on the review.")
    return redirect("review:supervision")


MI_COLUMNS = (
    ("district", "District"), ("month", "Month"), ("in_review", "In review"), ("reviewed", "Reviewed"),
    ("high", "High risk"), ("medium", "Medium risk"), ("standard", "Standard risk"),
    ("cdi_raised", "CDI flags raised"), ("cdi_accepted", "CDI accepted"), ("cdi_overruled", "CDI overruled"),
    ("tasks_overdue", "Tasks overdue"), ("repeat_victims", "Repeat victims"),
)  # fmt: skip


@role_required(*MI_ROLES)
def management(request: HttpRequest) -> HttpResponse:
    """Management information by district and month (aggregates only, no names)."""
    rows = queries.management_figures(_user(request), timezone.localdate())
    totals = {k: sum(r[k] for r in rows) for k, _ in MI_COLUMNS[2:]}
    peak = max((r["in_review"] for r in rows), default=0) or 1
    return render(
        request,
        "review/management.html",
        {"rows": rows, "columns": MI_COLUMNS, "totals": totals,
         "bars": [(r, round(100 * r["in_review"] / peak)) for r in rows]},
    )  # fmt: skip


@role_required(*MI_ROLES)
def management_csv(request: HttpRequest) -> HttpResponse:
    rows = queries.management_figures(_user(request), timezone.localdate())
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="asb-review-management-information.csv"'
    writer = csv.writer(response)
    writer.writerow([k for k, _ in MI_COLUMNS])
    for r in rows:
        writer.writerow([r[k] for k, _ in MI_COLUMNS])
    audit(AuditEvent.Action.EXPORT, request=request, object_type="review_mi", rows=len(rows))
    return response

"""ASB Case Review pages: the public application and appeal, the yearly figures, and the staff review.

Thin: reads go through queries.py, writes through actions.py, deadlines through rules.py.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.datastructures import MultiValueDict
from django.views.decorators.http import require_POST

from saferplaces.accounts.models import Role, User
from saferplaces.accounts.permissions import district_ids, role_required
from saferplaces.audit.log import record as audit
from saferplaces.audit.models import AuditEvent
from saferplaces.casereviews import actions, forms
from saferplaces.casereviews.journey import Journey, Step, answered, step_view
from saferplaces.casereviews.models import Application, Complaint, Recommendation
from saferplaces.casereviews.queries import (
    APPEAL_ROLES,
    CASE_ROLES,
    DECISION_ROLES,
    filter_queue,
    get_appeal_for,
    get_application_for,
    threshold_check,
    visible_applications,
    yearly_figures,
)
from saferplaces.casereviews.references import normalise_reference
from saferplaces.casereviews.rules import appeal_deadline, bank_holidays, deadlines, rules_for
from saferplaces.public.ratelimit import rate_limited

SERVICE = "Apply for an ASB Case Review"
# Page-by-page answers: generous, since one application is about ten POSTs. Sending is the real limit.
FORM_LIMIT = 300
SUBMIT_LIMIT = 5
APPEAL_LIMIT = 10
WINDOW = 3600
MAX_COMPLAINTS = 20
DONE_KEY = "casereview_reference"

JOURNEY = Journey(
    key="casereview_application",
    steps=(
        Step("who", forms.WhoForm, "Who is applying?"),
        Step("victim", forms.VictimForm, "About the victim", answered("who", "applicant_type", "on_behalf")),
        Step("contact", forms.ContactForm, "Your contact details"),
        Step("where", forms.WhereForm, "Where is it happening?"),
        Step("behaviour", forms.BehaviourForm, "The anti-social behaviour"),
    ),
    step_url="casereviews:apply",
    check_url="casereviews:check",
    service_name=SERVICE,
    start_url="casereviews:start",
    after_last="casereviews:complaints",
)


def _public(request: HttpRequest, template: str, context: dict[str, Any], status: int = 200) -> HttpResponse:
    return render(
        request,
        template,
        {"service_name": SERVICE, "service_url": reverse("casereviews:start"), **context},
        status=status,
    )


# --- the public application -------------------------------------------------------------------------------
@login_not_required
def start(request: HttpRequest) -> HttpResponse:
    rules = rules_for(None)
    return _public(request, "casereviews/start.html", {"rules": rules})


@login_not_required
@rate_limited("casereview-form", FORM_LIMIT, WINDOW)
def apply_step(request: HttpRequest, slug: str) -> HttpResponse:
    return step_view(JOURNEY, request, slug)


def _complaint_forms(request: HttpRequest) -> list[forms.ComplaintForm]:
    raw: list[dict[str, list[str]]] = JOURNEY.get_extra(request, "complaints", [])
    return [forms.ComplaintForm(MultiValueDict(r)) for r in raw]


def _steps_done(request: HttpRequest) -> HttpResponse | None:
    missing = JOURNEY.first_incomplete(request)
    return redirect(JOURNEY.url(missing.slug)) if missing else None


@login_not_required
@rate_limited("casereview-form", FORM_LIMIT, WINDOW)
def complaints(request: HttpRequest) -> HttpResponse:
    """The complaints added so far, and "Do you need to add another?" (the GOV.UK add-another pattern)."""
    if (early := _steps_done(request)) is not None:
        return early
    added = _complaint_forms(request)
    if not added:
        return redirect("casereviews:complaint_add")
    form = forms.AddAnotherForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        if form.cleaned_data["add_another"] == "yes" and len(added) < MAX_COMPLAINTS:
            return redirect("casereviews:complaint_add")
        return redirect("casereviews:check")
    return _public(
        request,
        "casereviews/complaints.html",
        {
            "form": form,
            "added": [f.cleaned_data for f in added if f.is_valid()],
            "title": f"You have added {len(added)} complaint{'s' if len(added) != 1 else ''}",
            "back_url": JOURNEY.url(JOURNEY.steps[-1].slug),  # the last page is always asked
            "can_add": len(added) < MAX_COMPLAINTS,
        },
    )


def _complaint_page(request: HttpRequest, position: int | None) -> HttpResponse:
    if (early := _steps_done(request)) is not None:
        return early
    raw: list[dict[str, list[str]]] = JOURNEY.get_extra(request, "complaints", [])
    if position is not None and not 1 <= position <= len(raw):
        raise Http404("No such complaint")
    if position is None and len(raw) >= MAX_COMPLAINTS:
        return redirect("casereviews:complaints")
    if request.method == "POST":
        form = forms.ComplaintForm(request.POST)
        if form.is_valid():
            answers = {k: request.POST.getlist(k) for k in request.POST if k != "csrfmiddlewaretoken"}
            if position is None:
                raw.append(answers)
            else:
                raw[position - 1] = answers
            JOURNEY.set_extra(request, "complaints", raw)
            return redirect(
                "casereviews:check" if JOURNEY.reached_check(request) else "casereviews:complaints"
            )
    else:
        form = forms.ComplaintForm(MultiValueDict(raw[position - 1])) if position else forms.ComplaintForm()
    number = position or len(raw) + 1
    return _public(
        request,
        "casereviews/question.html",
        {
            "form": form,
            "title": f"Complaint {number}",
            "caption": "Your complaints",
            "intro": "Tell us about one complaint you made about the behaviour: to the police, the council, "
            "a housing provider or anyone else. You can add more on the next page.",
            "back_url": reverse("casereviews:complaints") if raw else JOURNEY.url(JOURNEY.steps[-1].slug),
        },
    )


@login_not_required
@rate_limited("casereview-form", FORM_LIMIT, WINDOW)
def complaint_add(request: HttpRequest) -> HttpResponse:
    return _complaint_page(request, None)


@login_not_required
@rate_limited("casereview-form", FORM_LIMIT, WINDOW)
def complaint_change(request: HttpRequest, position: int) -> HttpResponse:
    return _complaint_page(request, position)


@login_not_required
@require_POST
@rate_limited("casereview-form", FORM_LIMIT, WINDOW)
def complaint_remove(request: HttpRequest, position: int) -> HttpResponse:
    raw: list[dict[str, list[str]]] = JOURNEY.get_extra(request, "complaints", [])
    if 1 <= position <= len(raw):
        raw.pop(position - 1)
        JOURNEY.set_extra(request, "complaints", raw)
    return redirect("casereviews:complaints")


def _long_date(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def _summary(
    answers: dict[str, dict[str, Any]], complaint_data: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """The "Check your answers" sections: (question, answer, where to change it) rows."""
    who, contact, where, behaviour = (answers[s] for s in ("who", "contact", "where", "behaviour"))
    url = JOURNEY.url
    applicant = str(dict(Application.ApplicantType.choices)[who["applicant_type"]])
    if who["applicant_type"] == Application.ApplicantType.ON_BEHALF:
        victim = answers["victim"]
        applicant += f" ({victim['victim_name']}, {victim['relationship']})"
    sections: list[dict[str, Any]] = [
        {
            "title": "About you",
            "rows": [
                ("Who is applying", applicant, url("victim" if "victim" in answers else "who")),
                ("Your name", contact["applicant_name"], url("contact")),
                ("Email address", contact["applicant_email"] or "Not given", url("contact")),
                ("Phone number", contact["applicant_phone"] or "Not given", url("contact")),
            ],
        },
        {
            "title": "Where it is happening",
            "rows": [
                (
                    "Address",
                    ", ".join(x for x in (where["address"], where["town"], where["postcode"]) if x),
                    url("where"),
                ),
                ("Council area", str(where["district"]), url("where")),
            ],
        },
        {
            "title": "The behaviour",
            "rows": [
                ("What has been happening", behaviour["behaviour"], url("behaviour")),
                ("How it is affecting you", behaviour["effect"], url("behaviour")),
                (
                    "Motivated by hate",
                    str(dict(Application.Hate.choices)[behaviour["hate_motivated"]]),
                    url("behaviour"),
                ),
            ],
        },
    ]
    made_to = dict(Complaint.MadeTo.choices)
    for i, c in enumerate(complaint_data, start=1):
        change = reverse("casereviews:complaint_change", kwargs={"position": i})
        to = c["made_to_other"] if c["made_to"] == Complaint.MadeTo.OTHER else str(made_to[c["made_to"]])
        rows = [
            ("Date of the behaviour", _long_date(c["behaviour_on"]), change),
            ("Date you complained", _long_date(c["made_on"]), change),
            ("Who you complained to", to, change),
        ]
        if c.get("their_reference"):
            rows.append(("Reference number", c["their_reference"], change))
        sections.append({"title": f"Complaint {i}", "rows": rows})
    return sections


@login_not_required
@rate_limited("casereview-submit", SUBMIT_LIMIT, WINDOW)
def check(request: HttpRequest) -> HttpResponse:
    """Check your answers, then send: the application is stored only here."""
    if (early := _steps_done(request)) is not None:
        return early
    answers = JOURNEY.cleaned(request)
    complaint_forms = _complaint_forms(request)
    if not complaint_forms:
        return redirect("casereviews:complaint_add")
    for i, f in enumerate(complaint_forms, start=1):
        if not f.is_valid():
            return redirect("casereviews:complaint_change", position=i)
    assert answers is not None  # every step was checked just above
    JOURNEY.mark_check_reached(request)
    form = forms.DeclarationForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        merged: dict[str, Any] = {}
        for data in answers.values():
            merged.update(data)
        app = actions.submit_application(
            merged,
            [
                actions.ComplaintInput(
                    made_on=f.cleaned_data["made_on"],
                    made_to=f.cleaned_data["made_to"],
                    made_to_other=f.cleaned_data.get("made_to_other", ""),
                    behaviour_on=f.cleaned_data["behaviour_on"],
                    their_reference=f.cleaned_data.get("their_reference", ""),
                )
                for f in complaint_forms
            ],
            request=request,
        )
        JOURNEY.clear(request)
        request.session[DONE_KEY] = app.reference
        return redirect("casereviews:done")
    return _public(
        request,
        "casereviews/check.html",
        {
            "form": form,
            "sections": _summary(answers, [f.cleaned_data for f in complaint_forms]),
            "title": "Check your answers before sending your application",
            "back_url": reverse("casereviews:complaints"),
        },
    )


@login_not_required
def done(request: HttpRequest) -> HttpResponse:
    reference = request.session.get(DONE_KEY)
    if not reference:
        return redirect("casereviews:start")
    app = Application.objects.filter(reference=reference).first()
    if app is None:
        return redirect("casereviews:start")
    due = deadlines(app, rules_for(app.district_id), bank_holidays())
    return _public(request, "casereviews/done.html", {"reference": reference, "deadlines": due})


# --- the public appeal ----------------------------------------------------------------------------------
APPEAL_NOT_FOUND = (
    "We could not find an application with that reference number and postcode. Check both and try again"
)


@login_not_required
@rate_limited("casereview-appeal", APPEAL_LIMIT, WINDOW)
def appeal(request: HttpRequest) -> HttpResponse:
    """Appeal to the PCC. A wrong reference and a wrong postcode get the same answer."""
    form = forms.AppealForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        app = Application.objects.filter(
            reference=normalise_reference(data["reference"]), postcode=data["postcode"]
        ).first()
        if app is None:
            form.add_error("reference", APPEAL_NOT_FOUND)
        else:
            try:
                actions.lodge_appeal(
                    app,
                    ground_threshold="threshold" in data["grounds"],
                    ground_evidence="evidence" in data["grounds"],
                    explanation=data["explanation"],
                    request=request,
                )
            except actions.ActionError as exc:
                form.add_error("reference", str(exc).rstrip("."))
            else:
                request.session["casereview_appeal"] = app.reference
                return redirect("casereviews:appeal_done")
    return _public(
        request,
        "casereviews/appeal.html",
        {
            "form": form,
            "title": "Appeal to the Police and Crime Commissioner",
            "back_url": reverse("casereviews:start"),
        },
    )


@login_not_required
def appeal_done(request: HttpRequest) -> HttpResponse:
    reference = request.session.get("casereview_appeal")
    if not reference:
        return redirect("casereviews:appeal")
    return _public(request, "casereviews/appeal_done.html", {"reference": reference})


# --- yearly publication figures (aggregates only) -------------------------------------------------------
@login_not_required
def figures(request: HttpRequest) -> HttpResponse:
    rows = yearly_figures(rules_for(None).publication_year_start_month)
    return _public(request, "casereviews/figures.html", {"rows": rows})


@login_not_required
def figures_csv(request: HttpRequest) -> HttpResponse:
    rows = yearly_figures(rules_for(None).publication_year_start_month)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="asb-case-review-figures.csv"'
    writer = csv.writer(response)
    writer.writerow(
        [
            "year",
            "applications",
            "threshold_not_met",
            "reviews_held",
            "reviews_with_recommendations",
            "appeals",
            "appeals_upheld",
        ]
    )
    for r in rows:
        writer.writerow(
            [
                r.label,
                r.applications,
                r.threshold_not_met,
                r.reviews_held,
                r.reviews_with_recommendations,
                r.appeals,
                r.appeals_upheld,
            ]
        )
    return response


# --- staff: the review ------------------------------------------------------------------------------------
def _user(request: HttpRequest) -> User:
    user: User = request.user  # type: ignore[assignment]
    return user


@role_required(*CASE_ROLES)
def queue(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    form = forms.QueueFilterForm(request.GET or None)
    allowed = district_ids(user)
    if allowed is not None:
        form.fields["district"].queryset = form.fields["district"].queryset.filter(pk__in=allowed)  # type: ignore[attr-defined]
    qs = visible_applications(user).select_related("district")
    if form.is_valid():
        qs = filter_queue(qs, form.cleaned_data)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    holidays = bank_holidays()
    today = timezone.localdate()
    rows: list[dict[str, Any]] = []
    for app in page.object_list:
        due = deadlines(app, rules_for(app.district_id), holidays)
        open_due = [d for d in due if d.done_on is None]
        rows.append(
            {
                "app": app,
                "next": open_due[0] if open_due else None,
                "overdue": any(d.is_overdue(today) for d in due),
            }
        )
    audit(
        AuditEvent.Action.VIEW,
        request=request,
        object_type="case_review_list",
        shown=[r["app"].reference for r in rows],
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "casereviews/staff/queue.html",
        {"form": form, "page": page, "rows": rows, "today": today, "query": query.urlencode()},
    )


def _check_context(app: Application, rules: Any) -> dict[str, Any]:
    """The complaints beside the automatic threshold check of each, for the staff pages."""
    check = threshold_check(app)
    return {
        "complaint_rows": list(zip(app.complaints.all(), check.checks, strict=True)),
        "check": check,
        "rules": rules,
    }


def _can_decide(user: User) -> bool:
    return user.is_administrator or user.role in DECISION_ROLES


@role_required(*CASE_ROLES)
def detail(request: HttpRequest, reference: str) -> HttpResponse:
    user = _user(request)
    app = get_application_for(user, reference)
    audit(
        AuditEvent.Action.VIEW,
        request=request,
        object_type=actions.OBJECT,
        object_id=app.reference,
        district_id=app.district_id,
        applicant_shown=True,
    )
    rules = rules_for(app.district_id)
    today = timezone.localdate()
    due = deadlines(app, rules, bank_holidays())
    linked = (
        list(Application.objects.filter(problem_id=app.problem_id).exclude(pk=app.pk).order_by("received_on"))
        if app.problem_id
        else []
    )
    recommendations = list(app.recommendations.filter(appeal__isnull=True).select_related("owner"))
    return render(
        request,
        "casereviews/staff/detail.html",
        {
            "app": app,
            **_check_context(app, rules),
            "deadlines": due,
            "today": today,
            "linked": linked,
            "meetings": list(app.meetings.all()),
            "recommendations": recommendations,
            "appeal": getattr(app, "appeal", None),
            "can_decide": _can_decide(user),
            "threshold_form": forms.ThresholdDecisionForm(),
            "link_form": forms.LinkForm(),
            "meeting_form": forms.MeetingForm(),
            "recommendation_form": forms.RecommendationForm(),
            "close_form": forms.CloseForm(),
        },
    )


def _decider_action(request: HttpRequest, reference: str) -> tuple[User, Application]:
    user = _user(request)
    app = get_application_for(user, reference)
    if not _can_decide(user):
        raise PermissionDenied
    return user, app


def _done(request: HttpRequest, app: Application, message: str) -> HttpResponse:
    messages.success(request, message)
    return redirect("casereviews:detail", reference=app.reference)


def _refused(request: HttpRequest, app: Application, form: Any = None, error: str = "") -> HttpResponse:
    text = error or "; ".join(f"{k}: {' '.join(v)}" for k, v in (form.errors.items() if form else []))
    messages.error(request, f"Not saved. {text}")
    return redirect("casereviews:detail", reference=app.reference)


def _decide(
    request: HttpRequest,
    reference: str,
    form_class: type[Any] | None,
    act: Callable[[Application, User, dict[str, Any]], object],
    done: str,
) -> HttpResponse:
    """A decider's POST on an application: access, the form, the action, and what the user is told."""
    user, app = _decider_action(request, reference)
    data: dict[str, Any] = {}
    if form_class is not None:
        form = form_class(request.POST)
        if not form.is_valid():
            return _refused(request, app, form)
        data = form.cleaned_data
    try:
        act(app, user, data)
    except actions.ActionError as exc:
        return _refused(request, app, error=str(exc))
    return _done(request, app, done)


@role_required(*CASE_ROLES)
@require_POST
def acknowledge(request: HttpRequest, reference: str) -> HttpResponse:
    return _decide(
        request,
        reference,
        None,
        lambda app, user, _: actions.acknowledge(app, user, request=request),
        "Acknowledgement recorded.",
    )


@role_required(*CASE_ROLES)
@require_POST
def record_threshold(request: HttpRequest, reference: str) -> HttpResponse:
    return _decide(
        request,
        reference,
        forms.ThresholdDecisionForm,
        lambda app, user, d: actions.record_threshold(
            app, user, met=d["met"], reason=d["reason"], rule=d["rule"], request=request
        ),
        "Threshold decision recorded.",
    )


@role_required(*CASE_ROLES)
@require_POST
def link(request: HttpRequest, reference: str) -> HttpResponse:
    user, app = _decider_action(request, reference)
    form = forms.LinkForm(request.POST)
    if not form.is_valid():
        return _refused(request, app, form)
    other_ref = normalise_reference(form.cleaned_data["other"])
    other = visible_applications(user).filter(reference=other_ref).first()
    if other is None:
        return _refused(request, app, error=f"No application {other_ref} that you can see.")
    try:
        actions.link_applications(app, other, user, request=request)
    except actions.ActionError as exc:
        return _refused(request, app, error=str(exc))
    return _done(request, app, f"Linked with {other.reference}.")


@role_required(*CASE_ROLES)
@require_POST
def unlink(request: HttpRequest, reference: str) -> HttpResponse:
    user, app = _decider_action(request, reference)
    actions.unlink_application(app, user, request=request)
    return _done(request, app, "Link removed.")


@role_required(*CASE_ROLES)
@require_POST
def record_meeting(request: HttpRequest, reference: str) -> HttpResponse:
    return _decide(
        request,
        reference,
        forms.MeetingForm,
        lambda app, user, d: actions.record_meeting(app, user, request=request, **d),
        "Review meeting recorded.",
    )


@role_required(*CASE_ROLES)
@require_POST
def add_recommendation(request: HttpRequest, reference: str) -> HttpResponse:
    return _decide(
        request,
        reference,
        forms.RecommendationForm,
        lambda app, user, d: actions.add_recommendation(app, user, request=request, **d),
        "Recommendation added.",
    )


@role_required(*CASE_ROLES, *APPEAL_ROLES)
@require_POST
def complete_recommendation(request: HttpRequest, reference: str, pk: int) -> HttpResponse:
    """Mark a recommendation done: deciders, or a partner for their own organisation's."""
    user = _user(request)
    if user.role == Role.PCC:
        app = get_appeal_for(user, reference).application
    else:
        app = get_application_for(user, reference)
    rec = get_object_or_404(Recommendation, pk=pk, application=app)
    if user.role == Role.PARTNER and rec.owner_id != user.organisation_id:
        raise PermissionDenied
    actions.complete_recommendation(rec, user, request=request)
    messages.success(request, "Recommendation marked done.")
    if rec.appeal_id:
        return redirect("casereviews:appeal_detail", reference=app.reference)
    return redirect("casereviews:detail", reference=app.reference)


@role_required(*CASE_ROLES)
@require_POST
def close(request: HttpRequest, reference: str) -> HttpResponse:
    return _decide(
        request,
        reference,
        forms.CloseForm,
        lambda app, user, d: actions.close_application(app, user, outcome=d["outcome"], request=request),
        "Application closed. The outcome letter is ready to print.",
    )


@role_required(*CASE_ROLES)
def letter(request: HttpRequest, reference: str) -> HttpResponse:
    """The outcome letter, as a printable page built from the decision and recommendations."""
    user = _user(request)
    app = get_application_for(user, reference)
    if not app.is_decided:
        raise Http404("No outcome yet")
    audit(
        AuditEvent.Action.VIEW,
        request=request,
        object_type=actions.OBJECT,
        object_id=app.reference,
        district_id=app.district_id,
        view="outcome letter",
    )
    return render(
        request,
        "casereviews/staff/letter.html",
        {
            "app": app,
            "recommendations": list(app.recommendations.filter(appeal__isnull=True).select_related("owner")),
            "meetings": list(app.meetings.all()),
            "appeal_url": request.build_absolute_uri(reverse("casereviews:appeal")),
            "date": app.closed_on or app.threshold_decided_on,
        },
    )


# --- staff: appeals to the PCC ------------------------------------------------------------------------------
@role_required(*APPEAL_ROLES)
def appeals(request: HttpRequest) -> HttpResponse:
    from saferplaces.casereviews.models import Appeal

    holidays = bank_holidays()
    today = timezone.localdate()
    rows: list[dict[str, Any]] = []
    for a in Appeal.objects.select_related("application", "application__district"):
        due = appeal_deadline(a, rules_for(a.application.district_id), holidays)
        rows.append({"appeal": a, "due": due, "overdue": due.is_overdue(today)})
    audit(
        AuditEvent.Action.VIEW,
        request=request,
        object_type="case_review_appeal_list",
        shown=[r["appeal"].application.reference for r in rows],
    )
    return render(request, "casereviews/staff/appeals.html", {"rows": rows})


@role_required(*APPEAL_ROLES)
def appeal_detail(request: HttpRequest, reference: str) -> HttpResponse:
    user = _user(request)
    item = get_appeal_for(user, reference)
    app = item.application
    audit(
        AuditEvent.Action.VIEW,
        request=request,
        object_type="case_review_appeal",
        object_id=app.reference,
        district_id=app.district_id,
        applicant_shown=True,
    )
    rules = rules_for(app.district_id)
    return render(
        request,
        "casereviews/staff/appeal_detail.html",
        {
            "appeal": item,
            "app": app,
            **_check_context(app, rules),
            "meetings": list(app.meetings.all()),
            "review_recommendations": list(
                app.recommendations.filter(appeal__isnull=True).select_related("owner")
            ),
            "appeal_recommendations": list(item.recommendations.select_related("owner")),
            "due": appeal_deadline(item, rules, bank_holidays()),
            "today": timezone.localdate(),
            "decision_form": forms.AppealDecisionForm(),
            "recommendation_form": forms.RecommendationForm(),
        },
    )


@role_required(*APPEAL_ROLES)
@require_POST
def decide_appeal(request: HttpRequest, reference: str) -> HttpResponse:
    user = _user(request)
    item = get_appeal_for(user, reference)
    form = forms.AppealDecisionForm(request.POST)
    if form.is_valid():
        try:
            actions.decide_appeal(item, user, request=request, **form.cleaned_data)
            messages.success(request, "Appeal decision recorded.")
        except actions.ActionError as exc:
            messages.error(request, f"Not saved. {exc}")
    else:
        messages.error(request, "Not saved. Choose a decision and give the review and the reason.")
    return redirect("casereviews:appeal_detail", reference=reference)


@role_required(*APPEAL_ROLES)
@require_POST
def appeal_recommendation(request: HttpRequest, reference: str) -> HttpResponse:
    user = _user(request)
    item = get_appeal_for(user, reference)
    form = forms.RecommendationForm(request.POST)
    if form.is_valid():
        actions.add_recommendation(item.application, user, appeal=item, request=request, **form.cleaned_data)
        messages.success(request, "Recommendation added.")
    else:
        messages.error(request, "Not saved. Give the recommendation, its owner and a due date.")
    return redirect("casereviews:appeal_detail", reference=reference)

"""Every write to case reviews: one transaction each, with its audit row. No free text in the audit."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone

from saferplaces.accounts.models import Organisation, User
from saferplaces.audit.log import record as audit
from saferplaces.audit.models import AuditEvent
from saferplaces.casereviews.models import (
    Appeal,
    Application,
    Complaint,
    Problem,
    Recommendation,
    ReviewMeeting,
)
from saferplaces.casereviews.references import new_reference

REFERENCE_PREFIX = "ACR"
OBJECT = "case_review"


class ActionError(ValueError):
    """A write refused because of the case's state (shown to the user as it is)."""


@dataclass(frozen=True)
class ComplaintInput:
    made_on: date
    made_to: str
    made_to_other: str
    behaviour_on: date
    their_reference: str = ""


def applicant_key(email: str, phone: str, name: str, postcode: str) -> str:
    """A keyed hash of who applied, so linked applications count individuals without naming them."""
    if email.strip():
        basis = "e:" + email.strip().lower()
    elif re.sub(r"\D", "", phone):
        basis = "p:" + re.sub(r"\D", "", phone)[-10:]
    else:
        basis = "n:" + " ".join(name.lower().split()) + "|" + postcode.replace(" ", "").upper()
    return hashlib.sha256(f"{settings.SECRET_KEY}|applicant|{basis}".encode()).hexdigest()


def submit_application(
    answers: dict[str, Any], complaints: Sequence[ComplaintInput], *, request: HttpRequest | None = None
) -> Application:
    """Store a public application with its complaints; returns it with its new reference."""
    now = timezone.now()
    fields = {
        "received_at": now,
        "received_on": timezone.localdate(now),
        "district": answers["district"],
        "applicant_type": answers["applicant_type"],
        "applicant_name": answers["applicant_name"],
        "applicant_email": answers.get("applicant_email", ""),
        "applicant_phone": answers.get("applicant_phone", ""),
        "victim_name": answers.get("victim_name", ""),
        "relationship": answers.get("relationship", ""),
        "victim_consent": bool(answers.get("victim_consent")),
        "address": answers["address"],
        "town": answers.get("town", ""),
        "postcode": answers["postcode"],
        "behaviour": answers["behaviour"],
        "effect": answers["effect"],
        "hate_motivated": answers["hate_motivated"],
        "applicant_key": applicant_key(
            answers.get("applicant_email", ""),
            answers.get("applicant_phone", ""),
            answers["applicant_name"],
            answers["postcode"],
        ),
    }
    for _attempt in range(5):
        try:
            with transaction.atomic():
                app = Application.objects.create(reference=new_reference(REFERENCE_PREFIX), **fields)
                Complaint.objects.bulk_create(
                    Complaint(
                        application=app,
                        position=i,
                        made_on=c.made_on,
                        made_to=c.made_to,
                        made_to_other=c.made_to_other if c.made_to == Complaint.MadeTo.OTHER else "",
                        behaviour_on=c.behaviour_on,
                        their_reference=c.their_reference,
                    )
                    for i, c in enumerate(complaints, start=1)
                )
                audit(
                    AuditEvent.Action.CREATE,
                    request=request,
                    object_type=OBJECT,
                    object_id=app.reference,
                    district_id=app.district_id,
                    complaints=len(complaints),
                    source="public form",
                )
                return app
        except IntegrityError:  # a reference clash (about one in 10^12): draw again
            continue
    raise RuntimeError("could not draw a free reference number")


def _lock(app: Application) -> None:
    """Lock the row for this transaction and reload it, so the caller's object shows the change too."""
    list(Application.objects.select_for_update().filter(pk=app.pk).values_list("pk"))
    app.refresh_from_db()


def _staff_audit(
    action: str, app: Application, user: User, request: HttpRequest | None, **detail: Any
) -> None:
    audit(
        action,
        user=user,
        request=request,
        object_type=OBJECT,
        object_id=app.reference,
        district_id=app.district_id,
        **detail,
    )


def acknowledge(app: Application, user: User, *, request: HttpRequest | None = None) -> Application:
    """Record that the applicant has been sent the formal acknowledgement (today)."""
    with transaction.atomic():
        _lock(app)
        if app.acknowledged_on is not None:
            raise ActionError("This application has already been acknowledged.")
        app.acknowledged_on = timezone.localdate()
        app.acknowledged_by = user
        if app.status == Application.Status.RECEIVED:
            app.status = Application.Status.ACKNOWLEDGED
        app.save(update_fields=["acknowledged_on", "acknowledged_by", "status"])
        _staff_audit(AuditEvent.Action.UPDATE, app, user, request, change="acknowledged")
    return app


def record_threshold(
    app: Application,
    user: User,
    *,
    met: bool,
    reason: str,
    rule: str = "",
    decided_on: date | None = None,
    request: HttpRequest | None = None,
) -> Application:
    """Record the threshold decision. Not met closes the application (the letter explains why)."""
    with transaction.atomic():
        _lock(app)
        if app.status == Application.Status.CLOSED:
            raise ActionError("This application is closed.")
        app.threshold_met = met
        app.threshold_reason = reason
        app.threshold_rule = rule if met else ""
        app.threshold_decided_on = decided_on or timezone.localdate()
        app.threshold_decided_by = user
        app.status = Application.Status.UNDER_REVIEW if met else Application.Status.THRESHOLD_NOT_MET
        if app.acknowledged_on is None:  # a decision sent to the applicant acknowledges them too
            app.acknowledged_on = app.threshold_decided_on
            app.acknowledged_by = user
        app.save()
        _staff_audit(AuditEvent.Action.UPDATE, app, user, request, change="threshold", met=met, rule=rule)
    return app


def link_applications(
    app: Application, other: Application, user: User, *, request: HttpRequest | None = None
) -> Problem:
    """Link two applications as being about the same problem (merging any groups they were in)."""
    if app.pk == other.pk:
        raise ActionError("An application cannot be linked to itself.")
    with transaction.atomic():
        _lock(app)
        _lock(other)
        problem = app.problem or other.problem or Problem.objects.create()
        groups = {p for p in (app.problem_id, other.problem_id) if p is not None and p != problem.pk}
        Application.objects.filter(problem_id__in=groups).update(problem=problem)
        Application.objects.filter(pk__in=[app.pk, other.pk]).update(problem=problem)
        Problem.objects.filter(pk__in=groups).delete()
        app.problem, other.problem = problem, problem
        _staff_audit(AuditEvent.Action.UPDATE, app, user, request, change="linked", other=other.reference)
    return problem


def unlink_application(app: Application, user: User, *, request: HttpRequest | None = None) -> None:
    with transaction.atomic():
        Application.objects.filter(pk=app.pk).update(problem=None)
        _staff_audit(AuditEvent.Action.UPDATE, app, user, request, change="unlinked")


def record_meeting(
    app: Application,
    user: User,
    *,
    held_on: date,
    agencies: str,
    summary: str,
    request: HttpRequest | None = None,
) -> ReviewMeeting:
    if app.threshold_met is not True:
        raise ActionError("Record a review meeting once the threshold has been met.")
    with transaction.atomic():
        meeting = ReviewMeeting.objects.create(
            application=app, held_on=held_on, agencies=agencies, summary=summary, recorded_by=user
        )
        _staff_audit(
            AuditEvent.Action.CREATE, app, user, request, change="review meeting", meeting=meeting.pk
        )
    return meeting


def add_recommendation(
    app: Application,
    user: User,
    *,
    text: str,
    owner: Organisation,
    due_on: date,
    appeal: Appeal | None = None,
    request: HttpRequest | None = None,
) -> Recommendation:
    if appeal is None and app.threshold_met is not True:
        raise ActionError("Recommendations follow a review: record the threshold as met first.")
    if appeal is None and app.status == Application.Status.CLOSED:
        raise ActionError("This application is closed.")
    with transaction.atomic():
        rec = Recommendation.objects.create(
            application=app, appeal=appeal, text=text, owner=owner, due_on=due_on, created_by=user
        )
        _staff_audit(
            AuditEvent.Action.CREATE,
            app,
            user,
            request,
            change="recommendation",
            recommendation=rec.pk,
            owner=owner.pk,
            appeal=appeal is not None,
        )
    return rec


def complete_recommendation(
    rec: Recommendation, user: User, *, request: HttpRequest | None = None
) -> Recommendation:
    with transaction.atomic():
        rec = Recommendation.objects.select_for_update().select_related("application").get(pk=rec.pk)
        rec.status = Recommendation.Status.DONE
        rec.completed_on = timezone.localdate()
        rec.save(update_fields=["status", "completed_on"])
        _staff_audit(
            AuditEvent.Action.UPDATE,
            rec.application,
            user,
            request,
            change="recommendation done",
            recommendation=rec.pk,
        )
    return rec


def close_application(
    app: Application, user: User, *, outcome: str, request: HttpRequest | None = None
) -> Application:
    """Close a reviewed application with the outcome the letter will give."""
    with transaction.atomic():
        _lock(app)
        if app.threshold_met is not True:
            raise ActionError("Only an application whose threshold was met is closed with a review outcome.")
        if app.status == Application.Status.CLOSED:
            raise ActionError("This application is already closed.")
        app.outcome = outcome
        app.closed_on = timezone.localdate()
        app.closed_by = user
        app.status = Application.Status.CLOSED
        app.save(update_fields=["outcome", "closed_on", "closed_by", "status"])
        _staff_audit(AuditEvent.Action.UPDATE, app, user, request, change="closed")
    return app


def lodge_appeal(
    app: Application,
    *,
    ground_threshold: bool,
    ground_evidence: bool,
    explanation: str,
    request: HttpRequest | None = None,
) -> Appeal:
    """An applicant's appeal to the PCC, on the allowed grounds only."""
    if not (ground_threshold or ground_evidence):
        raise ActionError("An appeal must be on an allowed ground.")
    if not app.is_decided:
        raise ActionError("You can appeal once you have been told the outcome.")
    now = timezone.now()
    with transaction.atomic():
        if Appeal.objects.filter(application=app).exists():
            raise ActionError("An appeal has already been made about this application.")
        appeal = Appeal.objects.create(
            application=app,
            lodged_at=now,
            lodged_on=timezone.localdate(now),
            ground_threshold=ground_threshold,
            ground_evidence=ground_evidence,
            explanation=explanation,
        )
        audit(
            AuditEvent.Action.CREATE,
            request=request,
            object_type="case_review_appeal",
            object_id=app.reference,
            district_id=app.district_id,
            source="public form",
        )
    return appeal


def decide_appeal(
    appeal: Appeal,
    user: User,
    *,
    upheld: bool,
    review_summary: str,
    reason: str,
    request: HttpRequest | None = None,
) -> Appeal:
    with transaction.atomic():
        appeal = Appeal.objects.select_for_update().select_related("application").get(pk=appeal.pk)
        if appeal.decided_on is not None:
            raise ActionError("This appeal has already been decided.")
        appeal.status = Appeal.Status.UPHELD if upheld else Appeal.Status.NOT_UPHELD
        appeal.review_summary = review_summary
        appeal.decision_reason = reason
        appeal.decided_on = timezone.localdate()
        appeal.decided_by = user
        appeal.save()
        audit(
            AuditEvent.Action.UPDATE,
            user=user,
            request=request,
            object_type="case_review_appeal",
            object_id=appeal.application.reference,
            district_id=appeal.application.district_id,
            change="decided",
            upheld=upheld,
        )
    return appeal

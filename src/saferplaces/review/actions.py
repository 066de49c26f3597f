"""Every write of the review workflow, each in one transaction with its audit row.

Views call these functions only; none of them checks permissions (the views and ``queries`` do).
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache
from typing import Any

import polars as pl
from django.db import transaction
from django.utils import timezone

from saferplaces.accounts.models import Organisation, User
from saferplaces.analytics.review import risk
from saferplaces.audit.log import record as audit
from saferplaces.audit.models import AuditEvent
from saferplaces.incidents.models import Incident, IncidentShare
from saferplaces.reference.models import OffenceCode, Threshold
from saferplaces.review.models import (
    CrimeDecision,
    Intervention,
    ReviewItem,
    RiskAssessment,
    SupervisoryReview,
    Task,
)

AUTO_CALL_BACK_DAYS = 2  # a caller who asked for contact is called back within two days
RANKS = ("sergeant", "inspector", "chief_inspector")
UPDATES = {"claim", "release", "complete_review", "crime_decision", "task_complete", "supervisory_review"}


class ClaimedByOther(Exception):
    """Another reviewer is already working this item."""


@lru_cache(maxsize=1)
def questionnaire() -> risk.Questionnaire:
    """The shipped questionnaire, read once per process (it is configuration, not data)."""
    return risk.Questionnaire.load()


def _audit(what: str, user: User, incident: Incident, **detail: Any) -> None:
    """One audit row: creations are ``create``, claims and completions ``update``; ``what`` names the step."""
    action = AuditEvent.Action.UPDATE if what in UPDATES else AuditEvent.Action.CREATE
    audit(
        action,
        user=user,
        what=what,
        object_type="incident",
        object_id=incident.reference,
        district_id=incident.district_id,
        **detail,
    )


@transaction.atomic
def claim(item: ReviewItem, user: User) -> ReviewItem:
    """Claim an item; raises ``ClaimedByOther`` if someone else holds it (row lock against races)."""
    locked = ReviewItem.objects.select_for_update().get(pk=item.pk)
    if locked.status == ReviewItem.Status.CLAIMED and locked.claimed_by_id not in (None, user.pk):
        raise ClaimedByOther
    locked.status = ReviewItem.Status.CLAIMED
    locked.claimed_by = user
    locked.claimed_at = timezone.now()
    locked.save(update_fields=["status", "claimed_by", "claimed_at"])
    _audit("claim", user, item.incident)
    return locked


@transaction.atomic
def release(item: ReviewItem, user: User) -> None:
    ReviewItem.objects.filter(pk=item.pk, claimed_by=user, status=ReviewItem.Status.CLAIMED).update(
        status=ReviewItem.Status.OPEN, claimed_by=None, claimed_at=None
    )
    _audit("release", user, item.incident)


@transaction.atomic
def complete_review(item: ReviewItem, user: User) -> None:
    ReviewItem.objects.filter(pk=item.pk).update(status=ReviewItem.Status.DONE, completed_at=timezone.now())
    _audit("complete_review", user, item.incident)


def score_answers(
    answers: dict[str, bool], signals: dict[str, bool], q: risk.Questionnaire
) -> tuple[str, float, str]:
    """Band, score and reasons from the reviewer's answers plus the engine's history factors."""
    row: dict[str, Any] = {k: bool(v) for k, v in signals.items()}
    for question in q.questions:
        if question.answer_column:
            row[question.answer_column] = "Y" if answers.get(question.id) else "N"
    out = risk.score(pl.DataFrame([row]), q).row(0, named=True)
    return str(out["risk"]), float(out["risk_score"]), str(out["risk_reasons"])


def cadence(band: str, q: risk.Questionnaire) -> dict[str, int]:
    """Days to each supervisory review for a band: ``review.*`` thresholds win over the questionnaire."""
    extra = {t.key: str(int(t.value)) for t in Threshold.objects.filter(key__startswith=f"review.{band}.")}
    return risk.review_cadence(band, q, extra)


@transaction.atomic
def assess_risk(
    item: ReviewItem,
    user: User,
    answers: dict[str, bool],
    vulnerability: dict[str, Any] | None = None,
    today: date | None = None,
) -> RiskAssessment:
    """Save a risk assessment and schedule supervisory reviews for medium and high risk."""
    q = questionnaire()
    band, score, reasons = score_answers(answers, item.signals, q)
    incident = item.incident
    assessment = RiskAssessment.objects.create(
        incident=incident,
        assessed_by=user,
        answers=answers,
        risk=band,
        score=score,
        reasons=reasons,
        vulnerability=vulnerability or {},
    )
    # A new assessment replaces the open schedule of the previous one; completed reviews stay.
    SupervisoryReview.objects.filter(incident=incident, completed_at__isnull=True).delete()
    start = today or timezone.localdate()
    days = cadence(band, q) if band != "standard" else {}
    SupervisoryReview.objects.bulk_create(
        SupervisoryReview(
            incident=incident,
            district_id=incident.district_id,
            assessment=assessment,
            rank=rank,
            due=start + timedelta(days=days[rank]),
        )
        for rank in RANKS
        if rank in days
    )
    _audit("risk_assessment", user, incident, risk=band, score=score, vulnerability=bool(vulnerability))
    return assessment


@transaction.atomic
def decide_crime(
    item: ReviewItem,
    user: User,
    *,
    outcome: str,
    offence_code: OffenceCode | None = None,
    crime_ref: str = "",
    rationale: str = "",
) -> CrimeDecision:
    """Record as a crime (updating the incident) or confirm non-crime; count the CDI suggestion."""
    incident = item.incident
    cdi = CrimeDecision.Cdi.NONE
    if item.cdi_flag:
        accepted = outcome == CrimeDecision.Outcome.CRIME
        cdi = CrimeDecision.Cdi.ACCEPTED if accepted else CrimeDecision.Cdi.OVERRULED
    decision = CrimeDecision.objects.create(
        incident=incident,
        decided_by=user,
        outcome=outcome,
        offence_code=offence_code if outcome == CrimeDecision.Outcome.CRIME else None,
        crime_ref=crime_ref if outcome == CrimeDecision.Outcome.CRIME else "",
        rationale=rationale,
        cdi_suggestion=item.cdi_offence if item.cdi_flag else "",
        cdi=cdi,
    )
    if outcome == CrimeDecision.Outcome.CRIME:
        incident.is_crime = True
        incident.crime_ref = crime_ref
        incident.offence_code = offence_code
        incident.save(update_fields=["is_crime", "crime_ref", "offence_code"])
    _audit(
        "crime_decision", user, incident, outcome=outcome,
        offence=offence_code.code if offence_code else "", cdi=cdi,
    )  # fmt: skip
    return decision


@transaction.atomic
def create_task(
    incident: Incident,
    user: User | None,
    *,
    kind: str,
    due: date,
    assigned_to: User | None = None,
    automatic: bool = False,
) -> Task:
    task = Task.objects.create(
        incident=incident, district_id=incident.district_id, kind=kind, due=due,
        assigned_to=assigned_to, automatic=automatic, created_by=user,
    )  # fmt: skip
    if user is not None:
        _audit("task_create", user, incident, task=task.pk, kind=kind, automatic=automatic)
    return task


def automatic_tasks(today: date | None = None) -> int:
    """A call-back for every in-review incident whose caller asked for contact and has none yet."""
    start = today or timezone.localdate()
    have = Task.objects.filter(kind=Task.Kind.CALL_BACK).values("incident_id")
    todo = Incident.objects.filter(review__isnull=False, contact_requested=True).exclude(pk__in=have)
    n = 0
    for incident in todo.iterator():
        create_task(
            incident,
            None,
            kind=Task.Kind.CALL_BACK,
            due=start + timedelta(days=AUTO_CALL_BACK_DAYS),
            automatic=True,
        )
        n += 1
    return n


@transaction.atomic
def complete_task(task: Task, user: User, notes: str) -> None:
    task.completed_at = timezone.now()
    task.completed_by = user
    task.notes = notes
    task.save(update_fields=["completed_at", "completed_by", "notes"])
    _audit("task_complete", user, task.incident, task=task.pk)


@transaction.atomic
def complete_supervisory_review(review: SupervisoryReview, user: User, notes: str) -> None:
    review.completed_at = timezone.now()
    review.completed_by = user
    review.notes = notes
    review.save(update_fields=["completed_at", "completed_by", "notes"])
    _audit("supervisory_review", user, review.incident, rank=review.rank)


@transaction.atomic
def share(incident: Incident, user: User, organisation: Organisation) -> IncidentShare:
    obj, _created = IncidentShare.objects.get_or_create(
        incident=incident, organisation=organisation, defaults={"shared_by": user}
    )
    _audit("share", user, incident, organisation=organisation.pk)
    return obj


@transaction.atomic
def add_intervention(
    incident: Incident,
    user: User,
    *,
    kind: str,
    organisation: Organisation | None = None,
    on: date | None = None,
    notes: str = "",
) -> Intervention:
    obj = Intervention.objects.create(
        incident=incident, kind=kind, organisation=organisation, date=on, notes=notes, created_by=user
    )
    _audit("intervention", user, incident, kind=kind, organisation=organisation.pk if organisation else None)
    return obj

"""Permission-aware reads for the review workflow: queue, histories, tasks, supervision, figures.

Every read starts from ``incidents.queries.visible_incidents`` (district and partner sharing rules) or
filters on ``district_ids``, so a page cannot show another district's work.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.http import Http404
from django.utils import timezone

from saferplaces.accounts.models import User
from saferplaces.accounts.permissions import district_ids
from saferplaces.incidents.models import Incident
from saferplaces.incidents.queries import can_see_incident, visible_incidents
from saferplaces.review.models import (
    CrimeDecision,
    PersonLink,
    PersonMention,
    ReviewItem,
    RiskAssessment,
    SupervisoryReview,
    Task,
)

QUEUE_ITEM_FIELDS = (
    "incident", "district", "claimed_by", "received_at", "risk", "risk_rank", "repeat_victim",
    "repeat_location", "cdi_flag", "cdi_offence", "reasons", "status", "completed_at",
)  # fmt: skip
QUEUE_RELATED_FIELDS = (
    "incident__reference", "district__name", "claimed_by__username", "claimed_by__first_name",
    "claimed_by__last_name",
)  # fmt: skip


def _in_districts(qs: QuerySet[Any], user: User, field: str = "district_id") -> QuerySet[Any]:
    allowed = district_ids(user)
    return qs if allowed is None else qs.filter(**{f"{field}__in": allowed})


def queue(user: User, filters: dict[str, Any]) -> QuerySet[ReviewItem]:
    """Items needing review in the user's districts, highest risk, repeats and oldest first."""
    # Only what a queue row shows: the incident's narrative and the district's outline are large.
    qs = (
        _in_districts(ReviewItem.objects.all(), user)
        .select_related("incident", "district", "claimed_by")
        .only(*QUEUE_ITEM_FIELDS, *QUEUE_RELATED_FIELDS)
    )
    status = filters.get("status") or "todo"
    if status == "todo":
        qs = qs.exclude(status=ReviewItem.Status.DONE)
    elif status == "mine":
        qs = qs.filter(status=ReviewItem.Status.CLAIMED, claimed_by=user)
    elif status in ReviewItem.Status.values:
        qs = qs.filter(status=status)
    if filters.get("risk"):
        qs = qs.filter(risk=filters["risk"])
    if filters.get("district"):
        qs = qs.filter(district=filters["district"])
    reason = filters.get("reason")
    if reason == "repeat_victim":
        qs = qs.filter(repeat_victim=True)
    elif reason == "repeat_location":
        qs = qs.filter(repeat_location=True)
    elif reason == "cdi":
        qs = qs.filter(cdi_flag=True)
    return qs.order_by("risk_rank", "-repeat_victim", "-repeat_location", "received_at", "pk")


def queue_counts(qs: QuerySet[ReviewItem]) -> dict[str, int]:
    """Counts of the filtered queue by risk, flag and status (one query)."""
    return qs.aggregate(
        total=Count("pk"),
        high=Count("pk", filter=Q(risk="high")),
        medium=Count("pk", filter=Q(risk="medium")),
        standard=Count("pk", filter=Q(risk="standard")),
        repeat_victim=Count("pk", filter=Q(repeat_victim=True)),
        repeat_location=Count("pk", filter=Q(repeat_location=True)),
        cdi=Count("pk", filter=Q(cdi_flag=True)),
        claimed=Count("pk", filter=Q(status="claimed")),
    )


def get_item_for(user: User, reference: str) -> ReviewItem:
    """The review item of an incident: 404 if missing or not in review, 403 if not this user's."""
    item = (
        ReviewItem.objects.select_related("incident", "claimed_by")
        .filter(incident__reference=reference)
        .first()
    )
    if item is None:
        raise Http404("No such review item")
    if not can_see_incident(user, item.incident):
        raise PermissionDenied
    return item


@dataclass
class Histories:
    """The incident's linked person and location histories with the engine's explanations."""

    person: list[Incident]
    location: list[Incident]
    person_links: dict[int, list[PersonLink]]
    location_reasons: dict[int, str]


def histories(user: User, item: ReviewItem) -> Histories:
    """Other incidents of the same victim and location that this user may see, newest first."""
    visible = visible_incidents(user).select_related("closing_code", "asb_category")
    person: list[Incident] = []
    links: dict[int, list[PersonLink]] = {}
    if item.victim_person:
        ids = PersonMention.objects.filter(person_id=item.victim_person).values("incident_id")
        person = list(visible.filter(pk__in=ids).exclude(pk=item.incident_id).order_by("-received_at")[:50])
        for link in PersonLink.objects.filter(person_id=item.victim_person).filter(
            Q(incident_a_id=item.incident_id) | Q(incident_b_id=item.incident_id)
        ):
            other = link.incident_b_id if link.incident_a_id == item.incident_id else link.incident_a_id
            links.setdefault(other, []).append(link)
    location: list[Incident] = []
    if item.location_cluster:
        same_place = ReviewItem.objects.filter(location_cluster=item.location_cluster).values("incident_id")
        location = list(
            visible.filter(pk__in=same_place).exclude(pk=item.incident_id).order_by("-received_at")[:50]
        )
    from saferplaces.review.models import LocationLink

    reasons = {
        (ll.incident_b_id if ll.incident_a_id == item.incident_id else ll.incident_a_id): ll.reason
        for ll in LocationLink.objects.filter(
            Q(incident_a_id=item.incident_id) | Q(incident_b_id=item.incident_id)
        )
    }
    return Histories(person, location, links, reasons)


def suspect_person(item: ReviewItem) -> str | None:
    """The engine's person id of the incident's suspect, if one was named."""
    return (
        PersonMention.objects.filter(incident_id=item.incident_id, role="suspect")
        .values_list("person_id", flat=True)
        .first()
    )


def prior_same_suspect(user: User, item: ReviewItem, suspect: str | None, days: int) -> list[str]:
    """Earlier in-review incidents against the same victim by the same suspect within ``days``.

    The engine counts these towards a harassment course of conduct; the review page shows them as
    the CDI evidence beside the words of the log. Oldest first; only incidents this user may see.
    """
    if not suspect or not item.victim_person:
        return []
    by_suspect = PersonMention.objects.filter(role="suspect", person_id=suspect).values("incident_id")
    earlier = (
        ReviewItem.objects.filter(
            victim_person=item.victim_person,
            incident_id__in=by_suspect,
            received_at__gte=item.received_at - timedelta(days=days),
            received_at__lt=item.received_at,
        )
        .filter(incident__in=visible_incidents(user))
        .order_by("received_at")
    )
    return list(earlier.values_list("incident__reference", flat=True))


def assessments(incident: Incident) -> list[RiskAssessment]:
    return list(incident.risk_assessments.select_related("assessed_by"))


def decisions(incident: Incident) -> list[CrimeDecision]:
    return list(incident.crime_decisions.select_related("decided_by", "offence_code"))


def officer_tasks(user: User, *, include_done: bool = False) -> QuerySet[Task]:
    """The officer's own tasks and unassigned tasks in their districts."""
    qs = _in_districts(Task.objects.all(), user).filter(Q(assigned_to=user) | Q(assigned_to__isnull=True))
    if not include_done:
        qs = qs.filter(completed_at__isnull=True)
    return qs.select_related("incident", "assigned_to")


def get_task_for(user: User, pk: int) -> Task:
    task = Task.objects.select_related("incident").filter(pk=pk).first()
    if task is None:
        raise Http404("No such task")
    if not _in_districts(Task.objects.filter(pk=pk), user).exists():
        raise PermissionDenied
    return task


def supervision(user: User, today: date) -> tuple[list[SupervisoryReview], list[SupervisoryReview]]:
    """Open supervisory reviews in the user's districts: (overdue, upcoming)."""
    qs = _in_districts(SupervisoryReview.objects.filter(completed_at__isnull=True), user).select_related(
        "incident", "assessment"
    )
    overdue = list(qs.filter(due__lt=today))
    upcoming = list(qs.filter(due__gte=today)[:200])
    return overdue, upcoming


def get_supervisory_review_for(user: User, pk: int) -> SupervisoryReview:
    review = SupervisoryReview.objects.select_related("incident").filter(pk=pk).first()
    if review is None:
        raise Http404("No such supervisory review")
    if not _in_districts(SupervisoryReview.objects.filter(pk=pk), user).exists():
        raise PermissionDenied
    return review


def management_figures(user: User, today: date) -> list[dict[str, Any]]:
    """Aggregates by district and month (no names): reviews, risk, CDI, overdue tasks, repeat victims."""
    rows: dict[tuple[str, str], dict[str, Any]] = {}

    def row(district: str | None, month: Any) -> dict[str, Any]:
        key = (district or "Unknown", timezone.localtime(month).strftime("%Y-%m") if month else "")
        return rows.setdefault(
            key,
            {
                "district": key[0], "month": key[1], "in_review": 0, "reviewed": 0, "high": 0, "medium": 0,
                "standard": 0, "cdi_raised": 0, "cdi_accepted": 0, "cdi_overruled": 0, "tasks_overdue": 0,
                "repeat_victims": 0,
            },
        )  # fmt: skip

    items = _in_districts(ReviewItem.objects.all(), user)
    for r in (
        items.annotate(month=TruncMonth("received_at"))
        .values("district__name", "month")
        .annotate(
            n=Count("pk"),
            done=Count("pk", filter=Q(status="done")),
            cdi=Count("pk", filter=Q(cdi_flag=True)),
            victims=Count("victim_person", filter=Q(repeat_victim=True), distinct=True),
        )
    ):
        d = row(r["district__name"], r["month"])
        d.update(in_review=r["n"], reviewed=r["done"], cdi_raised=r["cdi"], repeat_victims=r["victims"])
    assessed = _in_districts(RiskAssessment.objects.all(), user, "incident__district_id")
    latest = assessed.order_by("incident_id", "-assessed_at", "-id")
    seen: set[int] = set()
    for a in latest.values("incident_id", "risk", "incident__district__name", "incident__received_at"):
        if a["incident_id"] in seen:
            continue  # only the latest assessment of an incident counts
        seen.add(a["incident_id"])
        row(a["incident__district__name"], a["incident__received_at"])[a["risk"]] += 1
    cdi = _in_districts(CrimeDecision.objects.exclude(cdi=""), user, "incident__district_id")
    for c in cdi.values("cdi", "incident__district__name", "incident__received_at"):
        row(c["incident__district__name"], c["incident__received_at"])[f"cdi_{c['cdi']}"] += 1
    overdue = _in_districts(Task.objects.filter(completed_at__isnull=True, due__lt=today), user)
    for t in overdue.values("district__name", "incident__received_at"):
        row(t["district__name"], t["incident__received_at"])["tasks_overdue"] += 1
    return [rows[k] for k in sorted(rows)]

"""Permission-aware reads for the tracker's staff pages, and the monthly usage table."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet
from django.http import Http404

from saferplaces.accounts.models import Role, User
from saferplaces.accounts.permissions import district_ids
from saferplaces.tracker.models import CodeEvent, Message, TrackedCrime, UsageCount

# Who works tracked crimes: the officer in charge, the team, their supervisors and reviewers.
TRACKER_ROLES = (Role.NPT_OFFICER, Role.SUPERVISOR, Role.REVIEWER, Role.ADMINISTRATOR)
# Roles that may be made officer in charge.
OFFICER_ROLES = (Role.NPT_OFFICER, Role.SUPERVISOR, Role.REVIEWER)
# The Panel's figures name no one: analysts and the PCC team may read them too.
USAGE_ROLES = (*TRACKER_ROLES, Role.ANALYST, Role.PCC)

SCOPES = {
    "mine": "Crimes where I am officer in charge",
    "team": "My team's crimes",
    "all": "All in my districts",
}


def visible_crimes(user: User) -> QuerySet[TrackedCrime]:
    """Tracked crimes in the user's districts (all of them for force-wide users)."""
    qs = TrackedCrime.objects.all()
    allowed = district_ids(user)
    if allowed is not None:
        qs = qs.filter(district_id__in=allowed)
    return qs


def get_crime_for(user: User, pk: int) -> TrackedCrime:
    """The tracked crime, 404 if there is none, 403 if it is in another district."""
    crime = TrackedCrime.objects.select_related("district", "officer").filter(pk=pk).first()
    if crime is None:
        raise Http404("No such tracked crime")
    allowed = district_ids(user)
    if allowed is not None and crime.district_id not in allowed:
        raise PermissionDenied
    return crime


def default_scope(user: User) -> str:
    return "team" if user.team else "all"


def scoped_crimes(user: User, scope: str) -> QuerySet[TrackedCrime]:
    """Visible crimes narrowed to the user's own (``mine``), their team's (``team``) or ``all``."""
    qs = visible_crimes(user)
    if scope == "mine":
        return qs.filter(officer=user)
    if scope == "team":
        return (
            qs.filter(Q(officer=user) | Q(officer__team=user.team)) if user.team else qs.filter(officer=user)
        )
    return qs


def crime_list(user: User, scope: str) -> QuerySet[TrackedCrime]:
    """The list page: each crime with its count of unanswered messages and updates not yet given."""
    return (
        scoped_crimes(user, scope)
        .select_related("district", "officer")
        .annotate(
            waiting_messages=Count(
                "messages",
                filter=Q(
                    messages__direction=Message.Direction.FROM_VICTIM, messages__answered_at__isnull=True
                ),
                distinct=True,
            ),
            updates_due=Count(
                "code_events", filter=Q(code_events__update_given_at__isnull=True), distinct=True
            ),
        )
        .order_by("-created_at", "-id")
    )


def message_queue(user: User, scope: str) -> QuerySet[Message]:
    """Victims' messages not yet answered, the oldest target first."""
    return (
        Message.objects.filter(
            crime__in=scoped_crimes(user, scope),
            direction=Message.Direction.FROM_VICTIM,
            answered_at__isnull=True,
        )
        .select_related("crime", "crime__officer", "crime__district")
        .order_by("respond_by", "sent_at", "id")
    )


def updates_due(user: User, scope: str) -> QuerySet[CodeEvent]:
    """Victims' Code updates not yet given, the earliest deadline (so the overdue) first."""
    return (
        CodeEvent.objects.filter(crime__in=scoped_crimes(user, scope), update_given_at__isnull=True)
        .select_related("crime", "crime__officer", "crime__district")
        .order_by("due_on", "occurred_on", "id")
    )


def officer_choices(user: User, district_id: int | None = None) -> QuerySet[User]:
    """Active officers who may be put in charge: in the user's districts (or the one given)."""
    qs = User.objects.filter(is_active=True, role__in=OFFICER_ROLES)
    allowed = district_ids(user)
    if allowed is not None:
        qs = qs.filter(districts__in=allowed)
    if district_id is not None:
        qs = qs.filter(districts=district_id)
    return qs.distinct().order_by("last_name", "first_name", "username")


@dataclass(frozen=True)
class UsageRow:
    month: date
    sign_ins: int
    messages: int
    property_reports: int

    @property
    def total(self) -> int:
        return self.sign_ins + self.messages + self.property_reports


def usage_by_month(year: int | None = None) -> list[UsageRow]:
    """One row per month with any use, oldest first (optionally one calendar year)."""
    qs = UsageCount.objects.all()
    if year is not None:
        qs = qs.filter(month__year=year)
    months: dict[date, dict[str, int]] = {}
    for month, kind, count in qs.values_list("month", "kind", "count"):
        months.setdefault(month, {})[kind] = count
    return [
        UsageRow(
            month=m,
            sign_ins=c.get(UsageCount.Kind.SIGN_IN, 0),
            messages=c.get(UsageCount.Kind.MESSAGE, 0),
            property_reports=c.get(UsageCount.Kind.PROPERTY, 0),
        )
        for m, c in sorted(months.items())
    ]


def usage_years() -> list[int]:
    return sorted({d.year for d in UsageCount.objects.dates("month", "year")})

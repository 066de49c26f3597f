"""Permission-aware reads of case review applications and appeals, and the yearly figures."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, QuerySet
from django.http import Http404

from saferplaces.accounts.models import Role, User
from saferplaces.accounts.permissions import district_ids, is_force_wide
from saferplaces.casereviews.models import Appeal, Application, Complaint, Recommendation, ReviewMeeting
from saferplaces.casereviews.threshold import Complaint as ComplaintFacts
from saferplaces.casereviews.threshold import LinkedApplicant, ThresholdResult, assess

# Who works case reviews: the police reviewer and supervisor, partners for their organisation's
# districts; administrators always. The PCC team sees appeals.
CASE_ROLES = (Role.REVIEWER, Role.SUPERVISOR, Role.PARTNER)
DECISION_ROLES = (Role.REVIEWER, Role.SUPERVISOR)
APPEAL_ROLES = (Role.PCC,)


def visible_applications(user: User) -> QuerySet[Application]:
    """Applications in the user's districts; a partner also needs an organisation."""
    qs = Application.objects.all()
    if user.role == Role.PARTNER and not is_force_wide(user) and user.organisation_id is None:
        return qs.none()
    allowed = district_ids(user)
    if allowed is not None:
        qs = qs.filter(district_id__in=allowed)
    return qs


def get_application_for(user: User, reference: str) -> Application:
    """The application, 404 when there is none, 403 when it is outside the user's districts."""
    app = Application.objects.select_related("district").filter(reference=reference).first()
    if app is None:
        raise Http404("No such application")
    if not visible_applications(user).filter(pk=app.pk).exists():
        raise PermissionDenied
    return app


def get_appeal_for(user: User, reference: str) -> Appeal:
    """Appeals are the PCC team's: force-wide, since the PCC oversees every relevant body."""
    appeal = (
        Appeal.objects.select_related("application", "application__district")
        .filter(application__reference=reference)
        .first()
    )
    if appeal is None:
        raise Http404("No such appeal")
    if not (is_force_wide(user) or user.role == Role.PCC):
        raise PermissionDenied
    return appeal


def filter_queue(qs: QuerySet[Application], filters: dict[str, Any]) -> QuerySet[Application]:
    if filters.get("status"):
        qs = qs.filter(status=filters["status"])
    if filters.get("district"):
        qs = qs.filter(district=filters["district"])
    if filters.get("received_from"):
        qs = qs.filter(received_on__gte=filters["received_from"])
    if filters.get("received_to"):
        qs = qs.filter(received_on__lte=filters["received_to"])
    return qs


def linked_applicants(app: Application) -> list[LinkedApplicant]:
    """Other applications linked to the same problem, with each one's complaint dates."""
    if app.problem_id is None:
        return []
    others = (
        Application.objects.filter(problem_id=app.problem_id)
        .exclude(pk=app.pk)
        .prefetch_related("complaints")
    )
    return [
        LinkedApplicant(person_key=o.applicant_key, complaint_dates=[c.made_on for c in o.complaints.all()])
        for o in others
    ]


def complaint_facts(complaints: list[Complaint]) -> list[ComplaintFacts]:
    return [
        ComplaintFacts(made_on=c.made_on, behaviour_on=c.behaviour_on, made_to=c.made_to) for c in complaints
    ]


def threshold_check(app: Application) -> ThresholdResult:
    """The application checked against its district's rules, with linked applications counted."""
    from saferplaces.casereviews.rules import rules_for

    rules = rules_for(app.district_id).threshold_rules()
    return assess(
        complaint_facts(list(app.complaints.all())),
        app.received_on,
        rules,
        hate_motivated=app.hate_motivated == Application.Hate.YES,
        applicant_key=app.applicant_key,
        linked=linked_applicants(app),
    )


# --- yearly publication figures (aggregates only) -----------------------------------------------------
@dataclass(frozen=True)
class YearFigures:
    year_start: date
    applications: int
    threshold_not_met: int
    reviews_held: int
    reviews_with_recommendations: int
    appeals: int
    appeals_upheld: int

    @property
    def label(self) -> str:
        if self.year_start.month == 1:
            return str(self.year_start.year)
        return f"{self.year_start.year} to {self.year_start.year + 1}"


def year_start_for(day: date, start_month: int) -> date:
    year = day.year if day.month >= start_month else day.year - 1
    return date(year, start_month, 1)


def yearly_figures(start_month: int, district_id: int | None = None) -> list[YearFigures]:
    """Applications, threshold not met, reviews held, reviews with recommendations, appeals: per year.

    Years run from ``start_month`` (4: April to March); each application counts in the year it was
    received, and its review and appeal in the same year, so the rows add up across the table.
    """
    apps = Application.objects.all()
    if district_id is not None:
        apps = apps.filter(district_id=district_id)
    apps = apps.annotate(
        held=Exists(ReviewMeeting.objects.filter(application=OuterRef("pk"))),
        recommended=Exists(Recommendation.objects.filter(application=OuterRef("pk"), appeal__isnull=True)),
        appealed=Exists(Appeal.objects.filter(application=OuterRef("pk"))),
        upheld=Exists(Appeal.objects.filter(application=OuterRef("pk"), status=Appeal.Status.UPHELD)),
    )
    rows = apps.values("received_on", "threshold_met", "held", "recommended", "appealed", "upheld")
    years: dict[date, list[int]] = {}
    for r in rows:
        key = year_start_for(r["received_on"], start_month)
        counts = years.setdefault(key, [0, 0, 0, 0, 0, 0])
        counts[0] += 1
        counts[1] += r["threshold_met"] is False
        counts[2] += bool(r["held"])
        counts[3] += bool(r["held"] and r["recommended"])
        counts[4] += bool(r["appealed"])
        counts[5] += bool(r["upheld"])
    return [YearFigures(k, *v) for k, v in sorted(years.items(), reverse=True)]

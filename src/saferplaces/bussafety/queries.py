"""Permission-aware reads of bus safety reports, and the monthly summary by route and type."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.http import Http404

from saferplaces.accounts.models import Role, User
from saferplaces.accounts.permissions import can_see_people, district_ids
from saferplaces.bussafety.models import BusReport, ConcernType

# The Safer Travel team: officers, supervisors and analysts (analysts never see contact details).
STAFF_ROLES = (Role.NPT_OFFICER, Role.SUPERVISOR, Role.ANALYST)
WORK_ROLES = (Role.NPT_OFFICER, Role.SUPERVISOR)
NOT_LISTED = "Not listed"


def visible_reports(user: User) -> QuerySet[BusReport]:
    """Reports in the user's districts, and reports that could not be placed in any district.

    A report without a map point on a route that crosses districts belongs to no district; the whole
    team sees it so that none is lost.
    """
    qs = BusReport.objects.all()
    allowed = district_ids(user)
    if allowed is not None:
        qs = qs.filter(Q(district_id__in=allowed) | Q(district__isnull=True))
    return qs


def get_report_for(user: User, reference: str) -> BusReport:
    report = BusReport.objects.select_related("route", "district", "lsoa").filter(reference=reference).first()
    if report is None:
        raise Http404("No such report")
    if not visible_reports(user).filter(pk=report.pk).exists():
        raise PermissionDenied
    return report


def may_see_contact(user: User) -> bool:
    """Contact details: officers and supervisors; analysts only if granted access to people."""
    return can_see_people(user)


def filter_reports(qs: QuerySet[BusReport], filters: dict[str, Any]) -> QuerySet[BusReport]:
    if filters.get("route"):
        qs = qs.filter(route=filters["route"])
    if filters.get("concern"):
        qs = qs.filter(concerns=filters["concern"])
    if filters.get("status"):
        qs = qs.filter(status=filters["status"])
    if filters.get("date_from"):
        qs = qs.filter(occurred_on__gte=filters["date_from"])
    if filters.get("date_to"):
        qs = qs.filter(occurred_on__lte=filters["date_to"])
    return qs


@dataclass(frozen=True)
class MonthSummary:
    month: date
    types: list[ConcernType]
    # (route label, reports, [count for each type in ``types``])
    rows: list[tuple[str, int, list[int]]]
    total_reports: int
    type_totals: list[int]


def _next_month(day: date) -> date:
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)


def month_summary(qs: QuerySet[BusReport], month: date) -> MonthSummary:
    """Reports that happened in ``month``, by route and by type (a report may have several types).

    Routes not in the list are counted together as "Not listed": passengers' free text is never
    published in a summary.
    """
    start = month.replace(day=1)
    in_month = qs.filter(occurred_on__gte=start, occurred_on__lt=_next_month(start))
    types = list(ConcernType.objects.all())
    reports: Counter[str] = Counter()
    by_type: Counter[tuple[str, int]] = Counter()
    for r in in_month.select_related("route").prefetch_related("concerns"):
        key = _route_key(r)
        reports[key] += 1
        for c in r.concerns.all():
            by_type[(key, c.pk)] += 1
    rows = [
        (label, reports[label], [by_type[(label, t.pk)] for t in types])
        for label in sorted(reports, key=lambda x: (x == NOT_LISTED, _natural(x)))
    ]
    return MonthSummary(
        month=start,
        types=types,
        rows=rows,
        total_reports=sum(reports.values()),
        type_totals=[sum(row[2][i] for row in rows) for i in range(len(types))],
    )


def _route_key(report: BusReport) -> str:
    if report.route is None:
        return NOT_LISTED
    return f"{report.route.code} ({report.route.operator})" if report.route.operator else report.route.code


def _natural(label: str) -> tuple[int, str]:
    digits = "".join(ch for ch in label.split(" ")[0] if ch.isdigit())
    return (int(digits) if digits else 10**6, label)


def reports_by_month(qs: QuerySet[BusReport]) -> list[tuple[date, int]]:
    rows = qs.annotate(m=TruncMonth("occurred_on")).values("m").annotate(n=Count("id")).order_by("-m")
    return [(r["m"], r["n"]) for r in rows]

"""Read what the Panel tables need from the database into Polars, and say which months each source holds.

Every reader returns a plain Polars DataFrame shaped for :mod:`saferplaces.analytics.performance`, so
the arithmetic lives there and nowhere else. Each source also has a :class:`Coverage`: the calendar
months for which it holds data. A period is only counted when the source holds every month of it;
otherwise the table says so instead of showing a count that is really "no data".

How a month counts as held:

* **police.uk**: any record other than anti-social behaviour in the force's loaded districts that
  month (a reduced ASB-only table, or another force's file, does not make crime figures complete);
* **incident logs**: any incident received that month (UK local time);
* **STATS19**: every month of a collision year that has been imported (the files are annual);
* **force-supplied tables**: per item (crime type, measure), the months with a row.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import polars as pl
from django.db.models.functions import TruncDate, TruncMonth
from django.utils import timezone

from saferplaces.analytics.performance.periods import Period, month_starts
from saferplaces.analytics.performance.stats19 import Stats19
from saferplaces.analytics.sources.policeuk import ASB
from saferplaces.areas.models import District
from saferplaces.incidents.models import Incident
from saferplaces.policedata.models import StreetRecord
from saferplaces.reports.models import (
    MonthlyCount,
    StaffingFigure,
    Stats19Casualty,
    Stats19Collision,
    VictimSatisfaction,
)

POLICE_UK = "police.uk street-level records"
INCIDENT_LOGS = "incident logs"
STATS19_SOURCE = "DfT STATS19 road casualty data"
SATISFACTION_SOURCE = "victim satisfaction survey counts supplied by the force"
STAFFING_SOURCE = "neighbourhood staffing figures supplied by the force"
ADMISSIONS_SOURCE = "monthly counts supplied by partners (hospital admissions)"


def month_label(month: date) -> str:
    """``Jan 2023``."""
    return f"{month:%b %Y}"


def month_ranges(months: Iterable[date]) -> str:
    """Months as runs: ``Feb 2021–Jan 2022, Jul 2022`` (en dash between the ends of a run)."""
    ordered = sorted(set(months))
    runs: list[tuple[date, date]] = []
    for month in ordered:
        if runs and _next_month(runs[-1][1]) == month:
            runs[-1] = (runs[-1][0], month)
        else:
            runs.append((month, month))
    return ", ".join(month_label(a) if a == b else f"{month_label(a)}–{month_label(b)}" for a, b in runs)


def _next_month(month: date) -> date:
    return (month.replace(day=28) + timedelta(days=4)).replace(day=1)


@dataclass(frozen=True)
class Coverage:
    """The months a source holds.

    Attributes:
        source: What the data is, as printed under a table.
        months: First day of every month held.
    """

    source: str
    months: frozenset[date]

    def missing(self, period: Period) -> list[date]:
        """Months of ``period`` the source does not hold."""
        return [m for m in month_starts(period) if m not in self.months]

    def covers(self, period: Period) -> bool:
        """Whether every month of ``period`` is held."""
        return not self.missing(period)

    def describe(self) -> str:
        """``police.uk street-level records: Jul 2016, Jul 2017`` or ``…: none held``."""
        return f"{self.source}: {month_ranges(self.months) if self.months else 'none held'}"

    def gap(self, period: Period) -> str:
        """Why ``period`` cannot be counted from this source (empty when it can)."""
        missing = self.missing(period)
        if not missing:
            return ""
        total = len(month_starts(period))
        if len(missing) == total:
            return f"no {self.source} are held for {month_ranges(missing)}"
        return f"{self.source} lack {month_ranges(missing)} ({len(missing)} of its {total} months)"


def _first_of_month(values: Iterable[date | datetime | None]) -> frozenset[date]:
    months: set[date] = set()
    for value in values:
        if value is None:
            continue
        if isinstance(value, datetime):
            value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
        months.add(value.replace(day=1))
    return frozenset(months)


def _span(periods: Sequence[Period]) -> tuple[date, date]:
    return min(p.start for p in periods), max(p.end for p in periods)


# --- police.uk ---------------------------------------------------------------------------------


def policeuk_coverage() -> Coverage:
    """Months with police.uk crime records (not only ASB) in the force's districts."""
    months = (
        StreetRecord.objects.filter(district__isnull=False)
        .exclude(crime_type=ASB)
        .values_list("month", flat=True)
        .distinct()
    )
    return Coverage(POLICE_UK, _first_of_month(months))


def policeuk_crimes(
    crime_types: Sequence[str], periods: Sequence[Period], district: District | None = None
) -> pl.DataFrame:
    """police.uk crimes of these types in the periods: columns ``date`` (month), ``crime_type``,
    ``last_outcome``. Only records placed in one of the force's districts count."""
    start, end = _span(periods)
    records = StreetRecord.objects.filter(
        crime_type__in=list(crime_types), month__gte=start, month__lte=end, district__isnull=False
    )
    if district is not None:
        records = records.filter(district=district)
    rows = list(records.values_list("month", "crime_type", "last_outcome"))
    return pl.DataFrame(
        rows,
        schema={"date": pl.Date, "crime_type": pl.String, "last_outcome": pl.String},
        orient="row",
    )


# --- incident logs -----------------------------------------------------------------------------


def incident_coverage() -> Coverage:
    """Months in which any incident was received (UK local time)."""
    months = Incident.objects.annotate(m=TruncMonth("received_at")).values_list("m", flat=True).distinct()
    return Coverage(INCIDENT_LOGS, _first_of_month(months))


def _local_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def asb_incidents(periods: Sequence[Period], district: District | None = None) -> pl.DataFrame:
    """Incidents closed with an ASB finalisation code: one row each, column ``date`` (local day received)."""
    start, end = _span(periods)
    incidents = Incident.objects.filter(
        closing_code__is_asb_finalisation=True,
        received_at__gte=_local_start(start),
        received_at__lt=_local_start(end + timedelta(days=1)),
    )
    if district is not None:
        incidents = incidents.filter(district=district)
    days = list(incidents.annotate(day=TruncDate("received_at")).values_list("day", flat=True))
    return pl.DataFrame({"date": days}, schema={"date": pl.Date})


# --- STATS19 -----------------------------------------------------------------------------------


def stats19_coverage() -> Coverage:
    """Every month of each collision year held (STATS19 is published a year at a time)."""
    years = Stats19Collision.objects.values_list("collision_year", flat=True).distinct()
    return Coverage(STATS19_SOURCE, frozenset(date(y, m, 1) for y in years for m in range(1, 13)))


def stats19_data(period: Period, district: District | None = None) -> Stats19:
    """Collisions in ``period`` (by collision date) and their casualties, with the DfT column names
    that :mod:`saferplaces.analytics.performance.stats19` reads."""
    collisions = Stats19Collision.objects.filter(date__gte=period.start, date__lte=period.end)
    if district is not None:
        collisions = collisions.filter(local_authority_ons_district=district.code)
    collision_rows = list(
        collisions.values_list(
            "collision_index",
            "collision_year",
            "police_force",
            "severity",
            "local_authority_ons_district",
            "adjusted_severity_serious",
            "date",
        )
    )
    casualty_rows = list(
        Stats19Casualty.objects.filter(collision__in=collisions).values_list(
            "collision__collision_index",
            "severity",
            "age",
            "casualty_type",
            "casualty_class",
            "adjusted_severity_serious",
        )
    )
    return Stats19(
        pl.DataFrame(
            collision_rows,
            schema={
                "collision_index": pl.String,
                "collision_year": pl.Int32,
                "police_force": pl.Int32,
                "collision_severity": pl.Int8,
                "local_authority_ons_district": pl.String,
                "collision_adjusted_severity_serious": pl.Float64,
                "date": pl.Date,
            },
            orient="row",
        ),
        pl.DataFrame(
            casualty_rows,
            schema={
                "collision_index": pl.String,
                "casualty_severity": pl.Int8,
                "age_of_casualty": pl.Int16,
                "casualty_type": pl.Int16,
                "casualty_class": pl.Int8,
                "casualty_adjusted_severity_serious": pl.Float64,
            },
            orient="row",
        ),
    )


def district_names() -> dict[str, str]:
    """ONS district code to name, from the loaded districts."""
    return dict(District.objects.values_list("code", "name"))


# --- force-supplied tables ---------------------------------------------------------------------


def satisfaction(periods: Sequence[Period]) -> pl.DataFrame:
    """Victim satisfaction rows in the periods: ``month``, ``crime_type``, ``respondents``, ``satisfied``."""
    start, end = _span(periods)
    rows = list(
        VictimSatisfaction.objects.filter(month__gte=start, month__lte=end).values_list(
            "month", "crime_type", "respondents", "satisfied"
        )
    )
    return pl.DataFrame(
        rows,
        schema={"month": pl.Date, "crime_type": pl.String, "respondents": pl.Int64, "satisfied": pl.Int64},
        orient="row",
    )


def monthly_counts(periods: Sequence[Period]) -> pl.DataFrame:
    """Partner-supplied monthly counts in the periods: ``month``, ``measure``, ``count``."""
    start, end = _span(periods)
    rows = list(
        MonthlyCount.objects.filter(month__gte=start, month__lte=end).values_list("month", "measure", "count")
    )
    return pl.DataFrame(
        rows, schema={"month": pl.Date, "measure": pl.String, "count": pl.Int64}, orient="row"
    )


def supplied_items(model: type[VictimSatisfaction] | type[MonthlyCount], column: str) -> list[str]:
    """Every crime type or measure ever supplied, in name order (so a table keeps its rows)."""
    return sorted(set(model.objects.values_list(column, flat=True)), key=str.casefold)


def item_coverage(
    model: type[VictimSatisfaction] | type[MonthlyCount], column: str, source: str
) -> dict[str, Coverage]:
    """Per crime type or measure, the months supplied."""
    held: dict[str, set[date]] = {}
    for item, month in model.objects.values_list(column, "month"):
        held.setdefault(item, set()).add(month)
    return {item: Coverage(source, frozenset(months)) for item, months in held.items()}


def supplied_coverage(
    model: type[VictimSatisfaction] | type[MonthlyCount] | type[StaffingFigure], source: str
) -> Coverage:
    """Months with any row of a supplied table."""
    return Coverage(source, _first_of_month(model.objects.values_list("month", flat=True).distinct()))


def staffing_snapshot(on_or_before: date) -> tuple[date | None, pl.DataFrame]:
    """The latest staffing snapshot at or before a month: its month and rows ``role``, ``budgeted``,
    ``actual`` (Decimal text, exact) in file order; ``(None, empty)`` when there is none."""
    month = (
        StaffingFigure.objects.filter(month__lte=on_or_before)
        .order_by("-month")
        .values_list("month", flat=True)
        .first()
    )
    schema = {"role": pl.String, "budgeted": pl.String, "actual": pl.String}
    if month is None:
        return None, pl.DataFrame(schema=schema)
    rows = [
        (role, str(budgeted), str(actual))
        for role, budgeted, actual in StaffingFigure.objects.filter(month=month).values_list(
            "role", "budgeted", "actual"
        )
    ]
    return month, pl.DataFrame(rows, schema=schema, orient="row")


def latest_month() -> date | None:
    """The latest month any source holds: the form's default end month."""
    candidates: list[date] = []
    for coverage in (policeuk_coverage(), incident_coverage(), stats19_coverage()):
        if coverage.months:
            candidates.append(max(coverage.months))
    for model in (VictimSatisfaction, StaffingFigure, MonthlyCount):
        newest = model.objects.order_by("-month").values_list("month", flat=True).first()
        if newest is not None:
            candidates.append(newest)
    return max(candidates) if candidates else None

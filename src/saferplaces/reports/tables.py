"""The Panel pack: each table of the Police and Crime Panel papers, built from the database.

This module decides *what* each table holds (which records, which periods, which rows) and hands the
arithmetic to :mod:`saferplaces.analytics.performance` (counts, changes, direction of travel,
significance, totals, per-day rates). Views and the ``build_panel_pack`` command both call
:func:`build_panel`, so the page, the download and the unattended pack are the same tables.

Periods: the latest rolling ``months`` (12 by default) ending in the chosen month, the same length
just before it, and optionally a baseline of the same length (e.g. the 12 months to June 2019). The
ASB table uses the last whole calendar year up to the chosen month against the year before, as the
June 2023 paper does; the serious violence table uses four consecutive rolling periods.

A period is counted only when its source holds every month of it (:mod:`saferplaces.reports.data`).
A period without figures is left out and the notes say why; when the latest period has none, the
table says it cannot be computed. A blank is never shown as a zero.
"""

from __future__ import annotations

import calendar
import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from fractions import Fraction
from typing import Any

import polars as pl
from django.utils import timezone

from saferplaces.analytics.performance import (
    ChartSpec,
    CompareInputError,
    Period,
    ReportTable,
    compare,
    months_ending,
    preceding,
)
from saferplaces.analytics.performance.compare import round_fraction
from saferplaces.analytics.performance.measures import (
    outcome_groups,
    outcome_rate_row,
    period_counts,
    with_outcome_groups,
    year_on_year_by_month,
)
from saferplaces.analytics.performance.periods import add_months, calendar_year, month_period, month_within
from saferplaces.analytics.performance.stats19 import district_ksi_table, ksi_casualties
from saferplaces.areas.models import District
from saferplaces.reports import data
from saferplaces.reports.data import Coverage, month_ranges
from saferplaces.reports.models import MonthlyCount, StaffingFigure, VictimSatisfaction

NEIGHBOURHOOD_CRIME_TYPES = ("Burglary", "Robbery", "Theft from the person", "Vehicle crime")
NEIGHBOURHOOD_TOTAL = "Total neighbourhood crime"
SERIOUS_VIOLENCE_CRIME_TYPES = ("Robbery", "Possession of weapons")
OUTCOME_RATE = "Outcome rate (outcomes 1-8)"
SERIOUS_VIOLENCE_YEARS = 4


class TableKey(StrEnum):
    """The tables a pack can hold, in the order the papers print them."""

    NEIGHBOURHOOD_CRIME = "neighbourhood_crime"
    OUTCOMES = "outcomes"
    SATISFACTION = "victim_satisfaction"
    STAFFING = "staffing"
    ASB = "asb"
    KSI = "ksi"
    SERIOUS_VIOLENCE = "serious_violence"


TABLE_LABELS: dict[TableKey, str] = {
    TableKey.NEIGHBOURHOOD_CRIME: "Neighbourhood crime against the previous months and the baseline",
    TableKey.OUTCOMES: "Neighbourhood crime outcome rates by outcome group",
    TableKey.SATISFACTION: "Victim satisfaction",
    TableKey.STAFFING: "Neighbourhood staffing, budgeted against actual",
    TableKey.ASB: "ASB incidents by month, year on year, with per-day rates",
    TableKey.KSI: "KSI road casualties, adjusted and unadjusted, by district, child and pedal cycle",
    TableKey.SERIOUS_VIOLENCE: "Serious violence measures over four years",
}


@dataclass(frozen=True)
class PanelRequest:
    """What the reader asked for.

    Attributes:
        end_year: Year of the month the latest rolling period ends in.
        end_month: That month (1-12).
        months: Length of the rolling periods in months.
        baseline: (year, month) the baseline period ends in, or None for no baseline.
        tables: The tables wanted, in any order (the pack uses :class:`TableKey` order).
        district: One district, or None for the whole force.
    """

    end_year: int
    end_month: int
    months: int = 12
    baseline: tuple[int, int] | None = None
    tables: tuple[TableKey, ...] = tuple(TableKey)
    district: District | None = None

    @property
    def latest(self) -> Period:
        """The rolling period ending in the chosen month."""
        return months_ending(self.end_year, self.end_month, self.months)

    @property
    def previous(self) -> Period:
        """The period of the same length just before :attr:`latest`."""
        return preceding(self.latest)

    @property
    def baseline_period(self) -> Period | None:
        """The baseline period, if one was chosen."""
        return months_ending(*self.baseline, self.months) if self.baseline else None

    def periods(self) -> list[Period]:
        """Baseline (if any), previous, latest: the columns of the rolling tables, in time order."""
        return [p for p in (self.baseline_period, self.previous, self.latest) if p is not None]

    @property
    def previous_words(self) -> str:
        """``previous 12 months`` (``previous month`` for one)."""
        return "previous month" if self.months == 1 else f"previous {self.months} months"

    @property
    def area(self) -> str:
        """``Whole force`` or the district's name."""
        return self.district.name if self.district else "Whole force"


def baseline_problem(end: tuple[int, int], baseline: tuple[int, int], months: int) -> str:
    """Why a baseline ending in ``baseline`` cannot go with this end month ("" when it can).

    The baseline must end before the previous period does, so that the three columns differ.
    """
    previous_end = add_months(end[0], end[1], -months)
    if baseline >= previous_end:
        return (
            f"The baseline must end before the previous period does "
            f"({previous_end[0]}-{previous_end[1]:02d}); choose an earlier month."
        )
    return ""


def describe_period(period: Period) -> str:
    """``12m to Jan 2023 (Feb 2022–Jan 2023)``."""
    first, last = f"{period.start:%b %Y}", f"{period.end:%b %Y}"
    return f"{period.label} ({first if first == last else f'{first}–{last}'})"


@dataclass(frozen=True)
class PanelTable:
    """One table of the pack, or the plain reason it cannot be computed.

    Attributes:
        key: Which table choice produced it (one choice can produce two tables).
        title: Short title (also the XLSX sheet name).
        subtitle: The periods and area it covers.
        report: The table to show and write, or None when it cannot be computed.
        problem: Why it cannot be computed ("" when it can).
        notes: Definition, sources, gaps, then the methods: printed under the table.
        compared: False when the table holds figures only (one period, or a cross-section).
    """

    key: TableKey
    title: str
    subtitle: str
    report: ReportTable | None
    problem: str = ""
    notes: tuple[str, ...] = ()
    compared: bool = True

    def for_pack(self) -> ReportTable:
        """The table for the pack; a one-cell status table when it cannot be computed."""
        if self.report is not None:
            return ReportTable(
                self.title, self.report.frame, (f"Period: {self.subtitle}.", *self.notes), self.report.chart
            )
        return ReportTable(
            self.title, pl.DataFrame({"status": [self.problem]}), (f"Period: {self.subtitle}.", *self.notes)
        )


@dataclass(frozen=True)
class Panel:
    """The built pack: the request, its tables and what each source held."""

    request: PanelRequest
    tables: tuple[PanelTable, ...]
    coverage: tuple[Coverage, ...]
    generated_at: datetime = field(default_factory=timezone.now)

    def about(self) -> ReportTable:
        """A first table saying what the pack holds, for what period and area, from which data."""
        req = self.request
        compared = [f"the {req.previous_words}, {describe_period(req.previous)}"]
        if req.baseline_period:
            compared.append(f"the baseline {describe_period(req.baseline_period)}")
        items = [
            ("Period", describe_period(req.latest)),
            ("Compared with", "; ".join(compared)),
            ("Area", req.area),
            (
                "Tables",
                "; ".join(
                    t.title + ("" if t.report is not None else " (cannot be computed)") for t in self.tables
                ),
            ),
            ("Generated", f"{timezone.localtime(self.generated_at):%d %b %Y %H:%M}"),
            *((f"Data held: {c.source}", month_ranges(c.months) or "none") for c in self.coverage),
            (
                "Significance",
                "counts: two-sided exact Poisson test; percentages with counts: Fisher's exact test; "
                "5% level; no adjustment for multiple comparisons",
            ),
        ]
        frame = pl.DataFrame({"item": [i for i, _ in items], "value": [v for _, v in items]})
        return ReportTable("About this pack", frame, ("Aggregates only: no person is named in this pack.",))

    def report_tables(self) -> list[ReportTable]:
        """Everything to write: the about table, then each table in order."""
        return [self.about(), *(t.for_pack() for t in self.tables)]


# --- assembling a table ------------------------------------------------------------------------


@dataclass
class _Row:
    name: str
    unit: str
    cells: dict[str, str | None]
    part_of: str = ""
    better: str = ""
    note: str = ""

    def has(self, label: str) -> bool:
        return self.cells.get(label) not in (None, "")


class _Gaps:
    """Why cells are blank, per period label, each reason once."""

    def __init__(self) -> None:
        self.reasons: dict[str, list[str]] = {}

    def add(self, label: str, reason: str) -> None:
        if reason and reason not in self.reasons.setdefault(label, []):
            self.reasons[label].append(reason)

    def text(self, label: str) -> str:
        return "; ".join(self.reasons.get(label, [])) or "no data"


def _cell(
    coverage: Coverage, period: Period, gaps: _Gaps, value: Callable[..., str | None], *args: Any
) -> str | None:
    """``value(*args)`` when the source holds every month of ``period``; else None, noting why."""
    if coverage.covers(period):
        return value(*args)
    gaps.add(period.label, coverage.gap(period))
    return None


def _count(counts: dict[str, dict[str, Any]], measure: str, label: str) -> str:
    """A count from ``period_counts`` rows keyed by measure; a measure with no events is 0."""
    return str(counts.get(measure, {}).get(label, 0))


def _base_notes(definition: str, sources: Sequence[str]) -> list[str]:
    return [f"Definition: {definition}", f"Source: {'; '.join(sources)}."]


def _unavailable(key: TableKey, title: str, subtitle: str, problem: str, notes: Sequence[str]) -> PanelTable:
    return PanelTable(key, title, subtitle, None, problem, tuple(notes), compared=False)


def _comparison_input(rows: Sequence[_Row], labels: Sequence[str]) -> pl.DataFrame:
    columns: dict[str, list[str]] = {
        "measure": [r.name for r in rows],
        "unit": [r.unit for r in rows],
        "part_of": [r.part_of for r in rows],
        "better": [r.better for r in rows],
        "note": [r.note for r in rows],
    }
    for label in labels:
        columns[label] = [r.cells.get(label) or "" for r in rows]
    return pl.DataFrame(columns, schema=dict.fromkeys(columns, pl.String))


def _with_totals(rows: Sequence[_Row], label: str) -> list[tuple[_Row, bool]]:
    """Rows with a total inserted after the last part of each ``part_of`` group not given as a row."""
    names = {r.name for r in rows}
    result: list[tuple[_Row, bool]] = [(r, False) for r in rows]
    for total in dict.fromkeys(r.part_of for r in rows if r.part_of and r.part_of not in names):
        parts = [r for r in rows if r.part_of == total]
        values = [r.cells.get(label) for r in parts]
        cell = None if any(v in (None, "") for v in values) else str(sum(Fraction(str(v)) for v in values))
        last = max(i for i, (r, _) in enumerate(result) if r.part_of == total)
        result.insert(
            last + 1, (_Row(total, parts[0].unit, {label: cell}, note="total computed from its parts"), True)
        )
    return result


def _figures_only(title: str, rows: Sequence[_Row], period: Period) -> ReportTable:
    """One period's figures: counts with per-day rates, percentages to 1 dp, other numbers as given."""
    label = period.label
    records: list[dict[str, Any]] = []
    chart_rows: list[str] = []
    has_counts = any(r.unit == "count" for r in rows)
    for row, is_total in _with_totals(rows, label):
        text = row.cells.get(label)
        record: dict[str, Any] = {"measure": row.name, "unit": row.unit, label: None}
        per_day: float | None = None
        if text:
            if row.unit == "count":
                count = int(Fraction(text))
                record[label] = count
                days = (month_within(row.name, period) or period).days
                per_day = float(round_fraction(Fraction(count, days), 1))
            elif row.unit == "percent" and "/" in text:
                numerator, denominator = (int(x) for x in text.split("/"))
                record[label] = float(round_fraction(Fraction(100 * numerator, denominator), 1))
            else:
                record[label] = float(Fraction(text))
        if has_counts:
            record[f"{label} per day"] = per_day
        record["notes"] = row.note or None
        records.append(record)
        if not is_total:
            chart_rows.append(row.name)
    frame = pl.DataFrame(records, infer_schema_length=None, strict=False)
    return ReportTable(title, frame, (), ChartSpec("measure", (label,), tuple(chart_rows)))


def _assemble(
    key: TableKey,
    title: str,
    subtitle: str,
    periods: Sequence[Period],
    rows: Sequence[_Row],
    gaps: _Gaps,
    notes: Sequence[str],
) -> PanelTable:
    """Drop periods without figures, then compare (two or more periods) or list figures (one)."""
    latest = periods[-1]
    if not rows or not any(r.has(latest.label) for r in rows):
        return _unavailable(
            key, title, subtitle, f"Cannot be computed for {latest.label}: {gaps.text(latest.label)}.", notes
        )
    kept = [p for p in periods if any(r.has(p.label) for r in rows)]
    gap_notes: list[str] = []
    for period in periods:
        if period not in kept:
            gap_notes.append(f"{period.label} left out: {gaps.text(period.label)}.")
        elif period.label in gaps.reasons:
            gap_notes.append(f"Blank cells for {period.label}: {gaps.text(period.label)}.")
    if len(kept) == 1:
        gap_notes.append(f"No comparison: only {latest.label} has figures.")
        report = _figures_only(title, rows, latest)
        return PanelTable(key, title, subtitle, report, notes=(*notes, *gap_notes), compared=False)
    try:
        table = compare(_comparison_input(rows, [p.label for p in kept]), title=title)
    except CompareInputError as exc:
        return _unavailable(key, title, subtitle, f"Cannot be computed: {exc}.", notes)
    report = table.report_table()
    return PanelTable(key, title, subtitle, report, notes=(*notes, *gap_notes, *report.notes))


# --- the tables --------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Context:
    request: PanelRequest
    policeuk: Coverage
    incidents: Coverage
    stats19: Coverage
    satisfaction: Coverage
    staffing: Coverage
    admissions: Coverage

    def coverages(self) -> tuple[Coverage, ...]:
        return (
            self.policeuk,
            self.incidents,
            self.stats19,
            self.satisfaction,
            self.staffing,
            self.admissions,
        )


def _rolling_subtitle(req: PanelRequest) -> str:
    parts = [describe_period(req.latest), f"against the {req.previous_words}"]
    if req.baseline_period:
        parts.append(f"and the baseline {req.baseline_period.label}")
    return " ".join(parts) + f"; {req.area}"


def _neighbourhood_crimes(ctx: _Context) -> pl.DataFrame:
    return data.policeuk_crimes(NEIGHBOURHOOD_CRIME_TYPES, ctx.request.periods(), ctx.request.district)


def neighbourhood_crime_table(ctx: _Context, crimes: pl.DataFrame) -> list[PanelTable]:
    """Recorded neighbourhood crime by police.uk category with its total, rolling periods."""
    req = ctx.request
    periods = req.periods()
    counts = period_counts(crimes, "date", periods, by="crime_type")
    found = {r["measure"]: r for r in counts.iter_rows(named=True)}
    gaps = _Gaps()
    rows = [
        _Row(
            crime_type,
            "count",
            {p.label: _cell(ctx.policeuk, p, gaps, _count, found, crime_type, p.label) for p in periods},
            part_of=NEIGHBOURHOOD_TOTAL,
            better="lower",
        )
        for crime_type in NEIGHBOURHOOD_CRIME_TYPES
    ]
    notes = _base_notes(
        "neighbourhood crime as the Home Office Beating Crime Plan (2021) defines it: burglary, robbery, "
        "theft from the person and vehicle crime, counted by the month police.uk publishes a crime in. "
        "police.uk categories do not separate residential from business burglary or personal from "
        "business robbery, so these rows are wider than the Home Office sub-categories. "
        "Direction of travel is the sign of the change; lower is better.",
        [ctx.policeuk.describe()],
    )
    return [
        _assemble(
            TableKey.NEIGHBOURHOOD_CRIME,
            "Neighbourhood crime",
            _rolling_subtitle(req),
            periods,
            rows,
            gaps,
            notes,
        )
    ]


def outcomes_table(ctx: _Context, crimes: pl.DataFrame) -> list[PanelTable]:
    """Share of neighbourhood crimes by the outcome group of their latest police.uk outcome."""
    req = ctx.request
    periods = req.periods()
    gaps = _Gaps()
    grouped = with_outcome_groups(crimes, "last_outcome")
    rate = outcome_rate_row(crimes, "date", periods, outcome_column="last_outcome", name=OUTCOME_RATE)
    mapped = outcome_groups()["outcome_group"].unique(maintain_order=True).to_list()
    seen = grouped["outcome_group"].unique().to_list()
    groups = [g for g in mapped if g in seen] + sorted(g for g in seen if g not in mapped)

    def in_period(period: Period) -> pl.DataFrame:
        return grouped.filter(pl.col("date").is_between(period.start, period.end))

    def share(group: str | None, period: Period) -> str | None:
        inside = in_period(period)
        if not inside.height:
            gaps.add(period.label, f"no neighbourhood crimes are recorded in {period.label}")
            return None
        if group is None:
            return str(rate[period.label][0]) or None
        return f"{inside.filter(pl.col('outcome_group') == group).height}/{inside.height}"

    rows = [
        _Row(
            OUTCOME_RATE,
            "percent",
            {p.label: _cell(ctx.policeuk, p, gaps, share, None, p) for p in periods},
            better="higher",
        )
    ]
    rows += [
        _Row(
            f"Outcome group: {g}",
            "percent",
            {p.label: _cell(ctx.policeuk, p, gaps, share, g, p) for p in periods},
        )
        for g in groups
    ]
    notes = _base_notes(
        "percentage of the neighbourhood crimes recorded in each period whose latest outcome falls in each "
        "Home Office outcome group; the outcome rate counts outcomes 1-8 (charge/summons, cautions, "
        "taken into consideration, offender died, penalty notices, cannabis/khat warnings, community "
        "resolutions). police.uk keeps only the latest outcome of each crime, so this is a crime-based rate; "
        "the Home Office rate counts outcomes assigned in the period. Changes are in percentage points.",
        [
            ctx.policeuk.describe(),
            "police.uk outcome categories mapped to outcome groups by outcome_groups.csv",
        ],
    )
    return [
        _assemble(
            TableKey.OUTCOMES,
            "Neighbourhood crime outcomes",
            _rolling_subtitle(req),
            periods,
            rows,
            gaps,
            notes,
        )
    ]


def asb_table(ctx: _Context) -> list[PanelTable]:
    """ASB incidents per calendar month, the last whole year to the chosen month against the year before."""
    req = ctx.request
    year = req.end_year if req.end_month == 12 else req.end_year - 1
    periods = [calendar_year(year - 1), calendar_year(year)]
    events = data.asb_incidents(periods, req.district)
    counts = year_on_year_by_month(events, "date", year - 1, year)
    gaps = _Gaps()
    for period in periods:
        gaps.add(period.label, ctx.incidents.gap(period))
    rows = []
    for number, record in enumerate(counts.iter_rows(named=True), start=1):
        cells = {
            p.label: str(record[p.label])
            if ctx.incidents.covers(month_period(p.start.year, number))
            else None
            for p in periods
        }
        rows.append(_Row(record["measure"], "count", cells, part_of="Total", better="lower"))
    subtitle = (
        f"{year - 1} against {year} (the last whole calendar year up to "
        f"{calendar.month_abbr[req.end_month]} {req.end_year}); {req.area}"
    )
    notes = _base_notes(
        "incidents closed with an ASB finalisation code (the force's code list), counted by the UK local "
        "date they were received. Per day = incidents in the month (or year) / its days; "
        "volume = this year - last year.",
        [ctx.incidents.describe()],
    )
    return [_assemble(TableKey.ASB, "ASB incidents by month", subtitle, periods, rows, gaps, notes)]


_KSI_ROWS = (
    ("KSI casualties (unadjusted)", "all", "ksi_unadjusted"),
    ("KSI casualties (adjusted)", "all", "ksi_adjusted"),
    ("Child KSI casualties (unadjusted)", "child", "ksi_unadjusted"),
    ("Child KSI casualties (adjusted)", "child", "ksi_adjusted"),
    ("Pedal cyclist KSI casualties (unadjusted)", "pedal cyclist", "ksi_unadjusted"),
    ("Pedal cyclist KSI casualties (adjusted)", "pedal cyclist", "ksi_adjusted"),
)
_KSI_DISTRICT_COLUMNS = {
    "district": "District",
    "killed": "Killed",
    "seriously_injured": "Seriously injured",
    "ksi_unadjusted": "KSI (unadjusted)",
    "ksi_adjusted": "KSI (adjusted)",
    "child_ksi": "Child KSI (unadjusted)",
    "pedal_cyclist_ksi": "Pedal cyclist KSI (unadjusted)",
    "casualties": "All casualties",
}


def ksi_tables(ctx: _Context) -> list[PanelTable]:
    """KSI casualties (all, child, pedal cyclist; adjusted and unadjusted) and collisions, rolling
    periods; then KSI casualties by district for the latest period."""
    req = ctx.request
    periods = req.periods()
    gaps = _Gaps()
    figures: dict[str, dict[str, float]] = {}
    names = data.district_names()
    latest_data = None
    for period in periods:
        if not ctx.stats19.covers(period):
            gaps.add(period.label, ctx.stats19.gap(period))
            continue
        subset = data.stats19_data(period, req.district)
        if period == req.latest:
            latest_data = subset
        ksi = ksi_casualties(subset, by=("year",)).group_by("group").agg(pl.exclude("year", "group").sum())
        values = {
            f"{r['group']}:{column}": float(r[column])
            for r in ksi.iter_rows(named=True)
            for column in r
            if column != "group"
        }
        severity = subset.collisions["collision_severity"]
        values["KSI collisions"] = float(severity.is_in([1, 2]).sum())
        values["All injury collisions"] = float(subset.collisions.height)
        figures[period.label] = values

    def cell(period: Period, key: str, whole: bool) -> str | None:
        if period.label not in figures:
            return None
        value = figures[period.label].get(key, 0.0)
        return str(round(value)) if whole else f"{value:.1f}"

    rows: list[_Row] = []
    for name, group, column in (*_KSI_ROWS, ("KSI collisions", "", ""), ("All injury collisions", "", "")):
        key = f"{group}:{column}" if group else name
        # Adjusted KSI sums probabilities; it is a count (and gets the Poisson test) only when whole.
        whole = all(float(v.get(key, 0.0)).is_integer() for v in figures.values())
        rows.append(
            _Row(
                name,
                "count" if whole else "number",
                {p.label: cell(p, key, whole) for p in periods},
                better="lower",
            )
        )
    notes = _base_notes(
        "killed or seriously injured (KSI) road casualties by collision date. Unadjusted: recorded "
        "severity fatal or serious. Adjusted: fatal + the DfT's probability that each other casualty "
        "would be serious under injury-based recording (CRASH), so years before and after the move to "
        "CRASH compare. Child: aged 0-15. Pedal cyclist: casualty type 1.",
        [ctx.stats19.describe()],
    )
    tables = [
        _assemble(TableKey.KSI, "KSI road casualties", _rolling_subtitle(req), periods, rows, gaps, notes)
    ]

    district_title = "KSI casualties by district"
    district_subtitle = f"{describe_period(req.latest)}; {req.area}"
    district_notes = _base_notes(
        "KSI casualties in the latest period by the local authority district of the collision "
        "(ONS code named from the loaded districts), with child and pedal cyclist KSI; adjusted as above.",
        [ctx.stats19.describe()],
    )
    if latest_data is None:
        problem = f"Cannot be computed for {req.latest.label}: {gaps.text(req.latest.label)}."
        tables.append(_unavailable(TableKey.KSI, district_title, district_subtitle, problem, district_notes))
    else:
        frame = district_ksi_table(latest_data, names).rename(_KSI_DISTRICT_COLUMNS)
        districts = tuple(d for d in frame["District"].to_list() if d != "Total")
        chart = ChartSpec("District", ("KSI (unadjusted)", "KSI (adjusted)"), districts)
        report = ReportTable(district_title, frame, (), chart)
        tables.append(
            PanelTable(
                TableKey.KSI,
                district_title,
                district_subtitle,
                report,
                notes=tuple(district_notes),
                compared=False,
            )
        )
    return tables


def _force_only(
    key: TableKey, title: str, subtitle: str, source: str, req: PanelRequest, notes: Sequence[str]
) -> PanelTable | None:
    if req.district is None:
        return None
    problem = (
        f"Cannot be computed for {req.district.name}: the {source} cover the whole force, not districts."
    )
    return _unavailable(key, title, subtitle, problem, notes)


def satisfaction_table(ctx: _Context) -> list[PanelTable]:
    """Percentage of surveyed victims satisfied, by crime type, rolling periods (Fisher's exact test)."""
    req = ctx.request
    periods = req.periods()
    title, subtitle = "Victim satisfaction", _rolling_subtitle(req)
    notes = _base_notes(
        "satisfied respondents / respondents to the force's victim satisfaction survey for crimes of each "
        "type, summed over the months of each period. Changes are in percentage points; higher is better.",
        [ctx.satisfaction.describe()],
    )
    refused = _force_only(TableKey.SATISFACTION, title, subtitle, data.SATISFACTION_SOURCE, req, notes)
    if refused:
        return [refused]
    frame = data.satisfaction(periods)
    coverage = data.item_coverage(VictimSatisfaction, "crime_type", data.SATISFACTION_SOURCE)
    gaps = _Gaps()
    if not coverage:
        gaps.add(req.latest.label, ctx.satisfaction.gap(req.latest))

    def rate(crime_type: str, period: Period) -> str | None:
        inside = frame.filter(
            (pl.col("crime_type") == crime_type) & pl.col("month").is_between(period.start, period.end)
        )
        respondents = int(inside["respondents"].sum())
        if not respondents:
            gaps.add(period.label, f"no respondents for {crime_type} in {period.label}")
            return None
        return f"{int(inside['satisfied'].sum())}/{respondents}"

    rows = [
        _Row(
            crime_type,
            "percent",
            {p.label: _cell(coverage[crime_type], p, gaps, rate, crime_type, p) for p in periods},
            better="higher",
        )
        for crime_type in data.supplied_items(VictimSatisfaction, "crime_type")
    ]
    return [_assemble(TableKey.SATISFACTION, title, subtitle, periods, rows, gaps, notes)]


def staffing_table(ctx: _Context) -> list[PanelTable]:
    """The latest staffing snapshot at or before the chosen month: budgeted, actual and the deficit."""
    req = ctx.request
    end = date(req.end_year, req.end_month, 1)
    title = "Neighbourhood staffing"
    notes = _base_notes(
        "full-time equivalent neighbourhood posts by role at a snapshot month: budgeted strength against "
        "actual staff in core ward-based neighbourhood policing. The volume column is the deficit "
        "(actual - budgeted; negative means fewer staff than budgeted); the total adds up the roles.",
        [ctx.staffing.describe()],
    )
    refused = _force_only(
        TableKey.STAFFING,
        title,
        f"Snapshot at or before {end:%b %Y}; {req.area}",
        data.STAFFING_SOURCE,
        req,
        notes,
    )
    if refused:
        return [refused]
    month, frame = data.staffing_snapshot(end)
    if month is None:
        problem = (
            f"Cannot be computed for {end:%b %Y}: no {data.STAFFING_SOURCE} are held for "
            f"{end:%b %Y} or any earlier month."
        )
        return [_unavailable(TableKey.STAFFING, title, f"Snapshot at or before {end:%b %Y}", problem, notes)]
    subtitle = f"Snapshot for {month:%b %Y}" + (
        "" if month == end else f" (the latest supplied at or before {end:%b %Y})"
    )
    rows = [
        _Row(
            r["role"],
            "number",
            {"Budgeted": r["budgeted"], "Actual": r["actual"]},
            part_of="Total",
            better="higher",
        )
        for r in frame.iter_rows(named=True)
    ]
    try:
        table = compare(_comparison_input(rows, ["Budgeted", "Actual"]), title=title, decimals=2)
    except CompareInputError as exc:
        return [_unavailable(TableKey.STAFFING, title, subtitle, f"Cannot be computed: {exc}.", notes)]
    report = table.report_table()
    return [PanelTable(TableKey.STAFFING, title, subtitle, report, notes=(*notes, *report.notes))]


def serious_violence_table(ctx: _Context) -> list[PanelTable]:
    """Four consecutive rolling periods of partner-supplied counts and police.uk robbery and weapons."""
    req = ctx.request
    periods = [
        months_ending(req.end_year - back, req.end_month, req.months)
        for back in range(SERIOUS_VIOLENCE_YEARS - 1, -1, -1)
    ]
    gaps = _Gaps()
    rows: list[_Row] = []
    notes = _base_notes(
        "serious violence measures over four consecutive periods, each compared with the latest: monthly "
        "counts supplied by partners (e.g. hospital admissions for assault with a sharp object, all ages "
        "and under 25) and police.uk robbery and possession of weapons offences. Knife crime and most "
        "serious violence need the force's own crime flags and are not in police.uk. Lower is better.",
        [ctx.admissions.describe(), ctx.policeuk.describe()],
    )
    extra: list[str] = []
    if req.district is None:
        counts = data.monthly_counts(periods)
        coverage = data.item_coverage(MonthlyCount, "measure", data.ADMISSIONS_SOURCE)

        def total(measure: str, period: Period) -> str:
            inside = counts.filter(
                (pl.col("measure") == measure) & pl.col("month").is_between(period.start, period.end)
            )
            return str(int(inside["count"].sum()))

        rows += [
            _Row(
                measure,
                "count",
                {p.label: _cell(coverage[measure], p, gaps, total, measure, p) for p in periods},
                better="lower",
            )
            for measure in data.supplied_items(MonthlyCount, "measure")
        ]
    else:
        extra.append(
            f"The {data.ADMISSIONS_SOURCE} cover the whole force, "
            f"so they are left out for {req.district.name}."
        )
    crimes = data.policeuk_crimes(SERIOUS_VIOLENCE_CRIME_TYPES, periods, req.district)
    counted = {
        r["measure"]: r for r in period_counts(crimes, "date", periods, by="crime_type").iter_rows(named=True)
    }
    rows += [
        _Row(
            f"{crime_type} (police.uk)",
            "count",
            {p.label: _cell(ctx.policeuk, p, gaps, _count, counted, crime_type, p.label) for p in periods},
            better="lower",
        )
        for crime_type in SERIOUS_VIOLENCE_CRIME_TYPES
    ]
    length = "one month" if req.months == 1 else f"{req.months} months"
    subtitle = f"Four periods of {length}, the latest {describe_period(req.latest)}; {req.area}"
    return [
        _assemble(
            TableKey.SERIOUS_VIOLENCE, "Serious violence", subtitle, periods, rows, gaps, (*notes, *extra)
        )
    ]


def build_panel(request: PanelRequest, progress: Callable[[TableKey], None] | None = None) -> Panel:
    """Build every requested table, in :class:`TableKey` order.

    Args:
        request: Tables, period, baseline and area.
        progress: Called after each table choice is built (for a progress bar).
    """
    ctx = _Context(
        request,
        data.policeuk_coverage(),
        data.incident_coverage(),
        data.stats19_coverage(),
        data.supplied_coverage(VictimSatisfaction, data.SATISFACTION_SOURCE),
        data.supplied_coverage(StaffingFigure, data.STAFFING_SOURCE),
        data.supplied_coverage(MonthlyCount, data.ADMISSIONS_SOURCE),
    )
    wanted = set(request.tables)
    # Both crime tables read the same records: fetch them once, and only if one is wanted.
    crimes = functools.cache(lambda: _neighbourhood_crimes(ctx))
    builders: dict[TableKey, Callable[[], list[PanelTable]]] = {
        TableKey.NEIGHBOURHOOD_CRIME: lambda: neighbourhood_crime_table(ctx, crimes()),
        TableKey.OUTCOMES: lambda: outcomes_table(ctx, crimes()),
        TableKey.SATISFACTION: lambda: satisfaction_table(ctx),
        TableKey.STAFFING: lambda: staffing_table(ctx),
        TableKey.ASB: lambda: asb_table(ctx),
        TableKey.KSI: lambda: ksi_tables(ctx),
        TableKey.SERIOUS_VIOLENCE: lambda: serious_violence_table(ctx),
    }
    tables: list[PanelTable] = []
    for key in TableKey:
        if key in wanted:
            tables.extend(builders[key]())
            if progress:
                progress(key)
    return Panel(request, tuple(tables), ctx.coverages())

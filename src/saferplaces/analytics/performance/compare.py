"""Compare the last period of a table with each earlier one: the Panel papers' derived columns.

Input is a table with a ``measure`` column and one column per period in time order (see
:func:`compare` and docs/performance.md for the optional ``unit``, ``part_of``, ``better`` and
``note`` columns). For the last period against every earlier period it derives:

* the **change**: percentage change for counts and other quantities, ``100 * (now - then) / then``;
  percentage-point change (``now - then``) for measures that are percentages;
* the **volume change** ``now - then`` (counts and quantities only);
* the **direction of travel** (up, down, no change) and, where the input says whether higher is
  better, whether that is better or worse;
* a **significance** verdict from :mod:`saferplaces.analytics.performance.significance`;
* **per-day rates** for counts when the period lengths are known, and **total rows** where measures
  add up.

Arithmetic is exact (``fractions.Fraction`` from the decimal text); only the displayed result is
rounded, half away from zero by default (the rule of a spreadsheet's ROUND; see docs/performance.md
for the evidence from the papers), or half to even on request.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from fractions import Fraction
from pathlib import Path
from typing import Any

import polars as pl

from saferplaces.analytics.performance.periods import Period, month_within, parse_period_label
from saferplaces.analytics.performance.significance import (
    SignificanceResult,
    control_chart_check,
    control_limits,
    not_testable,
    poisson_rate_test,
    two_proportion_test,
)
from saferplaces.analytics.performance.writers import ChartSpec, ReportTable

MEASURE = "measure"
UNIT = "unit"
PART_OF = "part_of"
BETTER = "better"
NOTE = "note"
RESERVED = (MEASURE, UNIT, PART_OF, BETTER, NOTE)

# Cells that mean "no figure", as published tables write it ("..": ONS "not available").
_MISSING = {"", "-", "–", "—", "n/a", "na", ".."}
_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")
_FRACTION = re.compile(r"^(\d+)\s*/\s*(\d+)$")


class CompareInputError(ValueError):
    """The input table cannot be compared; the message says where and why."""


class Unit(StrEnum):
    """What a measure's figures are: it decides the change, the volume and the test."""

    COUNT = "count"  # whole events: percentage change, volume change, exact Poisson test
    PERCENT = "percent"  # a rate in %: percentage-point change, Fisher test if denominators known
    NUMBER = "number"  # any other quantity (FTE, pounds): percentage and volume change, no test


class Direction(StrEnum):
    """Direction of travel of the unrounded change."""

    UP = "up"
    DOWN = "down"
    SAME = "no change"


class Rounding(StrEnum):
    """How a halfway value is rounded for display."""

    HALF_AWAY = "half-away"  # 37.35 -> 37.4, -37.35 -> -37.4 (spreadsheet ROUND)
    HALF_EVEN = "half-even"  # 37.25 -> 37.2, 37.35 -> 37.4 (banker's)


def round_fraction(value: Fraction, decimals: int, rounding: Rounding = Rounding.HALF_AWAY) -> Decimal:
    """Round an exact fraction to ``decimals`` places, exactly (no binary floating point on the way).

    Examples:
        >>> str(round_fraction(Fraction(-1494 * 100, 4000), 1))
        '-37.4'
        >>> str(round_fraction(Fraction(3725, 100), 1, Rounding.HALF_EVEN))
        '37.2'
    """
    scaled = value * 10**decimals
    magnitude = abs(scaled)
    whole, remainder = divmod(magnitude.numerator, magnitude.denominator)
    rest = Fraction(remainder, magnitude.denominator)
    half = Fraction(1, 2)
    if rest > half or (rest == half and (rounding is Rounding.HALF_AWAY or whole % 2 == 1)):
        whole += 1
    signed = -whole if scaled < 0 else whole
    return Decimal(signed).scaleb(-decimals) if decimals > 0 else Decimal(signed)


@dataclass(frozen=True)
class Figure:
    """One cell: an exact value, and for percentages the numerator and denominator if given.

    Attributes:
        value: The figure; for a percentage, in percent (82.5 for 82.5%).
        decimals: Decimal places as written (used to display quantities such as 20.52 FTE).
        numerator: Events counted, when a percentage was written ``numerator/denominator``.
        denominator: The base of that percentage.
    """

    value: Fraction
    decimals: int = 0
    numerator: int | None = None
    denominator: int | None = None


@dataclass(frozen=True)
class Measure:
    """One row of the table.

    Attributes:
        name: The measure as printed.
        unit: See :class:`Unit`.
        figures: One figure (or None where missing) per period, in period order.
        part_of: Name of the total this measure adds into, if any.
        better: ``"higher"`` or ``"lower"`` when the input says which way is good.
        is_total: True for a row that other rows add up to.
        computed: True when the total row was added by the comparison, not given in the input.
        note: Free text from the input plus any findings (e.g. a total that does not add up).
    """

    name: str
    unit: Unit
    figures: tuple[Figure | None, ...]
    part_of: str | None = None
    better: str | None = None
    is_total: bool = False
    computed: bool = False
    note: str = ""


@dataclass(frozen=True)
class Change:
    """The last period against one earlier period, for one measure.

    Attributes:
        measure: Measure name.
        current: Label of the last period.
        earlier: Label of the period compared against.
        change: Percentage change (counts, numbers) or percentage-point change (percentages), exact;
            None when a figure is missing or the earlier figure is zero.
        change_unit: ``"%"`` or ``"pp"``.
        volume: Current minus earlier for counts and numbers; None for percentages.
        direction: Direction of travel, or None when a figure is missing.
        assessment: ``"better"``, ``"worse"`` or ``"no change"`` when the measure says which way is good.
        significance: Verdict of the test that fits the unit.
    """

    measure: str
    current: str
    earlier: str
    change: Fraction | None
    change_unit: str
    volume: Fraction | None
    direction: Direction | None
    assessment: str | None
    significance: SignificanceResult


@dataclass(frozen=True)
class ComparisonTable:
    """Figures and derived columns for every measure; :meth:`to_frame` lays them out for output.

    Attributes:
        title: Table title.
        periods: Period labels in time order; the last is the one compared.
        measures: Rows, with any computed totals in place.
        changes: One :class:`Change` per measure and earlier period.
        per_day: Exact events per day in the last period, for counts with known period lengths.
        controls: Control-chart checks of the last period, when requested.
        decimals: Decimal places for percentages, changes and rates.
        rounding: Rounding rule for display.
        notes: Sentences to print under the table (methods, assumptions, findings).
    """

    title: str
    periods: tuple[str, ...]
    measures: tuple[Measure, ...]
    changes: tuple[Change, ...]
    per_day: Mapping[str, Fraction]
    controls: Mapping[str, SignificanceResult]
    decimals: int
    rounding: Rounding
    notes: tuple[str, ...] = field(default=())

    @property
    def current(self) -> str:
        """Label of the last period."""
        return self.periods[-1]

    def measure(self, name: str) -> Measure:
        """The row called ``name``."""
        for measure in self.measures:
            if measure.name == name:
                return measure
        raise KeyError(name)

    def change(self, measure: str, earlier: str) -> Change:
        """The change for ``measure`` from period ``earlier`` to the last period."""
        for change in self.changes:
            if change.measure == measure and change.earlier == earlier:
                return change
        raise KeyError((measure, earlier))

    def rounded(self, value: Fraction | None, decimals: int | None = None) -> float | None:
        """``value`` rounded for display with this table's rule, as a float (None stays None)."""
        if value is None:
            return None
        return float(round_fraction(value, self.decimals if decimals is None else decimals, self.rounding))

    def to_frame(self) -> pl.DataFrame:
        """One row per measure: figures, per-day rate, and per earlier period the change, volume,
        direction, assessment (if any measure says which way is good), p-value, verdict and detail
        (rate ratio with its 95% interval, or the two percentages); then
        the significance method, control-chart columns if requested, and notes."""
        current = self.current
        earlier_periods = self.periods[:-1]
        any_better = any(m.better for m in self.measures)
        rows: list[dict[str, Any]] = []
        for measure in self.measures:
            row: dict[str, Any] = {MEASURE: measure.name, UNIT: measure.unit.value}
            for label, figure in zip(self.periods, measure.figures, strict=True):
                row[label] = self._display_figure(measure, figure)
            if self.per_day:
                row[f"{current} per day"] = self.rounded(self.per_day.get(measure.name))
            row["change unit"] = "pp" if measure.unit is Unit.PERCENT else "%"
            methods: list[str] = []
            for earlier in earlier_periods:
                change = self.change(measure.name, earlier)
                prefix = f"{current} vs {earlier}"
                row[f"{prefix} change"] = self.rounded(change.change)
                row[f"{prefix} volume"] = self._display_volume(measure, change.volume)
                row[f"{prefix} direction"] = change.direction.value if change.direction else None
                if any_better:
                    row[f"{prefix} assessment"] = change.assessment
                p_value = change.significance.p_value
                row[f"{prefix} p-value"] = None if p_value is None else float(f"{p_value:.4g}")
                row[f"{prefix} significance"] = change.significance.verdict.value
                row[f"{prefix} detail"] = change.significance.detail or None
                if change.significance.method not in methods:
                    methods.append(change.significance.method)
            row["significance method"] = "; ".join(methods)
            if self.controls:
                control = self.controls.get(measure.name)
                row[f"{current} control chart"] = control.verdict.value if control else None
                row[f"{current} control limits"] = control.detail if control else None
            row["notes"] = measure.note or None
            rows.append(row)
        return pl.DataFrame(rows, infer_schema_length=None)

    def report_table(self) -> ReportTable:
        """The table with its notes and a bar chart of the figures of the rows that are not totals."""
        frame = self.to_frame()
        chart_rows = [m.name for m in self.measures if not m.is_total]
        chart = ChartSpec(category_column=MEASURE, value_columns=self.periods, rows=tuple(chart_rows))
        return ReportTable(title=self.title, frame=frame, notes=self.notes, chart=chart)

    def _display_figure(self, measure: Measure, figure: Figure | None) -> float | int | None:
        if figure is None:
            return None
        if measure.unit is Unit.COUNT:
            return int(figure.value)
        if measure.unit is Unit.PERCENT:
            return self.rounded(figure.value)
        return self.rounded(figure.value, max(figure.decimals, 0))

    def _display_volume(self, measure: Measure, volume: Fraction | None) -> float | int | None:
        if volume is None:
            return None
        if measure.unit is Unit.COUNT:
            return int(volume)
        places = max((f.decimals for f in measure.figures if f is not None), default=0)
        return self.rounded(volume, places)


# --- reading -----------------------------------------------------------------------------------


def read_compare_csv(path: str | Path) -> pl.DataFrame:
    """Read a comparison CSV as text cells (UTF-8, a spreadsheet's byte-order mark tolerated).

    Raises:
        CompareInputError: on an empty file, repeated headings or a line with the wrong number of cells.
    """
    with Path(path).open(encoding="utf-8-sig", newline="") as handle:
        lines = list(csv.reader(handle))
    lines = [line for line in lines if any(cell.strip() for cell in line)]
    if not lines:
        raise CompareInputError(f"{path}: the file is empty")
    header = [cell.strip() for cell in lines[0]]
    # Spreadsheets often save a trailing empty column; drop it, but refuse a headless column with data.
    while (
        header
        and not header[-1]
        and all(len(line) == len(header) and not line[-1].strip() for line in lines[1:])
    ):
        header.pop()
        lines = [line[:-1] for line in lines]
    if "" in header:
        raise CompareInputError(f"{path}: column {header.index('') + 1} has no heading")
    seen: set[str] = set()
    for name in header:
        if name in seen:
            raise CompareInputError(f"{path}: the column heading {name!r} appears twice")
        seen.add(name)
    for number, line in enumerate(lines[1:], start=2):
        if len(line) != len(header):
            raise CompareInputError(
                f"{path}: data row {number - 1} has {len(line)} cells but the header has {len(header)}"
            )
    columns = {name: [line[i].strip() for line in lines[1:]] for i, name in enumerate(header)}
    return pl.DataFrame(columns, schema=dict.fromkeys(header, pl.String))


def _decimals_of(text: str) -> int:
    return len(text.split(".", 1)[1]) if "." in text else 0


def parse_figure(cell: object, where: str) -> tuple[Figure | None, bool]:
    """Read one cell: returns the figure (None if missing) and whether it was marked as a percentage.

    Accepted: ``1967``, ``40,584`` (thousands separators), ``+1.48``, ``£503,493``, ``82.5%`` and
    ``1442/33154`` (a percentage given as numerator/denominator). Numeric cells pass through.

    Raises:
        CompareInputError: naming ``where`` (row and column) when the cell is not a number.
    """
    if cell is None:
        return None, False
    if isinstance(cell, bool):
        raise CompareInputError(f"{where}: {cell!r} is not a number")
    if isinstance(cell, int):
        return Figure(Fraction(cell)), False
    if isinstance(cell, float):
        if cell != cell:  # NaN
            return None, False
        text = repr(cell)
        return Figure(Fraction(Decimal(text)), _decimals_of(text) if "e" not in text else 0), False
    text = str(cell).strip()
    if text.lower() in _MISSING:
        return None, False
    if match := _FRACTION.match(text):
        numerator, denominator = int(match.group(1)), int(match.group(2))
        if denominator == 0 or numerator > denominator:
            raise CompareInputError(f"{where}: {text!r} must be numerator/denominator with 0 < denominator")
        return Figure(Fraction(100 * numerator, denominator), 1, numerator, denominator), True
    is_percent = text.endswith("%")
    number = text.removesuffix("%").strip().removeprefix("£").strip()
    if _THOUSANDS.match(number):
        number = number.replace(",", "")
    try:
        value = Decimal(number)
    except InvalidOperation:
        raise CompareInputError(f"{where}: cannot read {text!r} as a number") from None
    if not value.is_finite():
        raise CompareInputError(f"{where}: cannot read {text!r} as a number")
    return Figure(Fraction(value), _decimals_of(number.lstrip("+-"))), is_percent


def _unit_for(name: str, given: str | None, figures: Sequence[Figure | None], marked: bool, row: int) -> Unit:
    where = f"data row {row} (measure {name!r})"
    if given:
        aliases = {"%": Unit.PERCENT, "percentage": Unit.PERCENT, "rate": Unit.PERCENT}
        try:
            unit = aliases.get(given.lower()) or Unit(given.lower())
        except ValueError:
            raise CompareInputError(
                f"{where}, column 'unit': {given!r} is not one of count, percent, number"
            ) from None
        if marked and unit is not Unit.PERCENT:
            raise CompareInputError(f"{where}: cells are marked % but the unit is {unit.value}")
    elif marked:
        unit = Unit.PERCENT
    elif all(f is None or f.value.denominator == 1 for f in figures):
        unit = Unit.COUNT
    else:
        unit = Unit.NUMBER
    if unit is Unit.COUNT:
        for figure in figures:
            if figure is not None and (figure.value.denominator != 1 or figure.value < 0):
                raise CompareInputError(
                    f"{where}: a count must be a whole number of at least 0, not {float(figure.value)}"
                )
    return unit


def parse_measures(table: pl.DataFrame) -> tuple[tuple[str, ...], list[Measure]]:
    """Validate the input table and read its rows; no totals are added here.

    Raises:
        CompareInputError: when the first column is not ``measure``, fewer than two period columns
            exist, a measure is blank or repeated, a cell is not a number, or a flag is invalid.
    """
    if not table.columns or table.columns[0].strip().lower() != MEASURE:
        found = table.columns[0] if table.columns else "nothing"
        raise CompareInputError(f"the first column must be 'measure' (found {found!r})")
    lowered = {column: column.strip().lower() for column in table.columns}
    periods = tuple(column for column in table.columns[1:] if lowered[column] not in RESERVED)
    if len(periods) < 2:
        raise CompareInputError(
            f"at least 2 period columns are needed to compare, found {len(periods)}"
            + (f" ({', '.join(repr(p) for p in periods)})" if periods else "")
        )
    flags = {lowered[c]: c for c in table.columns[1:] if lowered[c] in RESERVED}
    measures: list[Measure] = []
    names: set[str] = set()
    for index, record in enumerate(table.iter_rows(named=True), start=1):
        name = str(record[table.columns[0]] or "").strip()
        if not name:
            raise CompareInputError(f"data row {index}: the measure name is empty")
        if name in names:
            raise CompareInputError(f"data row {index}: the measure {name!r} appears twice")
        names.add(name)
        figures: list[Figure | None] = []
        marked = False
        for period in periods:
            figure, is_percent = parse_figure(
                record[period], f"data row {index} (measure {name!r}), column {period!r}"
            )
            figures.append(figure)
            marked = marked or is_percent
        flag = {
            key: (str(record[column]).strip() if record[column] is not None else "")
            for key, column in flags.items()
        }
        unit = _unit_for(name, flag.get(UNIT) or None, figures, marked, index)
        better = (flag.get(BETTER) or "").lower() or None
        if better not in (None, "higher", "lower"):
            raise CompareInputError(
                f"data row {index} (measure {name!r}), column 'better': "
                f"use 'higher' or 'lower', not {better!r}"
            )
        measures.append(
            Measure(
                name=name,
                unit=unit,
                figures=tuple(figures),
                part_of=flag.get(PART_OF) or None,
                better=better,
                note=flag.get(NOTE, ""),
            )
        )
    return periods, measures


# --- totals ------------------------------------------------------------------------------------


def _format_exact(value: Fraction) -> str:
    if value.denominator == 1:
        return f"{value.numerator:,}"
    return f"{float(value):,.6g}"


def resolve_totals(measures: Sequence[Measure], periods: Sequence[str]) -> list[Measure]:
    """Mark total rows, check given totals against their parts, and add missing totals.

    Parts name their total in ``part_of``. A total that is given is checked period by period and a
    note records any difference (the given figure is kept: it is what was published). A total that
    is not given is computed and inserted after its last part. Without any ``part_of``, a row called
    "Total" (any case) is the total of every other row. Totals of totals work (sub-totals first).

    Raises:
        CompareInputError: for percentages in a total, mixed units, or a loop of totals.
    """
    rows = list(measures)
    if not any(m.part_of for m in rows):
        totals = [m for m in rows if m.name.strip().lower() == "total"]
        if not totals:
            return rows
        rows = [
            m if m is totals[0] or m.unit is Unit.PERCENT else replace(m, part_of=totals[0].name)
            for m in rows
        ]
    parents: dict[str, list[str]] = {}
    for measure in rows:
        if measure.part_of:
            if measure.part_of == measure.name:
                raise CompareInputError(f"measure {measure.name!r} cannot be part of itself")
            parents.setdefault(measure.part_of, []).append(measure.name)

    resolved: set[str] = set()
    visiting: set[str] = set()

    def resolve(total: str) -> None:
        if total in resolved:
            return
        if total in visiting:
            raise CompareInputError(f"the totals loop back on themselves at {total!r}")
        visiting.add(total)
        for part in parents[total]:
            if part in parents:
                resolve(part)
        by_name = {m.name: m for m in rows}
        parts = [by_name[p] for p in parents[total]]
        units = {p.unit for p in parts}
        if Unit.PERCENT in units:
            raise CompareInputError(f"percentages cannot be added into the total {total!r}")
        if len(units) > 1:
            raise CompareInputError(f"the parts of {total!r} mix counts and other quantities")
        unit = units.pop()
        sums: list[Figure | None] = []
        for i in range(len(periods)):
            cells = [p.figures[i] for p in parts]
            if any(c is None for c in cells):
                sums.append(None)
            else:
                sums.append(
                    Figure(
                        sum((c.value for c in cells if c), Fraction(0)), max(c.decimals for c in cells if c)
                    )
                )
        if total in by_name:
            given = by_name[total]
            problems = [
                f"{period}: given {_format_exact(g.value)}, parts add to {_format_exact(s.value)}"
                for period, g, s in zip(periods, given.figures, sums, strict=True)
                if g is not None and s is not None and g.value != s.value
            ]
            note = "; ".join(
                filter(
                    None,
                    [given.note, *(["total does not add up: " + "; ".join(problems)] if problems else [])],
                )
            )
            rows[rows.index(given)] = replace(given, is_total=True, note=note)
        else:
            last = max(i for i, m in enumerate(rows) if m.name in parents[total])
            rows.insert(
                last + 1,
                Measure(
                    total,
                    unit,
                    tuple(sums),
                    None,
                    parts[0].better,
                    True,
                    True,
                    "total computed from its parts",
                ),
            )
        visiting.discard(total)
        resolved.add(total)

    for total in list(parents):
        resolve(total)
    return rows


# --- comparing ---------------------------------------------------------------------------------


def _period_lengths(periods: Sequence[str], days: Mapping[str, int] | None) -> dict[str, Period | int] | None:
    if days is not None:
        missing = [p for p in periods if p not in days]
        if missing:
            raise CompareInputError(f"no period length given for {', '.join(repr(p) for p in missing)}")
        return {p: int(days[p]) for p in periods}
    parsed = {p: parse_period_label(p) for p in periods}
    if any(v is None for v in parsed.values()):
        return None
    return {p: v for p, v in parsed.items() if v is not None}


def _cell_days(lengths: Mapping[str, Period | int] | None, period: str, measure: str) -> int | None:
    if lengths is None:
        return None
    length = lengths[period]
    if isinstance(length, int):
        return length
    month = month_within(measure, length)
    return (month or length).days


def _significance(
    measure: Measure,
    now: Figure,
    then: Figure,
    now_days: int | None,
    then_days: int | None,
    alpha: float,
) -> SignificanceResult:
    if measure.unit is Unit.COUNT:
        return poisson_rate_test(
            int(now.value), int(then.value), float(now_days or 1), float(then_days or 1), alpha=alpha
        )
    if measure.unit is Unit.PERCENT:
        if None in (now.numerator, now.denominator, then.numerator, then.denominator):
            return not_testable("no denominators")
        return two_proportion_test(
            int(now.numerator or 0),
            int(now.denominator or 0),
            int(then.numerator or 0),
            int(then.denominator or 0),
            alpha,
        )
    return not_testable("not a count")


def _assessment(better: str | None, direction: Direction) -> str | None:
    if better is None:
        return None
    if direction is Direction.SAME:
        return "no change"
    good = (direction is Direction.UP) == (better == "higher")
    return "better" if good else "worse"


def compare(
    table: pl.DataFrame,
    *,
    title: str = "",
    alpha: float = 0.05,
    decimals: int = 1,
    rounding: Rounding | str = Rounding.HALF_AWAY,
    days: Mapping[str, int] | None = None,
    control_chart: bool = False,
) -> ComparisonTable:
    """Compare the last period of ``table`` with every earlier period.

    Args:
        table: First column ``measure``; then one column per period in time order (text or numbers);
            optional columns ``unit`` (count, percent, number), ``part_of`` (the total a row adds
            into), ``better`` (higher or lower) and ``note``.
        title: Title printed above the table.
        alpha: Significance level for verdicts.
        decimals: Decimal places for percentages, changes and per-day rates (the papers use 1).
        rounding: ``"half-away"`` (default) or ``"half-even"``.
        days: Length in days of each period by label. When omitted, labels such as ``2022``,
            ``2019/20`` or ``12m to Jan 2023`` are read as dates; if any cannot be read, period lengths
            are taken as equal and no per-day rate is given. Month-name rows in calendar-year columns
            use the length of that month.
        control_chart: Also judge the last period against c-chart/u-chart limits from all earlier
            periods (counts with at least two earlier figures).

    Returns:
        The comparison; ``to_frame()`` and ``report_table()`` lay it out for writing.

    Raises:
        CompareInputError: with the row and column of the problem, for invalid input.
    """
    rounding = Rounding(rounding)
    if not 0 < alpha < 1:
        raise CompareInputError("alpha must be between 0 and 1")
    periods, parsed = parse_measures(table)
    measures = resolve_totals(parsed, periods)
    lengths = _period_lengths(periods, days)
    current = periods[-1]
    changes: list[Change] = []
    per_day: dict[str, Fraction] = {}
    controls: dict[str, SignificanceResult] = {}
    for measure in measures:
        now = measure.figures[-1]
        now_days = _cell_days(lengths, current, measure.name)
        if now is not None and now_days and measure.unit is Unit.COUNT:
            per_day[measure.name] = now.value / now_days
        for index, earlier in enumerate(periods[:-1]):
            then = measure.figures[index]
            unit_label = "pp" if measure.unit is Unit.PERCENT else "%"
            if now is None or then is None:
                changes.append(
                    Change(
                        measure.name,
                        current,
                        earlier,
                        None,
                        unit_label,
                        None,
                        None,
                        None,
                        not_testable("missing figure"),
                    )
                )
                continue
            difference = now.value - then.value
            direction = (
                Direction.UP if difference > 0 else Direction.DOWN if difference < 0 else Direction.SAME
            )
            if measure.unit is Unit.PERCENT:
                change_value: Fraction | None = difference
                volume: Fraction | None = None
            else:
                change_value = difference * 100 / then.value if then.value != 0 else None
                volume = difference
            then_days = _cell_days(lengths, earlier, measure.name)
            changes.append(
                Change(
                    measure.name,
                    current,
                    earlier,
                    change_value,
                    unit_label,
                    volume,
                    direction,
                    _assessment(measure.better, direction),
                    _significance(measure, now, then, now_days, then_days, alpha),
                )
            )
        if control_chart and measure.unit is Unit.COUNT and now is not None:
            history = [
                (f, _cell_days(lengths, p, measure.name))
                for f, p in zip(measure.figures[:-1], periods[:-1], strict=True)
            ]
            known = [(int(f.value), float(d or 1)) for f, d in history if f is not None]
            if len(known) >= 2:
                limits = control_limits([c for c, _ in known], [d for _, d in known], float(now_days or 1))
                controls[measure.name] = control_chart_check(float(now.value), limits)
    notes = _notes(measures, lengths, decimals, rounding, alpha, control_chart)
    return ComparisonTable(
        title, periods, tuple(measures), tuple(changes), per_day, controls, decimals, rounding, notes
    )


def _notes(
    measures: Sequence[Measure],
    lengths: Mapping[str, Period | int] | None,
    decimals: int,
    rounding: Rounding,
    alpha: float,
    control_chart: bool,
) -> tuple[str, ...]:
    units = {m.unit for m in measures}
    notes = [
        "Change: percentage change (now - then) / then x 100 for counts and quantities; "
        "percentage-point difference (pp) for measures that are percentages. Volume: now - then.",
        f"Figures are exact until display, then rounded to {decimals} decimal place(s), "
        + ("halves away from zero." if rounding is Rounding.HALF_AWAY else "halves to even."),
    ]
    if Unit.COUNT in units:
        exposure = (
            "period lengths in days"
            if lengths is not None
            else "period lengths taken as equal (the headings are not dates)"
        )
        notes.append(
            f"Counts: two-sided exact Poisson test (conditional binomial) with {exposure}; "
            f"significant when p < {alpha:g}. It assumes events occur independently at a steady rate; "
            "crime counts are often over-dispersed, so treat small changes in large counts with care."
        )
    if Unit.PERCENT in units:
        notes.append(
            "Percentages: Fisher's exact test when numerator/denominator are given; "
            "otherwise not testable because the number of cases is unknown."
        )
    if control_chart:
        notes.append(
            "Control chart: the last period against 3-sigma c-chart/u-chart limits from the mean rate "
            "of all earlier periods; few earlier periods make the limits rough."
        )
    if any(m.is_total and not m.computed for m in measures):
        notes.append(
            "Given totals are checked against the sum of their parts; differences are noted by the row."
        )
    return tuple(notes)

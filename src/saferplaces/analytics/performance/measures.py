"""Measures from event tables: counts by period and outcome rates, ready for :func:`compare`.

Every function takes a plain Polars DataFrame of events (incidents, crimes), one row per event, and
returns a "comparison input": a ``measure`` column and one column per period, in time order, which
:func:`saferplaces.analytics.performance.compare.compare` turns into changes and significance.

The date column may be a Date, a Datetime or text (``YYYY-MM-DD``, or police.uk's ``YYYY-MM``, read
as the first of the month). Monthly data can only be counted into periods made of whole months.

Outcome groups map police.uk's "Last outcome category" to the Home Office outcome groups with the
table ``outcome_groups.csv`` beside this module (data, not code: a force can supply its own).
police.uk publishes one outcome per crime, the latest, so the outcome rate here is crime-based
(crimes recorded in the period whose latest outcome is 1-8, over crimes recorded in the period); the
Home Office rate counts outcomes assigned in the period instead. Both are printed as "outcome rate".
"""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from importlib import resources
from pathlib import Path

import polars as pl

from saferplaces.analytics.performance.periods import Period, calendar_year, months_ending, preceding

MEASURE = "measure"
_MONTH_KEY = "__month"


def _day_expr(events: pl.DataFrame, date_column: str) -> pl.Expr:
    if date_column not in events.columns:
        raise KeyError(f"no column {date_column!r} in the events table")
    dtype = events.schema[date_column]
    column = pl.col(date_column)
    if dtype == pl.Date:
        return column
    if isinstance(dtype, pl.Datetime):
        return column.dt.date()
    if dtype == pl.String:
        return pl.coalesce(
            column.str.to_date("%Y-%m-%d", strict=False),
            (column + "-01").str.to_date("%Y-%m-%d", strict=False),
        )
    raise TypeError(f"column {date_column!r} is {dtype}, not a date, datetime or text")


def period_counts(
    events: pl.DataFrame,
    date_column: str,
    periods: Sequence[Period],
    by: str | None = None,
    label: str = "All",
) -> pl.DataFrame:
    """Count events in each period.

    Args:
        events: One row per event.
        date_column: Column with the event date.
        periods: Periods in time order; they may overlap (a baseline and a rolling year can).
        by: Column whose values become the measures (e.g. crime type); one measure when None.
        label: Measure name when ``by`` is None.

    Returns:
        ``measure`` then one integer column per period label; measures sorted by name, zero where
        none occurred. Events without a readable date are not counted.
    """
    frame = events.with_columns(_day_expr(events, date_column).alias("__day"))
    key = pl.col(by).cast(pl.String).fill_null("(blank)") if by else pl.lit(label)
    measures = frame.select(key.alias(MEASURE)).unique().sort(MEASURE)
    for period in periods:
        inside = frame.filter(pl.col("__day").is_between(period.start, period.end))
        counted = inside.group_by(key.alias(MEASURE)).agg(pl.len().cast(pl.Int64).alias(period.label))
        measures = measures.join(counted, on=MEASURE, how="left").with_columns(
            pl.col(period.label).fill_null(0)
        )
    return measures


def rolling_comparison(
    events: pl.DataFrame,
    date_column: str,
    end_year: int,
    end_month: int,
    baseline: Period | None = None,
    by: str | None = None,
    months: int = 12,
) -> pl.DataFrame:
    """The neighbourhood-crime table's inputs: a baseline, the previous and the latest rolling months.

    Args:
        events: One row per crime.
        date_column: Column with the crime date (or police.uk month).
        end_year: Year of the last month of the latest period.
        end_month: Last month (1-12) of the latest period.
        baseline: Fixed baseline, e.g. ``months_ending(2019, 6)`` for "12m to Jun 2019".
        by: Column naming the measures (crime type); one measure when None.
        months: Length of the rolling periods.

    Returns:
        Comparison input with columns baseline (if given), previous ``months`` and latest ``months``.
    """
    latest = months_ending(end_year, end_month, months)
    previous = preceding(latest)
    periods = [p for p in (baseline, previous, latest) if p is not None]
    return period_counts(events, date_column, periods, by=by)


def year_on_year_by_month(
    events: pl.DataFrame, date_column: str, first_year: int, second_year: int
) -> pl.DataFrame:
    """The ASB table's inputs: events per calendar month in two years, months as rows.

    Returns:
        Columns ``measure`` (Jan ... Dec), ``part_of`` ("Total", so :func:`compare` adds the total
        row) and one column per year. Per-day rates use each month's own length (29 days for a
        leap-year February) and the year's length for the total.
    """
    frame = events.with_columns(_day_expr(events, date_column).alias("__day"))
    table = pl.DataFrame(
        {
            MEASURE: [calendar.month_abbr[m] for m in range(1, 13)],
            "part_of": ["Total"] * 12,
            _MONTH_KEY: list(range(1, 13)),
        },
        schema={MEASURE: pl.String, "part_of": pl.String, _MONTH_KEY: pl.Int8},
    )
    for year in (first_year, second_year):
        period = calendar_year(year)
        counted = (
            frame.filter(pl.col("__day").is_between(period.start, period.end))
            .group_by(pl.col("__day").dt.month().cast(pl.Int8).alias(_MONTH_KEY))
            .agg(pl.len().cast(pl.Int64).alias(period.label))
        )
        table = table.join(counted, on=_MONTH_KEY, how="left").with_columns(pl.col(period.label).fill_null(0))
    return table.sort(_MONTH_KEY).drop(_MONTH_KEY)


def outcome_groups(path: str | Path | None = None) -> pl.DataFrame:
    """The outcome mapping: police_uk_category, outcome_group, home_office_outcomes, outcome_1_to_8.

    Args:
        path: A force's own mapping CSV with the same columns; the shipped table when None.
    """
    if path is None:
        source = resources.files("saferplaces.analytics.performance").joinpath("outcome_groups.csv")
        with resources.as_file(source) as file:
            frame = pl.read_csv(file, infer_schema=False)
    else:
        frame = pl.read_csv(path, infer_schema=False)
    return frame.with_columns((pl.col("outcome_1_to_8") == "Y").alias("outcome_1_to_8"))


def with_outcome_groups(
    crimes: pl.DataFrame, outcome_column: str = "Last outcome category", mapping: pl.DataFrame | None = None
) -> pl.DataFrame:
    """Add ``outcome_group`` and ``outcome_1_to_8`` to each crime.

    A blank outcome is "Not yet assigned an outcome". A category missing from the mapping gets the
    group "Not mapped: <category>" and ``outcome_1_to_8`` False, so it shows in counts rather than
    vanish.
    """
    table = mapping if mapping is not None else outcome_groups()
    lookup = table.select(pl.col("police_uk_category").alias("__category"), "outcome_group", "outcome_1_to_8")
    category = pl.col(outcome_column).cast(pl.String).str.strip_chars().fill_null("")
    joined = crimes.with_columns(category.alias("__category")).join(lookup, on="__category", how="left")
    return joined.with_columns(
        pl.when(pl.col("__category") == "")
        .then(pl.lit("Not yet assigned an outcome"))
        .otherwise(pl.coalesce("outcome_group", pl.lit("Not mapped: ") + pl.col("__category")))
        .alias("outcome_group"),
        pl.col("outcome_1_to_8").fill_null(value=False),
    ).drop("__category")


def outcome_rate_row(
    crimes: pl.DataFrame,
    date_column: str,
    periods: Sequence[Period],
    outcome_column: str = "Last outcome category",
    name: str = "Outcome rate (outcomes 1-8)",
    mapping: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """One comparison-input row: crimes with an outcome 1-8 over crimes recorded, per period.

    Cells are written ``numerator/denominator`` so :func:`compare` shows the percentage, the
    percentage-point change and Fisher's exact test.
    """
    grouped = with_outcome_groups(crimes, outcome_column, mapping)
    cells: dict[str, list[str]] = {MEASURE: [name], "unit": ["percent"]}
    day = _day_expr(grouped, date_column)
    for period in periods:
        inside = grouped.filter(day.is_between(period.start, period.end))
        # No crimes means no rate: leave the cell empty rather than write 0/0.
        cells[period.label] = [
            f"{int(inside['outcome_1_to_8'].sum())}/{inside.height}" if inside.height else ""
        ]
    return pl.DataFrame(cells)

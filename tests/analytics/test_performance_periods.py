"""Periods (rolling 12 months, baselines, financial years) and counting events into them."""

from __future__ import annotations

from datetime import date, datetime
from fractions import Fraction

import polars as pl
import pytest

from saferplaces.analytics.performance.compare import compare
from saferplaces.analytics.performance.measures import (
    outcome_groups,
    outcome_rate_row,
    period_counts,
    rolling_comparison,
    with_outcome_groups,
    year_on_year_by_month,
)
from saferplaces.analytics.performance.periods import (
    Period,
    add_months,
    calendar_year,
    financial_year,
    month_within,
    months_ending,
    parse_period_label,
    preceding,
)


def test_rolling_twelve_months_and_the_twelve_before() -> None:
    latest = months_ending(2023, 1)
    assert (latest.start, latest.end, latest.label) == (
        date(2022, 2, 1),
        date(2023, 1, 31),
        "12m to Jan 2023",
    )
    previous = preceding(latest)
    assert (previous.start, previous.end, previous.label) == (
        date(2021, 2, 1),
        date(2022, 1, 31),
        "12m to Jan 2022",
    )
    assert months_ending(2019, 6).start == date(2018, 7, 1)
    assert preceding(months_ending(2023, 3, 3)) == months_ending(2022, 12, 3)
    with pytest.raises(ValueError, match="whole calendar months"):
        preceding(Period(date(2022, 1, 2), date(2022, 2, 28), "odd"))


def test_period_lengths() -> None:
    assert calendar_year(2020).days == 366 and calendar_year(2022).days == 365
    assert financial_year(2019).days == 366 and financial_year(2019).label == "2019/20"
    assert months_ending(2020, 2, 1).days == 29
    assert add_months(2023, 1, -13) == (2021, 12)


@pytest.mark.parametrize(
    ("label", "start", "end"),
    [
        ("2022", date(2022, 1, 1), date(2022, 12, 31)),
        ("2019/20", date(2019, 4, 1), date(2020, 3, 31)),
        ("1999/00", date(1999, 4, 1), date(2000, 3, 31)),
        ("2019-2020", date(2019, 4, 1), date(2020, 3, 31)),
        ("12m to June 2019", date(2018, 7, 1), date(2019, 6, 30)),
        ("12 months to January 2023", date(2022, 2, 1), date(2023, 1, 31)),
        ("3 months ending Mar 2023", date(2023, 1, 1), date(2023, 3, 31)),
        ("Sept 2022", date(2022, 9, 1), date(2022, 9, 30)),
        ("2023-02", date(2023, 2, 1), date(2023, 2, 28)),
        ("2011-12", date(2011, 12, 1), date(2011, 12, 31)),
        ("2011/12", date(2011, 4, 1), date(2012, 3, 31)),
    ],
)
def test_headings_are_read_as_periods(label: str, start: date, end: date) -> None:
    period = parse_period_label(label)
    assert period is not None and (period.start, period.end, period.label) == (start, end, label)


@pytest.mark.parametrize("label", ["Budgeted", "2019/21", "12m to Foo 2022", "2023-13", "Latest 12m"])
def test_other_headings_are_not_periods(label: str) -> None:
    assert parse_period_label(label) is None


def test_month_rows_inside_year_columns() -> None:
    feb = month_within("Feb", calendar_year(2020))
    assert feb is not None and feb.days == 29
    assert month_within("Total", calendar_year(2020)) is None
    assert month_within("Feb", financial_year(2020)) is None


def _events(days: list[date], kinds: list[str] | None = None) -> pl.DataFrame:
    return pl.DataFrame({"date": days, "kind": kinds or ["x"] * len(days)})


def test_period_counts_by_measure_and_overlapping_periods() -> None:
    events = _events(
        [date(2021, 12, 31), date(2022, 1, 1), date(2022, 6, 30), date(2023, 1, 31), date(2023, 2, 1)],
        ["burglary", "robbery", "burglary", "burglary", "robbery"],
    )
    counts = period_counts(events, "date", [calendar_year(2022), months_ending(2023, 1)], by="kind")
    assert counts.to_dicts() == [
        {"measure": "burglary", "2022": 1, "12m to Jan 2023": 2},
        {"measure": "robbery", "2022": 1, "12m to Jan 2023": 0},
    ]


def test_period_counts_read_police_uk_months_and_datetimes() -> None:
    months = pl.DataFrame({"Month": ["2022-01", "2022-12", "2023-01"]})
    assert period_counts(months, "Month", [calendar_year(2022)])["2022"].item() == 2
    stamps = pl.DataFrame({"at": [datetime(2022, 12, 31, 23, 59), datetime(2023, 1, 1, 0, 0)]})
    assert period_counts(stamps, "at", [calendar_year(2022)])["2022"].item() == 1
    with pytest.raises(TypeError, match="not a date"):
        period_counts(pl.DataFrame({"n": [1]}), "n", [calendar_year(2022)])


def test_rolling_comparison_feeds_compare() -> None:
    events = _events([date(2019, 1, 15)] * 4 + [date(2021, 3, 1)] * 2 + [date(2022, 3, 1)] * 3)
    rows = rolling_comparison(events, "date", 2023, 1, baseline=months_ending(2019, 6))
    assert rows.columns == ["measure", "12m to Jun 2019", "12m to Jan 2022", "12m to Jan 2023"]
    assert rows.row(0) == ("All", 4, 2, 3)
    table = compare(rows)
    assert table.rounded(table.change("All", "12m to Jan 2022").change) == 50.0
    assert table.per_day["All"] == Fraction(3, 365)


def test_year_on_year_by_month_matches_the_asb_table_layout() -> None:
    days = [date(2020, 2, 10)] * 29 + [date(2021, 2, 10)] * 28 + [date(2021, 12, 1)] * 5
    rows = year_on_year_by_month(_events(days), "date", 2020, 2021)
    assert rows.columns == ["measure", "part_of", "2020", "2021"]
    assert rows["measure"].to_list()[:3] == ["Jan", "Feb", "Mar"]
    assert rows.filter(measure="Feb").row(0) == ("Feb", "Total", 29, 28)
    table = compare(rows)
    # One a day in both Februaries: the leap day makes the counts differ, not the rate.
    assert table.per_day["Feb"] == 1
    assert table.change("Feb", "2020").significance.p_value == pytest.approx(1.0)
    total = table.measure("Total")
    assert total.computed and [f.value for f in total.figures if f] == [29, 33]
    assert table.per_day["Total"] == Fraction(33, 365)


def test_outcome_groups_and_rate() -> None:
    crimes = pl.DataFrame(
        {
            "Month": ["2022-01", "2022-02", "2022-03", "2022-04", "2023-01"],
            "Last outcome category": [
                "Local resolution",
                "Investigation complete; no suspect identified",
                None,
                "A category nobody has seen",
                "Offender given a caution",
            ],
        }
    )
    grouped = with_outcome_groups(crimes)
    assert grouped["outcome_group"].to_list() == [
        "Out-of-court (informal)",
        "Investigation complete - no suspect identified",
        "Not yet assigned an outcome",
        "Not mapped: A category nobody has seen",
        "Out-of-court (formal)",
    ]
    assert grouped["outcome_1_to_8"].to_list() == [True, False, False, False, True]
    row = outcome_rate_row(crimes, "Month", [calendar_year(2022), calendar_year(2023), calendar_year(2024)])
    assert row.row(0, named=True) == {
        "measure": "Outcome rate (outcomes 1-8)",
        "unit": "percent",
        "2022": "1/4",
        "2023": "1/1",
        "2024": "",
    }


def test_shipped_outcome_mapping_covers_the_west_yorkshire_sample_categories() -> None:
    mapping = outcome_groups()
    seen_in_sample = {
        "Unable to prosecute suspect",
        "Investigation complete; no suspect identified",
        "Status update unavailable",
        "Local resolution",
        "Court result unavailable",
        "Awaiting court outcome",
        "Offender sent to prison",
        "Offender given a caution",
        "Offender given community sentence",
        "Action to be taken by another organisation",
        "Defendant found not guilty",
        "Further investigation is not in the public interest",
        "Court case unable to proceed",
        "Offender fined",
        "Offender given conditional discharge",
        "Offender given suspended prison sentence",
        "Formal action is not in the public interest",
        "Offender otherwise dealt with",
        "Offender ordered to pay compensation",
        "Suspect charged as part of another case",
        "Offender deprived of property",
        "Offender given absolute discharge",
    }
    assert seen_in_sample <= set(mapping["police_uk_category"].to_list())
    assert mapping["police_uk_category"].is_unique().all()

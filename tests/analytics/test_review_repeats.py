"""Repeat victims and locations over a rolling window (default 3 in 365 days, also 3 in 91)."""

from __future__ import annotations

from datetime import datetime

import polars as pl

from saferplaces.analytics.review.repeats import RepeatRule, repeat_flags, rolling_counts


def _frame() -> pl.DataFrame:
    return pl.DataFrame(
        {
            "p": ["a", "a", "b", "a", "a", None],
            "received_at": [
                datetime(2024, 1, 1),
                datetime(2024, 3, 1),
                datetime(2024, 3, 1),
                datetime(2024, 12, 30),
                datetime(2025, 1, 1),
                datetime(2024, 1, 1),
            ],
        }
    )


def test_count_includes_this_incident_and_the_window_before_it():
    assert rolling_counts(_frame(), "p", window_days=365).to_list() == [1, 2, 1, 3, 3, 0]


def test_an_incident_exactly_one_window_back_falls_out_and_a_day_more_brings_it_in():
    # 2024-01-01 is 366 days before 2025-01-01 (leap year): the window (t - w, t] is open at its start.
    assert rolling_counts(_frame(), "p", window_days=366).to_list()[4] == 3
    assert rolling_counts(_frame(), "p", window_days=367).to_list()[4] == 4


def test_third_incident_in_a_year_makes_a_repeat_and_the_short_rule_is_reported_separately():
    out = repeat_flags(_frame(), "p", (RepeatRule(365, 3), RepeatRule(91, 3)))
    assert out["is_repeat"].to_list() == [False, False, False, True, True, False]
    assert out["repeat_rules"][3] == "3 in 365 days"
    assert out["p_count_91d"].to_list()[3:5] == [1, 2]


def test_window_and_count_are_configuration():
    out = repeat_flags(_frame(), "p", (RepeatRule(91, 2),))
    # 1 Jan -> 1 Mar is 60 days; 1 Mar -> 30 Dec is 304; 30 Dec -> 1 Jan is 2.
    assert out["is_repeat"].to_list() == [False, True, False, False, True, False]

"""Victims' Code deadlines in working days: weekends and England and Wales bank holidays skipped."""

from __future__ import annotations

from datetime import date

import pytest

from saferplaces.tracker.workingdays import add_working_days, is_working_day, working_days_late


@pytest.mark.parametrize(
    ("start", "days", "expected"),
    [
        (date(2025, 1, 8), 5, date(2025, 1, 15)),  # Wednesday to Wednesday
        (date(2025, 1, 10), 5, date(2025, 1, 17)),  # Friday: the weekend is skipped
        (date(2025, 1, 11), 5, date(2025, 1, 17)),  # Saturday: counting starts on Monday
        (date(2025, 1, 10), 1, date(2025, 1, 13)),  # enhanced rights, Friday to Monday
        (date(2025, 1, 11), 1, date(2025, 1, 13)),  # enhanced rights, Saturday to Monday
        (date(2025, 4, 17), 5, date(2025, 4, 28)),  # Good Friday and Easter Monday skipped
        (date(2025, 5, 2), 1, date(2025, 5, 6)),  # early May bank holiday Monday skipped
        (date(2025, 12, 24), 1, date(2025, 12, 29)),  # Christmas Day and Boxing Day skipped
        (date(2025, 12, 24), 5, date(2026, 1, 5)),  # ...and New Year's Day
        (date(2023, 5, 5), 1, date(2023, 5, 9)),  # the one-off Coronation bank holiday, 8 May 2023
        (date(2022, 9, 16), 1, date(2022, 9, 20)),  # the State Funeral, 19 September 2022
        (date(2026, 12, 24), 1, date(2026, 12, 29)),  # Boxing Day on a Saturday: Monday 28th substituted
        (date(2025, 1, 8), 0, date(2025, 1, 8)),
    ],
)
def test_the_due_date_counts_only_working_days_after_the_event(
    start: date, days: int, expected: date
) -> None:
    assert add_working_days(start, days) == expected


def test_weekends_and_bank_holidays_are_not_working_days() -> None:
    assert is_working_day(date(2025, 8, 22)) is True  # a Friday
    assert is_working_day(date(2025, 8, 23)) is False  # Saturday
    assert is_working_day(date(2025, 8, 25)) is False  # summer bank holiday
    assert is_working_day(date(2025, 8, 26)) is True


def test_lateness_is_counted_in_working_days() -> None:
    assert working_days_late(date(2025, 1, 15), date(2025, 1, 15)) == 0
    assert working_days_late(date(2025, 1, 15), date(2025, 1, 14)) == 0
    assert working_days_late(date(2025, 1, 17), date(2025, 1, 20)) == 1  # Friday due, Monday now
    assert working_days_late(date(2025, 4, 17), date(2025, 4, 22)) == 1  # over Easter


def test_a_negative_number_of_days_is_refused() -> None:
    with pytest.raises(ValueError, match="negative"):
        add_working_days(date(2025, 1, 8), -1)

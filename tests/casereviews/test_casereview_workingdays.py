"""Working-day deadlines: weekends and England and Wales bank holidays skipped, exact dates."""

from __future__ import annotations

from datetime import date

from saferplaces.analytics.workingdays import add_working_days, working_days_between
from saferplaces.casereviews.rules import shipped_bank_holidays

HOLIDAYS = frozenset(d for d, _ in shipped_bank_holidays())


def test_the_shipped_file_has_the_2025_bank_holidays() -> None:
    y2025 = sorted(d for d in HOLIDAYS if d.year == 2025)
    assert y2025 == [
        date(2025, 1, 1),
        date(2025, 4, 18),
        date(2025, 4, 21),
        date(2025, 5, 5),
        date(2025, 5, 26),
        date(2025, 8, 25),
        date(2025, 12, 25),
        date(2025, 12, 26),
    ]


def test_ten_working_days_from_a_monday_is_the_monday_a_fortnight_later() -> None:
    assert add_working_days(date(2025, 3, 3), 10, HOLIDAYS) == date(2025, 3, 17)


def test_a_friday_plus_one_working_day_is_the_monday() -> None:
    assert add_working_days(date(2025, 3, 7), 1, HOLIDAYS) == date(2025, 3, 10)


def test_an_application_made_on_a_saturday_counts_from_the_monday() -> None:
    assert add_working_days(date(2025, 3, 8), 1, HOLIDAYS) == date(2025, 3, 10)


def test_easter_is_skipped() -> None:
    # Thursday 17 April 2025: Good Friday 18 and Easter Monday 21 are bank holidays.
    assert add_working_days(date(2025, 4, 17), 1, HOLIDAYS) == date(2025, 4, 22)
    assert add_working_days(date(2025, 4, 14), 10, HOLIDAYS) == date(2025, 4, 30)


def test_the_default_timescales_over_christmas_2025() -> None:
    received = date(2025, 12, 19)  # a Friday
    assert add_working_days(received, 10, HOLIDAYS) == date(2026, 1, 7)
    assert add_working_days(received, 20, HOLIDAYS) == date(2026, 1, 21)
    assert add_working_days(received, 35, HOLIDAYS) == date(2026, 2, 11)


def test_without_bank_holidays_the_same_count_lands_earlier() -> None:
    assert add_working_days(date(2025, 12, 19), 10, frozenset()) == date(2026, 1, 2)


def test_working_days_between_counts_after_the_start_up_to_the_end() -> None:
    assert working_days_between(date(2025, 4, 17), date(2025, 4, 22), HOLIDAYS) == 1
    assert working_days_between(date(2025, 4, 22), date(2025, 4, 17), HOLIDAYS) == -1

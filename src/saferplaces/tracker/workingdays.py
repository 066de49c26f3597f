"""Working days in England and Wales: Monday to Friday, less bank holidays.

Bank holidays come from the ``holidays`` package (``country_holidays("GB", subdiv="ENG")``), which
knows the fixed rules, the substitute days and the one-off holidays (the 2022 State Funeral, the 2023
Coronation). England and Wales share one list. This module never imports Django.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

import holidays


@lru_cache(maxsize=64)
def bank_holidays(year: int) -> frozenset[date]:
    """The bank holidays of England and Wales in ``year`` (weekend dates included as listed)."""
    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=year).keys())


def is_working_day(day: date) -> bool:
    """True from Monday to Friday unless the day is a bank holiday in England and Wales."""
    return day.weekday() < 5 and day not in bank_holidays(day.year)


def add_working_days(start: date, days: int) -> date:
    """The date ``days`` working days after ``start``; ``start`` itself is not counted.

    An event on a Friday with 1 working day to act is due on the Monday (or the Tuesday when that
    Monday is a bank holiday). ``days=0`` returns ``start`` unchanged.
    """
    if days < 0:
        raise ValueError("days must not be negative")
    day = start
    remaining = days
    while remaining:
        day += timedelta(days=1)
        if is_working_day(day):
            remaining -= 1
    return day


def working_days_late(due: date, today: date) -> int:
    """How many working days after ``due`` it is on ``today`` (0 when not yet late)."""
    late = 0
    day = due
    while day < today:
        day += timedelta(days=1)
        if is_working_day(day):
            late += 1
    return late

"""Working days: Monday to Friday, less bank holidays. Shared by every deadline in the project.

A deadline of N working days from a date is the Nth working day *after* it: an application received on
a Friday with a one-working-day deadline is due on the Monday (or the Tuesday after a bank holiday
Monday). A date that is not itself a working day counts from the next one in the same way.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from datetime import date, timedelta
from functools import cache

import holidays as holiday_rules


@cache
def _england_and_wales(year: int) -> frozenset[date]:
    return frozenset(holiday_rules.country_holidays("GB", subdiv="ENG", years=year).keys())


class EnglandAndWalesBankHolidays(Collection[date]):
    """Bank holidays of England and Wales for any year, from the ``holidays`` package's rules.

    Knows the fixed rules, substitute days and one-off holidays (the 2022 State Funeral, the 2023
    Coronation). A force whose deadlines follow an edited list passes its own collection instead.
    """

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and day in _england_and_wales(day.year)

    def __iter__(self) -> Iterator[date]:
        raise TypeError("the bank holidays of every year cannot be listed; test membership instead")

    def __len__(self) -> int:
        raise TypeError("the bank holidays of every year cannot be counted")


ENGLAND_AND_WALES = EnglandAndWalesBankHolidays()


def is_working_day(day: date, holidays: Collection[date]) -> bool:
    return day.weekday() < 5 and day not in holidays


def add_working_days(start: date, days: int, holidays: Collection[date]) -> date:
    """The date ``days`` working days after ``start`` (``days`` >= 0; 0 gives ``start`` itself)."""
    if days < 0:
        raise ValueError("days must not be negative: count working days forwards only")
    current = start
    remaining = days
    while remaining:
        current += timedelta(days=1)
        if is_working_day(current, holidays):
            remaining -= 1
    return current


def working_days_between(start: date, end: date, holidays: Collection[date]) -> int:
    """Working days after ``start`` up to and including ``end`` (negative when ``end`` is earlier)."""
    if end < start:
        return -working_days_between(end, start, holidays)
    return sum(
        1 for n in range(1, (end - start).days + 1) if is_working_day(start + timedelta(days=n), holidays)
    )

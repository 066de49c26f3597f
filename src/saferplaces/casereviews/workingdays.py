"""Working days: Monday to Friday, less bank holidays. Pure functions, no Django.

A deadline of N working days from a date is the Nth working day *after* it: an application received on
a Friday with a one-working-day deadline is due on the Monday (or the Tuesday after a bank holiday
Monday). A date that is not itself a working day counts from the next one in the same way.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, timedelta


def is_working_day(day: date, holidays: Collection[date]) -> bool:
    return day.weekday() < 5 and day not in holidays


def add_working_days(start: date, days: int, holidays: Collection[date]) -> date:
    """The date ``days`` working days after ``start`` (``days`` >= 0; 0 gives ``start`` itself)."""
    if days < 0:
        raise ValueError("count working days forwards only")
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

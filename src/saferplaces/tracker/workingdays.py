"""Victims' Code deadlines count working days in England and Wales (see analytics.workingdays)."""

from __future__ import annotations

from datetime import date

from saferplaces.analytics import workingdays
from saferplaces.analytics.workingdays import ENGLAND_AND_WALES


def is_working_day(day: date) -> bool:
    """True from Monday to Friday unless the day is a bank holiday in England and Wales."""
    return workingdays.is_working_day(day, ENGLAND_AND_WALES)


def add_working_days(start: date, days: int) -> date:
    """The date ``days`` working days after ``start``; ``start`` itself is not counted.

    An event on a Friday with 1 working day to act is due on the Monday (or the Tuesday when that
    Monday is a bank holiday). ``days=0`` returns ``start`` unchanged.
    """
    return workingdays.add_working_days(start, days, ENGLAND_AND_WALES)


def working_days_late(due: date, today: date) -> int:
    """How many working days after ``due`` it is on ``today`` (0 when not yet late)."""
    return max(0, workingdays.working_days_between(due, today, ENGLAND_AND_WALES))

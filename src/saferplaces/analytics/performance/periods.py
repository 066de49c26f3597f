"""Reporting periods: calendar months, rolling 12 months, calendar and financial years.

A :class:`Period` is a closed range of calendar days with a label as the Police and Crime Panel
papers print it ("12m to Jan 2023", "2019/20", "2022"). Periods know their length in days, which is
what per-day rates and the exposure of the exact Poisson test use.

:func:`parse_period_label` turns a column heading of an aggregated table back into a Period, so that a
CSV with headings such as ``12m to June 2019`` or ``2019/20`` gets period lengths without being told.
Nothing here depends on a force or a region.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

# English month names and their usual abbreviations ("Sept" appears in police tables).
_MONTHS: dict[str, int] = {}
for _number in range(1, 13):
    _MONTHS[calendar.month_name[_number].lower()] = _number
    _MONTHS[calendar.month_abbr[_number].lower()] = _number
_MONTHS["sept"] = 9

_MONTH_WORD = r"([A-Za-z]{3,9})\.?"
_YEAR_RE = re.compile(r"^(\d{4})$")
_FINANCIAL_YEAR_RE = re.compile(r"^(?:fy\s*)?(\d{4})\s*([/-])\s*(\d{2}|\d{4})$", re.IGNORECASE)
_ROLLING_RE = re.compile(
    rf"^(\d{{1,2}})\s*(?:m|mths?|months?)\s+(?:to|ending)\s+{_MONTH_WORD}\s+(\d{{4}})$", re.IGNORECASE
)
_MONTH_RE = re.compile(rf"^{_MONTH_WORD}\s+(\d{{4}})$")
_ISO_MONTH_RE = re.compile(r"^(\d{4})-(\d{2})$")


@dataclass(frozen=True, order=True)
class Period:
    """A closed range of calendar days.

    Attributes:
        start: First day in the period (inclusive).
        end: Last day in the period (inclusive).
        label: Heading used in tables, e.g. ``"12m to Jan 2023"``.
    """

    start: date
    end: date
    label: str

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError(f"period {self.label!r} ends ({self.end}) before it starts ({self.start})")

    @property
    def days(self) -> int:
        """Length in days, counting both ends (a leap year has 366)."""
        return (self.end - self.start).days + 1

    def contains(self, day: date) -> bool:
        """Whether ``day`` falls inside the period."""
        return self.start <= day <= self.end


def month_number(word: str) -> int | None:
    """Month number (1-12) for an English month name or abbreviation, or None if it is not one."""
    return _MONTHS.get(word.strip().rstrip(".").lower())


def add_months(year: int, month: int, months: int) -> tuple[int, int]:
    """The (year, month) that is ``months`` calendar months after (negative: before) year-month."""
    index = year * 12 + (month - 1) + months
    return index // 12, index % 12 + 1


def last_day(year: int, month: int) -> date:
    """The last calendar day of a month."""
    return date(year, month, calendar.monthrange(year, month)[1])


def month_period(year: int, month: int, label: str | None = None) -> Period:
    """One calendar month, labelled like ``"Jan 2023"`` unless a label is given."""
    return Period(
        date(year, month, 1), last_day(year, month), label or f"{calendar.month_abbr[month]} {year}"
    )


def months_ending(year: int, month: int, months: int = 12, label: str | None = None) -> Period:
    """The ``months`` whole calendar months ending with (and including) year-month.

    ``months_ending(2023, 1)`` is 1 Feb 2022 to 31 Jan 2023, labelled ``"12m to Jan 2023"``: the
    papers' "12 months to January 2023".
    """
    if months < 1:
        raise ValueError("a rolling period needs at least one month")
    start_year, start_month = add_months(year, month, -(months - 1))
    return Period(
        date(start_year, start_month, 1),
        last_day(year, month),
        label or f"{months}m to {calendar.month_abbr[month]} {year}",
    )


def preceding(period: Period, label: str | None = None) -> Period:
    """The period of the same number of whole months that ends the day before ``period`` starts.

    For a rolling 12 months this is "the previous 12 months". ``period`` must start on the first of a
    month and end on the last day of a month.
    """
    if period.start.day != 1 or period.end != last_day(period.end.year, period.end.month):
        raise ValueError(f"{period.label!r} is not made of whole calendar months")
    months = (period.end.year - period.start.year) * 12 + period.end.month - period.start.month + 1
    end_year, end_month = add_months(period.start.year, period.start.month, -1)
    return months_ending(end_year, end_month, months, label)


def calendar_year(year: int) -> Period:
    """1 January to 31 December, labelled ``"2022"``."""
    return Period(date(year, 1, 1), date(year, 12, 31), str(year))


def financial_year(start_year: int) -> Period:
    """UK financial year, 1 April to 31 March, labelled ``"2019/20"``."""
    return Period(
        date(start_year, 4, 1), date(start_year + 1, 3, 31), f"{start_year}/{(start_year + 1) % 100:02d}"
    )


def parse_period_label(label: str) -> Period | None:
    """Read a table heading as a Period, or return None if it is not a recognised form.

    Recognised (case-insensitive, surrounding spaces ignored):

    * ``"2022"``: a calendar year;
    * ``"2019/20"``, ``"2019-20"``, ``"2019/2020"``, ``"FY2019/20"``: a financial year (April to March);
    * ``"12m to Jan 2023"``, ``"12 months to June 2019"``, ``"3 months ending Mar 2023"``: whole months
      ending with the month named;
    * ``"Jan 2023"``, ``"January 2023"``, ``"2023-01"``: a calendar month.
    """
    text = " ".join(label.split())
    if match := _YEAR_RE.match(text):
        return calendar_year(int(match.group(1)))
    if match := _FINANCIAL_YEAR_RE.match(text):
        start, separator, end_text = int(match.group(1)), match.group(2), match.group(3)
        # "2019/20" and "2019-20" are financial years; "2023-02" and "2011-12" are ISO months.
        iso_month = separator == "-" and len(end_text) == 2 and 1 <= int(end_text) <= 12
        if not iso_month and int(end_text) == (start + 1 if len(end_text) == 4 else (start + 1) % 100):
            return Period(date(start, 4, 1), date(start + 1, 3, 31), label)
    if match := _ROLLING_RE.match(text):
        month = month_number(match.group(2))
        months = int(match.group(1))
        if month is None or months < 1:
            return None
        return months_ending(int(match.group(3)), month, months, label)
    if match := _MONTH_RE.match(text):
        month = month_number(match.group(1))
        return None if month is None else month_period(int(match.group(2)), month, label)
    if match := _ISO_MONTH_RE.match(text):
        month = int(match.group(2))
        return month_period(int(match.group(1)), month, label) if 1 <= month <= 12 else None
    return None


def month_within(month_word: str, period: Period) -> Period | None:
    """The calendar month named ``month_word`` inside a calendar-year ``period``, else None.

    Tables such as "ASB by month, 2021 against 2022" have months as rows and years as columns; the
    figure in row "Feb", column "2020" covers 29 days, not 366. Only whole calendar years qualify.
    """
    month = month_number(month_word)
    is_calendar_year = (
        period.start.month == 1 and period.start.day == 1 and period.end == date(period.start.year, 12, 31)
    )
    if month is None or not is_calendar_year:
        return None
    return month_period(period.start.year, month)


def month_starts(period: Period) -> list[date]:
    """First day of every calendar month that overlaps ``period``, in order."""
    starts: list[date] = []
    current = date(period.start.year, period.start.month, 1)
    while current <= period.end:
        starts.append(current)
        current = last_day(current.year, current.month) + timedelta(days=1)
    return starts

"""Read and check the small CSVs a force supplies for the Panel pack, with line-numbered errors.

Three kinds, one row per month and item (UTF-8, a spreadsheet's byte-order mark tolerated; ``month``
is ``YYYY-MM``; column order is free; no other columns):

* **victim_satisfaction**: ``month, crime_type, respondents, satisfied`` (whole numbers,
  ``satisfied <= respondents``). Counts rather than percentages, so any period's rate can be worked
  out and tested (Fisher's exact test).
* **staffing**: ``month, role, budgeted, actual`` (full-time equivalents, up to 2 decimal places):
  a snapshot of neighbourhood posts, e.g. the paper's "Insp, Sgts, PC, PCSO" in March 2023.
* **hospital_admissions**: ``month, measure, count``: any monthly count a partner supplies for the
  serious violence table (e.g. "Assault with a sharp object", "Assault with a sharp object - under 25").

:func:`parse_supplied` checks the whole file and returns every problem with its line number (the
header is line 1), so that one upload fixes them all. Nothing is saved from a file with errors.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

VICTIM_SATISFACTION = "victim_satisfaction"
STAFFING = "staffing"
HOSPITAL_ADMISSIONS = "hospital_admissions"

COLUMNS: dict[str, tuple[str, ...]] = {
    VICTIM_SATISFACTION: ("month", "crime_type", "respondents", "satisfied"),
    STAFFING: ("month", "role", "budgeted", "actual"),
    HOSPITAL_ADMISSIONS: ("month", "measure", "count"),
}
# The column that names the item; with the month it must be unique.
ITEM_COLUMN = {VICTIM_SATISFACTION: "crime_type", STAFFING: "role", HOSPITAL_ADMISSIONS: "measure"}
ITEM_MAX_LENGTH = {VICTIM_SATISFACTION: 100, STAFFING: 60, HOSPITAL_ADMISSIONS: 150}
MAX_ERRORS = 100

_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_WHOLE = re.compile(r"^\d+$")
_DECIMAL = re.compile(r"^\d+(\.\d{1,2})?$")


@dataclass
class ParsedFile:
    """The rows of a supplied CSV, or the reasons it cannot be used.

    Attributes:
        kind: One of the keys of :data:`COLUMNS`.
        rows: One dict per data row, values converted (``month`` a date, counts int, FTE Decimal);
            staffing rows also carry ``position`` (0-based order within their month).
        errors: ``"line N: ..."`` messages, at most :data:`MAX_ERRORS` (then a final count).
    """

    kind: str
    rows: list[dict[str, Any]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def months(self) -> list[date]:
        """The months the file covers, in order."""
        return sorted({row["month"] for row in self.rows})


def _month(text: str) -> date:
    match = _MONTH.match(text)
    if not match or not 1 <= int(match.group(2)) <= 12:
        raise ValueError(f"{text!r} is not a month written YYYY-MM (e.g. 2023-01)")
    return date(int(match.group(1)), int(match.group(2)), 1)


def _whole(text: str) -> int:
    cleaned = text.replace(",", "")
    if not _WHOLE.match(cleaned):
        raise ValueError(f"{text!r} is not a whole number of 0 or more")
    return int(cleaned)


def _fte(text: str) -> Decimal:
    if not _DECIMAL.match(text):
        raise ValueError(f"{text!r} is not a number of 0 or more with at most 2 decimal places")
    try:
        return Decimal(text)
    except InvalidOperation as exc:  # pragma: no cover - the pattern admits only valid decimals
        raise ValueError(f"{text!r} is not a number") from exc


_CONVERTERS: dict[str, Callable[[str], Any]] = {
    "month": _month,
    "respondents": _whole,
    "satisfied": _whole,
    "count": _whole,
    "budgeted": _fte,
    "actual": _fte,
}


def parse_supplied(kind: str, text: str) -> ParsedFile:
    """Check a supplied CSV of ``kind`` and convert its rows.

    Args:
        kind: ``victim_satisfaction``, ``staffing`` or ``hospital_admissions``.
        text: The file's text (decoded; a leading byte-order mark is ignored).

    Returns:
        A :class:`ParsedFile`; use its rows only when ``errors`` is empty.
    """
    if kind not in COLUMNS:
        raise ValueError(f"unknown kind {kind!r}")
    result = ParsedFile(kind)
    wanted = COLUMNS[kind]
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff"), newline=""))
    header: list[str] | None = None
    for cells in reader:
        if any(c.strip() for c in cells):
            header = [c.strip().lower() for c in cells]
            break
    if header is None:
        result.errors.append("line 1: the file is empty; the first line must name the columns")
        return result
    header_line = reader.line_num
    unknown = [c for c in header if c and c not in wanted]
    missing = [c for c in wanted if c not in header]
    repeated = sorted({c for c in header if c and header.count(c) > 1})
    problems = []
    if missing:
        problems.append(f"missing column(s) {', '.join(missing)}")
    if unknown:
        problems.append(f"unknown column(s) {', '.join(unknown)}")
    if repeated:
        problems.append(f"column(s) named twice: {', '.join(repeated)}")
    if problems:
        result.errors.append(
            f"line {header_line}: " + "; ".join(problems) + f" (expected: {', '.join(wanted)})"
        )
        return result

    index = {name: header.index(name) for name in wanted}
    item = ITEM_COLUMN[kind]
    seen: dict[tuple[date, str], int] = {}
    positions: dict[date, int] = {}
    overflow = 0
    for cells in reader:
        line = reader.line_num
        if not any(c.strip() for c in cells):
            continue
        row_errors: list[str] = []
        if len(cells) > len(header) and any(c.strip() for c in cells[len(header) :]):
            row_errors.append(f"{len(cells)} cells but the header has {len(header)}")
        row: dict[str, Any] = {}
        for name in wanted:
            position = index[name]
            raw = cells[position].strip() if position < len(cells) else ""
            if not raw:
                row_errors.append(f"column {name!r} is empty")
                continue
            if name == item:
                if len(raw) > ITEM_MAX_LENGTH[kind]:
                    row_errors.append(f"column {name!r} is longer than {ITEM_MAX_LENGTH[kind]} characters")
                row[name] = raw
                continue
            try:
                row[name] = _CONVERTERS[name](raw)
            except ValueError as exc:
                row_errors.append(f"column {name!r}: {exc}")
        if not row_errors and kind == VICTIM_SATISFACTION and row["satisfied"] > row["respondents"]:
            row_errors.append(
                f"satisfied ({row['satisfied']}) is more than respondents ({row['respondents']})"
            )
        if not row_errors:
            key = (row["month"], row[item].casefold())
            if key in seen:
                row_errors.append(
                    f"{item} {row[item]!r} for {row['month']:%Y-%m} already appears on line {seen[key]}"
                )
            else:
                seen[key] = line
        if row_errors:
            for message in row_errors:
                if len(result.errors) < MAX_ERRORS:
                    result.errors.append(f"line {line}: {message}")
                else:
                    overflow += 1
            continue
        if kind == STAFFING:
            row["position"] = positions.get(row["month"], 0)
            positions[row["month"]] = row["position"] + 1
        result.rows.append(row)
    if overflow:
        result.errors.append(f"… and {overflow} more problem(s)")
    if not result.rows and not result.errors:
        result.errors.append(f"line {header_line}: the file has a header but no data rows")
    return result

"""police.uk street-level files: the full 12-column CSV of any force, and the reduced ASB table.

The full CSV has: Crime ID, Month, Reported by, Falls within, Longitude, Latitude, Location,
LSOA code, LSOA name, Crime type, Last outcome category, Context. The reduced table (tab or comma
separated) has month, longitude, latitude and optionally location and lsoa_code; every row is of one
crime type, given by the caller (anti-social behaviour by default).
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import TextIO

from saferplaces.analytics.sources.rows import FormatError, Reject, iter_records
from saferplaces.analytics.sources.values import parse_month, parse_point

FULL_COLUMNS = (
    "Crime ID",
    "Month",
    "Reported by",
    "Falls within",
    "Longitude",
    "Latitude",
    "Location",
    "LSOA code",
    "LSOA name",
    "Crime type",
    "Last outcome category",
    "Context",
)
REDUCED_REQUIRED = ("month", "longitude", "latitude")
REDUCED_OPTIONAL = ("location", "lsoa_code", "crime_type", "falls_within")
ASB = "Anti-social behaviour"


@dataclass(frozen=True)
class StreetRecord:
    row_key: str
    crime_id: str
    month: date
    reported_by: str
    falls_within: str
    longitude: float | None
    latitude: float | None
    location: str
    lsoa_code: str
    lsoa_name: str
    crime_type: str
    last_outcome: str
    context: str


def _row_key(fields: tuple[str, ...], occurrences: Counter[str]) -> str:
    # Identical rows are real, distinct records (ASB has no Crime ID), so the n-th copy of a row gets
    # key n: re-reading the same file reproduces the same keys, and nothing is counted twice.
    content = "\x1f".join(fields)
    occurrences[content] += 1
    return hashlib.sha1(f"{content}\x1e{occurrences[content]}".encode(), usedforsecurity=False).hexdigest()


def read_street_records(
    text: TextIO, *, default_crime_type: str = ASB, default_force: str = ""
) -> Iterator[tuple[int, StreetRecord | Reject]]:
    """Yield ``(line, record)`` or ``(line, Reject)`` for each row of a police.uk file.

    Raises FormatError when the header is neither the 12-column police.uk layout nor the reduced one.
    """
    header, records = iter_records(text)
    full = all(col in header for col in FULL_COLUMNS)
    lowered = [h.lower() for h in header]
    if not full and not all(col in lowered for col in REDUCED_REQUIRED):
        raise FormatError(
            "not a police.uk file: expected the 12 street-level columns "
            f"({', '.join(FULL_COLUMNS)}) or at least {', '.join(REDUCED_REQUIRED)}; "
            f"found {', '.join(header)}"
        )
    names = header if full else lowered
    position = {name: i for i, name in enumerate(names)}
    occurrences: Counter[str] = Counter()

    def get(fields: list[str], name: str) -> str:
        i = position.get(name)
        return fields[i].strip() if i is not None else ""

    for line, item in records:
        if isinstance(item, Reject):
            yield line, item
            continue
        raw = ",".join(item)
        try:
            if full:
                values = tuple(get(item, c) for c in FULL_COLUMNS)
                crime_id, month_text, reported_by, falls_within, lon, lat, location, lsoa, lsoa_name = values[
                    :9
                ]
                crime_type, outcome, context = values[9:]
            else:
                month_text, lon, lat = get(item, "month"), get(item, "longitude"), get(item, "latitude")
                location, lsoa = get(item, "location"), get(item, "lsoa_code")
                crime_type = get(item, "crime_type") or default_crime_type
                falls_within = get(item, "falls_within") or default_force
                crime_id = reported_by = lsoa_name = outcome = context = ""
                values = (month_text, lon, lat, location, lsoa, crime_type)
            month = parse_month(month_text)
            point = parse_point(lon, lat)
            if not crime_type:
                raise ValueError("crime type is blank")
        except ValueError as exc:
            yield line, Reject(line, str(exc), raw)
            continue
        yield (
            line,
            StreetRecord(
                row_key=_row_key(values, occurrences),
                crime_id=crime_id,
                month=month,
                reported_by=reported_by,
                falls_within=falls_within,
                longitude=point[0] if point else None,
                latitude=point[1] if point else None,
                location=location,
                lsoa_code=lsoa,
                lsoa_name=lsoa_name,
                crime_type=crime_type,
                last_outcome=outcome,
                context=context,
            ),
        )

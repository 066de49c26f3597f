"""Parsing single field values. Each parser returns the value or raises ValueError with a plain reason."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from saferplaces.analytics.geo import LAT_RANGE, LON_RANGE

UK_TZ = ZoneInfo("Europe/London")

# Outward code, optional space, inward code (digit + two letters), e.g. LS9 8AB, BD1 1AA, EC1A 1BB.
_POSTCODE = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?)([0-9][A-Z]{2})$")


def normalise_postcode(value: str) -> str:
    """``ls98ab`` -> ``LS9 8AB``; blank stays blank; anything not shaped like a UK postcode is an error."""
    compact = re.sub(r"\s+", "", value).upper()
    if not compact:
        return ""
    match = _POSTCODE.match(compact)
    if not match:
        raise ValueError(f"postcode {value.strip()!r} is not a UK postcode")
    return f"{match.group(1)} {match.group(2)}"


def parse_datetime(value: str, field: str) -> datetime:
    """ISO 8601 date-time; with no offset it is UK local time. Returned aware, in UTC."""
    text = value.strip()
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        raise ValueError(
            f"{field} {text!r} is not an ISO 8601 date-time (e.g. 2022-03-04T18:22:00)"
        ) from None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UK_TZ)
    return parsed.astimezone(UTC)


def parse_date(value: str, field: str) -> date:
    """``YYYY-MM-DD`` or UK ``DD/MM/YYYY``."""
    text = value.strip()
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(f"{field} {text!r} is not a date (YYYY-MM-DD or DD/MM/YYYY)")


def parse_month(value: str) -> date:
    """police.uk months: ``2016-07`` or ``2022-01-01`` -> the first day of that month."""
    text = value.strip()
    for fmt in ("%Y-%m", "%Y-%m-%d"):
        try:
            return datetime.strptime(text, fmt).date().replace(day=1)
        except ValueError:
            continue
    raise ValueError(f"month {text!r} is not YYYY-MM or YYYY-MM-DD")


def parse_point(longitude: str, latitude: str) -> tuple[float, float] | None:
    """A WGS84 point inside Great Britain and Northern Ireland, or None when both are blank."""
    lon_text, lat_text = longitude.strip(), latitude.strip()
    if not lon_text and not lat_text:
        return None
    if not lon_text or not lat_text:
        raise ValueError("only one of longitude and latitude is given")
    try:
        lon, lat = float(lon_text), float(lat_text)
    except ValueError:
        raise ValueError(f"longitude {lon_text!r} / latitude {lat_text!r} are not numbers") from None
    if not (LAT_RANGE[0] <= lat <= LAT_RANGE[1] and LON_RANGE[0] <= lon <= LON_RANGE[1]):
        raise ValueError(f"point ({lat}, {lon}) is outside Great Britain and Northern Ireland")
    return lon, lat


def parse_yes_no(value: str, field: str) -> bool | None:
    text = value.strip().upper()
    if text in ("", "U", "UNKNOWN"):
        return None
    if text in ("Y", "YES", "TRUE", "1"):
        return True
    if text in ("N", "NO", "FALSE", "0"):
        return False
    raise ValueError(f"{field} {value.strip()!r} must be Y or N")

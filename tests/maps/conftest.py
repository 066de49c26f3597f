"""A tiny police.uk data set in the ten fixture LSOAs, and the cast of map users."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client

from saferplaces.analytics.geo import to_wgs84

# (LSOA code, crime type, month, how many): every point sits at its LSOA's representative point.
STREET = [
    ("E01033002", "Anti-social behaviour", date(2025, 5, 1), 3),  # Leeds 055F, 2,179 residents
    ("E01033002", "Burglary", date(2025, 6, 1), 1),
    ("E01033010", "Anti-social behaviour", date(2025, 6, 1), 2),  # Leeds 111B, 3,481 residents
    ("E01010834", "Violence and sexual offences", date(2025, 6, 1), 2),  # Bradford 044A, 2,850
]


def _client_for(user: Any) -> Client:
    c = Client()
    c.force_login(user)
    return c


@pytest.fixture
def client_for() -> Callable[[Any], Client]:
    """A test client signed in as the given user."""
    return _client_for


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    """Map results are cached by filters and data version; each test starts clean."""
    cache.clear()


@pytest.fixture(autouse=True)
def _fast_passwords(settings: Any) -> None:
    """The cast has nine users: the production hasher costs about a second each on this machine."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def map_people(personas: dict[str, Any], make_user: Callable[..., Any]) -> dict[str, Any]:
    return {
        **personas,
        "pcc": make_user("pcc", "pcc", ("Leeds", "Bradford")),
        "leeds_supervisor": make_user("leeds.supervisor", "supervisor", ("Leeds",)),
        "leeds_officer": make_user("leeds.officer", "npt_officer", ("Leeds",)),
        "leeds_analyst": make_user("leeds.analyst", "analyst", ("Leeds",)),
    }


def add_street_records(rows: list[tuple[str, str, date, int]], *, offset_m: float = 0.0) -> int:
    """Create police.uk records at each LSOA's representative point (BNG metres, shifted east)."""
    from saferplaces.areas.models import Lsoa
    from saferplaces.policedata.models import StreetRecord

    made = []
    for code, crime_type, month, n in rows:
        lsoa = Lsoa.objects.get(code=code)
        e, north = lsoa.centroid_easting + offset_m, lsoa.centroid_northing
        lon, lat = to_wgs84([e], [north])
        for _ in range(n):
            made.append(
                StreetRecord(
                    row_key=f"t{StreetRecord.objects.count() + len(made)}",
                    month=month,
                    longitude=float(lon[0]),
                    latitude=float(lat[0]),
                    easting=e,
                    northing=north,
                    location="On or near Test Street",
                    lsoa_code=code,
                    crime_type=crime_type,
                    district_id=lsoa.district_id,
                    lsoa=lsoa,
                )
            )
    StreetRecord.objects.bulk_create(made)
    return len(made)


@pytest.fixture
def add_records(geography: None) -> Callable[..., int]:
    return add_street_records


@pytest.fixture
def street_records(geography: None) -> int:
    return add_street_records(STREET)

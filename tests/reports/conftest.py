"""A small, exactly known database for the Panel pack: police.uk crimes, ASB incidents, supplied tables.

The chosen report is the 12 months to January 2023 against the previous 12 months and the baseline
12 months to June 2019, as in the June 2023 paper. police.uk records are held for Jul 2018–Jun 2019 and
Feb 2021–Jan 2023 (one shoplifting record a month marks a month as held); incident logs for 2021–2022;
victim satisfaction for Feb 2021–Jan 2023; hospital admissions for Feb 2019–Jan 2023; staffing
snapshots for Dec 2022 and Mar 2023. No STATS19 is loaded here.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import pytest

# Neighbourhood crimes per period (baseline, previous, latest), all in the first month of the period.
CRIMES = {
    "Burglary": (20, 10, 12),
    "Robbery": (8, 4, 6),
    "Theft from the person": (5, 5, 3),
    "Vehicle crime": (30, 15, 18),
}
PERIOD_FIRST_MONTHS = (date(2018, 7, 1), date(2021, 2, 1), date(2022, 2, 1))
# Outcomes 1-8 among those crimes: baseline 4 fined, previous 2 local resolutions, latest 3 cautions
# and 2 charged; every other crime "Investigation complete; no suspect identified".
OUTCOMES = (
    {"Offender fined": 4},
    {"Local resolution": 2},
    {"Offender given a caution": 3, "Suspect charged": 2},
)
NO_SUSPECT = "Investigation complete; no suspect identified"
# ASB incidents per month, January first.
ASB_2021 = (3, 2, 4, 4, 3, 4, 4, 3, 3, 3, 2, 2)
ASB_2022 = (2, 2, 2, 3, 2, 3, 3, 3, 2, 2, 2, 1)
STAFFING_MARCH_2023 = [
    ("Insp", "20.52", "22"),
    ("Sgts", "78.39", "81.29"),
    ("PC", "307.56", "259.62"),
    ("PCSO", "550.2", "512.01"),
]


def months(first: date, count: int) -> Iterator[date]:
    year, month = first.year, first.month
    for _ in range(count):
        yield date(year, month, 1)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


def satisfaction_csv() -> str:
    """Burglary 8/10 a month before Feb 2022 and 7/10 after; vehicle crime 6/10 then 7/10."""
    lines = ["month,crime_type,respondents,satisfied"]
    for month in months(date(2021, 2, 1), 24):
        latest = month >= date(2022, 2, 1)
        lines.append(f"{month:%Y-%m},Burglary,10,{7 if latest else 8}")
        lines.append(f"{month:%Y-%m},Vehicle crime,10,{7 if latest else 6}")
    return "\n".join(lines) + "\n"


def admissions_csv() -> str:
    """Assault with a sharp object: 2 a month Feb 2019–Jan 2022, then 1 a month to Jan 2023."""
    lines = ["month,measure,count"]
    for month in months(date(2019, 2, 1), 48):
        lines.append(f"{month:%Y-%m},Assault with a sharp object,{1 if month >= date(2022, 2, 1) else 2}")
    return "\n".join(lines) + "\n"


def staffing_csv() -> str:
    lines = ["month,role,budgeted,actual"]
    lines += [f"2023-03,{r},{b},{a}" for r, b, a in STAFFING_MARCH_2023]
    # An older snapshot: the one a January 2023 report uses (the March one is after it).
    lines += [f"2022-12,{r},{b},{b}" for r, b, _ in STAFFING_MARCH_2023]
    return "\n".join(lines) + "\n"


@dataclass
class Loader:
    """Adds records straight to the database (the importers have their own tests)."""

    counter: Iterator[int]

    def street(
        self, month: date, crime_type: str, n: int = 1, outcome: str = "", district: Any = None
    ) -> None:
        from saferplaces.areas.models import District
        from saferplaces.policedata.models import StreetRecord

        district = district or District.objects.get(name="Leeds")
        StreetRecord.objects.bulk_create(
            StreetRecord(
                row_key=f"test-{next(self.counter)}",
                month=month,
                falls_within="West Yorkshire Police",
                crime_type=crime_type,
                last_outcome=outcome,
                district=district,
            )
            for _ in range(n)
        )

    def asb(self, day: date, n: int = 1, district: Any = None) -> None:
        from django.utils import timezone

        from saferplaces.areas.models import District
        from saferplaces.incidents.models import Incident
        from saferplaces.reference.models import IncidentCode

        code = IncidentCode.objects.get(code="ASBN")
        district = district or District.objects.get(name="Leeds")
        Incident.objects.bulk_create(
            Incident(
                reference=f"ASB-{next(self.counter)}",
                received_at=timezone.make_aware(datetime(day.year, day.month, day.day, 12, 0)),
                closing_code=code,
                district=district,
            )
            for _ in range(n)
        )


@pytest.fixture(autouse=True)
def _fast_passwords(settings: Any) -> None:
    """Accounts made here hash passwords with MD5: PBKDF2's deliberate slowness costs seconds per user."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def districts(reference_data: None) -> None:
    """Leeds and Bradford without their boundaries: the reports only need the districts' names and codes."""
    from saferplaces.areas.models import District

    for code, name in (("E08000035", "Leeds"), ("E08000032", "Bradford")):
        District.objects.get_or_create(code=code, defaults={"name": name})


@pytest.fixture
def loader(districts: None) -> Loader:
    return Loader(itertools.count())


@pytest.fixture
def panel_data(loader: Loader) -> Loader:
    """The database described at the top of this module."""
    from saferplaces.reports.actions import save_supplied
    from saferplaces.reports.supplied import parse_supplied

    for first in (date(2018, 7, 1), date(2021, 2, 1)):
        for month in months(first, 12 if first.year == 2018 else 24):
            loader.street(month, "Shoplifting")
    for index, first in enumerate(PERIOD_FIRST_MONTHS):
        for crime_type, counts in CRIMES.items():
            loader.street(first, crime_type, counts[index], outcome=NO_SUSPECT)
        # Outcomes go on burglaries: re-label that many of the period's burglaries.
        from saferplaces.policedata.models import StreetRecord

        for outcome, n in OUTCOMES[index].items():
            ids = list(
                StreetRecord.objects.filter(
                    month=first, crime_type="Burglary", last_outcome=NO_SUSPECT
                ).values_list("id", flat=True)[:n]
            )
            StreetRecord.objects.filter(id__in=ids).update(last_outcome=outcome)
    for year, counts in ((2021, ASB_2021), (2022, ASB_2022)):
        for month_number, n in enumerate(counts, start=1):
            loader.asb(date(year, month_number, 15), n)
    for kind, text in (
        ("victim_satisfaction", satisfaction_csv()),
        ("hospital_admissions", admissions_csv()),
        ("staffing", staffing_csv()),
    ):
        parsed = parse_supplied(kind, text)
        assert parsed.errors == []
        save_supplied(parsed, file_name=f"{kind}.csv")
    return loader


@pytest.fixture
def pcc_user(make_user: Callable[..., Any], districts: None) -> Any:
    return make_user("pcc.officer", "pcc")

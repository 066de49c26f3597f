"""Load the shipped route list and concern checklist (``data/``) into the database.

Idempotent: rows already present (matched by code) are left as an administrator may have edited them,
except that a route with no district gets the one the file names once that district has been loaded.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

DATA = Path(__file__).parent / "data"


def _rows(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8") as fh:
        return [{k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(fh)]


def load_defaults(bus_route: Any, concern_type: Any, district: Any) -> dict[str, int]:
    """Add missing routes and concern types. Takes the model classes (real or a migration's)."""
    districts = {d.name.lower(): d for d in district.objects.all()}
    added = {"routes": 0, "concern_types": 0}
    for row in _rows("bus_routes.csv"):
        home = districts.get(row["district"].lower())
        route, created = bus_route.objects.get_or_create(
            code=row["code"], operator=row["operator"], defaults={"name": row["name"], "district": home}
        )
        if not created and route.district_id is None and home is not None:
            # Boundaries are often loaded after the first migration: place the route once they are.
            route.district = home
            route.save(update_fields=["district"])
        added["routes"] += created
    for position, row in enumerate(_rows("concern_types.csv"), start=1):
        _, created = concern_type.objects.get_or_create(
            code=row["code"], defaults={"label": row["label"], "hint": row["hint"], "position": position}
        )
        added["concern_types"] += created
    return added


def ensure_defaults() -> dict[str, int]:
    from saferplaces.areas.models import District
    from saferplaces.bussafety.models import BusRoute, ConcernType

    return load_defaults(BusRoute, ConcernType, District)

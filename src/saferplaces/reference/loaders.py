"""Load the default reference lists from data/ into the database (idempotent: update or create)."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as fh:
        return [{k.strip(): (v or "").strip() for k, v in row.items() if k} for row in csv.DictReader(fh)]


def load_reference_data(models: Any, data_dir: Path) -> dict[str, int]:
    """Load categories, incident codes, offence codes and thresholds.

    ``models`` has attributes AsbCategory, IncidentCode, OffenceCode and Threshold: the real model
    classes, or historical ones inside a migration. Returns how many rows of each were written.
    """
    ref = data_dir / "reference"
    counts: dict[str, int] = {}
    categories = {}
    for row in _rows(ref / "asb_categories.csv"):
        obj, _ = models.AsbCategory.objects.update_or_create(
            code=row["code"], defaults={"name": row["name"], "description": row["description"]}
        )
        categories[obj.code] = obj
    counts["asb_categories"] = len(categories)

    codes = _rows(ref / "incident_codes.csv")
    for row in codes:
        models.IncidentCode.objects.update_or_create(
            code=row["code"].upper(),
            defaults={
                "description": row["description"],
                "asb_category": categories.get(row["asb_category"]) if row["asb_category"] else None,
                "is_asb_finalisation": row["is_asb_finalisation"].upper() == "Y",
                "is_selected_crime_type": row["is_selected_crime_type"].upper() == "Y",
            },
        )
    counts["incident_codes"] = len(codes)

    offences = _rows(data_dir / "home-office-offence-reference" / "offence_code_to_policeuk_category.csv")
    for row in offences:
        models.OffenceCode.objects.update_or_create(
            code=row["Offence_Code"].upper(),
            defaults={
                "description": row["Offence_Description"],
                "group": row["Offence_Group"],
                "subgroup": row["Offence_Subgroup"],
                "policeuk_category": row["Police.uk_Cat"],
            },
        )
    counts["offence_codes"] = len(offences)

    thresholds = _rows(ref / "thresholds.csv")
    for row in thresholds:
        # An administrator's change survives a reload: only missing thresholds are added.
        models.Threshold.objects.get_or_create(
            key=row["key"], defaults={"value": float(row["value"]), "description": row["description"]}
        )
    counts["thresholds"] = len(thresholds)
    return counts

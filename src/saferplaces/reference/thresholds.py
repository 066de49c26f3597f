"""Read thresholds by key, falling back to the shipped default when a force has not set one."""

from __future__ import annotations

import csv
from functools import cache

from django.conf import settings

from saferplaces.reference.models import Threshold


@cache
def _defaults() -> dict[str, float]:
    with (settings.DATA_DIR / "reference" / "thresholds.csv").open(encoding="utf-8") as fh:
        return {row["key"]: float(row["value"]) for row in csv.DictReader(fh)}


def threshold(key: str) -> float:
    row = Threshold.objects.filter(key=key).values_list("value", flat=True).first()
    if row is not None:
        return float(row)
    return _defaults()[key]

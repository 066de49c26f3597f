"""Load police.uk street-level records (full CSV or the reduced ASB table)."""

from __future__ import annotations

import csv
import gzip
from collections.abc import Iterator, Sequence
from functools import cache
from pathlib import Path

from django.conf import settings

from saferplaces.analytics.geo import to_bng
from saferplaces.analytics.sources.policeuk import ASB, StreetRecord, read_street_records
from saferplaces.analytics.sources.rows import Reject, SourceFile
from saferplaces.areas.placement import Placer
from saferplaces.imports.models import ImportRun
from saferplaces.imports.runner import BatchResult
from saferplaces.policedata.models import StreetRecord as StreetRecordRow


@cache
def lsoa2011_local_authority() -> dict[str, str]:
    """LSOA 2011 code -> local authority name, for records whose point is outside the loaded LSOAs."""
    path = settings.DATA_DIR / "lsoa2011-police-force-lookup" / "lsoa2011_to_police_force.csv.gz"
    if not Path(path).exists():
        return {}
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        return {row["LSOA Code"]: row["Local authority name"] for row in csv.DictReader(fh)}


class PoliceUkLoader:
    def __init__(self, crime_type: str = ASB, force: str = "") -> None:
        self.crime_type = crime_type
        self.force = force
        self.placer = Placer()

    def parse(self, source: SourceFile) -> Iterator[tuple[int, StreetRecord | Reject]]:
        return read_street_records(source.text, default_crime_type=self.crime_type, default_force=self.force)

    def finish(self, run: ImportRun) -> None:
        return None

    def load_batch(self, batch: Sequence[tuple[int, StreetRecord]], run: ImportRun) -> BatchResult:
        keys = [r.row_key for _, r in batch]
        existing = set(StreetRecordRow.objects.filter(row_key__in=keys).values_list("row_key", flat=True))
        new = [r for _, r in batch if r.row_key not in existing]
        lons = [r.longitude for r in new]
        lats = [r.latitude for r in new]
        places = self.placer.locate(lons, lats)
        eastings, northings = to_bng(
            [v if v is not None else float("nan") for v in lons],
            [v if v is not None else float("nan") for v in lats],
        )
        lad = lsoa2011_local_authority()
        rows = []
        for i, r in enumerate(new):
            place = places[i]
            district_id = place.district_id if place else self.placer.district(lad.get(r.lsoa_code, ""))
            has_point = r.longitude is not None
            rows.append(
                StreetRecordRow(
                    row_key=r.row_key,
                    crime_id=r.crime_id,
                    month=r.month,
                    reported_by=r.reported_by,
                    falls_within=r.falls_within,
                    longitude=r.longitude,
                    latitude=r.latitude,
                    easting=round(float(eastings[i]), 1) if has_point else None,
                    northing=round(float(northings[i]), 1) if has_point else None,
                    location=r.location,
                    lsoa_code=r.lsoa_code,
                    lsoa_name=r.lsoa_name,
                    crime_type=r.crime_type,
                    last_outcome=r.last_outcome,
                    context=r.context,
                    district_id=district_id,
                    lsoa_id=place.lsoa_id if place else None,
                    import_run=run,
                )
            )
        StreetRecordRow.objects.bulk_create(rows)
        return BatchResult(loaded=len(rows), already_loaded=len(batch) - len(new))

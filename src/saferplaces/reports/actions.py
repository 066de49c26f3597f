"""Every write of the reports app happens here: supplied CSVs and the STATS19 import, each audited."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl
from django.db import transaction

from saferplaces.analytics.performance.stats19 import Stats19Error
from saferplaces.audit.log import record as audit
from saferplaces.audit.models import AuditEvent
from saferplaces.reports.models import (
    MonthlyCount,
    StaffingFigure,
    Stats19Casualty,
    Stats19Collision,
    Stats19Vehicle,
    SuppliedUpload,
    VictimSatisfaction,
)
from saferplaces.reports.supplied import (
    HOSPITAL_ADMISSIONS,
    STAFFING,
    VICTIM_SATISFACTION,
    ParsedFile,
)

_SUPPLIED_MODELS: dict[str, type[VictimSatisfaction] | type[StaffingFigure] | type[MonthlyCount]] = {
    VICTIM_SATISFACTION: VictimSatisfaction,
    STAFFING: StaffingFigure,
    HOSPITAL_ADMISSIONS: MonthlyCount,
}
_CHUNK = 500


def save_supplied(parsed: ParsedFile, *, user: Any = None, file_name: str = "") -> SuppliedUpload:
    """Store a checked supplied CSV; its months replace whatever was held for those months.

    Raises:
        ValueError: when the file has errors (check ``parsed.errors`` first).
    """
    if parsed.errors or not parsed.rows:
        raise ValueError("a file with errors cannot be saved")
    model = _SUPPLIED_MODELS[parsed.kind]
    months = parsed.months
    with transaction.atomic():
        upload = SuppliedUpload.objects.create(
            kind=parsed.kind,
            file_name=file_name[:200],
            uploaded_by=user if getattr(user, "is_authenticated", False) else None,
            rows=len(parsed.rows),
            first_month=months[0],
            last_month=months[-1],
        )
        # A corrected file for a month supersedes the earlier one rather than adding to it.
        replaced, _ = model.objects.filter(month__in=months).delete()
        rows: list[Any] = [model(upload=upload, **row) for row in parsed.rows]
        model.objects.bulk_create(rows)
        audit(
            AuditEvent.Action.IMPORT,
            user=user,
            object_type="supplied_upload",
            object_id=upload.pk,
            kind=parsed.kind,
            rows=len(parsed.rows),
            replaced=replaced,
            first_month=f"{months[0]:%Y-%m}",
            last_month=f"{months[-1]:%Y-%m}",
        )
    return upload


# --- STATS19 -----------------------------------------------------------------------------------

_COLLISION_COLUMNS: dict[str, type[pl.DataType]] = {
    "collision_index": pl.String,
    "collision_year": pl.Int32,
    "date": pl.String,
    "police_force": pl.Int32,
    "collision_severity": pl.Int32,
    "local_authority_ons_district": pl.String,
    "collision_adjusted_severity_serious": pl.Float64,
    "number_of_vehicles": pl.Int32,
    "number_of_casualties": pl.Int32,
}
_VEHICLE_COLUMNS: dict[str, type[pl.DataType]] = {
    "collision_index": pl.String,
    "vehicle_reference": pl.Int32,
    "vehicle_type": pl.Int32,
}
_CASUALTY_COLUMNS: dict[str, type[pl.DataType]] = {
    "collision_index": pl.String,
    "casualty_reference": pl.Int32,
    "vehicle_reference": pl.Int32,
    "casualty_class": pl.Int32,
    "casualty_severity": pl.Int32,
    "age_of_casualty": pl.Int32,
    "casualty_type": pl.Int32,
    "casualty_adjusted_severity_serious": pl.Float64,
}


@dataclass(frozen=True)
class Stats19Import:
    """What one STATS19 import stored."""

    collisions: int
    vehicles: int
    casualties: int
    replaced: int
    years: tuple[int, ...]


def find_stats19_files(directory: Path) -> tuple[Path, Path, Path]:
    """The collision (or "accident"), vehicle and casualty CSVs in a folder (``.csv`` or ``.csv.gz``).

    Raises:
        Stats19Error: when one of the three is not there.
    """
    found: list[Path] = []
    for words in (("collision", "accident"), ("vehicle",), ("casualt",)):
        matches = [m for w in words for m in sorted(directory.glob(f"*{w}*.csv*"))]
        if not matches:
            raise Stats19Error(f"no {' or '.join(words)} CSV in {directory}")
        found.append(matches[0])
    return found[0], found[1], found[2]


def _read(path: Path, columns: dict[str, type[pl.DataType]]) -> pl.DataFrame:
    frame = pl.read_csv(path, infer_schema=False, null_values=["", "NULL"])
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise Stats19Error(f"{path.name}: missing column(s) {', '.join(missing)}")
    try:
        return frame.select(pl.col(c).cast(t, strict=True) for c, t in columns.items())
    except pl.exceptions.InvalidOperationError as exc:
        raise Stats19Error(f"{path.name}: a value cannot be read as a number ({exc})") from exc


def read_stats19_folder(directory: Path) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    """Read and check the three STATS19 files: collisions, vehicles, casualties (DfT column names).

    Raises:
        Stats19Error: for a missing file or column, an unreadable value or date, a repeated
            collision, or a vehicle or casualty whose collision is not in the collision file.
    """
    collision_path, vehicle_path, casualty_path = find_stats19_files(directory)
    collisions = _read(collision_path, _COLLISION_COLUMNS)
    collisions = collisions.with_columns(pl.col("date").str.to_date("%d/%m/%Y", strict=False).alias("day"))
    bad_dates = collisions.filter(pl.col("day").is_null())
    if bad_dates.height:
        first = bad_dates.row(0, named=True)
        raise Stats19Error(
            f"{collision_path.name}: {bad_dates.height} collision(s) without a DD/MM/YYYY date, "
            f"e.g. {first['collision_index']} ({first['date']!r})"
        )
    repeated = collisions["collision_index"].is_duplicated().sum()
    if repeated:
        raise Stats19Error(f"{collision_path.name}: {repeated} rows repeat a collision_index")
    vehicles = _read(vehicle_path, _VEHICLE_COLUMNS)
    casualties = _read(casualty_path, _CASUALTY_COLUMNS)
    known = collisions["collision_index"]
    for path, frame in ((vehicle_path, vehicles), (casualty_path, casualties)):
        orphans = frame.filter(~pl.col("collision_index").is_in(known.implode()))
        if orphans.height:
            raise Stats19Error(
                f"{path.name}: {orphans.height} row(s) name a collision_index not in "
                f"{collision_path.name}, e.g. {orphans['collision_index'][0]}"
            )
    return collisions, vehicles, casualties


def import_stats19(
    directory: Path,
    *,
    user: Any = None,
    progress: Callable[[str, int], None] | None = None,
) -> Stats19Import:
    """Import a folder of STATS19 CSVs; collisions already held are replaced with the file's version.

    Args:
        directory: Folder with the collision, vehicle and casualty files.
        user: Who ran it, for the audit log (None from the command line).
        progress: Called with a stage name and the rows it stored.
    """
    collisions, vehicles, casualties = read_stats19_folder(directory)
    indexes: Sequence[str] = collisions["collision_index"].to_list()
    with transaction.atomic():
        replaced = 0
        for start in range(0, len(indexes), _CHUNK):
            deleted = Stats19Collision.objects.filter(collision_index__in=indexes[start : start + _CHUNK])
            replaced += deleted.count()
            deleted.delete()
        Stats19Collision.objects.bulk_create(
            [
                Stats19Collision(
                    collision_index=r["collision_index"],
                    collision_year=r["collision_year"],
                    date=r["day"],
                    police_force=r["police_force"],
                    severity=r["collision_severity"],
                    local_authority_ons_district=r["local_authority_ons_district"] or "",
                    adjusted_severity_serious=r["collision_adjusted_severity_serious"],
                    number_of_vehicles=r["number_of_vehicles"] or 0,
                    number_of_casualties=r["number_of_casualties"] or 0,
                )
                for r in collisions.iter_rows(named=True)
            ],
            batch_size=_CHUNK,
        )
        if progress:
            progress("collisions", collisions.height)
        ids: dict[str, int] = {}
        for start in range(0, len(indexes), _CHUNK):
            ids.update(
                Stats19Collision.objects.filter(
                    collision_index__in=indexes[start : start + _CHUNK]
                ).values_list("collision_index", "id")
            )
        Stats19Vehicle.objects.bulk_create(
            [
                Stats19Vehicle(
                    collision_id=ids[r["collision_index"]],
                    vehicle_reference=r["vehicle_reference"],
                    vehicle_type=r["vehicle_type"],
                )
                for r in vehicles.iter_rows(named=True)
            ],
            batch_size=_CHUNK,
        )
        if progress:
            progress("vehicles", vehicles.height)
        Stats19Casualty.objects.bulk_create(
            [
                Stats19Casualty(
                    collision_id=ids[r["collision_index"]],
                    casualty_reference=r["casualty_reference"],
                    vehicle_reference=r["vehicle_reference"],
                    casualty_class=r["casualty_class"],
                    severity=r["casualty_severity"],
                    age=r["age_of_casualty"] if r["age_of_casualty"] is not None else -1,
                    casualty_type=r["casualty_type"],
                    adjusted_severity_serious=r["casualty_adjusted_severity_serious"],
                )
                for r in casualties.iter_rows(named=True)
            ],
            batch_size=_CHUNK,
        )
        if progress:
            progress("casualties", casualties.height)
        years = tuple(sorted(set(collisions["collision_year"].to_list())))
        audit(
            AuditEvent.Action.IMPORT,
            user=user,
            object_type="stats19",
            object_id=",".join(str(y) for y in years),
            folder=directory.name,
            collisions=collisions.height,
            vehicles=vehicles.height,
            casualties=casualties.height,
            replaced=replaced,
        )
    return Stats19Import(collisions.height, vehicles.height, casualties.height, replaced, years)

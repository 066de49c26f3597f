"""The demonstration data set: real public data for West Yorkshire plus a synthetic year of incident logs."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings

from saferplaces.imports.actions import import_file
from saferplaces.imports.models import ImportRun
from saferplaces.imports.runner import file_sha256

SYNTHETIC_START = "2025-11-01"
SYNTHETIC_YEARS = "1"
SYNTHETIC_SEED = "2026"


@dataclass(frozen=True)
class DemoFile:
    kind: str
    relative_path: str
    options: dict[str, Any]


def demo_files() -> list[DemoFile]:
    return [
        DemoFile(
            ImportRun.Kind.BOUNDARIES,
            "west-yorkshire-lsoa21-boundaries/west_yorkshire_lsoa21_bgc_with_pop_and_crime_counts.geojson.gz",
            {"level": "lsoa"},
        ),
        DemoFile(
            ImportRun.Kind.BOUNDARIES,
            "leeds-wards-boundaries/leeds_wards.geojson",
            {"level": "ward", "district": "Leeds"},
        ),
        *[
            DemoFile(
                ImportRun.Kind.POLICEUK,
                f"police-uk-west-yorkshire-sample/{m}-west-yorkshire-street.csv.gz",
                {},
            )
            for m in ("2016-07", "2017-07", "2018-07")
        ],
    ]


def synthetic_scale() -> str:
    """1 is a full West Yorkshire year (about 100,000 incidents); tests set a small fraction."""
    return os.environ.get("SAFERPLACES_DEMO_SCALE", "1")


def synthetic_path() -> Path:
    name = f"synthetic-{SYNTHETIC_START}-{SYNTHETIC_YEARS}y-seed{SYNTHETIC_SEED}-scale{synthetic_scale()}"
    return Path(settings.VAR_DIR) / "demo" / name


def generate_synthetic(quiet: bool) -> Path:
    """Generate the synthetic year once; later start-ups reuse the files (the generator is seeded)."""
    out = synthetic_path()
    if not (out / "incidents.csv").exists():
        from saferplaces.cli import main as saferplaces

        args = [
            "generate",
            "--years",
            SYNTHETIC_YEARS,
            "--start",
            SYNTHETIC_START,
            "--seed",
            SYNTHETIC_SEED,
            "--scale",
            synthetic_scale(),
            "--out",
            str(out),
        ]
        if quiet:
            args.append("--quiet")
        if saferplaces(args) != 0:
            raise RuntimeError("the synthetic generator failed")
    return out / "incidents.csv"


def already_loaded(kind: str, path: Path) -> bool:
    return ImportRun.objects.filter(
        kind=kind, file_sha256=file_sha256(path), status=ImportRun.Status.DONE
    ).exists()


def load(
    path: Path,
    kind: str,
    options: dict[str, Any],
    *,
    reload: bool,
    progress: Callable[[ImportRun], None] | None = None,
) -> ImportRun | None:
    """Import one demo file unless an identical file was already imported (then return None)."""
    if not reload and already_loaded(kind, path):
        return None
    return import_file(kind, path, progress=progress, **options)


def data_path(relative: str) -> Path:
    return Path(settings.DATA_DIR) / relative

"""Write generated tables as the interchange CSV (docs/formats/incident-log.md) and truth CSV."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from saferplaces.analytics.synthetic.generator import GeneratedData

COORDINATE_DECIMALS = 5


def write_csv(df: pl.DataFrame, path: Path) -> None:
    """UTF-8, comma-separated, RFC 4180 quoting (Polars quotes fields holding commas, quotes or
    line breaks), floats with a fixed 5 decimals so that output is byte-stable."""
    df.write_csv(path, float_precision=COORDINATE_DECIMALS, line_terminator="\n")


def write(data: GeneratedData, out_dir: Path) -> tuple[Path, Path]:
    """Write ``incidents.csv`` and ``truth.csv`` into ``out_dir`` (created if needed)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    incidents = out_dir / "incidents.csv"
    truth = out_dir / "truth.csv"
    write_csv(data.incidents, incidents)
    write_csv(data.truth, truth)
    return incidents, truth

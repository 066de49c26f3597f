"""Read incident points for hotspot work into one plain Polars table.

Two file layouts are read, gzipped or not, comma- or tab-separated (sniffed from the header):

* the **police.uk street CSV** (12 columns: Crime ID, Month, Reported by, Falls within, Longitude,
  Latitude, Location, LSOA code, LSOA name, Crime type, Last outcome category, Context);
* the **reduced table** with ``month, longitude, latitude`` and optionally ``location``,
  ``lsoa_code``, ``category`` (police.uk crime type), ``offence_code`` (Home Office code).

Frames from the incident store go through :func:`normalise_points` instead (``received_at`` or
``month``, ``longitude``/``latitude`` or ``easting``/``northing``).

The result (:data:`POINT_COLUMNS`) has ``month`` (first day of the month, ``pl.Date``), WGS84
``longitude``/``latitude`` (degrees), BNG ``easting``/``northing`` (EPSG:27700, metres),
``category``, ``offence_code``, ``location`` and ``lsoa_code`` (the last four may be null).
Rows without a location (police.uk "No Location") are dropped and counted.
"""

from __future__ import annotations

import gzip
import logging
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from saferplaces.analytics.geo import to_bng, to_wgs84
from saferplaces.analytics.harm import normalise_category

log = logging.getLogger(__name__)

POINT_COLUMNS = (
    "month",
    "longitude",
    "latitude",
    "easting",
    "northing",
    "category",
    "offence_code",
    "location",
    "lsoa_code",
)

# police.uk street CSV header -> our column names.
POLICEUK_COLUMNS = {
    "Month": "month",
    "Longitude": "longitude",
    "Latitude": "latitude",
    "Location": "location",
    "LSOA code": "lsoa_code",
    "Crime type": "category",
}

_ALIASES = {
    "crime type": "category",
    "crime_type": "category",
    "policeuk_category": "category",
    "lsoa code": "lsoa_code",
    "lsoa": "lsoa_code",
    "lon": "longitude",
    "lng": "longitude",
    "lat": "latitude",
    "x": "easting",
    "y": "northing",
}


@dataclass(frozen=True)
class PointsReport:
    """What a read kept and dropped."""

    rows_read: int
    rows_kept: int
    dropped_no_location: int
    layout: str


def _open_text_head(path: Path) -> str:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8-sig") as fh:
        return fh.readline()


def read_points(
    path: str | Path,
    *,
    default_category: str | None = None,
    categories: list[str] | None = None,
) -> tuple[pl.DataFrame, PointsReport]:
    """Read a police.uk street CSV or a reduced month/longitude/latitude table.

    Args:
        path: ``.csv``, ``.tsv`` or ``.txt``, optionally ``.gz``.
        default_category: police.uk category for rows with none (e.g. ``"Anti-social behaviour"``
            for an ASB-only extract that has no category column).
        categories: keep only these police.uk categories (compared after normalisation, so case
            and "&"/"and" do not matter).

    Returns:
        The points (see the module docstring for columns) and a :class:`PointsReport`.
    """
    p = Path(path)
    header = _open_text_head(p)
    separator = "\t" if header.count("\t") > header.count(",") else ","
    raw = pl.read_csv(
        p,
        separator=separator,
        infer_schema=False,  # everything as text first: Month "2022-07" must not become a number
        encoding="utf8-lossy",
    )
    layout = "police.uk street" if "Crime type" in raw.columns else "reduced"
    frame, report = _normalise(raw, layout=layout, default_category=default_category)
    if categories:
        wanted = {normalise_category(c) for c in categories}
        seen = frame["category"].drop_nulls().unique().to_list()
        keep = [c for c in seen if normalise_category(c) in wanted]
        frame = frame.filter(pl.col("category").is_in(keep))
        report = PointsReport(report.rows_read, frame.height, report.dropped_no_location, layout)
    return frame, report


def normalise_points(frame: pl.DataFrame, *, default_category: str | None = None) -> pl.DataFrame:
    """Bring any incident table to :data:`POINT_COLUMNS` (see the module docstring).

    Accepts ``month`` (``YYYY-MM`` or a date) or ``received_at`` (a datetime, truncated to its
    month), and ``longitude``/``latitude`` (WGS84) or ``easting``/``northing`` (BNG metres).
    """
    result, _ = _normalise(frame, layout="frame", default_category=default_category)
    return result


def _normalise(
    raw: pl.DataFrame, *, layout: str, default_category: str | None
) -> tuple[pl.DataFrame, PointsReport]:
    renames: dict[str, str] = {}
    for col in raw.columns:
        if col in POLICEUK_COLUMNS:
            renames[col] = POLICEUK_COLUMNS[col]
        elif col.strip().lower() in _ALIASES:
            renames[col] = _ALIASES[col.strip().lower()]
        elif col != col.strip().lower() and col.strip().lower() in POINT_COLUMNS:
            renames[col] = col.strip().lower()
    df = raw.rename(renames)
    n_read = df.height

    if "month" in df.columns:
        month = _month_expr(df.schema["month"])
    elif "received_at" in df.columns:
        month = pl.col("received_at").cast(pl.String).str.slice(0, 7).str.to_date("%Y-%m")
    else:
        raise ValueError("points need a 'month' (or 'received_at') column")

    has_lonlat = {"longitude", "latitude"} <= set(df.columns)
    has_en = {"easting", "northing"} <= set(df.columns)
    if not (has_lonlat or has_en):
        raise ValueError("points need longitude/latitude (WGS84) or easting/northing (BNG) columns")

    text_cols = ("category", "offence_code", "location", "lsoa_code")
    exprs = [month.alias("month")]
    for c in ("longitude", "latitude", "easting", "northing"):
        if c in df.columns:
            exprs.append(pl.col(c).cast(pl.Float64, strict=False).alias(c))
    for c in text_cols:
        if c in df.columns:
            exprs.append(pl.col(c).cast(pl.String).str.strip_chars().replace("", None).alias(c))
        else:
            exprs.append(pl.lit(None, dtype=pl.String).alias(c))
    df = df.select(exprs)
    if default_category is not None:
        df = df.with_columns(pl.col("category").fill_null(default_category))

    key = ["longitude", "latitude"] if has_lonlat else ["easting", "northing"]
    df = df.drop_nulls(subset=[*key, "month"]).filter(
        pl.col(key[0]).is_not_nan() & pl.col(key[1]).is_not_nan()
    )
    dropped = n_read - df.height

    if has_lonlat:
        e, n = to_bng(df["longitude"].to_numpy(), df["latitude"].to_numpy())
        df = df.with_columns(easting=pl.Series(e), northing=pl.Series(n))
    elif not has_lonlat:
        lon, lat = to_wgs84(df["easting"].to_numpy(), df["northing"].to_numpy())
        df = df.with_columns(longitude=pl.Series(lon), latitude=pl.Series(lat))
    df = df.select(list(POINT_COLUMNS))
    if dropped:
        log.info("dropped %d of %d rows without a usable location or month", dropped, n_read)
    return df, PointsReport(n_read, df.height, dropped, layout)


def _month_expr(dtype: pl.DataType) -> pl.Expr:
    """``YYYY-MM`` or ``YYYY-MM-DD`` text, or a date/datetime, to the first day of its month."""
    col = pl.col("month")
    if dtype == pl.Date:
        return col.dt.truncate("1mo")
    if isinstance(dtype, pl.Datetime):
        return col.dt.date().dt.truncate("1mo")
    return col.cast(pl.String).str.strip_chars().str.slice(0, 7).str.to_date("%Y-%m")

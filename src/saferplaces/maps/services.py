"""The hotspot map's data: points from the database into Polars, then the analytics package.

Everything the map page, its JSON (:mod:`saferplaces.maps.payload`) and its exports show is
computed here, once per set of filters, and kept in Django's cache for a few minutes (the page and
the JSON it fetches share one computation). Distances and cells are metres on the British National
Grid (EPSG:27700); what is sent to the browser is WGS84 longitude/latitude.

* counts and harm (Cambridge Crime Harm Index, days; :mod:`saferplaces.analytics.harm`) side by side;
* LSOA choropleth: rate per 1,000 residents (Census 2021 usual residents) over the period;
* grid cells: :func:`saferplaces.analytics.hotspots.aggregate_cells` on square or hex cells;
* hotspots: :func:`saferplaces.analytics.hotspots.predict_hotspots` for the month after the period,
  trained on the period's months, over the cells that meet the LSOAs in view;
* accuracy: read from :class:`~saferplaces.maps.models.HotspotAccuracy`, never computed here.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from typing import Any

import numpy as np
import polars as pl
import shapely
from django.core.cache import cache as django_cache
from django.utils import timezone

from saferplaces.accounts.models import User
from saferplaces.analytics.geo import to_wgs84
from saferplaces.analytics.harm import HarmWeights, apply_harm, load_cchi
from saferplaces.analytics.hotspots import (
    CellArea,
    aggregate_areas,
    aggregate_cells,
    make_grid,
    make_method,
    predict_hotspots,
)
from saferplaces.analytics.hotspots.grid import geometry_to_bng
from saferplaces.maps import queries
from saferplaces.maps.models import HotspotAccuracy, Source
from saferplaces.maps.queries import Scope

CELL_M = 200.0
METHODS = ("naive", "kde", "prospective", "gistar", "blend")
METHOD_LABELS = {
    "naive": "Naive (past counts)",
    "kde": "Kernel density",
    "prospective": "Prospective (near-repeat)",
    "gistar": "Getis-Ord Gi*",
    "blend": "Blend (long-term and recent)",
}
COVERAGES = (1.0, 5.0, 10.0)
POINT_CAP = 5000  # points drawn at most; more would make the page slow and unreadable
CACHE_SECONDS = 300
MAX_MONTHS = 36

# ColorBrewer sequential ramps (5 classes) for the choropleth and the grid; zero and unknown apart.
LSOA_COLOURS = ["#ffffb2", "#fecc5c", "#fd8d3c", "#f03b20", "#bd0026"]
CELL_COLOURS = ["#edf8fb", "#b3cde3", "#8c96c6", "#8856a7", "#810f7c"]
ZERO_COLOUR = "#f7f7f7"
NO_DATA_COLOUR = "#bfc1c3"

POINT_SCHEMA = {
    "ref": pl.String,
    "when": pl.String,
    "month": pl.Date,
    "longitude": pl.Float64,
    "latitude": pl.Float64,
    "easting": pl.Float64,
    "northing": pl.Float64,
    "lsoa_code": pl.String,
    "category": pl.String,
    "offence_code": pl.String,
    "type": pl.String,
    "place": pl.String,
    "is_crime": pl.Boolean,
}


@dataclass(frozen=True)
class MapFilters:
    """What the user asked to see (validated by the form; district already permission-checked)."""

    source: str
    kind: str
    month_from: date
    month_to: date
    district_id: int | None
    grid: str = "square"
    method: str = "blend"
    coverage: float = 1.0
    measure: str = "count"

    @property
    def months(self) -> list[date]:
        out, m = [], self.month_from.replace(day=1)
        while m <= self.month_to:
            out.append(m)
            m = next_month(m)
        return out

    @property
    def target(self) -> date:
        """The month the hotspots forecast: the one after the period."""
        return next_month(self.month_to)


@dataclass
class MapResult:
    """Everything shown for one set of filters (tables are Polars, hotspots a GeoJSON dict).

    The grid cells and the points are drawn only when asked for, so they are kept as tables and
    turned into JSON by :func:`saferplaces.maps.payload.layer_payload`.
    """

    key: str
    filters: MapFilters
    scope: Scope
    points: int
    harm_total: float
    harm_unmatched: dict[str, int]
    outside_lsoas: int
    lsoas: pl.DataFrame
    lsoa_legend: dict[str, Any]
    cells: pl.DataFrame
    cell_legend: dict[str, Any]
    hotspots: dict[str, Any] | None
    hotspot_message: str
    incidents: dict[str, Any]
    shown_points: pl.DataFrame
    accuracy: dict[str, Any] | None
    messages: list[str] = field(default_factory=list)

    @property
    def hotspot_rows(self) -> list[dict[str, Any]]:
        """Hotspot cells as table rows: rank, cell, centroid (BNG metres and WGS84), score, count, harm."""
        if not self.hotspots:
            return []
        return [f["properties"] for f in self.hotspots["features"]]


def next_month(d: date) -> date:
    return date(d.year + 1, 1, 1) if d.month == 12 else date(d.year, d.month + 1, 1)


@cache
def harm_weights() -> HarmWeights:
    """CCHI weights (days), ASB at the default floor of 1 day; read once per process."""
    return load_cchi()


def points_frame(rows: list[tuple[Any, ...]], source: str) -> pl.DataFrame:
    """Rows from :func:`saferplaces.maps.queries.point_rows` as a points table with a ``harm`` column.

    Columns: ``ref``, ``when`` (text: ``YYYY-MM`` for police.uk, the day for incident logs),
    ``month`` (first day), WGS84 ``longitude``/``latitude``, BNG ``easting``/``northing`` (metres),
    ``lsoa_code`` (2021 LSOA the point lies in), ``category`` (police.uk category, the harm key),
    ``offence_code``, ``type`` (as shown), ``place`` (police.uk street description; blank for
    incident logs), ``is_crime`` and ``harm`` (CCHI days; null where no weight applies).
    """
    names = list(POINT_SCHEMA)
    columns = list(zip(*rows, strict=True)) if rows else [() for _ in names]
    frame = pl.DataFrame(
        {
            name: pl.Series(name, values, dtype=pl.Date if name == "when" else None, strict=False)
            for name, values in zip(names, columns, strict=True)
        }
    ).with_columns(
        pl.col("ref").cast(pl.String),
        pl.col("when").dt.strftime("%Y-%m" if source == Source.POLICEUK else "%Y-%m-%d"),
        *[pl.col(n).cast(t) for n, t in POINT_SCHEMA.items() if n not in ("ref", "when")],
    )
    frame, _ = apply_harm(frame, harm_weights())
    return frame


def class_breaks(values: np.ndarray[Any, Any], classes: int = 5) -> list[float]:
    """Upper bounds of quantile classes of the positive values (zero is a class of its own).

    At most ``classes`` bounds, rounded to 3 decimals, strictly increasing; the last is the maximum.
    """
    positive = np.asarray(values, dtype=np.float64)
    positive = positive[np.isfinite(positive) & (positive > 0)]
    if positive.size == 0:
        return []
    qs = np.quantile(positive, np.linspace(0, 1, classes + 1)[1:])
    return sorted({round(float(q), 3) for q in qs})


def legend(breaks: list[float], colours: list[str], title: str, unit: str) -> dict[str, Any]:
    """Classes for the browser: ``(upper bound, colour)`` from the lowest; zero and no-data apart."""
    # With fewer distinct bounds than colours, spread them from the lightest to the darkest colour.
    picks: list[int] = np.linspace(0, len(colours) - 1, num=len(breaks)).round().astype(int).tolist()
    return {
        "title": title,
        "unit": unit,
        "classes": [{"upto": b, "colour": colours[i]} for b, i in zip(breaks, picks, strict=True)],
        "zero": ZERO_COLOUR,
        "no_data": NO_DATA_COLOUR,
    }


def lsoa_table(points: pl.DataFrame, lsoas: list[tuple[str, str, str, int | None]]) -> pl.DataFrame:
    """Count, harm and rates per 1,000 residents for every LSOA in view (zero where none).

    Rates are over the whole period (not annualised), rounded to 3 decimals; null when the LSOA
    has no census population.
    """
    base = pl.DataFrame(
        lsoas,
        schema={"code": pl.String, "name": pl.String, "district": pl.String, "population": pl.Int64},
        orient="row",
    )
    agg = aggregate_areas(points.filter(pl.col("lsoa_code").is_not_null()), column="lsoa_code", period="all")
    if agg.height:
        agg = agg.select(pl.col("lsoa_code").alias("code"), "count", pl.col("harm").cast(pl.Float64))
    else:
        agg = pl.DataFrame(schema={"code": pl.String, "count": pl.UInt32, "harm": pl.Float64})
    per_1000 = pl.when(pl.col("population") > 0).then(1000.0 / pl.col("population")).otherwise(None)
    return (
        base.join(agg, on="code", how="left")
        .with_columns(pl.col("count").fill_null(0).cast(pl.Int64), pl.col("harm").fill_null(0.0))
        .with_columns(
            (pl.col("count") * per_1000).round(3).alias("rate_per_1000"),
            (pl.col("harm") * per_1000).round(3).alias("harm_per_1000"),
            pl.col("harm").round(3),
        )
        .select("code", "name", "district", "population", "count", "harm", "rate_per_1000", "harm_per_1000")
        .sort("code")
    )


def cell_table(points: pl.DataFrame, grid_kind: str) -> pl.DataFrame:
    """Count and harm per grid cell with at least one point, with the centroid in BNG and WGS84."""
    if points.height == 0:
        return pl.DataFrame(
            schema={
                "cell": pl.Int64,
                "count": pl.Int64,
                "harm": pl.Float64,
                "easting": pl.Float64,
                "northing": pl.Float64,
                "longitude": pl.Float64,
                "latitude": pl.Float64,
            }
        )
    cells = aggregate_cells(points, make_grid(grid_kind, CELL_M), period="all")  # type: ignore[arg-type]
    lon, lat = to_wgs84(cells["easting"].to_numpy(), cells["northing"].to_numpy())
    return cells.select(
        "cell",
        pl.col("count").cast(pl.Int64),
        pl.col("harm").cast(pl.Float64).round(3),
        "easting",
        "northing",
        pl.Series("longitude", lon).round(6),
        pl.Series("latitude", lat).round(6),
    )


# Study areas (the cells that meet the LSOAs in view) take about a second to build for a force and
# carry their own caches (spatial weights): keep the last few in this process.
_AREAS: OrderedDict[tuple[Any, ...], CellArea] = OrderedDict()
_AREAS_LOCK = threading.Lock()
_AREAS_KEPT = 8


def study_area(
    scope: Scope, grid_kind: str, version: str, points: pl.DataFrame, *, cell_m: float = CELL_M
) -> CellArea | None:
    """Cells (of ``cell_m`` metres) that meet the LSOAs in the scope; the points' hull without LSOAs."""
    key = (scope.key, grid_kind, cell_m, version)
    with _AREAS_LOCK:
        if key in _AREAS:
            _AREAS.move_to_end(key)
            return _AREAS[key]
    grid = make_grid(grid_kind, cell_m)  # type: ignore[arg-type]
    geometries = [g for _, g in queries.lsoa_geometries(scope)]
    if geometries:
        # The LSOAs' polygons as one multipolygon (no union needed: from_boundary queries each part).
        parts = shapely.get_parts(shapely.from_geojson(geometries))
        area = CellArea.from_boundary(grid, geometry_to_bng(shapely.multipolygons(parts)))
    elif points.height:
        area = CellArea.from_points_hull(grid, points["easting"].to_numpy(), points["northing"].to_numpy())
    else:
        return None
    with _AREAS_LOCK:
        _AREAS[key] = area
        while len(_AREAS) > _AREAS_KEPT:
            _AREAS.popitem(last=False)
    return area


def hotspot_layer(
    points: pl.DataFrame, area: CellArea | None, filters: MapFilters
) -> tuple[dict[str, Any] | None, str]:
    """The top ``coverage`` percent of cells by the chosen method, for the month after the period."""
    if area is None or points.height == 0:
        return None, "No incidents in this period and area, so no hotspots."
    train = len(filters.months)
    layer = predict_hotspots(
        points,
        area,
        make_method(filters.method),
        coverage=filters.coverage,
        train_months=train,
        target=filters.target,
        value="harm" if filters.measure == "harm" else "count",
    )
    keys = np.array([f["properties"]["cell"] for f in layer["features"]], dtype=np.int64)
    ex, ny = area.grid.centroids(keys)
    lon, lat = to_wgs84(ex, ny)
    for f, e, n, lo, la in zip(layer["features"], ex, ny, lon, lat, strict=True):
        props = f["properties"]
        props.update(
            easting=round(float(e), 1),
            northing=round(float(n), 1),
            longitude=round(float(lo), 6),
            latitude=round(float(la), 6),
            score=round(float(props["score"]), 6),
            harm=None if props["harm"] is None else round(float(props["harm"]), 3),
        )
    meta = layer["metadata"]
    message = (
        f"{METHOD_LABELS[filters.method]}: the {meta['cells_selected']:,} cells ({filters.coverage:g}% of "
        f"{meta['cells_in_area']:,}) most likely to see incidents in {filters.target:%B %Y}, "
        f"from {filters.month_from:%B %Y} to {filters.month_to:%B %Y} "
        f"({train} month{'s' if train > 1 else ''})."
    )
    return layer, message


POINT_COLUMNS = ["latitude", "longitude", "ref", "when", "type", "place", "harm"]


def incident_layer(points: pl.DataFrame, source: str) -> tuple[dict[str, Any], pl.DataFrame]:
    """At most :data:`POINT_CAP` points, the most recent first (``points`` is newest first), and a
    clear message when capped."""
    total = points.height
    shown = points.head(POINT_CAP).select(
        pl.col("latitude").round(6),
        pl.col("longitude").round(6),
        pl.col("ref") if source == Source.INCIDENTS else pl.lit("").alias("ref"),
        "when",
        "type",
        "place",
        pl.col("harm").round(3),
    )
    noun = "incidents" if source == Source.INCIDENTS else "records"
    if total > POINT_CAP:
        message = (
            f"{total:,} {noun} match: the map draws only the {POINT_CAP:,} most recent. "
            "Narrow the period, type or district to see them all; the grid and LSOA layers count every one."
        )
    else:
        message = f"All {total:,} {noun} are drawn."
    return {"total": total, "shown": shown.height, "cap": POINT_CAP, "message": message}, shown


def accuracy_panel(filters: MapFilters) -> dict[str, Any] | None:
    """Stored accuracy of the chosen method and of every method at the chosen coverage."""
    row: HotspotAccuracy | None = queries.accuracy_for(
        filters.source,
        grid=filters.grid,
        cell_m=CELL_M,
        value=filters.measure,
        kind=filters.kind,
        district_id=filters.district_id,
    )
    if row is None:
        return None
    chosen = row.figures(filters.method, filters.coverage)
    return {
        "id": row.pk,
        "data_label": row.data_label,
        "category": row.category or "all types",
        "other_type": bool(row.category) and row.category != filters.kind,
        "scope": "; ".join([row.category or "all types", *([row.district.name] if row.district else [])]),
        "first_month": row.first_month.strftime("%Y-%m"),
        "last_month": row.last_month.strftime("%Y-%m"),
        "test_months": row.test_months,
        "train_months": row.train_months,
        "grid": f"{row.grid} {row.cell_m:g} m",
        "cells_in_area": row.cells_in_area,
        "points": row.points,
        "computed_at": timezone.localtime(row.computed_at).strftime("%Y-%m-%d %H:%M"),
        "chosen": chosen and {"label": METHOD_LABELS.get(filters.method, filters.method), **chosen},
        "methods": [
            {"label": METHOD_LABELS.get(m, m), **fig}
            for m in row.methods
            if (fig := row.figures(m, filters.coverage)) is not None
        ],
    }


def _cache_key(filters: MapFilters, scope: Scope, version: str) -> str:
    # Every map role sees every record in its districts, so the scope (not the user) keys the data.
    text = repr((filters, scope.key, version))
    return "maps:result:" + hashlib.sha256(text.encode()).hexdigest()


def build_map(user: User, filters: MapFilters, scope: Scope) -> MapResult:
    """Compute (or fetch from the cache) everything the map shows for these filters."""
    version = queries.data_version(filters.source, scope)
    key = _cache_key(filters, scope, version)
    cached = django_cache.get(key)
    if isinstance(cached, MapResult):
        return cached
    rows = queries.point_rows(
        user,
        filters.source,
        scope,
        month_from=filters.month_from,
        month_to=filters.month_to,
        kind=filters.kind,
    )
    points = points_frame(rows, filters.source)
    lsoas = lsoa_table(points, queries.lsoa_rows(scope))
    lsoa_values = lsoas["harm_per_1000" if filters.measure == "harm" else "rate_per_1000"].to_numpy()
    cells = cell_table(points, filters.grid)
    cell_values = cells["harm" if filters.measure == "harm" else "count"].to_numpy()
    area = study_area(scope, filters.grid, version, points)
    hotspots, hotspot_message = hotspot_layer(points, area, filters)
    harm_missing = points.filter(pl.col("harm").is_null())
    unmatched = harm_missing["type"].value_counts(sort=True) if harm_missing.height else None
    measure_title = "Harm per 1,000 residents" if filters.measure == "harm" else "Rate per 1,000 residents"
    incidents, shown_points = incident_layer(points, filters.source)
    result = MapResult(
        key=key,
        filters=filters,
        scope=scope,
        points=points.height,
        harm_total=round(float(points["harm"].sum() or 0.0), 3),
        harm_unmatched=dict(zip(unmatched["type"], unmatched["count"], strict=True))
        if unmatched is not None
        else {},
        outside_lsoas=int(points["lsoa_code"].is_null().sum()),
        lsoas=lsoas,
        lsoa_legend=legend(
            class_breaks(lsoa_values),
            LSOA_COLOURS,
            measure_title,
            "CCHI days per 1,000 residents" if filters.measure == "harm" else "per 1,000 residents",
        ),
        cells=cells,
        cell_legend=legend(
            class_breaks(cell_values),
            CELL_COLOURS,
            f"{'Harm' if filters.measure == 'harm' else 'Incidents'} per {CELL_M:g} m cell",
            "CCHI days" if filters.measure == "harm" else "incidents",
        ),
        hotspots=hotspots,
        hotspot_message=hotspot_message,
        incidents=incidents,
        shown_points=shown_points,
        accuracy=accuracy_panel(filters),
    )
    present = set(points["month"].unique().to_list()) if points.height else set()
    empty = [m for m in filters.months if m not in present]
    if points.height and empty:
        result.messages.append(
            f"No records in {len(empty)} of the {len(filters.months)} months "
            f"({', '.join(f'{m:%b %Y}' for m in empty[:12])}{', …' if len(empty) > 12 else ''}): "
            "the hotspot methods count them as months with no incidents."
        )
    if result.outside_lsoas:
        result.messages.append(
            f"{result.outside_lsoas:,} of {result.points:,} lie outside the loaded LSOAs: "
            "they are in the grid, hotspot and point layers but not in the LSOA rates."
        )
    django_cache.set(key, result, CACHE_SECONDS)
    return result

"""What the map page's script fetches: JSON built from a cached :class:`MapResult`.

The first request gets the LSOAs (geometry from the database spliced in as text), the hotspots,
legends, summary and accuracy; grid cells and points, which can run to thousands of shapes, come
only when the user switches them on (``?layer=cells`` or ``?layer=incidents``). Coordinates are
WGS84 longitude/latitude.
"""

from __future__ import annotations

import json
from typing import Any

import polars as pl
from django.core.cache import cache as django_cache

from saferplaces.analytics.hotspots import CellArea, make_grid
from saferplaces.maps import queries
from saferplaces.maps.models import Source
from saferplaces.maps.services import CACHE_SECONDS, CELL_M, METHOD_LABELS, POINT_COLUMNS, MapResult


def cells_geojson(cells: pl.DataFrame, grid_kind: str) -> dict[str, Any]:
    """The cells of :func:`saferplaces.maps.services.cell_table` as WGS84 polygons, with count and harm."""
    area = CellArea.from_keys(make_grid(grid_kind, CELL_M), cells["cell"].to_numpy())  # type: ignore[arg-type]
    return area.to_geojson(
        area.index_of(cells["cell"].to_numpy()),
        {"count": cells["count"].to_list(), "harm": cells["harm"].to_list()},
    )


def point_rows(result: MapResult) -> list[list[Any]]:
    """The points shown, as ``[latitude, longitude, reference, when, type, place, harm]`` lists."""
    return [list(r) for r in result.shown_points.select(POINT_COLUMNS).iter_rows()]


def lsoa_feature_collection(result: MapResult) -> str:
    """The LSOA layer as GeoJSON text: geometry straight from the database, figures as properties.

    The stored geometry is already GeoJSON text, so it is spliced in rather than parsed and
    re-serialised (about 1.7 MB for West Yorkshire's 1,404 LSOAs).
    """
    props = {row["code"]: row for row in result.lsoas.iter_rows(named=True)}
    features = []
    for code, geometry in queries.lsoa_geometries(result.scope):
        p = props.get(code)
        if p is None:
            continue
        features.append(f'{{"type":"Feature","geometry":{geometry},"properties":{json.dumps(p)}}}')
    return '{"type":"FeatureCollection","features":[' + ",".join(features) + "]}"


def summary(result: MapResult) -> dict[str, Any]:
    f = result.filters
    return {
        "source": Source(f.source).label,
        "points": result.points,
        "harm_total": result.harm_total,
        "harm_unit": "CCHI days",
        "harm_unmatched": result.harm_unmatched,
        "months": [m.strftime("%Y-%m") for m in f.months],
        "lsoas": result.lsoas.height,
        "cells": result.cells.height,
        "measure": f.measure,
        "method": f.method,
        "method_label": METHOD_LABELS[f.method],
        "coverage": f.coverage,
        "grid": f"{f.grid} {CELL_M:g} m",
        "target": f.target.strftime("%Y-%m"),
    }


def map_payload(result: MapResult) -> str:
    """The JSON the page's script draws first: LSOAs (geometry spliced in as text, see above),
    hotspots, legends and accuracy. Grid cells and points come from :func:`layer_payload`."""
    body = {
        "summary": summary(result),
        "messages": result.messages,
        "legend": {"lsoas": result.lsoa_legend, "cells": result.cell_legend},
        "incidents": result.incidents,
        "hotspots": result.hotspots,
        "hotspot_message": result.hotspot_message,
        "accuracy": result.accuracy,
    }
    head = json.dumps(body, separators=(",", ":"), allow_nan=False)
    return head[:-1] + ',"lsoas":' + lsoa_feature_collection(result) + "}"


LAZY_LAYERS = ("cells", "incidents")


def layer_payload(result: MapResult, layer: str) -> str:
    """JSON of a layer drawn only when switched on: grid cells (GeoJSON) or points (lists).

    Kept in the cache beside the result: building thousands of cell polygons takes a moment.
    """
    key = f"{result.key}:{layer}"
    text = django_cache.get(key)
    if isinstance(text, str):
        return text
    if layer == "cells":
        body: Any = cells_geojson(result.cells, result.filters.grid)
    elif layer == "incidents":
        body = {**result.incidents, "points": point_rows(result)}
    else:
        raise ValueError(f"unknown layer {layer!r}")
    text = json.dumps(body, separators=(",", ":"), allow_nan=False)
    django_cache.set(key, text, CACHE_SECONDS)
    return text

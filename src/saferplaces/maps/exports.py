"""GeoJSON and CSV of a map layer exactly as shown (same filters, same cap on points).

Coordinates are WGS84 longitude/latitude; grid cells also carry their centroid in British National
Grid metres (EPSG:27700). Harm is in Cambridge Crime Harm Index days.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from saferplaces.maps.payload import cells_geojson, lsoa_feature_collection, point_rows
from saferplaces.maps.services import CELL_M, MapResult

LAYERS = ("lsoas", "cells", "hotspots", "incidents")
FORMATS = ("geojson", "csv")

CSV_COLUMNS = {
    "lsoas": ["code", "name", "district", "population", "count", "harm", "rate_per_1000", "harm_per_1000"],
    "cells": ["cell", "easting", "northing", "longitude", "latitude", "count", "harm"],
    "hotspots": ["rank", "cell", "easting", "northing", "longitude", "latitude", "score", "count", "harm"],
    "incidents": ["ref", "when", "type", "place", "longitude", "latitude", "harm"],
}


def metadata(result: MapResult, layer: str) -> dict[str, Any]:
    f = result.filters
    meta: dict[str, Any] = {
        "layer": layer,
        "source": f.source,
        "type": f.kind or "all",
        "months": [f.month_from.strftime("%Y-%m"), f.month_to.strftime("%Y-%m")],
        "district_id": f.district_id,
        "grid": f.grid,
        "cell_m": CELL_M,
        "measure": f.measure,
        "harm_unit": "CCHI days",
        "crs": "WGS84 (EPSG:4326); easting/northing British National Grid (EPSG:27700) metres",
    }
    if layer == "hotspots":
        meta.update(method=f.method, coverage_percent=f.coverage, target_month=f.target.strftime("%Y-%m"))
    if layer == "incidents":
        meta.update(total=result.incidents["total"], shown=result.incidents["shown"])
    return meta


def file_name(result: MapResult, layer: str, fmt: str) -> str:
    f = result.filters
    parts = ["hotspot-map", layer, f.source, f"{f.month_from:%Y-%m}", f"{f.month_to:%Y-%m}"]
    if layer == "hotspots":
        parts += [f.method, f"{f.coverage:g}pc"]
    return "_".join(parts) + "." + fmt


def _incident_rows(result: MapResult) -> list[dict[str, Any]]:
    keys = ["latitude", "longitude", "ref", "when", "type", "place", "harm"]
    return [dict(zip(keys, p, strict=True)) for p in point_rows(result)]


def rows(result: MapResult, layer: str) -> list[dict[str, Any]]:
    """The layer's table, one dict per feature, in :data:`CSV_COLUMNS` order."""
    if layer == "lsoas":
        return list(result.lsoas.iter_rows(named=True))
    if layer == "cells":
        return list(result.cells.iter_rows(named=True))
    if layer == "hotspots":
        return result.hotspot_rows
    if layer == "incidents":
        return _incident_rows(result)
    raise ValueError(f"unknown layer {layer!r}")


def to_csv(result: MapResult, layer: str) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS[layer], extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for row in rows(result, layer):
        writer.writerow({k: "" if row.get(k) is None else row[k] for k in CSV_COLUMNS[layer]})
    return out.getvalue()


def to_geojson(result: MapResult, layer: str) -> str:
    meta = json.dumps(metadata(result, layer))
    if layer == "lsoas":
        text = lsoa_feature_collection(result)
        return text[:-1] + ',"metadata":' + meta + "}"
    if layer == "cells":
        collection: dict[str, Any] = cells_geojson(result.cells, result.filters.grid)
    elif layer == "hotspots":
        collection = dict(result.hotspots or {"type": "FeatureCollection", "features": []})
        collection.pop("metadata", None)
    elif layer == "incidents":
        collection = {
            "type": "FeatureCollection",
            "features": [
                {
                    "type": "Feature",
                    "geometry": {"type": "Point", "coordinates": [r["longitude"], r["latitude"]]},
                    "properties": {k: r[k] for k in ("ref", "when", "type", "place", "harm")},
                }
                for r in _incident_rows(result)
            ],
        }
    else:
        raise ValueError(f"unknown layer {layer!r}")
    collection["metadata"] = json.loads(meta)
    if layer == "hotspots" and result.hotspots:
        collection["metadata"]["hotspots"] = result.hotspots.get("metadata")
    return json.dumps(collection, separators=(",", ":"), allow_nan=False)

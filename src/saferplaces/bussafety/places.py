"""Place a point picked on the map in an LSOA and district, and serve boundaries for the maps.

Points are WGS84 longitude/latitude; candidate LSOAs are found by their centroid in British National
Grid metres, then tested exactly with shapely. Boundaries are served simplified (about 10 m) since no
tiles can be drawn under them and every byte goes to a phone.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import shapely

from saferplaces.analytics.geo import to_bng, to_wgs84
from saferplaces.areas.models import District, Lsoa

# An LSOA's boundary lies within a few km of its centroid even in the largest rural ones.
SEARCH_METRES = 5000
SIMPLIFY_DEGREES = 0.0001  # about 7-11 m at West Yorkshire's latitude
PRECISION_DEGREES = 0.00001  # about 1 m
MAX_AREAS_IN_VIEW = 400


@dataclass(frozen=True)
class Placed:
    easting: float
    northing: float
    lsoa_id: int | None
    district_id: int | None


def place_point(longitude: float, latitude: float) -> Placed:
    """Grid reference of a WGS84 point and the LSOA (and its district) that contains it, if any."""
    e, n = (float(v[0]) for v in to_bng([longitude], [latitude]))
    candidates = Lsoa.objects.filter(
        centroid_easting__range=(e - SEARCH_METRES, e + SEARCH_METRES),
        centroid_northing__range=(n - SEARCH_METRES, n + SEARCH_METRES),
    ).values_list("id", "district_id", "geometry")
    point = shapely.Point(longitude, latitude)
    for pk, district_id, geometry in candidates:
        if shapely.from_geojson(geometry).contains(point):
            return Placed(e, n, pk, district_id)
    return Placed(e, n, None, None)


def _simplified(geometry: str) -> Any:
    geom = shapely.set_precision(
        shapely.simplify(shapely.from_geojson(geometry), SIMPLIFY_DEGREES), PRECISION_DEGREES
    )
    return json.loads(shapely.to_geojson(geom))


def _version() -> tuple[int, int]:
    """Changes whenever boundaries are loaded, so cached maps are rebuilt."""
    ids = list(Lsoa.objects.order_by("-id").values_list("id", flat=True)[:1])
    return Lsoa.objects.count(), ids[0] if ids else 0


@lru_cache(maxsize=4)
def _district_outlines(version: tuple[int, int]) -> dict[str, Any]:
    features = []
    for district in District.objects.all():
        geoms = [
            shapely.from_geojson(g)
            for g in Lsoa.objects.filter(district=district).values_list("geometry", flat=True)
        ]
        if not geoms:
            continue
        outline = shapely.set_precision(
            shapely.simplify(shapely.union_all(geoms), SIMPLIFY_DEGREES * 5), PRECISION_DEGREES
        )
        features.append(
            {
                "type": "Feature",
                "geometry": json.loads(shapely.to_geojson(outline)),
                "properties": {"name": district.name},
            }
        )
    return {"type": "FeatureCollection", "features": features}


def district_outlines() -> dict[str, Any]:
    """Each district as the union of its LSOAs (so it works before district boundaries are loaded)."""
    return _district_outlines(_version())


@lru_cache(maxsize=4)
def _extent(version: tuple[int, int]) -> list[list[float]] | None:
    rows = list(Lsoa.objects.values_list("centroid_easting", "centroid_northing"))
    if not rows:
        return None
    es, ns = zip(*rows, strict=True)
    lon, lat = to_wgs84([min(es), max(es)], [min(ns), max(ns)])
    return [
        [round(float(lat[0]), 5), round(float(lon[0]), 5)],
        [round(float(lat[1]), 5), round(float(lon[1]), 5)],
    ]


def extent() -> list[list[float]] | None:
    """[[south, west], [north, east]] around every LSOA centroid (Leaflet's bounds order), or None."""
    return _extent(_version())


def areas_in_view(west: float, south: float, east: float, north: float) -> dict[str, Any]:
    """LSOAs whose centroid lies in the view (plus a margin), or none and ``too_many`` when zoomed out."""
    (e0, e1), (n0, n1) = to_bng([west, east], [south, north])
    margin = 1500.0
    qs = Lsoa.objects.filter(
        centroid_easting__range=(float(min(e0, e1)) - margin, float(max(e0, e1)) + margin),
        centroid_northing__range=(float(min(n0, n1)) - margin, float(max(n0, n1)) + margin),
    )
    if qs.count() > MAX_AREAS_IN_VIEW:
        return {"type": "FeatureCollection", "features": [], "too_many": True}
    features = [
        {"type": "Feature", "geometry": _simplified(geom), "properties": {"code": code, "name": name}}
        for code, name, geom in qs.values_list("code", "name", "geometry")
    ]
    return {"type": "FeatureCollection", "features": features, "too_many": False}

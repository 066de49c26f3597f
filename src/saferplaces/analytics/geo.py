"""Coordinates and areas, without GIS server software.

Distances are in metres on the British National Grid (EPSG:27700). Points arrive as WGS84
longitude/latitude (EPSG:4326). pyproj has no OSTN15 grid file offline, so the transformation is the
standard Helmert one, accurate to a few metres: ample for 200 m hotspot cells and repeat-location
radii, but not for surveying.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import shapely
from numpy.typing import NDArray
from pyproj import Transformer
from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry

WGS84 = "EPSG:4326"
BNG = "EPSG:27700"

# Great Britain and Northern Ireland, generously: anything outside is a typing error, not a place.
LAT_RANGE = (49.0, 61.0)
LON_RANGE = (-9.0, 2.0)


@cache
def _to_bng() -> Transformer:
    return Transformer.from_crs(WGS84, BNG, always_xy=True)


@cache
def _to_wgs84() -> Transformer:
    return Transformer.from_crs(BNG, WGS84, always_xy=True)


def to_bng(
    longitude: Sequence[float] | NDArray[np.float64], latitude: Sequence[float] | NDArray[np.float64]
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """WGS84 longitude/latitude (degrees) to British National Grid easting/northing (metres).

    Vectorised; NaN in gives NaN out.
    """
    lon = np.asarray(longitude, dtype=np.float64)
    lat = np.asarray(latitude, dtype=np.float64)
    easting, northing = _to_bng().transform(lon, lat)
    return np.asarray(easting, dtype=np.float64), np.asarray(northing, dtype=np.float64)


def to_wgs84(
    easting: Sequence[float] | NDArray[np.float64], northing: Sequence[float] | NDArray[np.float64]
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """British National Grid easting/northing (metres) to WGS84 longitude/latitude (degrees)."""
    lon, lat = _to_wgs84().transform(np.asarray(easting, float), np.asarray(northing, float))
    return np.asarray(lon, dtype=np.float64), np.asarray(lat, dtype=np.float64)


def in_uk_bounds(latitude: float, longitude: float) -> bool:
    return LAT_RANGE[0] <= latitude <= LAT_RANGE[1] and LON_RANGE[0] <= longitude <= LON_RANGE[1]


def read_geojson(path: str | Path) -> dict[str, Any]:
    """Read a GeoJSON FeatureCollection, gzipped or not."""
    p = Path(path)
    opener = gzip.open if p.suffix == ".gz" else open
    with opener(p, "rt", encoding="utf-8") as fh:
        data: dict[str, Any] = json.load(fh)
    if data.get("type") != "FeatureCollection":
        raise ValueError(f"{p}: not a GeoJSON FeatureCollection")
    return data


@dataclass
class AreaIndex:
    """Point-in-polygon lookup over a set of areas (LSOAs, wards, districts), in WGS84.

    Built once from area codes and geometries; ``locate`` assigns many points at once through a
    shapely STRtree. A point on a shared boundary goes to the first area that contains it.
    """

    codes: list[str]
    geometries: list[BaseGeometry]
    _tree: shapely.STRtree = field(init=False, repr=False)

    def __post_init__(self) -> None:
        if len(self.codes) != len(self.geometries):
            raise ValueError("one code per geometry")
        for geom in self.geometries:
            shapely.prepare(geom)
        self._tree = shapely.STRtree(self.geometries)

    @classmethod
    def from_features(cls, features: Iterable[dict[str, Any]], code_property: str) -> AreaIndex:
        codes: list[str] = []
        geoms: list[BaseGeometry] = []
        for feature in features:
            codes.append(str(feature["properties"][code_property]))
            geoms.append(shape(feature["geometry"]))
        return cls(codes, geoms)

    @classmethod
    def from_geojson_strings(cls, items: Iterable[tuple[str, str]]) -> AreaIndex:
        """From (code, GeoJSON geometry text) pairs, as stored in a database."""
        codes: list[str] = []
        geoms: list[BaseGeometry] = []
        for code, text in items:
            codes.append(code)
            geoms.append(shapely.from_geojson(text))
        return cls(codes, geoms)

    def locate(self, longitude: Sequence[float | None], latitude: Sequence[float | None]) -> list[str | None]:
        """The code of the area containing each point, or None (outside every area, or no point)."""
        n = len(longitude)
        lon = np.array([np.nan if v is None else v for v in longitude], dtype=float)
        lat = np.array([np.nan if v is None else v for v in latitude], dtype=float)
        result: list[str | None] = [None] * n
        ok = ~(np.isnan(lon) | np.isnan(lat))
        if not ok.any():
            return result
        idx = np.flatnonzero(ok)
        points = shapely.points(lon[idx], lat[idx])
        point_pos, area_pos = self._tree.query(points, predicate="within")
        seen: set[int] = set()
        for p, a in zip(point_pos.tolist(), area_pos.tolist(), strict=True):
            if p in seen:
                continue
            seen.add(p)
            result[int(idx[p])] = self.codes[a]
        return result

"""Square and hexagonal grids in metres on the British National Grid (EPSG:27700).

Both grids are anchored at the BNG false origin, so a cell's key depends only on the grid kind and
the cell size, never on the data set: the same 200 m cell has the same key in every run and can be
stored. A key packs two signed integer cell coordinates into one ``int64``.

* **Square grid**: cell ``(i, j)`` covers ``[i*s, (i+1)*s) x [j*s, (j+1)*s)`` metres, ``s`` the side.
* **Hexagonal grid**: pointy-top hexagons in axial coordinates ``(q, r)`` (Red Blob Games' axial
  system). ``cell`` is the side of the square with the same area, so a 200 m hex grid has 4 ha cells
  like a 200 m square grid and hit rates at a given share of area compare; the hexagon's
  circumradius is ``cell * sqrt(2 / (3 * sqrt(3)))`` (about 0.620 x cell).

:class:`CellArea` is the set of cells of one grid that make up a study area (a force), with centroids
and neighbour lookups: the unit of every hotspot method and of the evaluation.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol

import numpy as np
import shapely
from numpy.typing import NDArray
from scipy import sparse
from scipy.spatial import cKDTree
from shapely.geometry.base import BaseGeometry

from saferplaces.analytics.geo import to_bng, to_wgs84

GridKind = Literal["square", "hex"]

# Packing of two signed cell coordinates into one int64 key: each coordinate is offset into
# [0, 2**31) and the first is shifted left by 31 bits, so keys stay positive and sort by (a, b).
_OFFSET = 2**30
_SHIFT = 31
_MASK = (1 << _SHIFT) - 1

FloatArray = NDArray[np.float64]
KeyArray = NDArray[np.int64]


def pack_keys(a: NDArray[np.int64], b: NDArray[np.int64]) -> KeyArray:
    """Pack integer cell coordinates ``(a, b)`` (each in [-2**30, 2**30)) into int64 keys."""
    a64 = np.asarray(a, dtype=np.int64) + _OFFSET
    b64 = np.asarray(b, dtype=np.int64) + _OFFSET
    return np.asarray((a64 << _SHIFT) | b64, dtype=np.int64)


def unpack_keys(keys: KeyArray) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """Inverse of :func:`pack_keys`."""
    k = np.asarray(keys, dtype=np.int64)
    return (k >> _SHIFT) - _OFFSET, (k & _MASK) - _OFFSET


class Grid(Protocol):
    """What every grid offers. Coordinates are BNG easting/northing in metres."""

    kind: GridKind
    cell: float

    @property
    def cell_area_m2(self) -> float: ...

    def assign(self, x: FloatArray, y: FloatArray) -> KeyArray: ...

    def centroids(self, keys: KeyArray) -> tuple[FloatArray, FloatArray]: ...

    def polygons(self, keys: KeyArray) -> NDArray[np.object_]: ...

    def keys_covering(self, xmin: float, ymin: float, xmax: float, ymax: float) -> KeyArray: ...

    def label(self) -> str: ...


@dataclass(frozen=True)
class SquareGrid:
    """Square cells of side ``cell`` metres on the British National Grid."""

    cell: float
    kind: GridKind = "square"

    def __post_init__(self) -> None:
        if not self.cell > 0:
            raise ValueError("cell size must be positive (metres)")

    @property
    def cell_area_m2(self) -> float:
        return self.cell * self.cell

    def label(self) -> str:
        return f"square {self.cell:g} m"

    def assign(self, x: FloatArray, y: FloatArray) -> KeyArray:
        """Key of the cell containing each BNG point (metres); a point on an edge goes up/right."""
        i = np.floor(np.asarray(x, dtype=np.float64) / self.cell).astype(np.int64)
        j = np.floor(np.asarray(y, dtype=np.float64) / self.cell).astype(np.int64)
        return pack_keys(i, j)

    def centroids(self, keys: KeyArray) -> tuple[FloatArray, FloatArray]:
        i, j = unpack_keys(keys)
        return (
            np.asarray((i + 0.5) * self.cell, dtype=np.float64),
            np.asarray((j + 0.5) * self.cell, dtype=np.float64),
        )

    def polygons(self, keys: KeyArray) -> NDArray[np.object_]:
        """Cell squares as shapely polygons in BNG metres."""
        i, j = unpack_keys(keys)
        x0 = i * self.cell
        y0 = j * self.cell
        return np.asarray(shapely.box(x0, y0, x0 + self.cell, y0 + self.cell), dtype=object)

    def keys_covering(self, xmin: float, ymin: float, xmax: float, ymax: float) -> KeyArray:
        """Every cell that meets the rectangle (BNG metres)."""
        i0, i1 = math.floor(xmin / self.cell), math.floor(xmax / self.cell)
        j0, j1 = math.floor(ymin / self.cell), math.floor(ymax / self.cell)
        ii, jj = np.meshgrid(np.arange(i0, i1 + 1), np.arange(j0, j1 + 1), indexing="ij")
        return pack_keys(ii.ravel(), jj.ravel())


_SQRT3 = math.sqrt(3.0)


@dataclass(frozen=True)
class HexGrid:
    """Pointy-top hexagons with the area of a ``cell`` x ``cell`` metre square, on the BNG."""

    cell: float
    kind: GridKind = "hex"

    def __post_init__(self) -> None:
        if not self.cell > 0:
            raise ValueError("cell size must be positive (metres)")

    @property
    def size(self) -> float:
        """Circumradius (centre to vertex) in metres: area 3*sqrt(3)/2 * size**2 equals cell**2."""
        return self.cell * math.sqrt(2.0 / (3.0 * _SQRT3))

    @property
    def cell_area_m2(self) -> float:
        return self.cell * self.cell

    def label(self) -> str:
        return f"hex {self.cell:g} m (equal-area)"

    def assign(self, x: FloatArray, y: FloatArray) -> KeyArray:
        """Key of the hexagon containing each BNG point, by cube-coordinate rounding."""
        s = self.size
        xf = np.asarray(x, dtype=np.float64)
        yf = np.asarray(y, dtype=np.float64)
        qf = (_SQRT3 / 3.0 * xf - yf / 3.0) / s
        rf = (2.0 / 3.0 * yf) / s
        sf = -qf - rf
        q = np.round(qf)
        r = np.round(rf)
        cube_s = np.round(sf)
        dq, dr, ds = np.abs(q - qf), np.abs(r - rf), np.abs(cube_s - sf)
        # The coordinate with the largest rounding error is recomputed so that q + r + s = 0.
        fix_q = (dq > dr) & (dq > ds)
        fix_r = ~fix_q & (dr > ds)
        q = np.where(fix_q, -r - cube_s, q)
        r = np.where(fix_r, -q - cube_s, r)
        return pack_keys(q.astype(np.int64), r.astype(np.int64))

    def centroids(self, keys: KeyArray) -> tuple[FloatArray, FloatArray]:
        q, r = unpack_keys(keys)
        s = self.size
        return (
            np.asarray(s * (_SQRT3 * q + _SQRT3 / 2.0 * r), dtype=np.float64),
            np.asarray(s * (1.5 * r), dtype=np.float64),
        )

    def polygons(self, keys: KeyArray) -> NDArray[np.object_]:
        """Hexagons as shapely polygons in BNG metres."""
        cx, cy = self.centroids(keys)
        angles = np.deg2rad(60.0 * np.arange(6) - 30.0)
        xs = cx[:, None] + self.size * np.cos(angles)[None, :]
        ys = cy[:, None] + self.size * np.sin(angles)[None, :]
        rings = np.stack([xs, ys], axis=-1)
        return np.asarray(shapely.polygons(rings), dtype=object)

    def keys_covering(self, xmin: float, ymin: float, xmax: float, ymax: float) -> KeyArray:
        """Every hexagon that meets the rectangle (BNG metres), with a one-cell margin."""
        s = self.size
        r0 = math.floor((ymin - s) / (1.5 * s)) - 1
        r1 = math.ceil((ymax + s) / (1.5 * s)) + 1
        rs = np.arange(r0, r1 + 1)
        width = _SQRT3 * s
        keys = []
        for r in rs:
            q0 = math.floor((xmin - width) / width - r / 2.0) - 1
            q1 = math.ceil((xmax + width) / width - r / 2.0) + 1
            q = np.arange(q0, q1 + 1)
            keys.append(pack_keys(q, np.full_like(q, r)))
        return np.concatenate(keys)


def make_grid(kind: GridKind, cell: float) -> SquareGrid | HexGrid:
    """A square or hexagonal grid with cells of ``cell`` x ``cell`` square metres."""
    if kind == "square":
        return SquareGrid(cell)
    if kind == "hex":
        return HexGrid(cell)
    raise ValueError(f"unknown grid kind {kind!r}: use 'square' or 'hex'")


def geometry_to_bng(geom: BaseGeometry) -> BaseGeometry:
    """A WGS84 (longitude, latitude) shapely geometry reprojected to BNG metres."""

    def _project(coords: FloatArray) -> FloatArray:
        x, y = to_bng(coords[:, 0], coords[:, 1])
        return np.column_stack([x, y])

    return shapely.transform(geom, _project)


def geometry_to_wgs84(geom: BaseGeometry) -> BaseGeometry:
    """A BNG (metres) shapely geometry reprojected to WGS84 (longitude, latitude)."""

    def _project(coords: FloatArray) -> FloatArray:
        lon, lat = to_wgs84(coords[:, 0], coords[:, 1])
        return np.column_stack([lon, lat])

    return shapely.transform(geom, _project)


@dataclass
class CellArea:
    """The cells of one grid that make up a study area, with centroids in BNG metres.

    ``keys`` are sorted, so the position of a cell in every per-cell array (scores, counts) is
    ``np.searchsorted(keys, key)``. Build one with :meth:`from_boundary` (cells that intersect a
    boundary polygon in BNG metres), :meth:`from_points_hull` (cells that intersect the convex hull
    of the points) or :meth:`from_keys`.
    """

    grid: SquareGrid | HexGrid
    keys: KeyArray
    x: FloatArray = field(init=False, repr=False)
    y: FloatArray = field(init=False, repr=False)
    _tree: cKDTree | None = field(init=False, repr=False, default=None)
    # Derived structures that are costly to build (rasters, spatial weights), built once per area.
    cache: dict[Any, Any] = field(init=False, repr=False, default_factory=dict)

    def __post_init__(self) -> None:
        keys = np.unique(np.asarray(self.keys, dtype=np.int64))
        self.keys = keys
        self.x, self.y = self.grid.centroids(keys)

    @property
    def n(self) -> int:
        """Number of cells in the area."""
        return int(self.keys.size)

    @property
    def area_km2(self) -> float:
        return self.n * self.grid.cell_area_m2 / 1e6

    @classmethod
    def from_keys(cls, grid: SquareGrid | HexGrid, keys: KeyArray) -> CellArea:
        return cls(grid, np.asarray(keys, dtype=np.int64))

    @classmethod
    def from_boundary(cls, grid: SquareGrid | HexGrid, boundary_bng: BaseGeometry) -> CellArea:
        """Cells that intersect ``boundary_bng`` (a polygon or multipolygon in BNG metres)."""
        xmin, ymin, xmax, ymax = boundary_bng.bounds
        candidates = grid.keys_covering(xmin, ymin, xmax, ymax)
        polys = grid.polygons(candidates)
        tree = shapely.STRtree(polys)
        parts = list(getattr(boundary_bng, "geoms", [boundary_bng]))
        hits = [tree.query(part, predicate="intersects") for part in parts]
        inside = np.unique(np.concatenate(hits)) if hits else np.array([], dtype=np.int64)
        return cls(grid, candidates[inside])

    @classmethod
    def from_points_hull(cls, grid: SquareGrid | HexGrid, x: FloatArray, y: FloatArray) -> CellArea:
        """Cells that intersect the convex hull of the points (BNG metres), for data with no boundary."""
        pts = shapely.multipoints(np.column_stack([x, y]))
        hull = shapely.convex_hull(pts)
        # A hull of one or two points is a point or a line: the cells under it are still the area.
        if hull.area == 0:
            return cls(grid, np.unique(grid.assign(np.asarray(x), np.asarray(y))))
        return cls.from_boundary(grid, hull)

    def index_of(self, keys: KeyArray) -> NDArray[np.int64]:
        """Position of each key in this area, or -1 for cells outside it."""
        k = np.asarray(keys, dtype=np.int64)
        pos = np.searchsorted(self.keys, k)
        pos_clipped = np.minimum(pos, max(self.n - 1, 0))
        found = (pos < self.n) & (self.keys[pos_clipped] == k) if self.n else np.zeros(k.shape, bool)
        return np.where(found, pos_clipped, -1).astype(np.int64)

    def locate(self, x: FloatArray, y: FloatArray) -> NDArray[np.int64]:
        """Position in this area of the cell containing each BNG point, or -1 outside the area."""
        return self.index_of(self.grid.assign(x, y))

    @property
    def tree(self) -> cKDTree:
        """A k-d tree over the cell centroids (built once)."""
        if self._tree is None:
            self._tree = cKDTree(np.column_stack([self.x, self.y]))
        return self._tree

    def distance_band(self, radius_m: float, *, include_self: bool = False) -> sparse.csr_matrix:
        """Binary N x N matrix: 1 where two centroids are within ``radius_m`` metres.

        With ``radius_m`` equal to the cell size this is rook contiguity on a square grid and the
        six neighbours on a hexagonal grid; 1.5 x cell gives queen contiguity on a square grid.
        """
        pairs = self.tree.query_pairs(r=radius_m * (1 + 1e-9), output_type="ndarray")
        rows = np.concatenate([pairs[:, 0], pairs[:, 1]])
        cols = np.concatenate([pairs[:, 1], pairs[:, 0]])
        data = np.ones(rows.size, dtype=np.float64)
        m = sparse.csr_matrix((data, (rows, cols)), shape=(self.n, self.n))
        if include_self:
            m = (m + sparse.identity(self.n, format="csr")).tocsr()
        return m

    def boundary_geometry(self) -> BaseGeometry:
        """Union of the cells (BNG metres)."""
        return shapely.union_all(self.grid.polygons(self.keys))

    def to_geojson(
        self,
        positions: NDArray[np.int64] | None = None,
        properties: dict[str, NDArray[Any] | list[Any]] | None = None,
        *,
        precision: int = 6,
    ) -> dict[str, Any]:
        """Cells as a WGS84 GeoJSON FeatureCollection (a plain dict, ready for ``json.dumps``).

        Args:
            positions: which cells (positions in this area); all cells when None.
            properties: per-position property arrays, aligned with ``positions``.
            precision: decimal places kept for longitude/latitude (6 is about 0.1 m).
        """
        pos = np.arange(self.n) if positions is None else np.asarray(positions, dtype=np.int64)
        polys = self.grid.polygons(self.keys[pos])
        features: list[dict[str, Any]] = []
        props = properties or {}
        for n, (p, poly) in enumerate(zip(pos.tolist(), polys, strict=True)):
            ring = np.asarray(poly.exterior.coords)
            lon, lat = to_wgs84(ring[:, 0], ring[:, 1])
            coords = [
                [round(float(a), precision), round(float(b), precision)]
                for a, b in zip(lon, lat, strict=True)
            ]
            feature_props: dict[str, Any] = {"cell": int(self.keys[p])}
            for name, values in props.items():
                value = values[n]
                feature_props[name] = value.item() if isinstance(value, np.generic) else value
            features.append(
                {
                    "type": "Feature",
                    "geometry": {"type": "Polygon", "coordinates": [coords]},
                    "properties": feature_props,
                }
            )
        return {"type": "FeatureCollection", "features": features}


def boundary_from_geojson(
    data: dict[str, Any], *, where: Callable[[dict[str, Any]], bool] | None = None
) -> BaseGeometry:
    """Union of a WGS84 GeoJSON FeatureCollection's polygons, reprojected to BNG metres.

    Args:
        data: a FeatureCollection (as from :func:`saferplaces.analytics.geo.read_geojson`).
        where: optional filter on a feature's ``properties`` (e.g. one district).
    """
    geoms = [
        shapely.geometry.shape(f["geometry"])
        for f in data["features"]
        if f.get("geometry") and (where is None or where(f.get("properties") or {}))
    ]
    if not geoms:
        raise ValueError("the GeoJSON has no polygon features")
    return geometry_to_bng(shapely.union_all(geoms))

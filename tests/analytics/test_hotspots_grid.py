"""Grid cells in British National Grid metres: assignment, keys, areas and neighbours."""

from __future__ import annotations

import math

import numpy as np
import pytest
import shapely

from saferplaces.analytics.geo import to_bng, to_wgs84
from saferplaces.analytics.hotspots.grid import (
    CellArea,
    HexGrid,
    SquareGrid,
    boundary_from_geojson,
    geometry_to_bng,
    make_grid,
    pack_keys,
    unpack_keys,
)


def test_keys_round_trip_including_negative_coordinates() -> None:
    a = np.array([0, 1, -1, 3499, -(2**30)], dtype=np.int64)
    b = np.array([0, -7, 12, 6500, 2**30 - 1], dtype=np.int64)
    keys = pack_keys(a, b)
    assert (keys >= 0).all()
    back_a, back_b = unpack_keys(keys)
    assert back_a.tolist() == a.tolist()
    assert back_b.tolist() == b.tolist()


def test_square_cells_are_half_open_intervals_of_the_cell_size() -> None:
    grid = SquareGrid(200)
    x = np.array([350000.0, 350199.9, 350200.0, 349999.9])
    y = np.array([430000.0, 430000.0, 430399.0, 430000.0])
    i, j = unpack_keys(grid.assign(x, y))
    assert i.tolist() == [1750, 1750, 1751, 1749]
    assert j.tolist() == [2150, 2150, 2151, 2150]


def test_square_centroid_and_polygon_of_a_cell() -> None:
    grid = SquareGrid(250)
    key = grid.assign(np.array([1000.0]), np.array([260.0]))
    cx, cy = grid.centroids(key)
    assert (cx[0], cy[0]) == (1125.0, 375.0)
    poly = grid.polygons(key)[0]
    assert poly.bounds == (1000.0, 250.0, 1250.0, 500.0)
    assert poly.area == grid.cell_area_m2 == 62500.0


def test_cells_follow_wgs84_points_through_the_bng() -> None:
    # A point 50 m north-east of a 200 m cell's south-west corner, given in WGS84.
    lon, lat = to_wgs84(np.array([350050.0]), np.array([430050.0]))
    e, n = to_bng(lon, lat)
    i, j = unpack_keys(SquareGrid(200).assign(e, n))
    assert (int(i[0]), int(j[0])) == (1750, 2150)


def test_hexagons_have_the_area_of_the_square_cell() -> None:
    grid = HexGrid(200)
    poly = grid.polygons(grid.assign(np.array([0.0]), np.array([0.0])))[0]
    assert poly.area == pytest.approx(40000.0, rel=1e-9)
    assert grid.size == pytest.approx(200 * math.sqrt(2 / (3 * math.sqrt(3))))


def test_every_point_falls_in_the_hexagon_it_is_assigned_to() -> None:
    grid = HexGrid(150)
    rng = np.random.default_rng(7)
    x = rng.uniform(300000, 302000, 2000)
    y = rng.uniform(400000, 402000, 2000)
    keys = grid.assign(x, y)
    polys = grid.polygons(keys)
    inside = shapely.covers(polys, shapely.points(x, y))
    assert inside.all()
    # and the assigned centre is the nearest hexagon centre (within the circumradius)
    cx, cy = grid.centroids(keys)
    assert (np.hypot(cx - x, cy - y) <= grid.size + 1e-6).all()


def test_hexagon_neighbours_are_one_spacing_apart() -> None:
    grid = HexGrid(200)
    q = np.array([0, 1, 0, -1, -1, 0, 1], dtype=np.int64)
    r = np.array([0, 0, 1, 1, 0, -1, -1], dtype=np.int64)
    cx, cy = grid.centroids(pack_keys(q, r))
    d = np.hypot(cx[1:] - cx[0], cy[1:] - cy[0])
    assert np.allclose(d, math.sqrt(3) * grid.size)


def test_area_from_a_boundary_keeps_cells_that_intersect_it() -> None:
    # A 1 km square just inside grid lines: 5 x 5 cells of 200 m. (Exactly on the lines, the
    # cells that only touch its edges would intersect it too and make 7 x 7.)
    boundary = shapely.box(350000.0 + 1, 430000.0 + 1, 351000.0 - 1, 431000.0 - 1)
    area = CellArea.from_boundary(SquareGrid(200), boundary)
    assert area.n == 25
    assert area.area_km2 == pytest.approx(1.0)
    pos = area.locate(np.array([350100.0, 352000.0]), np.array([430100.0, 430100.0]))
    assert pos[0] >= 0
    assert pos[1] == -1


def test_distance_band_gives_rook_and_queen_neighbours() -> None:
    boundary = shapely.box(1.0, 1.0, 599.0, 599.0)
    area = CellArea.from_boundary(SquareGrid(200), boundary)
    assert area.n == 9
    centre = int(area.locate(np.array([300.0]), np.array([300.0]))[0])
    rook = area.distance_band(200)
    queen = area.distance_band(1.5 * 200)
    assert rook[centre].sum() == 4
    assert queen[centre].sum() == 8
    assert queen.diagonal().sum() == 0
    assert area.distance_band(200, include_self=True).diagonal().sum() == 9


def test_area_from_points_hull_covers_the_points() -> None:
    x = np.array([0.0, 1000.0, 0.0, 1000.0, 500.0])
    y = np.array([0.0, 0.0, 1000.0, 1000.0, 500.0])
    area = CellArea.from_points_hull(SquareGrid(200), x + 10, y + 10)
    assert (area.locate(x + 10, y + 10) >= 0).all()
    assert area.n == 36  # the hull spans 10..1010 m: cells 0..5 in each direction


def test_boundary_from_wgs84_geojson_is_in_metres() -> None:
    corners_e = np.array([350000.0, 352000.0, 352000.0, 350000.0, 350000.0])
    corners_n = np.array([430000.0, 430000.0, 431000.0, 431000.0, 430000.0])
    lon, lat = to_wgs84(corners_e, corners_n)
    feature = {
        "type": "Feature",
        "properties": {"district": "Test"},
        "geometry": {"type": "Polygon", "coordinates": [[[a, b] for a, b in zip(lon, lat, strict=True)]]},
    }
    geom = boundary_from_geojson({"type": "FeatureCollection", "features": [feature]})
    assert geom.area == pytest.approx(2_000_000.0, rel=1e-6)
    assert geometry_to_bng(shapely.Point(lon[0], lat[0])).x == pytest.approx(350000.0, abs=0.01)


def test_make_grid_rejects_unknown_kinds_and_bad_sizes() -> None:
    assert make_grid("hex", 100).kind == "hex"
    with pytest.raises(ValueError):
        make_grid("triangle", 100)  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        SquareGrid(0)


def test_cells_to_geojson_are_wgs84_polygons_with_properties() -> None:
    area = CellArea.from_boundary(SquareGrid(200), shapely.box(350001.0, 430001.0, 350399.0, 430199.0))
    collection = area.to_geojson(np.array([0, 1]), {"rank": [1, 2]})
    assert collection["type"] == "FeatureCollection"
    first = collection["features"][0]
    assert first["properties"]["rank"] == 1
    ring = first["geometry"]["coordinates"][0]
    assert len(ring) == 5
    assert -3 < ring[0][0] < -2 and 53 < ring[0][1] < 54  # Lancashire, in degrees

"""Reading police.uk street CSVs and reduced point tables, and aggregating them."""

from __future__ import annotations

import gzip
from datetime import date
from pathlib import Path

import numpy as np
import polars as pl
import pytest

from saferplaces.analytics.geo import AreaIndex, to_wgs84
from saferplaces.analytics.harm import apply_harm, load_cchi
from saferplaces.analytics.hotspots.aggregate import (
    aggregate_areas,
    aggregate_cells,
    cell_month_matrix,
    month_range,
    rank_cells,
)
from saferplaces.analytics.hotspots.grid import CellArea, SquareGrid
from saferplaces.analytics.hotspots.points import normalise_points, read_points

POLICEUK_HEADER = (
    "Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,"
    "Crime type,Last outcome category,Context"
)


def _lonlat(e: float, n: float) -> tuple[float, float]:
    lon, lat = to_wgs84(np.array([e]), np.array([n]))
    return round(float(lon[0]), 7), round(float(lat[0]), 7)


def _policeuk_file(path: Path) -> Path:
    a = _lonlat(350100, 430100)
    b = _lonlat(350300, 430100)
    rows = [
        f"abc1,2022-07,Lancashire Constabulary,Lancashire Constabulary,{a[0]},{a[1]},"
        f"On or near High Street,E01000001,Preston 001A,Violence and sexual offences,"
        f"Under investigation,",
        f",2022-07,Lancashire Constabulary,Lancashire Constabulary,{a[0]},{a[1]},"
        f"On or near High Street,E01000001,Preston 001A,Anti-social behaviour,,",
        f",2022-08,Lancashire Constabulary,Lancashire Constabulary,{b[0]},{b[1]},"
        f'"On or near Park, North",E01000002,Preston 001B,Anti-social behaviour,,',
        "def2,2022-08,Lancashire Constabulary,Lancashire Constabulary,,,No Location,,,"
        "Public order,Unable to prosecute suspect,",
    ]
    path.write_text(POLICEUK_HEADER + "\n" + "\n".join(rows) + "\n")
    return path


def test_reads_the_police_uk_street_csv_and_drops_no_location(tmp_path: Path) -> None:
    points, report = read_points(_policeuk_file(tmp_path / "street.csv"))
    assert report.layout == "police.uk street"
    assert (report.rows_read, report.rows_kept, report.dropped_no_location) == (4, 3, 1)
    assert points["month"].to_list() == [date(2022, 7, 1), date(2022, 7, 1), date(2022, 8, 1)]
    assert points["category"].to_list()[0] == "Violence and sexual offences"
    assert points["lsoa_code"].to_list() == ["E01000001", "E01000001", "E01000002"]
    assert points["location"].to_list()[2] == "On or near Park, North"
    assert points["easting"].to_list()[0] == pytest.approx(350100, abs=0.05)
    assert points["northing"].to_list()[2] == pytest.approx(430100, abs=0.05)


def test_reads_a_gzipped_reduced_tsv_and_filters_categories(tmp_path: Path) -> None:
    a = _lonlat(350100, 430100)
    path = tmp_path / "asb.tsv.gz"
    with gzip.open(path, "wt") as fh:
        fh.write("month\tlongitude\tlatitude\tlocation\tlsoa_code\n")
        fh.write(f"2022-01-01\t{a[0]}\t{a[1]}\tHigh Street\tE01000001\n")
        fh.write(f"2022-02-01\t{a[0]}\t{a[1]}\tHigh Street\tE01000001\n")
    points, report = read_points(path, default_category="Anti-social behaviour")
    assert report.layout == "reduced"
    assert points["month"].to_list() == [date(2022, 1, 1), date(2022, 2, 1)]
    assert set(points["category"].to_list()) == {"Anti-social behaviour"}
    kept, _ = read_points(
        path, default_category="Anti-social behaviour", categories=["anti social behaviour"]
    )
    assert kept.height == 2
    none, _ = read_points(path, default_category="Anti-social behaviour", categories=["Burglary"])
    assert none.height == 0


def test_normalises_an_incident_store_frame_in_bng() -> None:
    frame = pl.DataFrame(
        {
            "received_at": ["2022-03-04T18:22:00", "2022-04-01T00:10:00"],
            "easting": [350100.0, 350300.0],
            "northing": [430100.0, 430100.0],
            "offence_code": ["8L", None],
        }
    )
    points = normalise_points(frame)
    assert points["month"].to_list() == [date(2022, 3, 1), date(2022, 4, 1)]
    assert points["longitude"].to_list()[0] == pytest.approx(_lonlat(350100, 430100)[0], abs=1e-6)
    assert points["offence_code"].to_list() == ["8L", None]
    with pytest.raises(ValueError, match="month"):
        normalise_points(pl.DataFrame({"easting": [1.0], "northing": [1.0]}))


def _bng_points(rows: list[tuple[str, float, float, str]]) -> pl.DataFrame:
    e = np.array([r[1] for r in rows])
    n = np.array([r[2] for r in rows])
    lon, lat = to_wgs84(e, n)
    return normalise_points(
        pl.DataFrame(
            {
                "month": [r[0] for r in rows],
                "longitude": lon,
                "latitude": lat,
                "category": [r[3] for r in rows],
                "lsoa_code": ["L1" if r[1] < 350200 else "L2" for r in rows],
            }
        )
    )


ROWS = [
    ("2022-01", 350010.0, 430010.0, "Anti-social behaviour"),
    ("2022-01", 350190.0, 430190.0, "Public Order"),
    ("2022-01", 350210.0, 430010.0, "Anti-social behaviour"),
    ("2022-03", 350010.0, 430010.0, "Burglary"),
    ("2022-03", 350010.0, 430010.0, "Anti-social behaviour"),
]


def test_month_range_fills_gaps() -> None:
    assert month_range(_bng_points(ROWS)) == [date(2022, 1, 1), date(2022, 2, 1), date(2022, 3, 1)]


def test_aggregate_cells_counts_and_harm_side_by_side() -> None:
    points, _ = apply_harm(_bng_points(ROWS), load_cchi(asb_floor=1.0))
    grid = SquareGrid(200)
    table = aggregate_cells(points, grid, period="month")
    rows = {(r["cell"], r["period"]): (r["count"], r["harm"]) for r in table.iter_rows(named=True)}
    home = int(grid.assign(np.array([350010.0]), np.array([430010.0]))[0])
    east = int(grid.assign(np.array([350210.0]), np.array([430010.0]))[0])
    assert rows[(home, "2022-01")] == (2, pytest.approx(1.0 + 7.5))
    assert rows[(east, "2022-01")] == (1, pytest.approx(1.0))
    burglary = load_cchi().for_category("Burglary")
    assert burglary is not None
    assert rows[(home, "2022-03")] == (2, pytest.approx(1.0 + burglary))
    assert table.height == 3
    first = table.row(0, named=True)
    assert (first["easting"], first["northing"]) == (350100.0, 430100.0)


def test_aggregate_cells_over_windows_and_all() -> None:
    points = _bng_points(ROWS)
    grid = SquareGrid(200)
    total = aggregate_cells(points, grid, period="all")
    assert sorted(total["count"].to_list()) == [1, 4]
    assert total["harm"].null_count() == total.height  # no harm column: harm is null, not zero
    windows = aggregate_cells(points, grid, period=[(date(2022, 1, 1), date(2022, 2, 1))])
    assert windows["period"].unique().to_list() == ["2022-01..2022-02"]
    assert windows["count"].sum() == 3


def test_aggregate_by_lsoa_column_and_by_polygons() -> None:
    points = _bng_points(ROWS)
    by_lsoa = aggregate_areas(points, column="lsoa_code", period="all")
    assert dict(zip(by_lsoa["lsoa_code"], by_lsoa["count"], strict=True)) == {"L1": 4, "L2": 1}
    west = [
        _lonlat(e, n) for e, n in [(349000, 429000), (350200, 429000), (350200, 431000), (349000, 431000)]
    ]
    feature = {"properties": {"district": "West"}, "geometry": {"type": "Polygon", "coordinates": [west]}}
    index = AreaIndex.from_features([feature], "district")
    by_district = aggregate_areas(points, column=None, index=index, name="district", period="month")
    counts = {(r["district"], r["period"]): r["count"] for r in by_district.iter_rows(named=True)}
    assert counts == {("West", "2022-01"): 2, (None, "2022-01"): 1, ("West", "2022-03"): 2}


def test_cell_month_matrix_and_ranking() -> None:
    points = _bng_points(ROWS)
    area = CellArea.from_keys(
        SquareGrid(200), SquareGrid(200).assign(np.array([350010.0, 350210.0]), np.array([430010.0] * 2))
    )
    months = month_range(points)
    m = cell_month_matrix(points, area, months)
    assert m.tolist() == [[2.0, 0.0, 2.0], [1.0, 0.0, 0.0]]
    assert rank_cells(m.sum(axis=1)).tolist() == [0, 1]
    assert rank_cells(np.array([1.0, 3.0, 3.0]), top=2).tolist() == [1, 2]

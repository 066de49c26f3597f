"""``saferplaces hotspots``: evaluate writes the documented JSON; aggregate, predict, intervention run."""

from __future__ import annotations

import csv
import gzip
import json
from pathlib import Path

import numpy as np
import pytest

from saferplaces.analytics.geo import to_wgs84
from saferplaces.analytics.hotspots.cli import main
from saferplaces.analytics.hotspots.methods import DEFAULT_METHODS

X0, Y0 = 350000.0, 430000.0


def _write_fixture(path: Path, months: int = 5, seed: int = 11) -> Path:
    """A reduced ASB table: three persistent hotspots and scattered noise, ``months`` months."""
    rng = np.random.default_rng(seed)
    hot = [(X0 + 300, Y0 + 500), (X0 + 1500, Y0 + 900), (X0 + 700, Y0 + 1700)]
    with gzip.open(path, "wt", newline="") as fh:
        writer = csv.writer(fh, delimiter="\t")
        writer.writerow(["month", "longitude", "latitude", "location", "lsoa_code"])
        for m in range(1, months + 1):
            e = [x for x, _ in hot for _ in range(6)] + list(rng.uniform(X0, X0 + 2000, 10))
            n = [y for _, y in hot for _ in range(6)] + list(rng.uniform(Y0, Y0 + 2000, 10))
            lon, lat = to_wgs84(np.array(e), np.array(n))
            for a, b in zip(lon, lat, strict=True):
                writer.writerow([f"2022-{m:02d}-01", f"{a:.6f}", f"{b:.6f}", "Some Street", "E01000001"])
    return path


def _boundary(path: Path) -> Path:
    e = np.array([X0, X0 + 2000, X0 + 2000, X0, X0]) + np.array([1, -1, -1, 1, 1])
    n = np.array([Y0, Y0, Y0 + 2000, Y0 + 2000, Y0]) + np.array([1, 1, -1, -1, 1])
    lon, lat = to_wgs84(e, n)
    ring = [[float(a), float(b)] for a, b in zip(lon, lat, strict=True)]
    path.write_text(
        json.dumps(
            {
                "type": "FeatureCollection",
                "features": [
                    {
                        "type": "Feature",
                        "properties": {"district": "Test"},
                        "geometry": {"type": "Polygon", "coordinates": [ring]},
                    }
                ],
            }
        )
    )
    return path


def test_evaluate_writes_every_method_month_coverage_and_the_ceiling(tmp_path: Path) -> None:
    points = _write_fixture(tmp_path / "asb.tsv.gz")
    out = tmp_path / "out" / "eval.json"
    code = main(
        [
            "evaluate",
            "--points", str(points),
            "--boundary", str(_boundary(tmp_path / "b.geojson")),
            "--cell", "200",
            "--train-months", "3",
            "--coverage", "1,5,10",
            "--json", str(out),
            "--quiet",
        ]
    )  # fmt: skip
    assert code == 0
    result = json.loads(out.read_text())
    assert {"settings", "test_months", "cells_selected", "methods", "ceiling", "best", "data"} <= set(result)
    assert result["test_months"] == ["2022-04", "2022-05"]
    assert result["settings"]["cells_in_area"] == 100
    assert result["cells_selected"] == {"1": 1, "5": 5, "10": 10}
    assert set(result["methods"]) == set(DEFAULT_METHODS)
    assert {"naive", "kde", "gistar", "blend", "blend_tuned", "learned"} <= set(DEFAULT_METHODS)
    for entry in [*result["methods"].values(), result["ceiling"]]:
        assert len(entry["per_month"]) == 2
        for month in entry["per_month"]:
            assert set(month["hit_rate"]) == set(month["pai"]) == {"1", "5", "10"}
        assert set(entry["mean"]) == {"hit_rate", "pai"}
    # 3 hotspots x 6 of the 28 incidents a month: 5 cells hold at least 18 of 28, and no method
    # beats the ceiling in any month.
    ceiling = result["ceiling"]["per_month"]
    assert all(m["hit_rate"]["5"] >= 18 / 28 for m in ceiling)
    for entry in result["methods"].values():
        for month, best in zip(entry["per_month"], ceiling, strict=True):
            assert all(month["hit_rate"][c] <= best["hit_rate"][c] + 1e-12 for c in ("1", "5", "10"))
    naive = result["methods"]["naive"]["mean"]["hit_rate"]
    assert naive["5"] >= 18 / 28
    assert result["methods"]["blend"]["vs_baseline"]["1"] > 0


def test_evaluate_without_boundary_uses_the_hull_and_can_pick_methods_and_hex(tmp_path: Path) -> None:
    points = _write_fixture(tmp_path / "asb.tsv.gz")
    out = tmp_path / "eval.json"
    args = ["evaluate", "--points", str(points), "--train-months", "4", "--json", str(out), "--quiet"]
    args += ["--methods", "naive,kde", "--grid", "hex", "--param", "kde.bandwidth_m=50"]
    assert main(args) == 0
    result = json.loads(out.read_text())
    assert set(result["methods"]) == {"naive", "kde"}
    assert result["methods"]["kde"]["params"]["bandwidth_m"] == 50
    assert result["settings"]["grid"] == "hex"
    assert result["data"]["boundary"] == "convex hull of the points"


def test_aggregate_predict_and_intervention_commands(tmp_path: Path) -> None:
    points = _write_fixture(tmp_path / "asb.tsv.gz", months=4)
    cells = tmp_path / "cells.csv"
    assert main(["aggregate", "--points", str(points), "--by", "cell", "--out", str(cells), "--quiet"]) == 0
    rows = list(csv.DictReader(cells.open()))
    assert sum(int(r["count"]) for r in rows) == 4 * 28
    assert {"cell", "period", "count", "harm", "easting", "northing"} <= set(rows[0])
    asb = "Anti-social behaviour"
    lsoa = tmp_path / "lsoa.csv"
    args = ["aggregate", "--points", str(points), "--by", "lsoa", "--period", "all", "--out", str(lsoa)]
    assert main([*args, "--default-category", asb, "--quiet"]) == 0
    (row,) = list(csv.DictReader(lsoa.open()))
    assert (row["lsoa_code"], row["count"], float(row["harm"])) == ("E01000001", "112", 112.0)

    layer = tmp_path / "hot.geojson"
    args = ["predict", "--points", str(points), "--coverage", "3", "--geojson", str(layer), "--quiet"]
    assert main(args) == 0
    collection = json.loads(layer.read_text())
    assert collection["metadata"]["target_month"] == "2022-05"
    assert [f["properties"]["rank"] for f in collection["features"]] == [1, 2, 3]
    # the three persistent hotspots (6 a month for 4 months, plus any noise that fell in them)
    assert all(f["properties"]["count"] >= 24 for f in collection["features"])

    report = tmp_path / "iv.json"
    args = ["intervention", "--points", str(points), "--hotspots", str(layer)]
    args += ["--before", "2022-01:2022-02", "--after", "2022-03:2022-04", "--json", str(report), "--quiet"]
    assert main(args) == 0
    result = json.loads(report.read_text())
    assert result["summary"]["hotspots"] == 3
    assert all(r["count_before"] >= 12 and r["count_after"] >= 12 for r in result["hotspots"])
    assert result["summary"]["text"].startswith("reduction in ")


def test_bad_arguments_fail_clearly(tmp_path: Path) -> None:
    points = _write_fixture(tmp_path / "asb.tsv.gz", months=2)
    with pytest.raises(SystemExit):
        main(["evaluate", "--points", str(points), "--coverage", "0,200", "--json", "x.json"])
    with pytest.raises(SystemExit, match="--param"):
        main(
            [
                "evaluate",
                "--points",
                str(points),
                "--param",
                "gistar.window=2",
                "--methods",
                "naive",
                "--json",
                "x",
            ]
        )

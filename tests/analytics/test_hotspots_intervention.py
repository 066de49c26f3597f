"""Intervention evaluation: before/after per hotspot against a comparison area, exact tests."""

from __future__ import annotations

import math
from datetime import date
from typing import Any

import numpy as np
import polars as pl
import pytest
from scipy import stats

from saferplaces.analytics.geo import to_wgs84
from saferplaces.analytics.hotspots.intervention import evaluate_intervention

X0, Y0 = 350000.0, 430000.0


def _square(e: float, n: float, size: float, name: str) -> dict[str, Any]:
    xs = np.array([e, e + size, e + size, e, e])
    ys = np.array([n, n, n + size, n + size, n])
    lon, lat = to_wgs84(xs, ys)
    ring = [[float(a), float(b)] for a, b in zip(lon, lat, strict=True)]
    return {
        "type": "Feature",
        "properties": {"name": name},
        "geometry": {"type": "Polygon", "coordinates": [ring]},
    }


def _points(counts: dict[tuple[str, str], int], harm: float | None = None) -> pl.DataFrame:
    """``counts[(place, month)]``: place A, B (hotspots) or C (comparison), months YYYY-MM."""
    centres = {"A": (X0 + 50, Y0 + 50), "B": (X0 + 1050, Y0 + 50), "C": (X0 + 5050, Y0 + 50)}
    rows = [(m, *centres[p]) for (p, m), k in counts.items() for _ in range(k)]
    lon, lat = to_wgs84(np.array([r[1] for r in rows]), np.array([r[2] for r in rows]))
    frame = pl.DataFrame(
        {"month": [date.fromisoformat(r[0] + "-01") for r in rows], "longitude": lon, "latitude": lat}
    )
    if harm is not None:
        frame = frame.with_columns(pl.lit(harm).alias("harm"))
    return frame


HOTSPOTS = {
    "type": "FeatureCollection",
    "features": [_square(X0, Y0, 100, "A"), _square(X0 + 1000, Y0, 100, "B")],
}
BEFORE = (date(2022, 1, 1), date(2022, 3, 1))
AFTER = (date(2022, 4, 1), date(2022, 6, 1))


def test_changes_tests_and_summary_by_hand() -> None:
    counts = {
        ("A", "2022-02"): 30,
        ("A", "2022-05"): 12,
        ("B", "2022-01"): 10,
        ("B", "2022-06"): 11,
        ("C", "2022-03"): 200,
        ("C", "2022-04"): 180,
    }
    result = evaluate_intervention(
        _points(counts, harm=2.0), HOTSPOTS, before=BEFORE, after=AFTER, id_property="name"
    )
    a, b = result["hotspots"]
    assert (a["hotspot"], a["count_before"], a["count_after"]) == ("A", 30, 12)
    assert a["change"] == pytest.approx(12 / 30 - 1)
    assert a["relative_change"] == pytest.approx((12 / 30) / (180 / 200) - 1)
    assert a["p_value"] == pytest.approx(stats.fisher_exact([[12, 30], [180, 200]]).pvalue)
    assert a["significant"] and a["reduced"] and a["reduced_vs_comparison"]
    se = math.sqrt(1 / 12 + 1 / 30 + 1 / 180 + 1 / 200)
    ratio = (12 / 30) / (180 / 200)
    assert a["ci95"] == pytest.approx([ratio * math.exp(-1.96 * se) - 1, ratio * math.exp(1.96 * se) - 1])
    assert (a["harm_before"], a["harm_after"]) == (60.0, 24.0)
    assert a["harm_change"] == pytest.approx(-0.6)
    assert not b["reduced"] and not b["reduced_vs_comparison"] and not b["significant"]
    assert result["comparison"]["change"] == pytest.approx(-0.1)
    overall = result["overall"]
    assert (overall["count_before"], overall["count_after"]) == (40, 23)
    assert result["summary"]["reduced"] == 1
    assert result["summary"]["significant_reductions"] == 1
    assert result["summary"]["text"] == "reduction in 1 of 2 hotspots; -42.5% overall, -42.5% harm"


def test_periods_of_different_length_compare_monthly_rates() -> None:
    counts = {("A", "2022-01"): 10, ("A", "2022-04"): 5, ("C", "2022-01"): 10, ("C", "2022-04"): 5}
    result = evaluate_intervention(
        _points(counts),
        HOTSPOTS,
        before=(date(2022, 1, 1), date(2022, 2, 1)),
        after=(date(2022, 4, 1), date(2022, 4, 1)),
    )
    a = result["hotspots"][0]
    assert result["periods"]["months"] == [2, 1]
    assert a["change"] == pytest.approx((5 / 1) / (10 / 2) - 1)  # 0: same monthly rate
    assert not a["reduced"]
    assert a["relative_change"] == pytest.approx(0.0)
    assert a["harm_before"] is None  # no harm column: harm is absent, not zero


def test_explicit_comparison_area_excludes_everything_else() -> None:
    counts = {("A", "2022-01"): 10, ("A", "2022-04"): 5, ("B", "2022-01"): 4, ("C", "2022-01"): 7}
    comparison = {"type": "FeatureCollection", "features": [_square(X0 + 5000, Y0, 100, "C")]}
    one = {"type": "FeatureCollection", "features": [HOTSPOTS["features"][0]]}
    result = evaluate_intervention(_points(counts), one, before=BEFORE, after=AFTER, comparison=comparison)
    assert result["comparison"]["count_before"] == 7  # B is in neither: left out
    assert result["hotspots"][0]["hotspot"] == "1"

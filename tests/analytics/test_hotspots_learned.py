"""The learned ranker (gradient-boosted Poisson, fitted inside the window) on tiny synthetic inputs."""

from __future__ import annotations

from datetime import date

import numpy as np
import polars as pl
import pytest
import shapely

from saferplaces.analytics.hotspots.aggregate import cell_month_matrix
from saferplaces.analytics.hotspots.evaluate import histories
from saferplaces.analytics.hotspots.grid import CellArea, SquareGrid
from saferplaces.analytics.hotspots.history import History, build_events
from saferplaces.analytics.hotspots.methods import LearnedRanker, make_method
from saferplaces.analytics.hotspots.methods.blend import blend_scores, neighbourhood
from saferplaces.analytics.hotspots.methods.learned import (
    FEATURE_NAMES,
    PointMonths,
    _lexicographic_rank,
    cell_features,
    is_place_type,
)

X0, Y0 = 350000.0, 430000.0
MONTHS = [date(2022, m, 1) for m in range(1, 7)]
TARGET = date(2022, 7, 1)


def _area(cells: int) -> CellArea:
    size = cells * 200.0
    return CellArea.from_boundary(SquareGrid(200), shapely.box(X0 + 1, Y0 + 1, X0 + size - 1, Y0 + size - 1))


def _centre(i: int, j: int, dx: float = 0.0) -> tuple[float, float]:
    return X0 + 200 * i + 100 + dx, Y0 + 200 * j + 100


def _points(rows: list[tuple[int, tuple[float, float], int, str | None]]) -> pl.DataFrame:
    """``rows``: (month index 0-11 from January 2022, (easting, northing), incidents, location)."""
    flat = [(date(2022, m + 1, 1), xy[0], xy[1], loc) for m, xy, k, loc in rows for _ in range(k)]
    return pl.DataFrame(
        {
            "month": [r[0] for r in flat],
            "easting": [r[1] for r in flat],
            "northing": [r[2] for r in flat],
            "location": [r[3] for r in flat],
        },
        schema={"month": pl.Date, "easting": pl.Float64, "northing": pl.Float64, "location": pl.String},
    )


def _history(area: CellArea, points: pl.DataFrame) -> History:
    counts = cell_month_matrix(points, area, MONTHS)
    return History(area, counts, MONTHS, TARGET, build_events(points, MONTHS, TARGET))


def _pos(area: CellArea, i: int, j: int) -> int:
    x, y = _centre(i, j)
    return int(area.locate(np.array([x]), np.array([y]))[0])


def test_place_types_are_recognised_with_or_without_the_police_uk_prefix() -> None:
    names = np.array(
        ["Supermarket", "On or near Parking Area", "High Street", None, "Nightclub "], dtype=object
    )
    assert is_place_type(names).tolist() == [True, True, False, False, True]


def test_events_keep_the_map_point_name_and_work_without_one() -> None:
    points = _points([(0, _centre(1, 1), 2, "Supermarket"), (1, _centre(2, 2), 1, None)])
    events = build_events(points, MONTHS, TARGET)
    assert events.location is not None
    assert sorted(events.location.tolist(), key=str) == [None, "Supermarket"]
    assert build_events(points.drop("location"), MONTHS, TARGET).location is None


def test_cell_features_by_hand() -> None:
    area = _area(3)
    a, b = _centre(1, 1), _centre(1, 1, dx=50.0)  # two map points in the centre cell
    points = _points(
        [
            (0, a, 5, "Supermarket"),  # a burst: capped at 3
            (2, a, 1, "Supermarket"),
            (2, b, 2, "High Street"),
            (3, b, 4, "High Street"),  # month 3 is the origin's target: must not be seen
            (1, _centre(0, 0), 2, "Low Road"),  # a corner neighbour
        ]
    )
    h = _history(area, points)
    pm = PointMonths.from_events(h.events, area.locate(h.events.x, h.events.y), h.n_months)
    x = cell_features(
        h.counts,
        pm,
        3,
        neighbourhood(area, 1.5),
        neighbourhood(area, 3.2),
        half_life_months=1.0,
        point_month_cap=3.0,
    )
    assert x.shape == (9, len(FEATURE_NAMES))
    f = dict(zip(FEATURE_NAMES, x[_pos(area, 1, 1)], strict=True))
    # months 0, 1, 2 of the centre cell: 5, 0, 3 incidents
    assert f["lag1"] == pytest.approx(np.log1p(3)) and f["lag2"] == 0
    assert f["lag3"] == pytest.approx(np.log1p(5))
    assert f["rate"] == pytest.approx(np.log1p(8 / 3))
    assert f["active_share"] == pytest.approx(2 / 3)
    assert f["recent_rate"] == pytest.approx(np.log1p((5 * 0.25 + 0 * 0.5 + 3 * 1) / 1.75))
    # the centre's 8 queen neighbours hold 2 incidents in 3 months; within 3.2 cells: the same 8
    assert f["near_rate"] == pytest.approx(np.log1p(2 / 8 / 3))
    assert f["far_rate"] == pytest.approx(np.log1p(2 / 8 / 3))
    assert f["near_lag1"] == 0
    assert f["capped_rate"] == pytest.approx(np.log1p((3 + 1 + 2) / 3))
    assert f["point_months_rate"] == pytest.approx(np.log1p(3 / 3))
    assert f["points_lag1"] == pytest.approx(np.log1p(2))
    assert f["place_rate"] == pytest.approx(np.log1p(6 / 3))
    assert f["has_place"] == 1
    corner = dict(zip(FEATURE_NAMES, x[_pos(area, 0, 0)], strict=True))
    assert corner["place_rate"] == 0 and corner["has_place"] == 0
    assert corner["near_rate"] == pytest.approx(np.log1p(8 / 3 / 3))  # 3 neighbours of a corner


def test_lexicographic_rank_breaks_ties_by_the_second_key_and_keeps_full_ties() -> None:
    ranks = _lexicographic_rank(np.array([1.0, 2.0, 1.0, 1.0, 0.0]), np.array([5.0, 0.0, 7.0, 5.0, 9.0]))
    assert ranks.tolist() == [1.0, 3.0, 2.0, 1.0, 0.0]


def test_training_origins_stay_inside_the_window() -> None:
    method = LearnedRanker()
    assert method.origins(6) == [3, 4, 5]
    assert method.origins(4) == [3]
    assert method.origins(3) == []
    assert LearnedRanker(train_origins=5, min_history=2).origins(6) == [2, 3, 4, 5]


def test_too_little_data_falls_back_to_the_blend() -> None:
    area = _area(6)
    h = _history(area, _points([(4, _centre(2, 2), 2, None), (5, _centre(4, 4), 1, None)]))
    adjacency, degree = neighbourhood(area, 1.5)
    expected = blend_scores(h.counts, adjacency, degree, beta=0.5, half_life_months=2.0, kappa=3.0)
    np.testing.assert_array_equal(LearnedRanker().score(h), expected)


def _steady_and_bursty(rng: np.random.Generator, months: int) -> tuple[pl.DataFrame, list[int], list[int]]:
    """Steady cells (Poisson 3 a month over 3 map points) and one-off bursts (12 at one point)."""
    rows: list[tuple[int, tuple[float, float], int, str | None]] = []
    steady, bursty = [], []
    for i in range(12):
        for j in range(12):
            if (i + j) % 2:
                continue
            if (i * 12 + j) % 4 == 0:
                steady.append((i, j))
                for m in range(months):
                    for p in range(3):
                        k = int(rng.poisson(1.0))
                        name = "Shopping Area" if p == 0 else None
                        if k:
                            rows.append((m, _centre(i, j, dx=40.0 * p), k, name))
            else:
                bursty.append((i, j))
                rows.append((int(rng.integers(0, months)), _centre(i, j), 12, "A Street"))
    pts = _points(rows)
    return pts, [i * 100 + j for i, j in steady], [i * 100 + j for i, j in bursty]


def test_learns_that_one_off_bursts_do_not_last() -> None:
    rng = np.random.default_rng(7)
    area = _area(12)
    points, steady, bursty = _steady_and_bursty(rng, 6)
    h = _history(area, points)
    method = LearnedRanker(min_samples_leaf=5, max_iter=50)
    s = method.score(h)
    pos = {c: _pos(area, c // 100, c % 100) for c in steady + bursty}
    # Bursts of the last window month rank above most steady cells by a recency-weighted score ...
    last_burst = [c for c in bursty if h.counts[pos[c], -1] == 12]
    assert last_burst
    blend = make_method("blend").score(h)
    assert min(blend[pos[c]] for c in last_burst) > np.median([blend[pos[c]] for c in steady])
    # ... but the model, having seen bursts vanish in its training origins, ranks steady cells first.
    assert min(s[pos[c]] for c in steady) > max(s[pos[c]] for c in last_burst)
    np.testing.assert_array_equal(s, method.score(h))  # deterministic


def test_works_without_map_point_names() -> None:
    rng = np.random.default_rng(7)
    area = _area(12)
    points, steady, _ = _steady_and_bursty(rng, 6)
    s = make_method("learned", min_samples_leaf=5, max_iter=20).score(_history(area, points.drop("location")))
    assert s.shape == (area.n,) and np.isfinite(s).all()
    assert s[_pos(area, steady[0] // 100, steady[0] % 100)] > np.median(s)


def test_never_sees_the_test_month() -> None:
    rng = np.random.default_rng(3)
    area = _area(12)
    points, _, _ = _steady_and_bursty(rng, 8)  # January-August
    extra = _points([(6, _centre(1, 1), 40, "Nightclub"), (7, _centre(3, 3), 40, None)])  # July, August
    method = LearnedRanker(min_samples_leaf=5, max_iter=20)
    plain = histories(points, area, train_months=6)
    changed = histories(pl.concat([points, extra]), area, train_months=6)
    assert [h.target for h, _ in plain] == [date(2022, 7, 1), date(2022, 8, 1)]
    # The July forecast is identical whatever July and August hold.
    np.testing.assert_array_equal(method.score(plain[0][0]), method.score(changed[0][0]))

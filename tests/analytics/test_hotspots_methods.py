"""Each hotspot method's basic behaviour on tiny synthetic point sets in BNG metres."""

from __future__ import annotations

from datetime import date

import numpy as np
import polars as pl
import pytest
import shapely
from esda.getisord import G_Local
from libpysal.weights import lat2W

from saferplaces.analytics.hotspots.aggregate import cell_month_matrix
from saferplaces.analytics.hotspots.grid import CellArea, HexGrid, SquareGrid
from saferplaces.analytics.hotspots.history import History, build_events
from saferplaces.analytics.hotspots.methods import (
    REGISTRY,
    Blend,
    BlendTuned,
    GetisOrdGiStar,
    HotspotMethod,
    KernelDensity,
    NaiveCounts,
    ProspectiveHotspots,
    make_method,
)
from saferplaces.analytics.hotspots.methods.blend import blend_scores

X0, Y0 = 350000.0, 430000.0
MONTHS = [date(2022, m, 1) for m in range(1, 7)]
TARGET = date(2022, 7, 1)


def _area(cells: int = 10, grid: SquareGrid | HexGrid | None = None) -> CellArea:
    size = cells * 200.0
    return CellArea.from_boundary(
        grid or SquareGrid(200), shapely.box(X0 + 1, Y0 + 1, X0 + size - 1, Y0 + size - 1)
    )


def _centre(i: int, j: int) -> tuple[float, float]:
    """Centre of the 200 m cell i columns east and j rows north of the area's corner."""
    return X0 + 200 * i + 100, Y0 + 200 * j + 100


def _history(area: CellArea, events: list[tuple[int, tuple[float, float], int]]) -> History:
    """``events``: (month index 0-5, (easting, northing), how many incidents)."""
    rows = [(MONTHS[m], xy[0], xy[1]) for m, xy, k in events for _ in range(k)]
    points = pl.DataFrame(
        {"month": [r[0] for r in rows], "easting": [r[1] for r in rows], "northing": [r[2] for r in rows]},
        schema={"month": pl.Date, "easting": pl.Float64, "northing": pl.Float64},
    )
    counts = cell_month_matrix(points, area, MONTHS)
    return History(area, counts, MONTHS, TARGET, build_events(points, MONTHS, TARGET))


def _pos(area: CellArea, i: int, j: int) -> int:
    x, y = _centre(i, j)
    return int(area.locate(np.array([x]), np.array([y]))[0])


def test_registry_builds_every_method_by_name() -> None:
    for name in REGISTRY:
        method = make_method(name)
        assert isinstance(method, HotspotMethod)
        assert method.name == name
        assert isinstance(method.params(), dict)
    with pytest.raises(ValueError, match="unknown method"):
        make_method("crystal_ball")


def test_naive_adds_up_the_window() -> None:
    area = _area()
    h = _history(area, [(0, _centre(2, 2), 3), (5, _centre(2, 2), 1), (5, _centre(7, 7), 2)])
    s = NaiveCounts().score(h)
    assert s[_pos(area, 2, 2)] == 4 and s[_pos(area, 7, 7)] == 2 and s.sum() == 6
    last = NaiveCounts(window=1).score(h)
    assert last[_pos(area, 2, 2)] == 1 and last[_pos(area, 7, 7)] == 2


def test_kde_peaks_at_the_incident_and_falls_off_symmetrically() -> None:
    area = _area()
    h = _history(area, [(3, _centre(5, 5), 1)])
    s = KernelDensity(bandwidth_m=150).score(h)
    centre = _pos(area, 5, 5)
    assert s.argmax() == centre
    rook = [s[_pos(area, 4, 5)], s[_pos(area, 6, 5)], s[_pos(area, 5, 4)], s[_pos(area, 5, 6)]]
    assert np.allclose(rook, rook[0], rtol=1e-6)
    assert s[centre] > rook[0] > s[_pos(area, 7, 5)] > s[_pos(area, 9, 5)]
    wide = KernelDensity(bandwidth_m=400).score(h)
    assert wide[_pos(area, 6, 5)] / wide[centre] > rook[0] / s[centre]


def test_kde_half_life_favours_recent_incidents() -> None:
    area = _area()
    h = _history(area, [(0, _centre(2, 2), 1), (5, _centre(7, 7), 1)])
    flat = KernelDensity(bandwidth_m=100).score(h)
    assert flat[_pos(area, 2, 2)] == pytest.approx(flat[_pos(area, 7, 7)], rel=1e-6)
    decayed = KernelDensity(bandwidth_m=100, half_life_months=1).score(h)
    assert decayed[_pos(area, 7, 7)] == pytest.approx(32 * decayed[_pos(area, 2, 2)], rel=1e-6)


def test_prospective_decays_with_age_and_distance_and_cuts_off() -> None:
    area = _area()
    method = ProspectiveHotspots(bandwidth_m=400, time_bandwidth_months=2)
    h = _history(area, [(5, _centre(2, 2), 1), (4, _centre(7, 7), 1), (0, _centre(2, 7), 5)])
    s = method.score(h)
    # last month weighs 1/(1+0), the month before 1/(1+1): twice as much at the incident itself
    assert s[_pos(area, 2, 2)] == pytest.approx(2 * s[_pos(area, 7, 7)], rel=1e-6)
    assert s[_pos(area, 2, 7)] == 0.0  # six months old: beyond the time bandwidth
    assert s[_pos(area, 2, 2)] > s[_pos(area, 3, 2)] > 0
    assert s[_pos(area, 5, 2)] == 0.0  # 600 m away: beyond the 400 m bandwidth
    # each incident's weight falls as 1 / (1 + d / unit), unit the 200 m cell by default
    unit_50 = ProspectiveHotspots(bandwidth_m=400, time_bandwidth_months=2, distance_unit_m=50).score(h)
    assert unit_50[_pos(area, 3, 2)] / unit_50[_pos(area, 2, 2)] < s[_pos(area, 3, 2)] / s[_pos(area, 2, 2)]


def test_gistar_is_esdas_statistic_on_rook_neighbours() -> None:
    area = _area()
    rng = np.random.default_rng(3)
    events = [(int(rng.integers(0, 6)), _centre(int(i), int(j)), 1) for i, j in rng.integers(0, 10, (60, 2))]
    h = _history(area, events)
    ours = GetisOrdGiStar(neighbour_radius_cells=1.1).score(h)
    # Cells are sorted by (column i, row j): the same order as a 10 x 10 lattice, i major.
    expected = G_Local(h.total, lat2W(10, 10, rook=True), transform="B", permutations=0, star=True).Zs
    assert np.allclose(ours, expected)


def test_gistar_ranks_a_cluster_above_an_isolated_cell_of_equal_count() -> None:
    area = _area()
    cluster = [(0, _centre(2, 2), 3), (1, _centre(2, 3), 2), (2, _centre(3, 2), 2), (3, _centre(1, 2), 2)]
    h = _history(area, [*cluster, (0, _centre(8, 8), 3)])
    s = GetisOrdGiStar().score(h)
    assert s[_pos(area, 2, 2)] > s[_pos(area, 8, 8)] > s[_pos(area, 5, 8)]
    assert not GetisOrdGiStar().score(_history(area, [])).any()


def test_blend_formula_by_hand() -> None:
    # Two cells that neighbour each other, three months.
    counts = np.array([[0.0, 2.0, 4.0], [3.0, 0.0, 0.0]])
    from scipy import sparse

    adjacency = sparse.csr_matrix(np.array([[0.0, 1.0], [1.0, 0.0]]))
    degree = np.array([1.0, 1.0])
    s = blend_scores(counts, adjacency, degree, beta=0.5, half_life_months=1.0, kappa=3.0)
    # cell 0: long = (6 + 3 * 3/3) / (3 + 3) = 1.5; recent = (0*0.25 + 2*0.5 + 4*1) / 1.75
    assert s[0] == pytest.approx(0.5 * 1.5 + 0.5 * (5.0 / 1.75))
    # cell 1: long = (3 + 3 * 6/3) / 6 = 1.5; recent = 3*0.25 / 1.75
    assert s[1] == pytest.approx(0.5 * 1.5 + 0.5 * (0.75 / 1.75))


def test_blend_lifts_a_quiet_cell_among_busy_neighbours() -> None:
    area = _area()
    busy = [(m, _centre(i, j), 2) for m in range(6) for i, j in [(4, 5), (6, 5), (5, 4), (5, 6)]]
    h = _history(area, [*busy, (2, _centre(5, 5), 1), (2, _centre(1, 1), 1)])
    naive = NaiveCounts().score(h)
    assert naive[_pos(area, 5, 5)] == naive[_pos(area, 1, 1)]
    s = Blend().score(h)
    assert s[_pos(area, 5, 5)] > s[_pos(area, 1, 1)]
    # With no prior weight and no recency, the blend is the naive rate.
    plain = Blend(beta=0.0, kappa=0.0).score(h)
    assert np.allclose(plain, naive / 6)


def test_blend_recency_follows_a_moving_problem() -> None:
    area = _area()
    h = _history(area, [(0, _centre(2, 2), 6), (1, _centre(2, 2), 6), (5, _centre(7, 7), 8)])
    assert NaiveCounts().score(h).argmax() == _pos(area, 2, 2)
    assert Blend(beta=0.9, half_life_months=1).score(h).argmax() == _pos(area, 7, 7)


def test_blend_tuned_picks_from_its_candidates_inside_the_window() -> None:
    area = _area()
    # A problem that moves every month: recency should win the backtests.
    events = [(m, _centre(m, m), 5) for m in range(6)] + [(m, _centre(9, 0), 2) for m in range(6)]
    h = _history(area, events)
    method = BlendTuned(betas=(0.25, 0.75), half_lives=(1.0, 4.0), kappas=(1.0,))
    beta, half_life, kappa = method.select(h.counts, area)
    assert (beta, half_life, kappa) in {(b, hl, 1.0) for b in (0.25, 0.75) for hl in (1.0, 4.0)}
    s = method.score(h)
    assert s.shape == (area.n,)
    assert method.chosen[-1]["target"] == "2022-07"


def test_methods_work_on_a_hex_grid() -> None:
    area = _area(grid=HexGrid(200))
    h = _history(area, [(4, _centre(3, 3), 2), (5, _centre(6, 6), 1)])
    hot = int(area.locate(np.array([_centre(3, 3)[0]]), np.array([_centre(3, 3)[1]]))[0])
    for name in REGISTRY:
        s = make_method(name).score(h)
        assert s.shape == (area.n,)
        # Gi* smooths over neighbours, so the hot cell may tie with them: it need only be a maximum.
        assert s[hot] == pytest.approx(s.max()), name
        assert s[hot] > np.median(s), name

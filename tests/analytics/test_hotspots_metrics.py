"""Hit rate, PAI, ties at the cut-off and the oracle ceiling, with exact expected values."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest

from saferplaces.analytics.hotspots.metrics import cells_for_coverage, expected_hits, oracle_hits, score_month


def test_cells_for_coverage_rounds_and_keeps_at_least_one() -> None:
    assert cells_for_coverage(1000, 1) == 10
    assert cells_for_coverage(1000, 5) == 50
    assert cells_for_coverage(78216, 1) == 782
    assert cells_for_coverage(50, 1) == 1  # 0.5 rounds to 0, but a selection has at least one cell
    assert cells_for_coverage(10, 100) == 10


def test_expected_hits_without_ties() -> None:
    scores = np.array([5.0, 4.0, 3.0, 2.0, 1.0])
    actual = np.array([1.0, 0.0, 7.0, 2.0, 9.0])
    assert expected_hits(scores, actual, 1) == 1.0
    assert expected_hits(scores, actual, 3) == 8.0
    assert expected_hits(scores, actual, 5) == 19.0


def test_ties_at_the_cut_off_share_the_remaining_slots() -> None:
    scores = np.array([9.0, 2.0, 2.0, 2.0, 0.0])
    actual = np.array([4.0, 3.0, 0.0, 6.0, 100.0])
    # one slot above the tie, then 1 of 3 tied cells: 4 + (1/3) * (3 + 0 + 6)
    assert expected_hits(scores, actual, 2) == pytest.approx(7.0)
    # two of three tied cells: 4 + (2/3) * 9
    assert expected_hits(scores, actual, 3) == pytest.approx(10.0)
    # order of cells does not matter
    perm = np.array([3, 1, 4, 0, 2])
    assert expected_hits(scores[perm], actual[perm], 2) == pytest.approx(7.0)


def test_oracle_takes_the_busiest_cells() -> None:
    actual = np.array([4.0, 3.0, 0.0, 6.0, 100.0])
    assert oracle_hits(actual, 1) == 100.0
    assert oracle_hits(actual, 2) == 106.0
    assert oracle_hits(actual, 9) == 113.0


def test_score_month_hit_rate_and_pai() -> None:
    # 100 cells: 1% = 1 cell, 5% = 5 cells.
    actual = np.zeros(100)
    actual[:10] = [10, 8, 6, 4, 2, 0, 0, 0, 0, 0]
    scores = np.zeros(100)
    scores[[1, 0, 50, 51, 52]] = [5, 4, 3, 2, 1]
    s = score_month(scores, actual, [1, 5], date(2022, 7, 1))
    assert s.incidents == 30.0
    assert s.hit_rate[1] == pytest.approx(8 / 30)
    assert s.pai[1] == pytest.approx((8 / 30) / 0.01)
    assert s.hit_rate[5] == pytest.approx(18 / 30)
    assert s.pai[5] == pytest.approx((18 / 30) / 0.05)
    ceiling = score_month(actual, actual, [1, 5], date(2022, 7, 1))
    assert ceiling.hit_rate[1] == pytest.approx(10 / 30)
    assert ceiling.hit_rate[5] == pytest.approx(1.0)


def test_a_month_without_incidents_has_no_hit_rate() -> None:
    s = score_month(np.ones(10), np.zeros(10), [10], date(2022, 1, 1))
    assert np.isnan(s.hit_rate[10]) and np.isnan(s.pai[10])

"""Hit rate, PAI and the oracle ceiling of a ranking of cells (Chainey, Tompson & Uhlig 2008).

* ``k = max(1, round(coverage% x N))`` cells are selected, ``N`` the cells of the study area;
* **hit rate** = incidents in the selected cells / all incidents in the area that month;
* **PAI** (predictive accuracy index) = hit rate / (k / N);
* the **ceiling** is the hit rate of the best possible ``k`` cells (most incidents that month).

Ties at the cut-off (common for counts) are broken at random *in expectation*: when ``m`` of the
``k`` slots go to ``T`` tied cells, those cells contribute ``m / T`` of their incidents, so results
do not depend on cell order.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np
from numpy.typing import NDArray

FloatArray = NDArray[np.float64]


def cells_for_coverage(n_cells: int, coverage_percent: float) -> int:
    """Number of cells that make up ``coverage_percent`` of an area of ``n_cells`` cells (at least 1)."""
    return max(1, min(n_cells, round(n_cells * coverage_percent / 100.0)))


def expected_hits(scores: FloatArray, actual: FloatArray, k: int) -> float:
    """Incidents captured by the top ``k`` cells by ``scores``, ties at the cut-off shared in expectation."""
    n = scores.size
    if k >= n:
        return float(actual.sum())
    # The k-th largest score is the cut-off; everything strictly above it is in.
    kth = np.partition(scores, n - k)[n - k]
    above = scores > kth
    tied = scores == kth
    n_above = int(above.sum())
    n_tied = int(tied.sum())
    return float(actual[above].sum() + (k - n_above) / n_tied * actual[tied].sum())


def oracle_hits(actual: FloatArray, k: int) -> float:
    """The most incidents any ``k`` cells hold: the ceiling for every method."""
    if k >= actual.size:
        return float(actual.sum())
    return float(np.partition(actual, actual.size - k)[actual.size - k :].sum())


@dataclass(frozen=True)
class MonthScore:
    """Hit rate and PAI of one selection rule on one test month, per coverage (percent -> value)."""

    month: date
    hit_rate: dict[float, float]
    pai: dict[float, float]
    incidents: float


def score_month(
    scores: FloatArray, actual: FloatArray, coverages: Sequence[float], month: date
) -> MonthScore:
    """Hit rate and PAI of ``scores`` against the month's ``actual`` per-cell counts."""
    n = actual.size
    total = float(actual.sum())
    hit: dict[float, float] = {}
    pai: dict[float, float] = {}
    for c in coverages:
        k = cells_for_coverage(n, c)
        rate = expected_hits(scores, actual, k) / total if total > 0 else math.nan
        hit[c] = rate
        pai[c] = rate / (k / n) if total > 0 else math.nan
    return MonthScore(month, hit, pai, total)

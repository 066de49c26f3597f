"""Long-term/recent blend with neighbourhood shrinkage: this project's own hotspot method.

Two estimates of a cell's next-month rate (incidents per cell per month) are blended:

* **long-term rate**, shrunk towards the neighbourhood (a Poisson-gamma posterior mean):
  ``long = (S + kappa * m) / (L + kappa)``, with ``S`` the cell's incidents over the ``L`` months
  of the window, ``m`` the mean monthly rate of its neighbouring cells (centroids within
  ``neighbour_radius_cells`` cell sizes, BNG metres) and ``kappa`` the weight of that prior in
  pseudo-months. A cell with one incident in six months beside busy cells ranks above an isolated
  one; a cell with a long record barely moves.
* **recent rate**: the recency-weighted mean of monthly counts, a month ``a`` months before the target
  weighing ``0.5 ** ((a - 1) / half_life_months)``.

``score = (1 - beta) * long + beta * recent``. The defaults (``beta`` 0.5, half-life 2 months,
``kappa`` 3 pseudo-months, queen neighbours) were chosen on Lancashire ASB January-June 2022 only
(April-June scored from the months before each), never on the July-December months the evaluation
reports. :class:`BlendTuned` instead re-tunes the three settings at every forecast by backtesting
inside its own training window, so it never sees the scored month either.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray
from scipy import sparse

from saferplaces.analytics.hotspots.grid import CellArea
from saferplaces.analytics.hotspots.history import History
from saferplaces.analytics.hotspots.metrics import cells_for_coverage, expected_hits

FloatArray = NDArray[np.float64]


def neighbourhood(area: CellArea, radius_cells: float) -> tuple[sparse.csr_matrix, FloatArray]:
    """Binary adjacency of cells within ``radius_cells`` cell sizes, and each cell's degree (cached)."""
    key = ("blend-neighbours", radius_cells)
    if key not in area.cache:
        adjacency = area.distance_band(radius_cells * area.grid.cell)
        degree = np.asarray(adjacency.sum(axis=1), dtype=np.float64).ravel()
        area.cache[key] = (adjacency, degree)
    cached: tuple[sparse.csr_matrix, FloatArray] = area.cache[key]
    return cached


def blend_scores(
    counts: FloatArray,
    adjacency: sparse.csr_matrix,
    degree: FloatArray,
    *,
    beta: float,
    half_life_months: float,
    kappa: float,
) -> FloatArray:
    """Blend score per cell from a cells x months window (oldest first); see the module docstring."""
    n_months = counts.shape[1]
    total = counts.sum(axis=1)
    neighbour_rate = (adjacency @ total) / np.maximum(degree, 1.0) / n_months
    long_term = (total + kappa * neighbour_rate) / (n_months + kappa)
    ages = np.arange(n_months)[::-1]  # 0 for the last month of the window
    weights = 0.5 ** (ages / half_life_months)
    recent = (counts * weights).sum(axis=1) / weights.sum()
    return np.asarray((1.0 - beta) * long_term + beta * recent, dtype=np.float64)


@dataclass(frozen=True)
class Blend:
    """Long-term/recent blend with neighbourhood shrinkage.

    Args:
        beta: weight of the recent rate (0 = long-term only, 1 = recent only).
        half_life_months: half-life of the recency weights, in months.
        kappa: prior weight of the neighbourhood rate, in pseudo-months.
        neighbour_radius_cells: neighbours are cells with centroids within this many cell sizes.
    """

    beta: float = 0.5
    half_life_months: float = 2.0
    kappa: float = 3.0
    neighbour_radius_cells: float = 1.5
    name: str = "blend"

    def params(self) -> dict[str, Any]:
        return {
            "beta": self.beta,
            "half_life_months": self.half_life_months,
            "kappa_pseudo_months": self.kappa,
            "neighbour_radius_cells": self.neighbour_radius_cells,
        }

    def score(self, history: History) -> FloatArray:
        adjacency, degree = neighbourhood(history.area, self.neighbour_radius_cells)
        return blend_scores(
            history.counts,
            adjacency,
            degree,
            beta=self.beta,
            half_life_months=self.half_life_months,
            kappa=self.kappa,
        )


@dataclass
class BlendTuned:
    """:class:`Blend` whose settings are re-chosen for every forecast, inside the training window.

    For a window of ``L`` months, each of the last ``tune_origins`` months of the window is predicted
    from the window months before it (at least ``min_history`` of them), for every combination of
    the candidate settings; the combination with the best mean hit rate at ``tune_coverage`` percent
    of the area wins (ties go to the earlier candidate). Nothing outside the window is used.

    Args:
        betas, half_lives, kappas: candidate settings (see :class:`Blend`).
        tune_origins: how many backtest months inside the window.
        min_history: fewest months a backtest may learn from.
        tune_coverage: share of the area (percent) whose hit rate is maximised.
        neighbour_radius_cells: as in :class:`Blend`.

    ``chosen`` records the settings picked for each forecast this instance has made (also in
    ``params()``), so a report can show them.
    """

    betas: Sequence[float] = (0.25, 0.5, 0.75)
    half_lives: Sequence[float] = (1.0, 2.0, 4.0)
    kappas: Sequence[float] = (1.0, 3.0, 6.0)
    tune_origins: int = 3
    min_history: int = 3
    tune_coverage: float = 1.0
    neighbour_radius_cells: float = 1.5
    name: str = "blend_tuned"
    chosen: list[dict[str, Any]] = field(default_factory=list, repr=False)

    def params(self) -> dict[str, Any]:
        return {
            "betas": list(self.betas),
            "half_lives_months": list(self.half_lives),
            "kappas_pseudo_months": list(self.kappas),
            "tune_origins": self.tune_origins,
            "min_history_months": self.min_history,
            "tune_coverage_percent": self.tune_coverage,
            "neighbour_radius_cells": self.neighbour_radius_cells,
            "chosen": list(self.chosen),
        }

    def select(self, counts: FloatArray, area: CellArea) -> tuple[float, float, float]:
        """The (beta, half-life, kappa) that backtest best inside ``counts`` (cells x months)."""
        adjacency, degree = neighbourhood(area, self.neighbour_radius_cells)
        n_months = counts.shape[1]
        origins = [t for t in range(n_months - self.tune_origins, n_months) if t >= self.min_history]
        candidates = list(itertools.product(self.betas, self.half_lives, self.kappas))
        if not origins:
            return candidates[0]
        k = cells_for_coverage(area.n, self.tune_coverage)
        best, best_score = candidates[0], -1.0
        for beta, half_life, kappa in candidates:
            rates = []
            for t in origins:
                actual = counts[:, t]
                if actual.sum() == 0:
                    continue
                s = blend_scores(
                    counts[:, :t], adjacency, degree, beta=beta, half_life_months=half_life, kappa=kappa
                )
                rates.append(expected_hits(s, actual, k) / actual.sum())
            score = float(np.mean(rates)) if rates else 0.0
            if score > best_score + 1e-12:
                best, best_score = (beta, half_life, kappa), score
        return best

    def score(self, history: History) -> FloatArray:
        beta, half_life, kappa = self.select(history.counts, history.area)
        self.chosen.append(
            {
                "target": history.target.strftime("%Y-%m"),
                "beta": beta,
                "half_life_months": half_life,
                "kappa_pseudo_months": kappa,
            }
        )
        adjacency, degree = neighbourhood(history.area, self.neighbour_radius_cells)
        return blend_scores(
            history.counts, adjacency, degree, beta=beta, half_life_months=half_life, kappa=kappa
        )

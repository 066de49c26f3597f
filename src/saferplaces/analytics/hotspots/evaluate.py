"""Rolling-origin evaluation of hotspot methods: hit rate, PAI and the oracle ceiling.

For each test month ``t`` (every month that has ``train_months`` full months before it), each method
scores the study area's cells from those months only (:class:`History`), the top ``k`` cells are
selected, and the selection is scored on month ``t``:

* ``k = max(1, round(coverage% x N))``, ``N`` the cells of the study area (the force area);
* **hit rate** = incidents of month ``t`` in the selected cells / all incidents of month ``t`` in
  the area (Chainey, Tompson & Uhlig 2008);
* **PAI** (predictive accuracy index) = hit rate / (k / N) (Chainey et al. 2008);
* the **ceiling** is the hit rate of the best possible ``k`` cells, those with most incidents in
  month ``t`` itself: with police.uk snapping every location to an anonymised street point, even a
  perfect forecast cannot do better.

Ties at the cut-off are shared in expectation (:mod:`saferplaces.analytics.hotspots.metrics`).

A second reference, ``reference_other_months``, ranks cells by their counts in *every other month of
the data, future ones included*. It is not a forecast; it shows how far any ranking built from
counts in other months could go, which is the honest yardstick for history-based methods.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from datetime import date
from typing import Any, Literal

import numpy as np
import polars as pl
from numpy.typing import NDArray

from saferplaces.analytics.hotspots.aggregate import cell_month_matrix, month_range
from saferplaces.analytics.hotspots.grid import CellArea
from saferplaces.analytics.hotspots.history import History, build_events
from saferplaces.analytics.hotspots.methods.base import HotspotMethod
from saferplaces.analytics.hotspots.metrics import MonthScore, cells_for_coverage, score_month

FloatArray = NDArray[np.float64]
Progress = Callable[[int], None]


def histories(
    points: pl.DataFrame,
    area: CellArea,
    *,
    train_months: int,
    value: Literal["count", "harm"] = "count",
    months: list[date] | None = None,
) -> list[tuple[History, FloatArray]]:
    """Every rolling origin: the training :class:`History` and the test month's per-cell values.

    Test months are those with ``train_months`` months before them in the data (gaps count as
    months with no incidents).
    """
    all_months = months or month_range(points)
    matrix = cell_month_matrix(points, area, all_months, value=value)
    return _origins(points, area, matrix, all_months, train_months, value)


def _origins(
    points: pl.DataFrame,
    area: CellArea,
    matrix: FloatArray,
    all_months: list[date],
    train_months: int,
    value: Literal["count", "harm"],
) -> list[tuple[History, FloatArray]]:
    out: list[tuple[History, FloatArray]] = []
    for t in range(train_months, len(all_months)):
        window = all_months[t - train_months : t]
        events = build_events(points, window, all_months[t], weight="harm" if value == "harm" else None)
        history = History(area, matrix[:, t - train_months : t], window, all_months[t], events)
        out.append((history, matrix[:, t]))
    return out


def _fmt_cov(c: float) -> str:
    return f"{c:g}"


def _month_json(s: MonthScore) -> dict[str, Any]:
    return {
        "month": s.month.strftime("%Y-%m"),
        "incidents": s.incidents,
        "hit_rate": {_fmt_cov(c): v for c, v in s.hit_rate.items()},
        "pai": {_fmt_cov(c): v for c, v in s.pai.items()},
    }


def _mean_json(scores: list[MonthScore], coverages: Sequence[float]) -> dict[str, Any]:
    return {
        "hit_rate": {_fmt_cov(c): float(np.mean([s.hit_rate[c] for s in scores])) for c in coverages},
        "pai": {_fmt_cov(c): float(np.mean([s.pai[c] for s in scores])) for c in coverages},
    }


def evaluate_methods(
    points: pl.DataFrame,
    area: CellArea,
    methods: Sequence[HotspotMethod],
    *,
    train_months: int = 6,
    coverages: Sequence[float] = (1.0, 5.0, 10.0),
    value: Literal["count", "harm"] = "count",
    baseline: str = "naive",
    progress: Progress | None = None,
) -> dict[str, Any]:
    """Rolling-origin evaluation of ``methods`` on ``points`` over ``area``.

    Args:
        points: incidents (see :mod:`saferplaces.analytics.hotspots.points`); a ``harm`` column is
            needed when ``value="harm"``.
        area: the study area's cells (its size is the denominator of coverage and PAI).
        methods: the methods to compare; include the naive baseline to get ratios against it.
        train_months: months of history each forecast may use.
        coverages: shares of the area, in percent.
        value: score hits by incident count or by summed harm.
        baseline: name of the method the ``vs_baseline`` ratios divide by.
        progress: called with 1 after each (method, month) is scored.

    Returns:
        A JSON-ready dict: ``settings``; ``test_months``; ``cells_selected`` (coverage -> k);
        ``methods`` (name -> ``params``, ``per_month`` [{month, incidents, hit_rate, pai}],
        ``mean`` {hit_rate, pai}, ``vs_baseline`` {coverage: mean hit rate / baseline's}); ``ceiling``
        (the same per-month and mean figures for the oracle); ``reference_other_months`` (see the module
        docstring); ``best`` (coverage -> best method by mean hit rate).
        Rates are fractions (0.398 is 39.8%); coverages are keyed by their percent as text ("1").
    """
    names = [m.name for m in methods]
    if len(set(names)) != len(names):
        raise ValueError(f"method names must be unique: {names}")
    all_months = month_range(points)
    matrix = cell_month_matrix(points, area, all_months, value=value)
    origins = _origins(points, area, matrix, all_months, train_months, value)
    if not origins:
        raise ValueError(f"need more than {train_months} months of data for a rolling-origin evaluation")
    per_method: dict[str, list[MonthScore]] = {m.name: [] for m in methods}
    ceiling: list[MonthScore] = []
    other_months: list[MonthScore] = []
    grand_total = matrix.sum(axis=1)
    for history, actual in origins:
        ceiling.append(score_month(actual, actual, coverages, history.target))
        other_months.append(score_month(grand_total - actual, actual, coverages, history.target))
        for method in methods:
            scores = np.asarray(method.score(history), dtype=np.float64)
            if scores.shape != (area.n,):
                raise ValueError(f"{method.name} returned {scores.shape}, expected ({area.n},)")
            per_method[method.name].append(score_month(scores, actual, coverages, history.target))
            if progress:
                progress(1)

    result_methods: dict[str, Any] = {}
    for method in methods:
        scores_m = per_method[method.name]
        result_methods[method.name] = {
            "params": method.params(),
            "per_month": [_month_json(s) for s in scores_m],
            "mean": _mean_json(scores_m, coverages),
        }
    if baseline in result_methods:
        base = result_methods[baseline]["mean"]["hit_rate"]
        for entry in result_methods.values():
            entry["vs_baseline"] = {
                c: (v / base[c] if base[c] else math.nan) for c, v in entry["mean"]["hit_rate"].items()
            }
    best = {
        _fmt_cov(c): max(result_methods, key=lambda n: result_methods[n]["mean"]["hit_rate"][_fmt_cov(c)])
        for c in coverages
    }
    return {
        "settings": {
            "train_months": train_months,
            "coverages_percent": [float(c) for c in coverages],
            "value": value,
            "grid": area.grid.kind,
            "cell_m": area.grid.cell,
            "cells_in_area": area.n,
            "area_km2": area.area_km2,
            "baseline": baseline,
            "tie_rule": "ties at the cut-off share the remaining slots in expectation",
        },
        "test_months": [h.target.strftime("%Y-%m") for h, _ in origins],
        "cells_selected": {_fmt_cov(c): cells_for_coverage(area.n, c) for c in coverages},
        "methods": result_methods,
        "ceiling": {"per_month": [_month_json(s) for s in ceiling], "mean": _mean_json(ceiling, coverages)},
        "reference_other_months": {
            "note": "ranks cells by counts in all other months of the data, future ones included: "
            "not a forecast, an upper reference for rankings built from counts",
            "per_month": [_month_json(s) for s in other_months],
            "mean": _mean_json(other_months, coverages),
        },
        "best": best,
    }

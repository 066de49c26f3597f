"""Hotspot maps for the next month: the top cells by a method, as GeoJSON for a map page.

A Django view (or the CLI) passes a points table, a study area and a method; it gets back a plain
GeoJSON dict (WGS84) of the selected cells with their rank, score and past counts and harm.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

import numpy as np
import polars as pl

from saferplaces.analytics.hotspots.aggregate import cell_month_matrix, month_range
from saferplaces.analytics.hotspots.grid import CellArea
from saferplaces.analytics.hotspots.history import History, build_events
from saferplaces.analytics.hotspots.methods.base import HotspotMethod
from saferplaces.analytics.hotspots.metrics import cells_for_coverage


def next_month(month: date) -> date:
    """First day of the month after ``month``."""
    return date(month.year + 1, 1, 1) if month.month == 12 else date(month.year, month.month + 1, 1)


def predict_hotspots(
    points: pl.DataFrame,
    area: CellArea,
    method: HotspotMethod,
    *,
    coverage: float = 1.0,
    train_months: int = 6,
    target: date | None = None,
    value: Literal["count", "harm"] = "count",
) -> dict[str, Any]:
    """The top ``coverage`` percent of the area's cells for ``target``, as a GeoJSON FeatureCollection.

    Args:
        points: incidents (see :mod:`saferplaces.analytics.hotspots.points`), with ``harm`` when
            harm should be shown or ranked on.
        area: study area cells.
        method: any hotspot method.
        coverage: share of the area to select, in percent.
        train_months: months before ``target`` the method may use.
        target: the month to forecast; default the month after the last month in ``points``.
        value: rank on counts or on harm.

    Returns:
        A FeatureCollection (WGS84) whose features carry ``cell``, ``rank`` (1 = hottest),
        ``score``, ``count`` and ``harm`` (over the training window); a top-level ``metadata`` dict
        names the method, its settings, the target month, the window and the cells selected.
    """
    months = month_range(points)
    if not months:
        raise ValueError("no points")
    target = target or next_month(months[-1])
    window: list[date] = []
    m = target
    for _ in range(train_months):
        m = date(m.year - 1, 12, 1) if m.month == 1 else date(m.year, m.month - 1, 1)
        window.insert(0, m)
    counts = cell_month_matrix(points, area, window, value="count")
    harm_matrix = cell_month_matrix(points, area, window, value="harm") if "harm" in points.columns else None
    if value == "harm" and harm_matrix is None:
        raise ValueError("ranking on harm needs a harm column: run apply_harm first")
    values = harm_matrix if value == "harm" and harm_matrix is not None else counts
    harm = harm_matrix.sum(axis=1) if harm_matrix is not None else np.full(area.n, np.nan)
    events = build_events(points, window, target, weight="harm" if value == "harm" else None)
    scores = np.asarray(method.score(History(area, values, window, target, events)), dtype=np.float64)
    k = cells_for_coverage(area.n, coverage)
    order = np.argsort(-scores, kind="stable")[:k]
    collection = area.to_geojson(
        order,
        {
            "rank": list(range(1, k + 1)),
            "score": [float(v) for v in scores[order]],
            "count": [int(v) for v in counts.sum(axis=1)[order]],
            "harm": [None if np.isnan(v) else float(v) for v in harm[order]],
        },
    )
    collection["metadata"] = {
        "method": method.name,
        "params": method.params(),
        "target_month": target.strftime("%Y-%m"),
        "window": [window[0].strftime("%Y-%m"), window[-1].strftime("%Y-%m")],
        "coverage_percent": coverage,
        "cells_selected": k,
        "cells_in_area": area.n,
        "grid": area.grid.kind,
        "cell_m": area.grid.cell,
        "ranked_on": value,
    }
    return collection

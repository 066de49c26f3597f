"""Measure the hotspot methods' accuracy on data in the database (or a file) and store it.

The measurement is :func:`saferplaces.analytics.hotspots.evaluate_methods` (rolling origin over
months: each test month forecast from the ``train_months`` before it; hit rate, PAI and the oracle
ceiling at each coverage). It takes seconds to minutes, so it runs from the
``saferplaces hotspot_accuracy`` command and the map page only reads the stored row.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import polars as pl

from saferplaces.analytics.hotspots import CellArea, evaluate_methods, make_method, month_range
from saferplaces.areas.models import District
from saferplaces.maps import queries
from saferplaces.maps.models import HotspotAccuracy
from saferplaces.maps.services import METHODS, points_frame, study_area


class NotEnoughData(ValueError):
    """The data cannot support a rolling-origin evaluation (too few months, or empty test months)."""


@dataclass(frozen=True)
class Measurement:
    """What to measure on: points (with harm), their study area, and how to describe them."""

    points: pl.DataFrame
    area: CellArea
    source: str
    data_label: str
    category: str = ""
    district: District | None = None


def finite(value: Any) -> Any:
    """NaN and infinities become None, recursively (PostgreSQL's jsonb refuses NaN)."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: finite(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [finite(v) for v in value]
    return value


def test_months(points: pl.DataFrame, train_months: int) -> list[date]:
    """The months that will be forecast and scored, after checking every one has incidents.

    Raises:
        NotEnoughData: fewer than ``train_months + 1`` months, or a test month with no incidents
            (its hit rate would be undefined: police.uk samples with gaps between months).
    """
    months = month_range(points)
    if len(months) <= train_months:
        raise NotEnoughData(
            f"{len(months)} month(s) of data: a rolling-origin evaluation with {train_months} training "
            f"months needs at least {train_months + 1}"
        )
    present = set(points["month"].unique().to_list())
    empty = [m.strftime("%Y-%m") for m in months[train_months:] if m not in present]
    if empty:
        raise NotEnoughData(
            f"no incidents in test month(s) {', '.join(empty)}: choose a run of consecutive months "
            "with --from/--to"
        )
    return months[train_months:]


def from_database(
    source: str,
    *,
    district: District | None,
    kind: str,
    month_from: date | None,
    month_to: date | None,
    grid: str,
    cell_m: float,
) -> Measurement:
    """Points of ``source`` in the database (every district, or one) and the cells of its LSOAs."""
    scope = queries.Scope(None if district is None else (district.pk,))
    last = month_to or queries.latest_month(None, source, scope)
    if last is None:
        raise NotEnoughData(f"no located {source} records in the database")
    first = month_from or date(2000, 1, 1)
    rows = queries.point_rows(None, source, scope, month_from=first, month_to=last, kind=kind)
    points = points_frame(rows, source)
    version = queries.data_version(source, scope)
    area = study_area(scope, grid, version, points, cell_m=cell_m)
    if area is None:
        raise NotEnoughData("no points and no LSOA boundaries to evaluate on")
    label = "police.uk street records" if source == "policeuk" else "incident logs"
    return Measurement(points, area, source, f"{label} in the database", kind, district)


def measure(
    data: Measurement,
    *,
    train_months: int = 6,
    coverages: Sequence[float] = (1.0, 5.0, 10.0),
    methods: Sequence[str] = METHODS,
    value: str = "count",
    progress: Callable[[int], None] | None = None,
) -> HotspotAccuracy:
    """Evaluate ``methods`` on ``data`` and store the result as a :class:`HotspotAccuracy` row."""
    tests = test_months(data.points, train_months)
    result = evaluate_methods(
        data.points,
        data.area,
        [make_method(m) for m in methods],
        train_months=train_months,
        coverages=coverages,
        value="harm" if value == "harm" else "count",
        progress=progress,
    )
    months = month_range(data.points)
    return HotspotAccuracy.objects.create(
        source=data.source,
        data_label=data.data_label[:300],
        category=data.category,
        district=data.district,
        grid=data.area.grid.kind,
        cell_m=float(data.area.grid.cell),
        train_months=train_months,
        value=value,
        first_month=months[0],
        last_month=months[-1],
        test_months=[m.strftime("%Y-%m") for m in tests],
        points=data.points.height,
        cells_in_area=data.area.n,
        result=finite(result),
    )

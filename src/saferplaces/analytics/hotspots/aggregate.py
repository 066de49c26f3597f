"""Counts and harm of incidents per grid cell, LSOA or district, by month or by window.

Input is a points table from :mod:`saferplaces.analytics.hotspots.points` (BNG ``easting`` and
``northing`` in metres, ``month`` as a date); when it has a ``harm`` column (from
:func:`saferplaces.analytics.harm.apply_harm`) harm is summed beside the count, otherwise ``harm`` is
null. Counts and harm are always side by side.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Literal

import numpy as np
import polars as pl
from numpy.typing import NDArray

from saferplaces.analytics.geo import AreaIndex
from saferplaces.analytics.hotspots.grid import CellArea, HexGrid, SquareGrid

Window = tuple[date, date]
Period = Literal["month", "all"] | Sequence[Window]


def month_range(points: pl.DataFrame) -> list[date]:
    """Every month from the first to the last in ``points`` (gaps included), as first-of-month dates."""
    if points.height == 0:
        return []
    first: date = points["month"].min()  # type: ignore[assignment]
    last: date = points["month"].max()  # type: ignore[assignment]
    out: list[date] = []
    y, m = first.year, first.month
    while (y, m) <= (last.year, last.month):
        out.append(date(y, m, 1))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def _value_exprs(points: pl.DataFrame) -> list[pl.Expr]:
    harm = pl.col("harm").sum() if "harm" in points.columns else pl.lit(None, dtype=pl.Float64)
    return [pl.len().alias("count"), harm.alias("harm")]


def _by_period(points: pl.DataFrame, keys: list[str], period: Period) -> pl.DataFrame:
    """Group by ``keys`` and period; a window is labelled ``YYYY-MM..YYYY-MM`` (inclusive)."""
    if period == "month":
        out = points.group_by([*keys, "month"]).agg(_value_exprs(points))
        return out.with_columns(pl.col("month").dt.strftime("%Y-%m").alias("period")).drop("month")
    if period == "all":
        return points.group_by(keys).agg(_value_exprs(points)).with_columns(pl.lit("all").alias("period"))
    parts = []
    for start, end in period:
        sub = points.filter(pl.col("month").is_between(start, end))
        label = f"{start:%Y-%m}..{end:%Y-%m}"
        parts.append(sub.group_by(keys).agg(_value_exprs(points)).with_columns(pl.lit(label).alias("period")))
    return pl.concat(parts) if parts else pl.DataFrame()


def aggregate_cells(
    points: pl.DataFrame,
    grid: SquareGrid | HexGrid,
    *,
    period: Period = "month",
    area: CellArea | None = None,
) -> pl.DataFrame:
    """Count (and harm) per grid cell and period.

    Args:
        points: needs ``easting``, ``northing`` (BNG metres) and ``month``.
        grid: square or hexagonal grid (cell size in metres).
        period: ``"month"``, ``"all"``, or a list of inclusive ``(first_month, last_month)`` windows.
        area: when given, only cells of this study area are kept.

    Returns:
        Columns ``cell`` (int64 key), ``period``, ``count``, ``harm``, ``easting``, ``northing``
        (the cell centroid in BNG metres), sorted by period then count descending.
    """
    keys = grid.assign(points["easting"].to_numpy(), points["northing"].to_numpy())
    frame = points.with_columns(cell=pl.Series(keys, dtype=pl.Int64))
    if area is not None:
        frame = frame.filter(pl.Series(area.index_of(keys) >= 0))
    out = _by_period(frame, ["cell"], period)
    cx, cy = grid.centroids(out["cell"].to_numpy())
    return out.with_columns(easting=pl.Series(cx), northing=pl.Series(cy)).sort(
        ["period", "count", "cell"], descending=[False, True, False]
    )


def aggregate_areas(
    points: pl.DataFrame,
    *,
    column: str | None = "lsoa_code",
    index: AreaIndex | None = None,
    name: str = "area",
    period: Period = "month",
) -> pl.DataFrame:
    """Count (and harm) per named area (LSOA, ward, district) and period.

    Either group on an existing column (``column``, e.g. the police.uk ``lsoa_code``), or place each
    point with ``index`` (an :class:`~saferplaces.analytics.geo.AreaIndex` over WGS84 polygons, e.g.
    districts) and name the result column ``name``. Points in no area are kept under a null area so
    that totals still add up.
    """
    if index is not None:
        codes = index.locate(points["longitude"].to_list(), points["latitude"].to_list())
        frame = points.with_columns(pl.Series(name, codes, dtype=pl.String))
        group = name
    elif column is not None:
        if column not in points.columns:
            raise ValueError(f"points have no {column!r} column: pass an AreaIndex instead")
        frame, group = points, column
    else:
        raise ValueError("give a column or an AreaIndex")
    return _by_period(frame, [group], period).sort(["period", "count"], descending=[False, True])


def cell_month_matrix(
    points: pl.DataFrame,
    area: CellArea,
    months: Sequence[date],
    *,
    value: Literal["count", "harm"] = "count",
) -> NDArray[np.float64]:
    """Cells x months array of counts (or summed harm) for the cells of ``area``.

    Row ``i`` is ``area.keys[i]``; column ``t`` is ``months[t]``. Points outside the area or the
    months are left out.
    """
    pos = area.locate(points["easting"].to_numpy(), points["northing"].to_numpy())
    t = month_positions(points, months)
    weights = None
    if value == "harm":
        if "harm" not in points.columns:
            raise ValueError("points have no harm column: run apply_harm first")
        weights = points["harm"].fill_null(0.0).to_numpy()
    ok = (pos >= 0) & (t >= 0)
    n_t = len(months)
    flat = np.bincount(
        pos[ok] * n_t + t[ok],
        weights=None if weights is None else weights[ok],
        minlength=area.n * n_t,
    )
    return flat.astype(np.float64).reshape(area.n, n_t)


def month_positions(points: pl.DataFrame, months: Sequence[date]) -> NDArray[np.int64]:
    """Position of each point's month in ``months`` (any order, no duplicates), or -1."""
    if not months:
        return np.full(points.height, -1, dtype=np.int64)
    ordinals = np.array([m.year * 12 + m.month - 1 for m in months], dtype=np.int64)
    base = int(ordinals.min())
    lookup = np.full(int(ordinals.max()) - base + 1, -1, dtype=np.int64)
    lookup[ordinals - base] = np.arange(len(months))
    ordinal = (
        points.select(pl.col("month").dt.year().cast(pl.Int64) * 12 + pl.col("month").dt.month() - 1)
        .to_series()
        .to_numpy()
        - base
    )
    inside = (ordinal >= 0) & (ordinal < lookup.size)
    return np.where(inside, lookup[np.clip(ordinal, 0, lookup.size - 1)], -1).astype(np.int64)


def rank_cells(counts: NDArray[np.float64], top: int | None = None) -> NDArray[np.int64]:
    """Positions of the cells in descending order of ``counts`` (ties by position), optionally the top k."""
    order = np.argsort(-np.asarray(counts), kind="stable")
    return order if top is None else order[:top]

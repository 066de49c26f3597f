"""What a hotspot method sees: the study area and the incidents of the months before a target month.

Every method scores the cells of a :class:`~saferplaces.analytics.hotspots.grid.CellArea` from a
:class:`History` and nothing else, so the rolling-origin evaluation can guarantee that no method sees
the month it is scored on.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import polars as pl
from numpy.typing import NDArray

from saferplaces.analytics.hotspots.aggregate import month_positions
from saferplaces.analytics.hotspots.grid import CellArea


@dataclass(frozen=True)
class Events:
    """Incidents as distinct (location, month) rows with a weight (count or harm).

    Attributes:
        x, y: BNG easting/northing in metres.
        age: whole months before the target month (1 = the month just before it).
        weight: number of incidents at that point in that month (or their summed harm).
        location: the police.uk map-point name of each row (e.g. "Supermarket", "Parking Area" or a
            street name), or None when the points carry no ``location`` column. Methods that use it
            must work without it.
    """

    x: NDArray[np.float64]
    y: NDArray[np.float64]
    age: NDArray[np.int64]
    weight: NDArray[np.float64]
    location: NDArray[np.object_] | None = None

    @property
    def size(self) -> int:
        return int(self.x.size)


@dataclass(frozen=True)
class History:
    """The training window for one target month.

    Attributes:
        area: the study area's cells.
        counts: cells x months array (count or harm), oldest month first; the last column is the
            month just before ``target``.
        months: the training months (first day of each), oldest first.
        target: the month to be predicted.
        events: the same incidents as points, for methods that work in continuous space.
    """

    area: CellArea
    counts: NDArray[np.float64]
    months: list[date]
    target: date
    events: Events

    @property
    def n_months(self) -> int:
        return len(self.months)

    @property
    def total(self) -> NDArray[np.float64]:
        """Per-cell sum over the training window."""
        return np.asarray(self.counts.sum(axis=1), dtype=np.float64)


def build_events(
    points: pl.DataFrame, months: list[date], target: date, *, weight: str | None = None
) -> Events:
    """Distinct (easting, northing, month) rows of ``points`` in ``months``, with their weight.

    police.uk snaps incidents to a limited set of anonymised street points, so collapsing duplicates
    shrinks the work of the continuous-space methods several-fold without changing any result. When
    ``points`` has a ``location`` column, each row keeps the point's map-point name (the first
    non-null one, in sort order, if a point carries several).
    """
    t = month_positions(points, months)
    has_location = "location" in points.columns
    frame = points.select(
        pl.col("easting"),
        pl.col("northing"),
        pl.Series("t", t),
        (pl.col(weight).fill_null(0.0) if weight else pl.lit(1.0)).cast(pl.Float64).alias("w"),
        *([pl.col("location").cast(pl.String)] if has_location else []),
    ).filter(pl.col("t") >= 0)
    aggs = [pl.col("w").sum()]
    if has_location:
        aggs.append(pl.col("location").drop_nulls().sort().first())
    grouped = frame.group_by(["easting", "northing", "t"]).agg(aggs)
    grouped = grouped.sort(["t", "easting", "northing"])  # deterministic order for reproducible sums
    target_ord = target.year * 12 + target.month
    month_ord = np.array([m.year * 12 + m.month for m in months], dtype=np.int64)
    ages = target_ord - month_ord[grouped["t"].to_numpy()]
    return Events(
        x=grouped["easting"].to_numpy().astype(np.float64),
        y=grouped["northing"].to_numpy().astype(np.float64),
        age=ages.astype(np.int64),
        weight=grouped["w"].to_numpy().astype(np.float64),
        location=grouped["location"].to_numpy().astype(object) if has_location else None,
    )

"""A learned ranker: gradient-boosted Poisson regression fitted inside each training window.

For a training window of ``L`` months, the last ``train_origins`` months of the window are each
treated as a target: the features of every candidate cell are computed from the window months
*before* that month only, and a :class:`sklearn.ensemble.HistGradientBoostingRegressor` with Poisson
loss learns the target month's count from them. The fitted model then scores the cells from the
features of the whole window, for the month after it. Nothing outside the window is seen, so the
rolling-origin evaluation stays leak-free.

Features per cell (units: incidents per cell per month unless stated; ``log1p`` applied to rates):

* counts: the last three months' counts, the mean monthly rate, the share of months with any
  incident, and a recency-weighted rate (a month ``a`` months back weighs ``0.5 ** ((a - 1) / h)``);
* neighbourhood: the mean monthly rate of cells whose centroids lie within ``near_radius_cells`` and
  ``far_radius_cells`` cell sizes (BNG metres), and the near neighbours' last month;
* map points (police.uk snaps every record to an anonymised map point): the monthly rate with each
  point's count in a month capped at ``point_month_cap`` (a burst of repeat calls at one address
  counts once ``cap``), distinct point-months per month, distinct points active last month;
* place type: the monthly rate at map points whose name is a police.uk place type
  (:data:`PLACE_TYPES`: supermarket, shopping area, nightclub, parking area...) and whether the
  cell has any. When the points carry no ``location`` column these two are zero, so the method
  degrades to the other features rather than failing.

Only candidate cells, those with an incident within ``far_radius_cells`` during the window, are
fitted and scored; the rest score 0. Ties in the model's (piecewise-constant) prediction are broken
by the :mod:`blend <saferplaces.analytics.hotspots.methods.blend>` score. With too little data to fit
(fewer than ``min_training_incidents`` incidents in the target months, or a window too short for one
origin) the method returns the blend score.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from saferplaces.analytics.hotspots.history import Events, History
from saferplaces.analytics.hotspots.methods.blend import blend_scores, neighbourhood

FloatArray = NDArray[np.float64]

# police.uk map points named after a place rather than a street ("On or near Supermarket").
PLACE_TYPES = frozenset(
    {
        "Airport/Airfield",
        "Bus/Coach Station",
        "Conference/Exhibition Centre",
        "Further/Higher Educational Building",
        "Hospital",
        "Nightclub",
        "Park/Open Space",
        "Parking Area",
        "Pedestrian Subway",
        "Petrol Station",
        "Police Station",
        "Shopping Area",
        "Sports/Recreation Area",
        "Supermarket",
        "Theatre/Concert Hall",
        "Train Station",
    }
)

FEATURE_NAMES = (
    "lag1",
    "lag2",
    "lag3",
    "rate",
    "active_share",
    "recent_rate",
    "near_rate",
    "far_rate",
    "near_lag1",
    "capped_rate",
    "point_months_rate",
    "points_lag1",
    "place_rate",
    "has_place",
)


def is_place_type(names: NDArray[np.object_]) -> NDArray[np.bool_]:
    """True where a police.uk location name is a place type (``"On or near "`` prefix ignored)."""
    out = np.zeros(len(names), dtype=bool)
    for i, name in enumerate(names):
        if isinstance(name, str):
            out[i] = name.removeprefix("On or near ").strip() in PLACE_TYPES
    return out


@dataclass(frozen=True)
class PointMonths:
    """The window's map-point rows located in the study area.

    Attributes:
        cell: position of each row's cell in the area.
        month: window month index of each row (0 = oldest window month).
        weight: incidents at that point in that month (or harm).
        place: whether the point is a police.uk place type.
    """

    cell: NDArray[np.int64]
    month: NDArray[np.int64]
    weight: FloatArray
    place: NDArray[np.bool_]

    @classmethod
    def from_events(cls, events: Events, cells: NDArray[np.int64], n_months: int) -> PointMonths:
        """``cells``: each event's cell position (-1 outside the area); rows outside are dropped."""
        inside = cells >= 0
        place = (
            is_place_type(events.location)
            if events.location is not None
            else np.zeros(events.size, dtype=bool)
        )
        return cls(
            cell=cells[inside],
            month=(n_months - events.age[inside]).astype(np.int64),
            weight=events.weight[inside],
            place=place[inside],
        )


def cell_features(
    counts: FloatArray,
    pm: PointMonths,
    origin: int,
    near: tuple[Any, FloatArray],
    far: tuple[Any, FloatArray],
    *,
    half_life_months: float,
    point_month_cap: float,
) -> FloatArray:
    """Features (columns as :data:`FEATURE_NAMES`) of every cell for predicting window month ``origin``.

    Only window months ``0 .. origin - 1`` are used. ``near`` and ``far`` are (adjacency, degree)
    pairs of the neighbourhoods; ``counts`` is cells x months, oldest first.
    """
    n_cells = counts.shape[0]
    if origin < 1:
        raise ValueError("origin must leave at least one month of history")
    past = counts[:, :origin]
    total = past.sum(axis=1)
    lags = [past[:, -a] if origin >= a else np.zeros(n_cells) for a in (1, 2, 3)]
    ages = np.arange(origin)[::-1]
    weights = 0.5 ** (ages / half_life_months)
    recent = (past * weights).sum(axis=1) / weights.sum()
    (near_adj, near_deg), (far_adj, far_deg) = near, far
    near_rate = (near_adj @ total) / np.maximum(near_deg, 1.0) / origin
    far_rate = (far_adj @ total) / np.maximum(far_deg, 1.0) / origin
    near_lag1 = (near_adj @ past[:, -1]) / np.maximum(near_deg, 1.0)

    rows = pm.month < origin
    cell, w = pm.cell[rows], pm.weight[rows]
    capped = np.bincount(cell, np.minimum(w, point_month_cap), minlength=n_cells)
    point_months = np.bincount(cell, minlength=n_cells).astype(np.float64)
    points_lag1 = np.bincount(pm.cell[pm.month == origin - 1], minlength=n_cells).astype(np.float64)
    place = np.bincount(cell[pm.place[rows]], w[pm.place[rows]], minlength=n_cells)

    columns = [
        *(np.log1p(lag) for lag in lags),
        np.log1p(total / origin),
        (past > 0).mean(axis=1),
        np.log1p(recent),
        np.log1p(near_rate),
        np.log1p(far_rate),
        np.log1p(near_lag1),
        np.log1p(capped / origin),
        np.log1p(point_months / origin),
        np.log1p(points_lag1),
        np.log1p(place / origin),
        (place > 0).astype(np.float64),
    ]
    return np.column_stack(columns).astype(np.float64)


def _lexicographic_rank(primary: FloatArray, secondary: FloatArray) -> FloatArray:
    """Ranks (0 = lowest) ordering by ``primary`` then ``secondary``; equal pairs share a rank."""
    order = np.lexsort((secondary, primary))
    p, s = primary[order], secondary[order]
    new_group = np.ones(order.size, dtype=bool)
    new_group[1:] = (p[1:] != p[:-1]) | (s[1:] != s[:-1])
    ranks = np.empty(order.size, dtype=np.float64)
    ranks[order] = np.cumsum(new_group) - 1
    return ranks


@dataclass(frozen=True)
class LearnedRanker:
    """Gradient-boosted Poisson ranker fitted on rolling origins inside the training window.

    Args:
        train_origins: how many of the window's last months serve as training targets.
        min_history: fewest window months a training target is predicted from.
        max_iter: boosting iterations.
        learning_rate: shrinkage of each boosting step.
        max_leaf_nodes: leaves per tree.
        min_samples_leaf: fewest cells (rows) in a leaf.
        l2_regularization: L2 penalty on leaf values.
        half_life_months: half-life of the recency-weighted rate feature, in months.
        near_radius_cells: radius of the near neighbourhood, in cell sizes (1.5: queen on squares).
        far_radius_cells: radius of the far neighbourhood and of the candidate cells, in cell sizes.
        point_month_cap: cap on one map point's incidents in one month (in the value's units).
        min_training_incidents: below this many incidents in the target months, use the blend.
        blend_beta, blend_half_life_months, blend_kappa: the blend used for ties and as fallback.
        threads: OpenMP threads for the fit (None: scikit-learn's default, all cores). One is the
            default because the fits are small and many threads on a busy machine spin and slow down.
    """

    train_origins: int = 3
    min_history: int = 3
    max_iter: int = 100
    learning_rate: float = 0.05
    max_leaf_nodes: int = 15
    min_samples_leaf: int = 100
    l2_regularization: float = 1.0
    half_life_months: float = 2.0
    near_radius_cells: float = 1.5
    far_radius_cells: float = 3.2
    point_month_cap: float = 3.0
    min_training_incidents: int = 30
    blend_beta: float = 0.5
    blend_half_life_months: float = 2.0
    blend_kappa: float = 3.0
    threads: int | None = 1
    name: str = "learned"

    def params(self) -> dict[str, Any]:
        return {
            "model": "sklearn HistGradientBoostingRegressor, loss=poisson",
            "train_origins": self.train_origins,
            "min_history_months": self.min_history,
            "max_iter": self.max_iter,
            "learning_rate": self.learning_rate,
            "max_leaf_nodes": self.max_leaf_nodes,
            "min_samples_leaf_cells": self.min_samples_leaf,
            "l2_regularization": self.l2_regularization,
            "half_life_months": self.half_life_months,
            "near_radius_cells": self.near_radius_cells,
            "far_radius_cells": self.far_radius_cells,
            "point_month_cap": self.point_month_cap,
            "min_training_incidents": self.min_training_incidents,
            "features": list(FEATURE_NAMES),
        }

    def origins(self, n_months: int) -> list[int]:
        """Window month indices used as training targets."""
        first = max(self.min_history, n_months - self.train_origins)
        return list(range(first, n_months))

    def score(self, history: History) -> FloatArray:
        area = history.area
        counts = np.asarray(history.counts, dtype=np.float64)
        n_months = counts.shape[1]
        adjacency, degree = neighbourhood(area, 1.5)
        blend = blend_scores(
            counts,
            adjacency,
            degree,
            beta=self.blend_beta,
            half_life_months=self.blend_half_life_months,
            kappa=self.blend_kappa,
        )
        origins = self.origins(n_months)
        if not origins or counts[:, origins].sum() < self.min_training_incidents:
            return blend
        near = neighbourhood(area, self.near_radius_cells)
        far = neighbourhood(area, self.far_radius_cells)
        candidate = (far[0] @ counts.sum(axis=1) + counts.sum(axis=1)) > 0
        pm = PointMonths.from_events(
            history.events, area.locate(history.events.x, history.events.y), n_months
        )

        def features(origin: int) -> FloatArray:
            x = cell_features(
                counts,
                pm,
                origin,
                near,
                far,
                half_life_months=self.half_life_months,
                point_month_cap=self.point_month_cap,
            )
            return x[candidate]

        x_train = np.vstack([features(o) for o in origins])
        y_train = np.concatenate([counts[candidate, o] for o in origins])
        # Imported here: scikit-learn takes a second to import, and listing methods must not pay it.
        from sklearn.ensemble import HistGradientBoostingRegressor
        from threadpoolctl import threadpool_limits

        model = HistGradientBoostingRegressor(
            loss="poisson",
            max_iter=self.max_iter,
            learning_rate=self.learning_rate,
            max_leaf_nodes=self.max_leaf_nodes,
            min_samples_leaf=self.min_samples_leaf,
            l2_regularization=self.l2_regularization,
            early_stopping=False,  # no random validation split: the same data give the same scores
            random_state=0,
        )
        with threadpool_limits(limits=self.threads, user_api="openmp"):
            model.fit(x_train, y_train)
            predicted = np.zeros(area.n, dtype=np.float64)
            predicted[candidate] = model.predict(features(n_months))
        return _lexicographic_rank(predicted, blend)

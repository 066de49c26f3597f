"""Getis-Ord Gi* local statistic (Getis & Ord 1992; Ord & Getis 1995), computed by PySAL esda.

Getis, A. & Ord, J. K. (1992), "The analysis of spatial association by use of distance statistics",
*Geographical Analysis* 24(3); Ord, J. K. & Getis, A. (1995), "Local spatial autocorrelation
statistics", *Geographical Analysis* 27(4). Gi* compares the sum of counts in a cell and its
neighbours with what the whole area would give by chance; cells are ranked by its z-score. It is the
"hot spot analysis" of ArcGIS. The computation is ``esda.G_Local(y, w, transform="B", star=True)``
over binary distance-band weights built with ``libpysal``; no permutation inference is run, because
only the ranking is used.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import NDArray

from saferplaces.analytics.hotspots.grid import CellArea
from saferplaces.analytics.hotspots.history import History

if TYPE_CHECKING:
    from libpysal.graph import Graph


def distance_band_graph(area: CellArea, radius_m: float) -> Graph:
    """libpysal Graph linking cells whose centroids are within ``radius_m`` metres (binary).

    PySAL is imported here, not at module level: it takes seconds to import, and every web process
    and command that merely lists the methods would pay for it.

    Built once per area and radius, from the area's own k-d tree.
    """
    key = ("gistar-graph", radius_m)
    if key not in area.cache:
        adjacency = area.distance_band(radius_m)
        from libpysal.graph import Graph

        area.cache[key] = Graph.from_sparse(adjacency, ids=np.arange(area.n))
    graph: Graph = area.cache[key]
    return graph


@dataclass(frozen=True)
class GetisOrdGiStar:
    """Gi* z-scores of past counts.

    Args:
        neighbour_radius_cells: neighbours are cells whose centroids lie within this many cell
            sizes. 1.1 (the default) gives the 4 rook neighbours on a square grid and the 6
            neighbours on a hex grid; 1.5 gives the 8 queen neighbours on a square grid. Chosen on
            Lancashire ASB January-June 2022 (1.0, 1.5 and 2.5 tried; the smallest did best).
        window: months to add up before computing Gi* (None: the whole training window).
    """

    neighbour_radius_cells: float = 1.1
    window: int | None = None
    name: str = "gistar"

    def params(self) -> dict[str, Any]:
        return {"neighbour_radius_cells": self.neighbour_radius_cells, "window_months": self.window}

    def score(self, history: History) -> NDArray[np.float64]:
        counts = history.counts if self.window is None else history.counts[:, -self.window :]
        y = counts.sum(axis=1).astype(np.float64)
        if not y.any():
            return np.zeros_like(y)
        graph = distance_band_graph(history.area, self.neighbour_radius_cells * history.area.grid.cell)
        from esda.getisord import G_Local

        stat = G_Local(y, graph, transform="B", permutations=0, star=True)
        return np.nan_to_num(np.asarray(stat.Zs, dtype=np.float64), nan=0.0)

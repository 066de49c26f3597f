"""Naive ranking of past counts: the baseline every other method must beat.

A cell's score is its number of incidents (or summed harm) in the last ``window`` months of the
training window (all of them by default). Ranking cells by this is what an analyst does with a
pivot table, and on monthly police.uk data it is hard to beat at small coverages.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from saferplaces.analytics.hotspots.history import History


@dataclass(frozen=True)
class NaiveCounts:
    """Past counts per cell.

    Args:
        window: months of history to add up, counting back from the month before the target;
            None uses the whole training window.
    """

    window: int | None = None
    name: str = "naive"

    def params(self) -> dict[str, Any]:
        return {"window_months": self.window}

    def score(self, history: History) -> NDArray[np.float64]:
        counts = history.counts if self.window is None else history.counts[:, -self.window :]
        return np.asarray(counts.sum(axis=1), dtype=np.float64)

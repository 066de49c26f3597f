"""The interface every hotspot method implements."""

from __future__ import annotations

from typing import Any, Protocol, runtime_checkable

import numpy as np
from numpy.typing import NDArray

from saferplaces.analytics.hotspots.history import History


@runtime_checkable
class HotspotMethod(Protocol):
    """Scores every cell of a study area for the month after a training window.

    ``name`` is the key used in reports and on the command line; ``params`` lists the settings with
    their units; ``score`` returns one float per cell of ``history.area`` (higher = hotter). Scores
    are used only to rank cells, so their scale does not matter.
    """

    @property
    def name(self) -> str: ...

    def params(self) -> dict[str, Any]: ...

    def score(self, history: History) -> NDArray[np.float64]: ...

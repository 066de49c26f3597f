"""Hotspot methods, one per module, and a registry by name.

Every method implements :class:`~saferplaces.analytics.hotspots.methods.base.HotspotMethod`:
``score(history) -> one float per cell``. Names used in reports and on the command line:

========== ============================================================================
naive       past counts (the baseline)                         :mod:`.naive`
kde         Gaussian kernel density over BNG metres            :mod:`.kde`
prospective Bowers et al. (2004) near-repeat space-time decay  :mod:`.prospective`
gistar      Getis-Ord Gi* z-score via PySAL esda               :mod:`.gistar`
blend       long-term/recent blend with neighbour shrinkage    :mod:`.blend`
blend_tuned the blend, re-tuned inside each training window    :mod:`.blend`
learned     gradient-boosted Poisson ranker fitted in the window :mod:`.learned`
========== ============================================================================
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from saferplaces.analytics.hotspots.methods.base import HotspotMethod
from saferplaces.analytics.hotspots.methods.blend import Blend, BlendTuned
from saferplaces.analytics.hotspots.methods.gistar import GetisOrdGiStar
from saferplaces.analytics.hotspots.methods.kde import KernelDensity
from saferplaces.analytics.hotspots.methods.learned import LearnedRanker
from saferplaces.analytics.hotspots.methods.naive import NaiveCounts
from saferplaces.analytics.hotspots.methods.prospective import ProspectiveHotspots

REGISTRY: dict[str, Callable[..., HotspotMethod]] = {
    "naive": NaiveCounts,
    "kde": KernelDensity,
    "prospective": ProspectiveHotspots,
    "gistar": GetisOrdGiStar,
    "blend": Blend,
    "blend_tuned": BlendTuned,
    "learned": LearnedRanker,
}

DEFAULT_METHODS = ("naive", "kde", "prospective", "gistar", "blend", "blend_tuned", "learned")


def make_method(name: str, **params: Any) -> HotspotMethod:
    """A method by registry name with keyword settings (see each class for names and units)."""
    try:
        factory = REGISTRY[name]
    except KeyError:
        raise ValueError(f"unknown method {name!r}; choose from {', '.join(REGISTRY)}") from None
    return factory(**params)


__all__ = [
    "DEFAULT_METHODS",
    "REGISTRY",
    "Blend",
    "BlendTuned",
    "GetisOrdGiStar",
    "HotspotMethod",
    "KernelDensity",
    "LearnedRanker",
    "NaiveCounts",
    "ProspectiveHotspots",
    "make_method",
]

"""Random draws for the generator: vectorised categorical draws, and a scalar `Mix` for small loops.

Every per-incident, per-person and per-record choice is drawn for whole arrays at once with a NumPy
``Generator``: a (key, weight) mix becomes a `Categorical` (cumulative weights computed once) and is
drawn for n uniforms by one ``searchsorted``. `GroupedWeights` draws one item per row from the row's
own group (the streets of an LSOA, the public places of a kind in an LSOA) the same way. The scalar
`Mix` and `choice` remain for the few small Python loops (building streets and public places, typing
errors).
"""

from __future__ import annotations

import bisect
import itertools
import random
from collections.abc import Sequence
from typing import Generic, TypeVar

import numpy as np
from numpy.typing import NDArray

T = TypeVar("T")

Weights = tuple[tuple[str, float], ...]


class Categorical:
    """Draw indices (or keys) of a fixed categorical distribution for many uniforms at once.

    Args:
        keys: the categories.
        weights: relative weights (need not sum to 1).
    """

    __slots__ = ("cum", "keys")

    def __init__(self, keys: Sequence[str], weights: Sequence[float]) -> None:
        if len(keys) != len(weights) or not keys:
            raise ValueError("one weight per key, at least one key")
        w = np.asarray(weights, dtype=np.float64)
        self.keys = np.array(list(keys), dtype=object)
        self.cum = np.cumsum(w) / w.sum()

    @classmethod
    def of(cls, mix: Weights) -> Categorical:
        return cls([k for k, _ in mix], [w for _, w in mix])

    def index(self, u: NDArray[np.float64]) -> NDArray[np.int64]:
        """The category index for each uniform in ``u`` (inverse of the cumulative weights)."""
        return np.minimum(np.searchsorted(self.cum, u, side="right"), len(self.cum) - 1).astype(np.int64)

    def draw(self, u: NDArray[np.float64]) -> NDArray[np.object_]:
        """The category key for each uniform in ``u``."""
        return np.asarray(self.keys[self.index(u)], dtype=object)


_CATEGORICAL: dict[int, tuple[object, Categorical]] = {}


def categorical(mix: Weights) -> Categorical:
    """The cached `Categorical` of a module-constant mix (keyed by identity; the cache keeps the mix
    alive so that an id is never reused for another object)."""
    hit = _CATEGORICAL.get(id(mix))
    if hit is None or hit[0] is not mix:
        hit = (mix, Categorical.of(mix))
        _CATEGORICAL[id(mix)] = hit
    return hit[1]


def uniform_index(u: NDArray[np.float64], counts: NDArray[np.int64]) -> NDArray[np.int64]:
    """A uniform index in ``0 .. counts - 1`` per row (0 where the count is 0)."""
    return np.minimum((u * counts).astype(np.int64), np.maximum(counts - 1, 0))


class GroupedWeights:
    """Weighted draws of one item per row from the row's group.

    Args:
        group: the group of each item (any order; items keep their index).
        weights: each item's weight (positive).
        n_groups: number of groups (groups with no item are allowed; drawing from them is an error
            the caller avoids with `has_items`).
    """

    def __init__(self, group: NDArray[np.int64], weights: NDArray[np.float64], n_groups: int) -> None:
        group = np.asarray(group, dtype=np.int64)
        order = np.argsort(group, kind="stable")
        g = group[order]
        w = np.asarray(weights, dtype=np.float64)[order]
        self.items = order
        self.count = np.bincount(g, minlength=n_groups).astype(np.int64)
        self.start = np.concatenate(([0], np.cumsum(self.count)[:-1])).astype(np.int64)
        # Within-group cumulative share in (0, 1], shifted by the group number: one global
        # searchsorted then lands inside the row's group (item j covers shares [c_j-1, c_j)).
        cum = np.cumsum(w)
        before = np.concatenate(([0.0], cum))[self.start]
        total = np.zeros(n_groups)
        np.add.at(total, g, w)
        self._key = g + (cum - before[g]) / total[g]

    def has_items(self, groups: NDArray[np.int64]) -> NDArray[np.bool_]:
        return np.asarray(self.count[groups] > 0)

    def draw(self, groups: NDArray[np.int64], u: NDArray[np.float64]) -> NDArray[np.int64]:
        """One item index per row, from ``groups[i]`` with probability proportional to its weight."""
        groups = np.asarray(groups, dtype=np.int64)
        pos = np.searchsorted(self._key, groups + u, side="right")
        pos = np.clip(pos, self.start[groups], self.start[groups] + self.count[groups] - 1)
        return np.asarray(self.items[pos], dtype=np.int64)


class Mix(Generic[T]):
    """Draw one of ``items`` with probability proportional to ``weights`` (scalar, for small loops)."""

    __slots__ = ("cum", "hi", "items", "total")

    def __init__(self, items: Sequence[T], weights: Sequence[float]) -> None:
        if len(items) != len(weights) or not items:
            raise ValueError("one weight per item, at least one item")
        self.items = list(items)
        self.cum = list(itertools.accumulate(float(w) for w in weights))
        self.total = self.cum[-1]
        self.hi = len(self.cum) - 1

    def draw(self, rng: random.Random) -> T:
        # hi: guards the (floating-point) case where random() * total rounds up to total.
        return self.items[bisect.bisect_right(self.cum, rng.random() * self.total, 0, self.hi)]


def choice(rng: random.Random, seq: Sequence[T]) -> T:
    """A uniform element of ``seq`` (one ``random()`` call; faster than ``Random.choice``)."""
    return seq[int(rng.random() * len(seq))]

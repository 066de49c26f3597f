"""Fast categorical draws for per-row Python loops.

``random.Random.choices`` rebuilds its cumulative weights on every call; the generator draws millions
of categories, so each (key, weight) mix is turned once into a `Mix` with precomputed cumulative
weights and drawn by bisection.
"""

from __future__ import annotations

import bisect
import itertools
import random
from collections.abc import Sequence
from typing import Generic, TypeVar

T = TypeVar("T")


class Mix(Generic[T]):
    """Draw one of ``items`` with probability proportional to ``weights``."""

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


_CACHE: dict[int, tuple[object, Mix[str]]] = {}


def pick(rng: random.Random, mix: tuple[tuple[str, float], ...]) -> str:
    """One key of a (key, weight) mix; the mix's cumulative weights are computed once and cached.

    The cache is keyed by object identity (the mixes are module constants); it keeps a reference to
    the mix so an id is never reused for another object.
    """
    hit = _CACHE.get(id(mix))
    if hit is None or hit[0] is not mix:
        hit = (mix, Mix([k for k, _ in mix], [w for _, w in mix]))
        _CACHE[id(mix)] = hit
    return hit[1].draw(rng)


def choice(rng: random.Random, seq: Sequence[T]) -> T:
    """A uniform element of ``seq`` (one ``random()`` call; faster than ``Random.choice``)."""
    return seq[int(rng.random() * len(seq))]

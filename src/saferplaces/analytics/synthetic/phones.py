"""Telephone numbers from Ofcom's drama ranges only, handed out least-recently-used.

Ofcom reserves 1,000 numbers per range for fiction: mobiles 07700 900000-900999, Leeds landlines
0113 496 0000-0999, and 01632 960000-960999 (no real area). West Yorkshire's other area codes (01274,
01422, 01484, 01924) have no drama range, so households outside Leeds get 01632 numbers.

With only 1,000 numbers per kind, a large run must reuse numbers. They are allocated like recycled
numbers in real life: each new holder (in order of first appearance) takes the number whose previous
holder's last appearance is oldest, so people active at the same time keep distinct numbers for as
long as the pool allows. `allocate` reports how many holders had to share with someone still active.
"""

from __future__ import annotations

import heapq
import random
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

MOBILE_AREA = "07700"
MOBILE_LOCAL = [f"900{n:03d}" for n in range(1000)]
LEEDS_AREA = "0113"
LEEDS_LOCAL = [f"4960{n:03d}" for n in range(1000)]
FICTION_AREA = "01632"
FICTION_LOCAL = [f"960{n:03d}" for n in range(1000)]


class Phone(NamedTuple):
    """A number as its area code and local part, e.g. ('07700', '900123') or ('0113', '4960123')."""

    area: str
    local: str

    @property
    def mobile(self) -> bool:
        return self.area.startswith("07")

    @property
    def digits(self) -> str:
        return self.area + self.local


@dataclass(frozen=True)
class Allocation:
    numbers: list[Phone | None]
    shared_while_active: int


def allocate(
    first_seen: Sequence[float],
    last_seen: Sequence[float],
    area: str,
    locals_: Sequence[str],
    rng: random.Random,
) -> Allocation:
    """Give each holder (index i, seen from ``first_seen[i]`` to ``last_seen[i]``) a number.

    Holders with ``first_seen`` = inf never appear and get None. The pool order is shuffled once
    with ``rng`` so that small runs do not all get 900000, 900001, ...
    """
    pool = list(locals_)
    rng.shuffle(pool)
    heap: list[tuple[float, int]] = [(-float("inf"), i) for i in range(len(pool))]
    heapq.heapify(heap)
    order = sorted(range(len(first_seen)), key=lambda i: (first_seen[i], i))
    out: list[Phone | None] = [None] * len(first_seen)
    shared = 0
    for i in order:
        if first_seen[i] == float("inf"):
            continue
        free_at, k = heapq.heappop(heap)
        if free_at >= first_seen[i]:
            shared += 1
        out[i] = Phone(area, pool[k])
        heapq.heappush(heap, (max(free_at, last_seen[i]), k))
    return Allocation(out, shared)


def format_phone(phone: Phone, style: str) -> str:
    """Write a number in one of the styles of config.MOBILE_FORMATS / LANDLINE_FORMATS.

    The style is named by how it writes the example number (``07700 900123``, ``0113 496 0123``).
    """
    a, n = phone.area, phone.local
    if phone.mobile:
        if style == "07700 900123":
            return f"{a} {n}"
        if style == "07700900123":
            return a + n
        if style == "+44 7700 900123":
            return f"+44 {a[1:]} {n}"
        if style == "+447700900123":
            return f"+44{a[1:]}{n}"
        if style == "07700-900123":
            return f"{a}-{n}"
        if style == "7700 900123":
            return f"{a[1:]} {n}"
        if style == "07700 900 123":
            return f"{a} {n[:3]} {n[3:]}"
        raise ValueError(f"unknown mobile style {style!r}")
    # Four-digit area codes have a 3+4 local part (0113 496 0123); five-digit ones a 6-digit part.
    local = f"{n[:3]} {n[3:]}" if len(n) == 7 else n
    if style == "0113 496 0123":
        return f"{a} {local}"
    if style == "01134960123":
        return a + n
    if style == "(0113) 496 0123":
        return f"({a}) {local}"
    if style == "+44 113 496 0123":
        return f"+44 {a[1:]} {local}"
    if style == "496 0123":
        return local
    raise ValueError(f"unknown landline style {style!r}")

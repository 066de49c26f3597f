"""Telephone numbers: Ofcom's drama ranges first, then random overflow numbers; never shared.

Every person who owns a mobile gets a number no one else has, and every household with a landline
gets one that only its members share. Numbers are handed out in order of first appearance:

- mobiles take Ofcom's drama range 07700 900000-900999 first;
- landlines of Leeds households take 0113 496 0000-0999 first, other West Yorkshire households the
  fictional area 01632 960000-960999; then whatever is left of those two, then the other drama ranges
  (0114 496 0xxx ... 029 2018 0xxx, in `GEOGRAPHIC` order), then the non-geographic ones (0306 999 0xxx,
  0808 157 0xxx, 0909 879 0xxx);
- when a kind's drama numbers are exhausted, the rest get **overflow numbers** in the mobile format
  07700 9xxxxx outside the drama block (07700 901000-999999, in random order; a run needing more than
  those 99,000 continues with 07700 8xxxxx, 7xxxxx, ...). Overflow numbers are random strings
  generated locally on each run: they are not taken from any list, are never tied to real people and
  are never committed. Unlike the drama ranges they are not reserved, so one may belong to someone
  somewhere: do not ring them.

Formatting (the styles of config.MOBILE_FORMATS / LANDLINE_FORMATS) is vectorised with Polars.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl
from numpy.typing import NDArray

MOBILE_AREA = "07700"


@dataclass(frozen=True)
class Range:
    """1,000 numbers ``area`` + ``prefix`` + 000..999 reserved by Ofcom for drama."""

    area: str
    prefix: str

    def locals(self) -> NDArray[np.object_]:
        return np.array([f"{self.prefix}{i:03d}" for i in range(1000)], dtype=object)


MOBILE = Range(MOBILE_AREA, "900")
LEEDS = Range("0113", "4960")
FICTION = Range("01632", "960")
GEOGRAPHIC = (
    Range("0114", "4960"),
    Range("0115", "4960"),
    Range("0116", "4960"),
    Range("0117", "4960"),
    Range("0118", "4960"),
    Range("0121", "4960"),
    Range("0131", "4960"),
    Range("0141", "4960"),
    Range("0151", "4960"),
    Range("0161", "4960"),
    Range("020", "79460"),
    Range("0191", "4980"),
    Range("028", "96496"),
    Range("029", "20180"),
)
NON_GEOGRAPHIC = (Range("0306", "9990"), Range("0808", "1570"), Range("0909", "8790"))
DRAMA_RANGES = (MOBILE, LEEDS, FICTION, *GEOGRAPHIC, *NON_GEOGRAPHIC)


@dataclass(frozen=True)
class Numbers:
    """Allocated numbers: area code and local part as Polars string columns (``""`` where none).

    Attributes:
        mobile_area, mobile_local: per person.
        landline_area, landline_local: per household.
        has_mobile, has_landline: whether a number was allocated (per person / per household).
        landline_mobile_format: the household's number is an overflow number in the 07700 format.
        overflow: how many numbers came from outside the drama ranges.
    """

    mobile_area: pl.Series
    mobile_local: pl.Series
    landline_area: pl.Series
    landline_local: pl.Series
    has_mobile: NDArray[np.bool_]
    has_landline: NDArray[np.bool_]
    landline_mobile_format: NDArray[np.bool_]
    overflow: int

    def mobile(self, person: NDArray[np.int64]) -> pl.Series:
        """Each person's mobile as dialled in the UK (``07700900123``), ``""`` if none."""
        return _join(self.mobile_area.gather(person), self.mobile_local.gather(person))

    def landline(self, household: NDArray[np.int64]) -> pl.Series:
        """Each household's landline (``01134960123``), ``""`` if none."""
        return _join(self.landline_area.gather(household), self.landline_local.gather(household))


def _join(area: pl.Series, local: pl.Series) -> pl.Series:
    return pl.select(pl.concat_str([area, local])).to_series()


def _pool(
    ranges: tuple[Range, ...], rng: np.random.Generator
) -> tuple[NDArray[np.object_], NDArray[np.object_]]:
    """The ranges' numbers, each range shuffled (so small runs do not all get ...000, ...001)."""
    areas, locals_ = [], []
    for r in ranges:
        areas.append(np.full(1000, r.area, dtype=object))
        locals_.append(rng.permutation(r.locals()))
    return np.concatenate(areas), np.concatenate(locals_)


def overflow_locals(n: int, rng: np.random.Generator) -> NDArray[np.object_]:
    """``n`` distinct random 6-digit local parts for 07700 outside the drama block 900000-900999.

    Block 9 (901000-999999) in random order first, then blocks 8, 7, ... (each 100,000 numbers).
    """
    parts: list[NDArray[np.int64]] = []
    left = n
    for lead in range(9, -1, -1):
        if left <= 0:
            break
        block = np.arange(lead * 100_000, (lead + 1) * 100_000)
        if lead == 9:
            block = block[block >= 901_000]
        take = rng.permutation(block)[:left]
        parts.append(take)
        left -= len(take)
    if left > 0:
        raise ValueError(f"more than {n - left:,} overflow telephone numbers needed")
    values = np.concatenate(parts) if parts else np.empty(0, dtype=np.int64)
    return pl.Series(values).cast(pl.String).str.zfill(6).to_numpy().astype(object)


def _order(first_seen: NDArray[np.float64]) -> NDArray[np.int64]:
    """Indices with a finite first appearance, by (first appearance, index)."""
    idx = np.flatnonzero(np.isfinite(first_seen))
    return idx[np.lexsort((idx, first_seen[idx]))]


def allocate(
    mobile_first_seen: NDArray[np.float64],
    landline_first_seen: NDArray[np.float64],
    leeds: NDArray[np.bool_],
    rng: np.random.Generator,
) -> Numbers:
    """Distinct numbers for every mobile owner (per person) and landline (per household).

    Args:
        mobile_first_seen: per person, first appearance (seconds) of those who own a mobile; ``inf``
            for no number (no mobile, or never appears).
        landline_first_seen: per household, first appearance of any member if it has a landline, else
            ``inf``.
        leeds: per household, whether it is in Leeds (0113 first) or elsewhere (01632 first).
        rng: shuffles the ranges and draws overflow numbers.
    """
    n_people, n_hh = len(mobile_first_seen), len(landline_first_seen)
    mob_area = np.full(n_people, "", dtype=object)
    mob_local = np.full(n_people, "", dtype=object)
    line_area = np.full(n_hh, "", dtype=object)
    line_local = np.full(n_hh, "", dtype=object)

    mobiles = _order(mobile_first_seen)
    area, local = _pool((MOBILE,), rng)
    k = min(len(mobiles), len(local))
    mob_area[mobiles[:k]], mob_local[mobiles[:k]] = area[:k], local[:k]
    mobiles_left = mobiles[k:]

    lines = _order(landline_first_seen)
    left: list[NDArray[np.int64]] = []
    spare_area, spare_local = [], []
    for own, rng_ in ((leeds[lines], LEEDS), (~leeds[lines], FICTION)):
        mine = lines[own]
        area, local = _pool((rng_,), rng)
        k = min(len(mine), len(local))
        line_area[mine[:k]], line_local[mine[:k]] = area[:k], local[:k]
        left.append(mine[k:])
        spare_area.append(area[k:])
        spare_local.append(local[k:])
    lines_left = np.concatenate(left)
    lines_left = lines_left[np.lexsort((lines_left, landline_first_seen[lines_left]))]
    area, local = _pool(GEOGRAPHIC + NON_GEOGRAPHIC, rng)
    area = np.concatenate((*spare_area, area))
    local = np.concatenate((*spare_local, local))
    k = min(len(lines_left), len(local))
    line_area[lines_left[:k]], line_local[lines_left[:k]] = area[:k], local[:k]
    lines_left = lines_left[k:]

    # Overflow: one stream of distinct 07700 numbers for the mobiles and landlines left, by first seen.
    first = np.concatenate((mobile_first_seen[mobiles_left], landline_first_seen[lines_left]))
    is_line = np.r_[np.zeros(len(mobiles_left), dtype=bool), np.ones(len(lines_left), dtype=bool)]
    who = np.concatenate((mobiles_left, lines_left))
    order = np.lexsort((who, is_line, first))
    numbers = overflow_locals(len(order), rng)
    taker_line, taker = is_line[order], who[order]
    mob_area[taker[~taker_line]] = MOBILE_AREA
    mob_local[taker[~taker_line]] = numbers[~taker_line]
    line_area[taker[taker_line]] = MOBILE_AREA
    line_local[taker[taker_line]] = numbers[taker_line]
    return Numbers(
        mobile_area=pl.Series("area", mob_area, dtype=pl.String),
        mobile_local=pl.Series("local", mob_local, dtype=pl.String),
        landline_area=pl.Series("area", line_area, dtype=pl.String),
        landline_local=pl.Series("local", line_local, dtype=pl.String),
        has_mobile=mob_local != "",
        has_landline=line_local != "",
        landline_mobile_format=line_area == MOBILE_AREA,
        overflow=len(order),
    )


def format_phones(numbers: pl.DataFrame) -> pl.Series:
    """Numbers written in the styles of config.MOBILE_FORMATS / LANDLINE_FORMATS.

    Args:
        numbers: columns ``a`` (area code), ``l`` (local part) and ``s`` (style). A style is named by
            how it writes the example number (``07700 900123``, ``0113 496 0123``): mobile-format
            numbers (area 07...) take the mobile styles, others the landline styles, with the local
            part split as dialled: 3 + 4 digits after a four-digit area code (0113 496 0123), 4 + 4
            after a three-digit one (020 7946 0123), unsplit after 01632.
    """
    area, local, style = pl.col("a"), pl.col("l"), pl.col("s")
    n_local = local.str.len_chars()
    df = numbers.with_columns(
        spaced=pl.when(n_local == 7)
        .then(pl.concat_str([local.str.slice(0, 3), local.str.slice(3)], separator=" "))
        .when(n_local == 8)
        .then(pl.concat_str([local.str.slice(0, 4), local.str.slice(4)], separator=" "))
        .otherwise(local),
        national=area.str.slice(1),
    )
    spaced, national = pl.col("spaced"), pl.col("national")
    return df.select(
        pl.when(style == "07700 900123")
        .then(pl.concat_str([area, local], separator=" "))
        .when(style == "07700900123")
        .then(pl.concat_str([area, local]))
        .when(style == "+44 7700 900123")
        .then(pl.concat_str([pl.lit("+44"), national, local], separator=" "))
        .when(style == "+447700900123")
        .then(pl.concat_str([pl.lit("+44"), national, local]))
        .when(style == "07700-900123")
        .then(pl.concat_str([area, local], separator="-"))
        .when(style == "7700 900123")
        .then(pl.concat_str([national, local], separator=" "))
        .when(style == "07700 900 123")
        .then(pl.concat_str([area, local.str.slice(0, 3), local.str.slice(3)], separator=" "))
        .when(style == "0113 496 0123")
        .then(pl.concat_str([area, spaced], separator=" "))
        .when(style == "01134960123")
        .then(pl.concat_str([area, local]))
        .when(style == "(0113) 496 0123")
        .then(pl.concat_str([pl.lit("("), area, pl.lit(") "), spaced]))
        .when(style == "+44 113 496 0123")
        .then(pl.concat_str([pl.lit("+44"), national, spaced], separator=" "))
        .when(style == "496 0123")
        .then(spaced)
        .otherwise(pl.lit(None, dtype=pl.String))
        .alias("phone")
    ).to_series()

"""Names as integer codes, so that people and their recorded name variations are NumPy arrays.

Every name the generator can write (the pools, nicknames, spelling variants, Begum/Bibi, Singh/Kaur,
feminine Polish surnames, forms without diacritics or punctuation) is one entry of `VOCAB`, sorted so
that codes do not depend on dictionary order; code 0 is the empty name. The lookups that the record
noise needs (a name's nicknames, its other spellings, its ASCII form, ...) are arrays indexed by code,
with variable-length options stored as offset/count/flat-codes (CSR) triples.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import numpy as np
import polars as pl
from numpy.typing import NDArray

from saferplaces.analytics.synthetic import names as N


def _punctuation_forms(name: str) -> tuple[str, str] | None:
    """``O'Brien`` -> (``OBrien``, ``O Brien``); ``Smith-Jones`` likewise; None without punctuation."""
    sep = "'" if "'" in name else ("-" if "-" in name else "")
    return (name.replace(sep, ""), name.replace(sep, " ")) if sep else None


def _closure(seed: Iterable[str]) -> list[str]:
    names = set(seed)
    while True:
        more = set()
        for name in names:
            more.add(N.feminine_surname(name))
            more.add(name.translate(N.ASCII_FOLD))
            forms = _punctuation_forms(name)
            if forms:
                more.update(forms)
        if more <= names:
            return sorted(names)
        names |= more


def _seed_names() -> set[str]:
    out: set[str] = {"", "Mohammed", "Muhammad", "Singh", "Kaur", *N.PAKISTANI_FEMALE_SURNAMES}
    for pool in N.NAME_POOLS.values():
        for cohorts in (pool.male, pool.female):
            for names in cohorts:
                out.update(names)
        out.update(pool.surnames)
    for name, nicks in N.NICKNAMES.items():
        out.add(name)
        out.update(nicks)
    for family in N.SPELLING_FAMILIES:
        out.update(family)
    return out


VOCAB: NDArray[np.object_] = np.array(_closure(_seed_names()), dtype=object)
VOCAB_SERIES = pl.Series("name", VOCAB.tolist(), dtype=pl.String)
CODE: dict[str, int] = {name: i for i, name in enumerate(VOCAB.tolist())}
EMPTY = CODE[""]
assert EMPTY == 0


def strings(codes: NDArray[np.int64]) -> pl.Series:
    """The names of ``codes`` as a Polars string column (no Python objects)."""
    return VOCAB_SERIES.gather(codes)


def codes(names: Iterable[str]) -> NDArray[np.int64]:
    return np.array([CODE[n] for n in names], dtype=np.int64)


def _csr(
    table: Mapping[str, tuple[str, ...]],
) -> tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.int64]]:
    count = np.zeros(len(VOCAB), dtype=np.int64)
    start = np.zeros(len(VOCAB), dtype=np.int64)
    flat: list[int] = []
    for name in sorted(table):
        c = CODE[name]
        start[c] = len(flat)
        count[c] = len(table[name])
        flat.extend(CODE[o] for o in table[name])
    return start, count, np.array(flat, dtype=np.int64)


def _map(f: object) -> NDArray[np.int64]:
    assert callable(f)
    return np.array([CODE[f(n)] for n in VOCAB.tolist()], dtype=np.int64)


# Nicknames of a formal name (habitual and occasional) and other spellings of a name.
NICK_START, NICK_COUNT, NICK_FLAT = _csr(N.NICKNAMES)
SPELL_START, SPELL_COUNT, SPELL_FLAT = _csr(N.SPELLING_VARIANTS)
FEMININE = _map(N.feminine_surname)
FOLDED = _map(lambda n: n.translate(N.ASCII_FOLD))
NON_ASCII = np.array([not n.isascii() for n in VOCAB.tolist()], dtype=bool)
HAS_PUNCT = np.array([_punctuation_forms(n) is not None for n in VOCAB.tolist()], dtype=bool)
PUNCT_JOINED = _map(lambda n: (_punctuation_forms(n) or (n, n))[0])
PUNCT_SPACED = _map(lambda n: (_punctuation_forms(n) or (n, n))[1])
SIKH_SURNAME = np.array([n in N.SIKH_SURNAMES for n in VOCAB.tolist()], dtype=bool)
SINGH, KAUR = CODE["Singh"], CODE["Kaur"]
MOHAMMED, MUHAMMAD = CODE["Mohammed"], CODE["Muhammad"]
FEMALE_SURNAMES = codes(N.PAKISTANI_FEMALE_SURNAMES)


def option(
    start: NDArray[np.int64],
    count: NDArray[np.int64],
    flat: NDArray[np.int64],
    names: NDArray[np.int64],
    u: NDArray[np.float64],
) -> NDArray[np.int64]:
    """A uniform option of each name's CSR list (the name itself where it has none)."""
    n = count[names]
    k = np.minimum((u * n).astype(np.int64), np.maximum(n - 1, 0))
    return np.where(n > 0, flat[np.minimum(start[names] + k, max(len(flat) - 1, 0))], names)

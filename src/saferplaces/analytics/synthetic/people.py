"""True people and households: who they are, drawn column-wise for every household at once.

Episodes ask for people through *slots* (a victim, a suspect, a reporter, ...), each tied to an LSOA.
`resolve_slots` decides which slots are new households and which reuse a main adult created earlier
in the same LSOA (frequent reporters); `Population.draw` then gives every new household its members
(a main adult, maybe a partner and an adult child), names, dates of birth, phones owned, a possible
move and a possible married-name change. Every draw is a NumPy array operation; names are codes into
`namecodes.VOCAB`. Nothing describes a real person.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
from numpy.typing import NDArray

from saferplaces.analytics.synthetic import config as C
from saferplaces.analytics.synthetic import namecodes as K
from saferplaces.analytics.synthetic import names as N
from saferplaces.analytics.synthetic.reference import Areas
from saferplaces.analytics.synthetic.sampling import Categorical, GroupedWeights, uniform_index

NEVER = np.inf
ORIGINS = N.ORIGINS
ENGLISH, PAKISTANI, INDIAN, POLISH = (ORIGINS.index(o) for o in ("english", "pakistani", "indian", "polish"))
TITLES = np.array(["Mr", "Dr", "Mrs", "Ms", "Miss"], dtype=object)
EPOCH_DAY = np.datetime64("1970-01-01", "D")


def _band(age: NDArray[np.float64], edges: tuple[int, int]) -> NDArray[np.int64]:
    """0, 1 or 2: below the first edge, between the edges, at or above the second."""
    return np.asarray((age >= edges[0]).astype(np.int64) + (age >= edges[1]).astype(np.int64))


class _Pool:
    """One name pool as codes with its Zipf(0.8) sampling weights (most common first)."""

    def __init__(self, names: tuple[str, ...], exclude: tuple[str, ...] = ()) -> None:
        kept = [n for n in names if n not in exclude]
        weights = N.zipf_weights(len(names))[[i for i, n in enumerate(names) if n not in exclude]]
        self.codes = K.codes(kept)
        self.cat = Categorical(kept, weights.tolist())

    def draw(self, u: NDArray[np.float64]) -> NDArray[np.int64]:
        return np.asarray(self.codes[self.cat.index(u)], dtype=np.int64)


_GIVEN = {
    (o, female, c): _Pool(cohorts[min(c, len(cohorts) - 1)])
    for o, pool in enumerate(N.NAME_POOLS[x] for x in ORIGINS)
    for female, cohorts in ((False, pool.male), (True, pool.female))
    for c in range(3)
}
_SURNAMES = [_Pool(N.NAME_POOLS[x].surnames) for x in ORIGINS]
# The name a "Mohammed X" goes by: any Pakistani male name but Mohammed/Muhammad.
_KNOWN_AS = _Pool(N.PAKISTANI_MALE, exclude=("Mohammed", "Muhammad"))


def _given(
    origin: NDArray[np.int64], female: NDArray[np.bool_], year: NDArray[np.int64], u: NDArray[np.float64]
) -> NDArray[np.int64]:
    """Given-name codes from each person's pool (English pools by birth cohort: <1965, 1965-89, 1990+)."""
    cohort = (year >= 1965).astype(np.int64) + (year >= 1990).astype(np.int64)
    out = np.zeros(len(origin), dtype=np.int64)
    for (o, f, c), pool in _GIVEN.items():
        m = (origin == o) & (female == f) & (cohort == c)
        if m.any():
            out[m] = pool.draw(u[m])
    return out


def _surname(origin: NDArray[np.int64], u: NDArray[np.float64]) -> NDArray[np.int64]:
    out = np.zeros(len(origin), dtype=np.int64)
    for o, pool in enumerate(_SURNAMES):
        m = origin == o
        if m.any():
            out[m] = pool.draw(u[m])
    return out


def resolve_slots(
    lsoa: NDArray[np.int64], reusable: NDArray[np.bool_], rng: np.random.Generator
) -> tuple[NDArray[np.int64], NDArray[np.bool_]]:
    """Which household fills each slot (slots in creation order).

    A reusable slot takes, with probability ``P_REUSE_CALLER``, the main adult of a household created
    earlier in the same LSOA (uniformly among them); every other slot (and a reusable one in an LSOA
    with no household yet) creates a new household. New households are numbered in slot order.

    Returns:
        (household of each slot, whether the slot created it).
    """
    n = len(lsoa)
    reuse = reusable & (rng.random(n) < C.P_REUSE_CALLER)
    u = rng.random(n)
    order = np.lexsort((np.arange(n), lsoa))
    g = lsoa[order]
    first = np.ones(n, dtype=bool)
    first[1:] = g[1:] != g[:-1]
    new_sorted = ~reuse[order] | first
    group_start = np.maximum.accumulate(np.where(first, np.arange(n), 0))
    new_before_all: NDArray[np.int64] = np.cumsum(new_sorted) - new_sorted  # new slots before (all LSOAs)
    new_before: NDArray[np.int64] = new_before_all - new_before_all[group_start]  # ... in this LSOA
    new_positions = np.flatnonzero(new_sorted)
    is_new = np.zeros(n, dtype=bool)
    is_new[order] = new_sorted
    household = np.full(n, -1, dtype=np.int64)
    household[is_new] = np.arange(int(is_new.sum()))
    reused = np.flatnonzero(~new_sorted)
    k = uniform_index(u[order][reused], new_before[reused])
    target = new_positions[new_before_all[group_start[reused]] + k]
    household[order[reused]] = household[order[target]]
    return household, is_new


@dataclass
class People:
    """Every true person and household as parallel NumPy arrays (a person's id is its index).

    Names are codes into `namecodes.VOCAB` (0 = none). Times (``name_change_at``, ``hh_move_at``) are
    seconds since 1970-01-01 on the UK local wall clock; ``inf`` means never. Dwellings are location
    ids filled in by `Places.allocate_dwellings`.
    """

    household: NDArray[np.int64]
    origin: NDArray[np.int64]
    female: NDArray[np.bool_]
    dob: NDArray[np.datetime64]
    first: NDArray[np.int64]
    middle: NDArray[np.int64]
    surname: NDArray[np.int64]
    known_as: NDArray[np.int64]  # middle name used as the given name (Mohammed Imran Khan -> Imran)
    goes_by: NDArray[np.int64]  # habitual nickname
    title: NDArray[np.int64]  # index into TITLES
    vulnerable: NDArray[np.bool_]
    has_mobile: NDArray[np.bool_]
    name_change_at: NDArray[np.float64]
    new_surname: NDArray[np.int64]
    # households
    hh_lsoa: NDArray[np.int64]
    hh_main: NDArray[np.int64]
    hh_partner: NDArray[np.int64]  # -1: none
    hh_child: NDArray[np.int64]  # -1: none
    hh_landline: NDArray[np.bool_]
    hh_move_at: NDArray[np.float64]
    hh_move_to: NDArray[np.int64]  # LSOA moved to, -1: no move
    hh_dwelling: NDArray[np.int64]
    hh_new_dwelling: NDArray[np.int64]

    def __len__(self) -> int:
        return len(self.household)

    def dwelling_at(self, hh: NDArray[np.int64], t: NDArray[np.float64]) -> NDArray[np.int64]:
        """Each household's dwelling at time ``t`` (the new one from its move on)."""
        return np.where(t >= self.hh_move_at[hh], self.hh_new_dwelling[hh], self.hh_dwelling[hh])


class Population:
    """Draws households and their members for the generator.

    Args:
        areas: the LSOAs (district of each, population for moves).
        start: first day of the period; ages are drawn relative to it.
        period_s: (first, end) second of the period, for moves and name changes.
        years: length of the period in years (turns yearly rates into period probabilities).
    """

    def __init__(self, areas: Areas, start: date, period_s: tuple[float, float], years: float) -> None:
        self.areas = areas
        self.start_day = int((np.datetime64(start, "D") - EPOCH_DAY).astype(np.int64))
        self.period_s = period_s
        self.p_move = 1.0 - (1.0 - C.P_MOVE_PER_YEAR) ** years
        self.p_name_change = 1.0 - (1.0 - C.P_NAME_CHANGE_PER_YEAR) ** years
        districts = sorted(set(areas.districts))
        self.district = np.array([districts.index(d) for d in areas.districts], dtype=np.int64)
        self._origin = [Categorical.of(C.ORIGIN_MIX.get(d, C.ORIGIN_MIX["default"])) for d in districts]
        self._origin_code = [
            np.array([ORIGINS.index(k) for k in c.keys], dtype=np.int64) for c in self._origin
        ]
        self._district_lsoas = GroupedWeights(
            self.district, np.maximum(areas.population, 1.0), len(districts)
        )
        self._age_bands = Categorical([str(i) for i in range(len(C.AGE_BANDS))], [b[2] for b in C.AGE_BANDS])

    def nearby_lsoa(self, lsoa: NDArray[np.int64], rng: np.random.Generator) -> NDArray[np.int64]:
        """An LSOA of the same district, weighted by population (a relative living elsewhere, a move)."""
        return self._district_lsoas.draw(self.district[lsoa], rng.random(len(lsoa)))

    def _uniform_in_period(self, u: NDArray[np.float64]) -> NDArray[np.float64]:
        return np.asarray(self.period_s[0] + u * (self.period_s[1] - self.period_s[0]))

    def draw(self, lsoa: NDArray[np.int64], rng: np.random.Generator) -> People:
        """Households (one per entry of ``lsoa``, in order) with all their members."""
        h = len(lsoa)
        origin = np.zeros(h, dtype=np.int64)
        u = rng.random(h)
        for d, cat in enumerate(self._origin):
            m = self.district[lsoa] == d
            origin[m] = self._origin_code[d][cat.index(u[m])]
        band = self._age_bands.index(rng.random(h))
        lo = np.array([b[0] for b in C.AGE_BANDS], dtype=np.float64)[band]
        hi = np.array([b[1] for b in C.AGE_BANDS], dtype=np.float64)[band]
        age = lo + rng.random(h) * (hi - lo + 1)
        family = _surname(origin, rng.random(h))
        partnered = rng.random(h) < np.array(C.P_PARTNER)[_band(age, (30, 65))]
        landline = rng.random(h) < np.array(C.P_LANDLINE)[_band(age, (40, 65))]
        moves = rng.random(h) < self.p_move
        move_at = np.where(moves, self._uniform_in_period(rng.random(h)), NEVER)
        move_to = np.where(rng.random(h) < 0.3, lsoa, self.nearby_lsoa(lsoa, rng))
        move_to = np.where(moves, move_to, -1)
        main_female = rng.random(h) < C.P_FEMALE_CALLER
        partner_age = np.maximum(18.0, age + rng.normal(0.0, 4.0, h))
        partner_family = np.where(
            rng.random(h) < C.P_PARTNER_SAME_SURNAME, family, _surname(origin, rng.random(h))
        )
        child_age = age - rng.uniform(22.0, 35.0, h)
        has_child = (age >= 45) & (rng.random(h) < C.P_ADULT_CHILD) & (child_age >= 18)
        child_female = rng.random(h) >= 0.5
        named_after_father = ~child_female & (rng.random(h) < C.P_SON_NAMED_AFTER_FATHER)

        # Person ids: main, partner, child, household by household.
        size = 1 + partnered.astype(np.int64) + has_child.astype(np.int64)
        main = np.concatenate(([0], np.cumsum(size)[:-1])).astype(np.int64)
        partner = np.where(partnered, main + 1, -1)
        child = np.where(has_child, main + 1 + partnered.astype(np.int64), -1)
        n = int(size.sum())
        hh_of = np.repeat(np.arange(h), size)

        adults = np.concatenate((main, partner[partnered]))
        adult_hh = np.concatenate((np.arange(h), np.flatnonzero(partnered)))
        is_partner = np.r_[np.zeros(h, dtype=bool), np.ones(int(partnered.sum()), dtype=bool)]
        a = self._persons(
            origin[adult_hh],
            np.where(is_partner, ~main_female[adult_hh], main_female[adult_hh]),
            np.where(is_partner, partner_age[adult_hh], age[adult_hh]),
            np.where(is_partner, partner_family[adult_hh], family[adult_hh]),
            partnered[adult_hh],
            np.full(len(adults), -1, dtype=np.int64),
            rng,
        )
        first = np.zeros(n, dtype=np.int64)
        first[adults] = a["first"]
        # A son named after his father: the main adult if male, else the (male) partner.
        kids = np.flatnonzero(has_child)
        father = np.where(~main_female[kids], main[kids], partner[kids])
        forced = np.where(named_after_father[kids] & (father >= 0), first[np.maximum(father, 0)], -1)
        c = self._persons(
            origin[kids], child_female[kids], child_age[kids], family[kids],
            np.zeros(len(kids), dtype=bool), forced, rng,
        )  # fmt: skip
        ids = np.concatenate((adults, child[kids]))
        cols = {k: np.concatenate((a[k], c[k])) for k in a}
        out: dict[str, NDArray[np.generic]] = {}
        for k, v in cols.items():
            col = np.empty(n, dtype=v.dtype)
            col[ids] = v
            out[k] = col
        return People(
            household=hh_of,
            origin=origin[hh_of],
            female=out["female"].astype(bool),
            dob=(EPOCH_DAY + out["dob_day"].astype(np.int64)).astype("datetime64[D]"),
            first=out["first"].astype(np.int64),
            middle=out["middle"].astype(np.int64),
            surname=out["surname"].astype(np.int64),
            known_as=out["known_as"].astype(np.int64),
            goes_by=out["goes_by"].astype(np.int64),
            title=out["title"].astype(np.int64),
            vulnerable=out["vulnerable"].astype(bool),
            has_mobile=out["has_mobile"].astype(bool),
            name_change_at=out["name_change_at"].astype(np.float64),
            new_surname=out["new_surname"].astype(np.int64),
            hh_lsoa=np.asarray(lsoa, dtype=np.int64),
            hh_main=main,
            hh_partner=partner,
            hh_child=child,
            hh_landline=landline,
            hh_move_at=move_at,
            hh_move_to=move_to,
            hh_dwelling=np.full(h, -1, dtype=np.int64),
            hh_new_dwelling=np.full(h, -1, dtype=np.int64),
        )

    def _persons(
        self,
        origin: NDArray[np.int64],
        female: NDArray[np.bool_],
        age: NDArray[np.float64],
        family: NDArray[np.int64],
        partnered: NDArray[np.bool_],
        forced_first: NDArray[np.int64],
        rng: np.random.Generator,
    ) -> dict[str, NDArray[np.generic]]:
        """Attributes of people with the given origin, sex, age (years) and family surname."""
        n = len(origin)
        dob_day = self.start_day - (age * 365.25).astype(np.int64)
        year = (EPOCH_DAY + dob_day).astype("datetime64[Y]").astype(np.int64) + 1970
        given = np.where(forced_first >= 0, forced_first, _given(origin, female, year, rng.random(n)))
        middle = np.zeros(n, dtype=np.int64)
        known_as = np.zeros(n, dtype=np.int64)
        surname = family.copy()
        mohammed = (
            (origin == PAKISTANI) & ~female & (forced_first < 0) & (rng.random(n) < C.P_MOHAMMED_MIDDLE)
        )
        given = np.where(mohammed, np.where(rng.random(n) < 0.7, K.MOHAMMED, K.MUHAMMAD), given)
        goes_by_middle = _KNOWN_AS.draw(rng.random(n))
        middle = np.where(mohammed, goes_by_middle, middle)
        known_as = np.where(mohammed, goes_by_middle, known_as)
        begum = (origin == PAKISTANI) & female & (age >= 40) & (rng.random(n) < C.P_BEGUM)
        surname = np.where(begum, K.FEMALE_SURNAMES[uniform_index(rng.random(n), np.full(n, 2))], surname)
        sikh = (origin == INDIAN) & K.SIKH_SURNAME[family] & (rng.random(n) < C.P_SIKH_MIDDLE)
        middle = np.where(sikh, np.where(female, K.KAUR, K.SINGH), middle)
        surname = np.where((origin == POLISH) & female, K.FEMININE[family], surname)
        p_middle = np.where(origin == ENGLISH, 0.4, 0.15)
        extra = (middle == 0) & (rng.random(n) < p_middle)
        second = _given(origin, female, year, rng.random(n))
        middle = np.where(extra & (second != given), second, middle)
        u = rng.random(n)
        p_miss = np.where(age < 30, 0.5, 0.2)
        title_f = np.where(
            partnered,
            np.where(u < 0.8, 2, 3),  # Mrs / Ms
            np.where(u < p_miss, 4, np.where(u < p_miss + 0.3, 3, 2)),  # Miss / Ms / Mrs
        )
        title = np.where(female, title_f, np.where(rng.random(n) < 0.01, 1, 0))  # Dr / Mr
        used = np.where(known_as > 0, known_as, given)
        nick = K.option(K.NICK_START, K.NICK_COUNT, K.NICK_FLAT, used, rng.random(n))
        goes_by = np.where((K.NICK_COUNT[used] > 0) & (rng.random(n) < C.P_GOES_BY_NICKNAME), nick, 0)
        changes = female & (age >= 20) & (age <= 45) & (rng.random(n) < self.p_name_change)
        change_at = np.where(changes, self._uniform_in_period(rng.random(n)), NEVER)
        new_origin = np.where(rng.random(n) < 0.7, origin, ENGLISH)
        new_surname = _surname(new_origin, rng.random(n))
        new_surname = np.where(origin == POLISH, K.FEMININE[new_surname], new_surname)
        new_surname = np.where(changes, new_surname, 0)
        vulnerable = rng.random(n) < np.array(C.P_VULNERABLE)[_band(age, (65, 80))]
        has_mobile = rng.random(n) < np.array(C.P_MOBILE)[_band(age, (40, 65))]
        return {
            "female": female,
            "dob_day": dob_day,
            "first": given,
            "middle": middle,
            "surname": surname,
            "known_as": known_as,
            "goes_by": goes_by,
            "title": title,
            "vulnerable": vulnerable,
            "has_mobile": has_mobile,
            "name_change_at": change_at,
            "new_surname": new_surname,
        }

"""True people and households: names, dates of birth, homes, moves and name changes.

People are created on demand, when an episode needs a caller, victim or suspect, together with the
household they live in (a partner and an adult child who may also call). Household members share the
dwelling, the landline and usually the surname; sometimes a son shares his father's first name. All
names are drawn from the pools in `names`; nothing describes a real person.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field
from datetime import date, timedelta

import numpy as np

from saferplaces.analytics.synthetic import config as C
from saferplaces.analytics.synthetic import names as N
from saferplaces.analytics.synthetic.places import Places
from saferplaces.analytics.synthetic.sampling import Mix, choice, pick

NEVER = math.inf


def _band(age: float, edges: tuple[int, int]) -> int:
    """0, 1 or 2: below the first edge, between the edges, at or above the second."""
    return 0 if age < edges[0] else (1 if age < edges[1] else 2)


@dataclass
class People:
    """Every true person and household (parallel lists; a person's id is its index).

    Times (``name_change_at``, ``move_at``) are seconds since 1970-01-01 on the UK local wall clock;
    ``math.inf`` means never.
    """

    first: list[str] = field(default_factory=list)
    middle: list[str] = field(default_factory=list)
    surname: list[str] = field(default_factory=list)
    sex: list[str] = field(default_factory=list)
    title: list[str] = field(default_factory=list)
    dob: list[date] = field(default_factory=list)
    origin: list[str] = field(default_factory=list)
    household: list[int] = field(default_factory=list)
    known_as: list[str] = field(default_factory=list)  # middle name used as the given name
    goes_by: list[str] = field(default_factory=list)  # habitual nickname
    vulnerable: list[bool] = field(default_factory=list)
    has_mobile: list[bool] = field(default_factory=list)
    name_change_at: list[float] = field(default_factory=list)
    new_surname: list[str] = field(default_factory=list)
    # households
    hh_dwelling: list[int] = field(default_factory=list)
    hh_move_at: list[float] = field(default_factory=list)
    hh_new_dwelling: list[int] = field(default_factory=list)
    hh_landline: list[bool] = field(default_factory=list)
    hh_members: list[list[int]] = field(default_factory=list)
    hh_family_surname: list[str] = field(default_factory=list)

    def surname_at(self, pid: int, t: float) -> str:
        return self.new_surname[pid] if t >= self.name_change_at[pid] else self.surname[pid]

    def dwelling_at(self, hh: int, t: float) -> int:
        return self.hh_new_dwelling[hh] if t >= self.hh_move_at[hh] else self.hh_dwelling[hh]


class Population:
    """Creates people and households for the generator.

    Args:
        places: where dwellings come from.
        prng: Python generator (all draws here are per person).
        start: first day of the period; ages are drawn relative to it.
        period_s: (first, last) second of the period, for moves and name changes.
        years: length of the period in years (turns yearly rates into period probabilities).
    """

    def __init__(
        self, places: Places, prng: random.Random, start: date, period_s: tuple[float, float], years: float
    ) -> None:
        self.places = places
        self.p = prng
        self.start = start
        self.period_s = period_s
        self.people = People()
        self.p_move = 1.0 - (1.0 - C.P_MOVE_PER_YEAR) ** years
        self.p_name_change = 1.0 - (1.0 - C.P_NAME_CHANGE_PER_YEAR) ** years
        self.by_lsoa: dict[int, list[int]] = {}
        areas = places.areas
        self._district_lsoas: dict[str, tuple[list[int], list[float]]] = {}
        for i, d in enumerate(areas.districts):
            ids, w = self._district_lsoas.setdefault(d, ([], []))
            ids.append(i)
            w.append(float(max(areas.population[i], 1.0)))
        self._pools: dict[int, Mix[str]] = {}
        self._pending: dict[int, tuple[str, list[tuple[str, float, str, bool, bool]]]] = {}
        self._district_mix = {d: Mix(ids, w) for d, (ids, w) in self._district_lsoas.items()}
        self._age_bands = Mix(C.AGE_BANDS, [b[2] for b in C.AGE_BANDS])

    # ---- names --------------------------------------------------------------------------------

    def _choose(self, pool: tuple[str, ...]) -> str:
        mix = self._pools.get(id(pool))
        if mix is None:
            mix = Mix(pool, N.zipf_weights(len(pool)).tolist())
            self._pools[id(pool)] = mix
        return mix.draw(self.p)

    def _given(self, origin: str, sex: str, birth_year: int) -> str:
        pools = N.NAME_POOLS[origin].male if sex == "M" else N.NAME_POOLS[origin].female
        cohort = 0 if birth_year < 1965 else (1 if birth_year < 1990 else 2)
        return self._choose(pools[min(cohort, len(pools) - 1)])

    def _family_surname(self, origin: str) -> str:
        return self._choose(N.NAME_POOLS[origin].surnames)

    # ---- people -------------------------------------------------------------------------------

    def _age(self) -> float:
        lo, hi, _ = self._age_bands.draw(self.p)
        return lo + self.p.random() * (hi - lo + 1)

    def _new_person(
        self,
        hh: int,
        origin: str,
        sex: str,
        age: float,
        family: str,
        partnered: bool,
        first: str | None = None,
    ) -> int:
        p = self.p
        ppl = self.people
        dob = self.start - timedelta(days=int(age * 365.25))
        given = first or self._given(origin, sex, dob.year)
        middle = ""
        known_as = ""
        surname = family
        if origin == "pakistani" and sex == "M" and first is None and p.random() < C.P_MOHAMMED_MIDDLE:
            given = "Mohammed" if p.random() < 0.7 else "Muhammad"
            while not middle or middle in ("Mohammed", "Muhammad"):
                middle = self._given(origin, sex, dob.year)
            known_as = middle
        elif origin == "pakistani" and sex == "F" and age >= 40 and p.random() < C.P_BEGUM:
            surname = choice(p, N.PAKISTANI_FEMALE_SURNAMES)
        elif origin == "indian" and family in N.SIKH_SURNAMES and p.random() < C.P_SIKH_MIDDLE:
            middle = "Singh" if sex == "M" else "Kaur"
        elif origin == "polish" and sex == "F":
            surname = N.feminine_surname(family)
        if not middle and p.random() < (0.4 if origin == "english" else 0.15):
            middle = self._given(origin, sex, dob.year)
            if middle == given:
                middle = ""
        if sex == "M":
            title = "Dr" if p.random() < 0.01 else "Mr"
        elif partnered:
            title = "Mrs" if p.random() < 0.8 else "Ms"
        else:
            title = p.choices(
                ("Miss", "Ms", "Mrs"), weights=(0.5 if age < 30 else 0.2, 0.3, 0.2 if age < 30 else 0.5)
            )[0]
        used = known_as or given
        nicks = N.NICKNAMES.get(used, ())
        goes_by = choice(p, nicks) if nicks and p.random() < C.P_GOES_BY_NICKNAME else ""
        band = _band(age, (65, 80))
        change_at = NEVER
        new_surname = ""
        if sex == "F" and 20 <= age <= 45 and p.random() < self.p_name_change:
            change_at = self.period_s[0] + p.random() * (self.period_s[1] - self.period_s[0])
            new_surname = self._family_surname(origin if p.random() < 0.7 else "english")
            if origin == "polish":
                new_surname = N.feminine_surname(new_surname)
        pid = len(ppl.first)
        ppl.first.append(given)
        ppl.middle.append(middle)
        ppl.surname.append(surname)
        ppl.sex.append(sex)
        ppl.title.append(title)
        ppl.dob.append(dob)
        ppl.origin.append(origin)
        ppl.household.append(hh)
        ppl.known_as.append(known_as)
        ppl.goes_by.append(goes_by)
        ppl.vulnerable.append(p.random() < C.P_VULNERABLE[band])
        ppl.has_mobile.append(p.random() < C.P_MOBILE[_band(age, (40, 65))])
        ppl.name_change_at.append(change_at)
        ppl.new_surname.append(new_surname)
        ppl.hh_members[hh].append(pid)
        return pid

    def new_household(self, lsoa: int, near: int | None = None) -> int:
        """A new household in the LSOA (next door to dwelling ``near`` if given); returns its main adult.

        The household gets a partner and an adult child with the probabilities in `config`, a
        landline by the main adult's age, and possibly a move to another dwelling during the period.
        """
        p = self.p
        ppl = self.people
        district = self.places.areas.districts[lsoa]
        origin = pick(p, C.ORIGIN_MIX.get(district, C.ORIGIN_MIX["default"]))
        hh = len(ppl.hh_dwelling)
        dwelling = self.places.new_dwelling(lsoa, near)
        age = self._age()
        family = self._family_surname(origin)
        partnered = p.random() < C.P_PARTNER[_band(age, (30, 65))]
        ppl.hh_dwelling.append(dwelling)
        ppl.hh_landline.append(p.random() < C.P_LANDLINE[_band(age, (40, 65))])
        ppl.hh_members.append([])
        ppl.hh_family_surname.append(family)
        move_at, new_dwelling = NEVER, -1
        if p.random() < self.p_move:
            move_at = self.period_s[0] + p.random() * (self.period_s[1] - self.period_s[0])
            dest = lsoa if p.random() < 0.3 else self._district_mix[district].draw(p)
            new_dwelling = self.places.new_dwelling(dest)
        ppl.hh_move_at.append(move_at)
        ppl.hh_new_dwelling.append(new_dwelling)
        sex = "F" if p.random() < C.P_FEMALE_CALLER else "M"
        main = self._new_person(hh, origin, sex, age, family, partnered)
        # The partner and adult child are drawn now but created only if someone needs them (most
        # never call): see `other_member`.
        pending: list[tuple[str, float, str, bool, bool]] = []
        if partnered:
            partner_age = max(18.0, age + p.gauss(0, 4))
            partner_family = family if p.random() < C.P_PARTNER_SAME_SURNAME else self._family_surname(origin)
            pending.append(("M" if sex == "F" else "F", partner_age, partner_family, True, False))
        if age >= 45 and p.random() < C.P_ADULT_CHILD:
            child_age = age - p.uniform(22, 35)
            if child_age >= 18:
                child_sex = "M" if p.random() < 0.5 else "F"
                named = child_sex == "M" and p.random() < C.P_SON_NAMED_AFTER_FATHER
                pending.append((child_sex, child_age, family, False, named))
        if pending:
            self._pending[hh] = (origin, pending)
        self.by_lsoa.setdefault(lsoa, []).append(main)
        return main

    def _materialise(self, hh: int) -> None:
        """Create the household's drawn-but-not-yet-created partner and adult child."""
        origin, pending = self._pending.pop(hh)
        ppl = self.people
        for sex, age, family, partnered, named_after_father in pending:
            first = None
            if named_after_father:
                father = next((m for m in ppl.hh_members[hh] if ppl.sex[m] == "M"), None)
                first = ppl.first[father] if father is not None else None
            self._new_person(hh, origin, sex, age, family, partnered, first=first)

    def existing_in(self, lsoa: int) -> int | None:
        """A main adult already living in the LSOA, or None."""
        ids = self.by_lsoa.get(lsoa)
        return choice(self.p, ids) if ids else None

    def other_member(self, pid: int) -> int | None:
        """Another adult of the person's household, or None."""
        hh = self.people.household[pid]
        if hh in self._pending:
            self._materialise(hh)
        others = [m for m in self.people.hh_members[hh] if m != pid]
        return choice(self.p, others) if others else None

    def home(self, pid: int, t: float) -> int:
        """The person's dwelling at time ``t``."""
        return self.people.dwelling_at(self.people.household[pid], t)

    def lsoa_of(self, pid: int, t: float) -> int:
        return self.places.loc.lsoa[self.home(pid, t)]

    def nearby_lsoa(self, lsoa: int) -> int:
        """An LSOA of the same district, weighted by population (a relative living elsewhere)."""
        return self._district_mix[self.places.areas.districts[lsoa]].draw(self.p)

    def ages(self, at: date) -> np.ndarray:
        return np.array([(at - d).days / 365.25 for d in self.people.dob])

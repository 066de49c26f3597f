"""The incident skeleton: episodes, their incidents, codes, people and places (no text yet).

An episode is one problem: a neighbour dispute, someone targeted, a youth nuisance hotspot, a problem
premises, a one-off act of damage. Each kind (config.EPISODE_KINDS) says how many incidents an
episode has (one, or a Zipf-tailed number), how far apart, where, who calls, how the calls are coded
and how often a non-crime log describes a crime. Episodes are drawn kind by kind until each kind has
its share of the period's incidents.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field

import numpy as np

from saferplaces.analytics.synthetic import config as C
from saferplaces.analytics.synthetic.people import Population
from saferplaces.analytics.synthetic.places import Places
from saferplaces.analytics.synthetic.reference import CodeList
from saferplaces.analytics.synthetic.sampling import choice, pick
from saferplaces.analytics.synthetic.timeline import Timeline

# Offences against a person: the person reporting them is the victim.
PERSON_OFFENCES = frozenset({"8L", "8M", "8Q", "8R", "9A", "9B", "3B", "105A", "105B"})

PUBLIC_SUSPECTS = {
    "youth_nuisance": ("a group of youths", "the youths", "the lads", "one of the youths", "kids"),
    "problem_premises": ("the occupants", "people at the address", "the customers", "a male at the address"),
    "vehicle_nuisance": ("the riders", "one of the riders", "a male on a bike"),
    "environmental": ("unknown persons", "someone"),
    "street_disorder": ("a drunk male", "a group of males", "a female", "one of the group"),
    "damage": ("unknown persons", "youths", "someone", "a male"),
    "targeted": ("an unknown male", "a group of youths", "two females"),
}


# Damage episodes: the offence follows what was damaged (the victim's home, their car, a public place).
DAMAGE_BY_PLACE: dict[str, C.Mix] = {
    "home": (("58A", 0.70), ("58D", 0.30)),
    "car": (("58C", 1.0),),
    "public": (("58B", 0.55), ("58D", 0.45)),
}


@dataclass
class Skeleton:
    """One row per incident (parallel lists), in creation order."""

    t: list[float] = field(default_factory=list)
    episode: list[int] = field(default_factory=list)
    kind: list[int] = field(default_factory=list)
    call_number: list[int] = field(default_factory=list)
    group: list[str] = field(default_factory=list)
    opening: list[str] = field(default_factory=list)
    closing: list[str] = field(default_factory=list)
    category: list[str] = field(default_factory=list)
    offence: list[str] = field(default_factory=list)  # recorded offence
    cdi_offence: list[str] = field(default_factory=list)  # offence described but not recorded
    no_crime: list[str] = field(default_factory=list)  # selected code closed without a crime
    hate: list[bool] = field(default_factory=list)
    caller: list[int] = field(default_factory=list)
    victim: list[int] = field(default_factory=list)  # true victim (truth), -1 none
    victim_recorded: list[bool] = field(default_factory=list)
    suspect: list[int] = field(default_factory=list)
    suspect_recorded: list[bool] = field(default_factory=list)
    location: list[int] = field(default_factory=list)
    setting: list[str] = field(default_factory=list)
    sus_phrase: list[str] = field(default_factory=list)
    contact: list[str] = field(default_factory=list)

    # Rows are appended as tuples while episodes are drawn (one append instead of 21) and turned into
    # the columns above by `finish`.
    rows: list[tuple[object, ...]] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.t)

    def finish(self) -> None:
        """Transpose the appended rows into the column lists."""
        names = [f for f in self.__dataclass_fields__ if f != "rows"]
        columns = list(zip(*self.rows, strict=True)) if self.rows else [() for _ in names]
        for name, values in zip(names, columns, strict=True):
            setattr(self, name, list(values))
        self.rows = []


@dataclass
class _Episode:
    kind: C.EpisodeKind
    lsoa: int
    t0: float
    hate: bool
    victim: int = -1
    home: int = -1
    suspect: int = -1
    suspect_loc: int = -1
    locations: tuple[int, ...] = ()
    location_weights: tuple[float, ...] = ()
    settings: tuple[str, ...] = ()
    sus_phrases: tuple[str, ...] = ("someone",)
    local_callers: bool = False
    main_reporter: int = -1
    reporters: list[int] = field(default_factory=list)
    reporter_cap: int = 1
    household_other: int | None = None
    relative: int = -1
    neighbour: int = -1
    damage_mix: C.Mix = ()


class EpisodeBuilder:
    """Draws episodes and appends their incidents to a `Skeleton`.

    Args:
        codes: the force's code list (ASB finalisation codes per category).
        places: true places.
        population: true people.
        timeline: period and intensity.
        rng: NumPy generator (batched draws: starts, LSOAs, episode sizes).
        prng: Python generator (per-episode and per-incident choices).
    """

    def __init__(
        self,
        codes: CodeList,
        places: Places,
        population: Population,
        timeline: Timeline,
        rng: np.random.Generator,
        prng: random.Random,
    ) -> None:
        self.codes = codes
        self.places = places
        self.pop = population
        self.timeline = timeline
        self.rng = rng
        self.p = prng
        self.sk = Skeleton()
        self.n_episodes = 0
        self.episode_kind: list[int] = []

    def run(self, kind_index: int, kind: C.EpisodeKind, target: int) -> int:
        """Add episodes of ``kind`` until ``target`` incidents fall inside the period; returns the count."""
        made = 0
        weights = self.places.areas.weights(kind.lsoa_weight)
        while made < target:
            batch = max(64, int((target - made) * 0.8))
            starts = self.timeline.sample_starts(batch, self.rng)
            lsoas = self.rng.choice(len(weights), size=batch, p=weights)
            for t0, lsoa in zip(starts.tolist(), lsoas.tolist(), strict=True):
                made += self._episode(kind_index, kind, t0, int(lsoa))
                if made >= target:
                    break
        return made

    # ---- one episode --------------------------------------------------------------------------

    def _times(self, kind: C.EpisodeKind, t0: float) -> list[float]:
        n = 1 if self.p.random() < kind.p_single else min(kind.max_calls, 1 + int(self.rng.zipf(kind.zipf_a)))
        times = [t0]
        t = t0
        for _ in range(n - 1):
            t = self.timeline.next_time(t, kind.mean_gap_days, self.p)
            if t == math.inf:
                break
            times.append(t)
        return times

    def _main_person(self, lsoa: int) -> int:
        if self.p.random() < C.P_REUSE_CALLER:
            existing = self.pop.existing_in(lsoa)
            if existing is not None:
                return existing
        return self.pop.new_household(lsoa)

    def _neighbour_phrase(self, suspect: int, home: int, named: bool) -> str:
        ppl = self.pop.people
        lc = self.places.loc
        theirs = self.pop.home(suspect, -math.inf)
        n = f"{lc.number[theirs]}{lc.letter[theirs]}"
        if (
            lc.flat[home]
            and lc.flat[theirs]
            and lc.street[home] == lc.street[theirs]
            and lc.number[home] == lc.number[theirs]
        ):
            return choice(
                self.p,
                ("the neighbour in the flat above", "the flat below", "the neighbour across the landing"),
            )
        he = "male" if ppl.sex[suspect] == "M" else "female"
        options = [f"the neighbour at no {n}", f"the {he} at no {n}", f"the family at no {n}", "next door"]
        if named:
            options.append(f"{ppl.first[suspect]} {ppl.surname[suspect]} at no {n}")
        return choice(self.p, options)

    def _setup(self, ep: _Episode) -> None:
        p = self.p
        kind = ep.kind
        places = self.places
        pop = self.pop
        damage_place = ""
        if kind.place == "damage":
            u = p.random()
            damage_place = "home" if u < 0.55 else ("car" if u < 0.8 else "public")
            ep.damage_mix = DAMAGE_BY_PLACE[damage_place]
        if kind.place in ("neighbour", "home") or damage_place in ("home", "car"):
            ep.victim = self._main_person(ep.lsoa)
            ep.home = pop.home(ep.victim, ep.t0)
            ep.household_other = pop.other_member(ep.victim)
        if kind.place == "neighbour":
            ep.suspect = pop.new_household(places.loc.lsoa[ep.home], near=ep.home)
            ep.suspect_loc = pop.home(ep.suspect, ep.t0)
            ep.locations, ep.location_weights = (ep.home, ep.suspect_loc), (0.8, 0.2)
            ep.settings = ("home", "home")
            ep.sus_phrases = tuple(
                self._neighbour_phrase(ep.suspect, ep.home, named) for named in (False, True)
            )
        elif kind.place == "home":
            u = p.random()
            if u < 0.5:  # a known person living elsewhere (an ex-partner, an acquaintance)
                ep.suspect = pop.new_household(pop.nearby_lsoa(ep.lsoa))
                first = pop.people.first[ep.suspect]
                ep.sus_phrases = (
                    "her ex-partner",
                    "a known male",
                    "RP's ex",
                    f"{first}",
                    "a male known to RP",
                )
            elif u < 0.7:
                ep.suspect = pop.new_household(places.loc.lsoa[ep.home], near=ep.home)
                ep.sus_phrases = (self._neighbour_phrase(ep.suspect, ep.home, False),)
            else:
                ep.sus_phrases = PUBLIC_SUSPECTS["targeted"]
            street_loc = places.street_location[places.loc.street[ep.home]]
            ep.locations, ep.location_weights = (ep.home, street_loc), (0.85, 0.15)
            ep.settings = ("home", "public")
        elif kind.place == "damage":
            if damage_place == "home":
                ep.locations, ep.settings = (ep.home,), ("home",)
            elif damage_place == "car":  # the victim's car on their street
                ep.locations, ep.settings = (places.street_location[places.loc.street[ep.home]],), ("home",)
            else:
                ep.locations = (places.public_place(ep.lsoa, pick(p, kind.place_kinds)),)
                ep.settings = ("public",)
                ep.local_callers = True
            ep.location_weights = (1.0,)
            ep.sus_phrases = PUBLIC_SUSPECTS["damage"]
        else:  # public
            place_kind = pick(p, kind.place_kinds)
            if place_kind == "dwelling":
                ep.suspect = pop.new_household(ep.lsoa)
                ep.locations = (pop.home(ep.suspect, ep.t0),)
            else:
                ep.locations = (places.public_place(ep.lsoa, place_kind),)
            ep.location_weights = (1.0,)
            ep.settings = ("public",)
            ep.sus_phrases = PUBLIC_SUSPECTS[kind.name]
            ep.local_callers = True
        if ep.local_callers:
            ep.main_reporter = self._main_person(ep.lsoa)

    def _caller(self, ep: _Episode, n_calls: int) -> tuple[int, int, bool]:
        """(caller, victim for truth, victim fields recorded) of one incident."""
        p = self.p
        if p.random() < ep.kind.p_anonymous:
            return -1, ep.victim, False
        if ep.local_callers:
            if p.random() < C.P_MAIN_REPORTER:
                return ep.main_reporter, ep.victim, False
            if not ep.reporters:
                ep.reporter_cap = 1 + int(self.rng.poisson(n_calls / 3.0))
            k = p.randrange(ep.reporter_cap)
            while k >= len(ep.reporters):
                ep.reporters.append(self._main_person(ep.lsoa))
            return ep.reporters[k], ep.victim, False
        role = pick(p, C.HOUSEHOLD_CALLER_MIX)
        if role == "household" and ep.household_other is not None:
            return ep.household_other, ep.victim, p.random() < 0.3
        if role == "relative":
            if ep.relative < 0:
                ep.relative = self.pop.new_household(self.pop.nearby_lsoa(ep.lsoa))
            return ep.relative, ep.victim, True
        if role == "neighbour":
            if ep.neighbour < 0:
                ep.neighbour = self.pop.new_household(self.places.loc.lsoa[ep.home], near=ep.home)
            return ep.neighbour, ep.victim, p.random() < 0.5
        return ep.victim, ep.victim, False

    def _codes(self, ep: _Episode) -> tuple[str, str, str, str, str, str, str]:
        """(group, opening, closing, category, recorded offence, cdi offence, no-crime code)."""
        p = self.p
        kind = ep.kind
        outcome = pick(p, kind.outcomes)
        offence = cdi = no_crime = ""
        if outcome.startswith("asb_"):
            group, category = "asb", outcome[4:]
            closing = self.codes.asb_closing[category]
        elif outcome.startswith("crime:"):
            group, closing, category = "crime", outcome[6:], ""
            if p.random() < C.P_SELECTED_NO_CRIME:
                no_crime = closing
            elif closing == "CDAM":
                offence = pick(p, ep.damage_mix or kind.damage_offences)
            else:
                offence = pick(p, C.CRIME_OFFENCES[closing])
        elif outcome == "crime_other":
            group, closing, category = "crime", C.CRIME_OTHER_CLOSING, ""
            offence = pick(p, C.CRIME_OFFENCES["crime_other"])
        else:
            group, closing, category = "other", "", ""
        opening = pick(p, kind.openings[group])
        if opening == "=":
            opening = closing if outcome != "crime_other" else kind.main_code
        if group == "other":
            closing = pick(p, C.OTHER_CLOSINGS)
            if closing == "=":
                closing = opening
        if ep.hate and p.random() < C.P_HATE_OPENING:
            opening = C.HATE_CODE
        if group != "asb":
            category = self.codes.category.get(opening, "")
        if group != "crime" and p.random() < kind.p_cdi:
            cdi = pick(p, ep.damage_mix or kind.cdi_offences)
        if ep.hate:
            offence = C.AGGRAVATED.get(offence, offence)
            cdi = C.AGGRAVATED.get(cdi, cdi)
        return group, opening, closing, category, offence, cdi, no_crime

    def _episode(self, kind_index: int, kind: C.EpisodeKind, t0: float, lsoa: int) -> int:
        times = self._times(kind, t0)
        tl = self.timeline
        if not any(tl.in_period(t) for t in times):
            return 0
        p = self.p
        ep = _Episode(kind=kind, lsoa=lsoa, t0=t0, hate=p.random() < kind.p_hate)
        self._setup(ep)
        eid = self.n_episodes
        self.n_episodes += 1
        self.episode_kind.append(kind_index)
        sk = self.sk
        made = 0
        for number, t in enumerate(times, start=1):
            if not tl.in_period(t):
                continue
            caller, victim, victim_recorded = self._caller(ep, len(times))
            group, opening, closing, category, offence, cdi, no_crime = self._codes(ep)
            described = offence or cdi
            if victim < 0 and caller >= 0 and described in PERSON_OFFENCES:
                victim = caller
            # Episodes have one location, or two (home and another) with location_weights[0] on the first.
            j = 0 if len(ep.locations) == 1 or p.random() < ep.location_weights[0] else 1
            contact_key = category if group == "asb" else group
            if caller < 0:
                contact = "N"
            elif p.random() < C.P_CONTACT_BLANK:
                contact = ""
            else:
                contact = "Y" if p.random() < C.P_CONTACT[contact_key] else "N"
            suspect_recorded = ep.suspect >= 0 and p.random() < C.P_SUSPECT_RECORDED
            sk.rows.append(
                (
                    t,
                    eid,
                    kind_index,
                    number,
                    group,
                    opening,
                    closing,
                    category,
                    offence,
                    cdi,
                    no_crime,
                    ep.hate,
                    caller,
                    victim,
                    victim_recorded and victim >= 0 and victim != caller,
                    ep.suspect,
                    suspect_recorded,
                    ep.locations[j],
                    ep.settings[j],
                    choice(p, ep.sus_phrases),
                    contact,
                )
            )
            made += 1
        return made

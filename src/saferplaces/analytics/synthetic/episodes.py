"""Episodes and their incidents: times, codes, who calls and where (no text yet), column-wise.

An episode is one problem: a neighbour dispute, someone targeted, a youth nuisance hotspot, a problem
premises, a one-off act of damage. Each kind (config.EPISODE_KINDS) says how many incidents an
episode has (one, or a Zipf-tailed number), how far apart, where, who calls, how the calls are coded
and how often a non-crime log describes a crime. Episodes are drawn kind by kind, in NumPy batches,
until each kind has its share of the period's incidents.

Three steps, because people and dwellings are created in between:
1. `draw_episodes`: episodes, incident times, codes and every per-call choice (as uniforms or roles);
2. `person_slots`: the people each episode needs (victim, suspect, reporters, ...), for `people`;
3. `cast`: once households and dwellings exist, who called, the true victim and suspect, and where.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

import numpy as np
import polars as pl
from numpy.typing import NDArray

from saferplaces.analytics.synthetic import config as C
from saferplaces.analytics.synthetic import namecodes as K
from saferplaces.analytics.synthetic.people import People, Population
from saferplaces.analytics.synthetic.places import DWELLING, KIND_CODE, Places
from saferplaces.analytics.synthetic.reference import CodeList
from saferplaces.analytics.synthetic.sampling import categorical, uniform_index
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
FLAT_NEIGHBOURS = ("the neighbour in the flat above", "the flat below", "the neighbour across the landing")

# Damage episodes: the offence follows what was damaged (the victim's home, their car, a public place).
DAMAGE_BY_PLACE: tuple[C.Mix, C.Mix, C.Mix] = (
    (("58A", 0.70), ("58D", 0.30)),  # home
    (("58C", 1.0),),  # car
    (("58B", 0.55), ("58D", 0.45)),  # public
)
DAMAGE_HOME, DAMAGE_CAR, DAMAGE_PUBLIC = 0, 1, 2
TARGET_KNOWN, TARGET_NEIGHBOUR, TARGET_UNKNOWN = 0, 1, 2

# Who made a call.
ANONYMOUS, VICTIM, HOUSEHOLD, RELATIVE, NEIGHBOUR, MAIN_REPORTER, REPORTER = range(7)
HOUSEHOLD_ROLES = {"victim": VICTIM, "household": HOUSEHOLD, "relative": RELATIVE, "neighbour": NEIGHBOUR}
# Person slots of an episode, in the order they are created.
SLOT_VICTIM, SLOT_SUSPECT, SLOT_MAIN, SLOT_REPORTER, SLOT_RELATIVE, SLOT_NEIGHBOUR = range(6)

Strings = NDArray[np.object_]


@dataclass
class Episodes:
    """One row per episode that has at least one incident in the period.

    ``variant`` is the damage place (home / car / public) for damage episodes and the kind of suspect
    (known person elsewhere / neighbour / unknown) for targeted ones, else -1. ``place_kind`` is the
    location kind code of a public episode (-1 otherwise) and ``public_loc`` its public location.
    Times are seconds since 1970 on the UK wall clock.
    """

    kind: NDArray[np.int64]
    lsoa: NDArray[np.int64]
    t0: NDArray[np.float64]
    hate: NDArray[np.bool_]
    n_calls: NDArray[np.int64]  # incidents drawn, including those outside the period
    variant: NDArray[np.int64]
    place_kind: NDArray[np.int64]
    public_loc: NDArray[np.int64]
    local: NDArray[np.bool_]  # several local residents call (public places)
    has_victim: NDArray[np.bool_]  # a household is the victim (home, neighbour, damage at home/car)

    def __len__(self) -> int:
        return len(self.kind)

    @classmethod
    def concat(cls, parts: list[Episodes]) -> Episodes:
        return cls(**{f.name: np.concatenate([getattr(p, f.name) for p in parts]) for f in fields(cls)})


@dataclass
class Incidents:
    """One row per incident in the period, grouped by episode (creation order), without people yet.

    Codes are strings (``""`` for none). ``role`` is who called (ANONYMOUS, VICTIM, ...); ``reporter``
    is the index of the local reporter for REPORTER calls. The ``u_*`` columns are uniforms that
    `cast` turns into choices once the episode's people and places exist.
    """

    episode: NDArray[np.int64]
    call_number: NDArray[np.int64]
    t: NDArray[np.float64]
    group: Strings
    opening: Strings
    closing: Strings
    category: Strings
    offence: Strings  # recorded offence
    cdi_offence: Strings  # offence described but not recorded
    no_crime: Strings  # selected crime code closed without a crime
    contact: Strings
    role: NDArray[np.int64]
    reporter: NDArray[np.int64]
    victim_recorded: NDArray[np.bool_]  # the caller also gave the victim's details
    suspect_recorded: NDArray[np.bool_]  # drawn for every call; applies when the episode has a suspect
    u_location: NDArray[np.float64]
    u_suspect_phrase: NDArray[np.float64]

    def __len__(self) -> int:
        return len(self.t)


def _times(
    t0: NDArray[np.float64], size: NDArray[np.int64], gap: float, timeline: Timeline, rng: np.random.Generator
) -> tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.float64]]:
    """(episode, call number, time) of every incident drawn, sorted by episode then call number.

    An episode stops early if its next incident would fall after the period's end.
    """
    eps = [np.arange(len(t0))]
    numbers = [np.ones(len(t0), dtype=np.int64)]
    times = [t0]
    current = t0.copy()
    active = np.flatnonzero(size > 1)
    step = 1
    while active.size:
        nxt = timeline.next_times(current[active], gap, rng)
        ok = np.isfinite(nxt)
        active, nxt = active[ok], nxt[ok]
        step += 1
        eps.append(active)
        numbers.append(np.full(active.size, step, dtype=np.int64))
        times.append(nxt)
        current[active] = nxt
        active = active[size[active] > step]
    ep = np.concatenate(eps)
    number = np.concatenate(numbers)
    order = np.lexsort((number, ep))
    return ep[order], number[order], np.concatenate(times)[order]


def _lookup(values: Strings, table: dict[str, str]) -> Strings:
    """``table[v]`` for each value (``""`` when absent)."""
    if not len(values):
        return np.array([], dtype=object)
    mapped = pl.Series(values, dtype=pl.String).replace_strict(table, default="", return_dtype=pl.String)
    return np.asarray(mapped.to_numpy(), dtype=object)


def _mix_by(choice_of: NDArray[np.int64], mixes: tuple[C.Mix, ...], u: NDArray[np.float64]) -> Strings:
    """A key of ``mixes[choice_of[i]]`` for each row."""
    out = np.full(len(u), "", dtype=object)
    for j, mix in enumerate(mixes):
        m = choice_of == j
        if m.any():
            out[m] = categorical(mix).draw(u[m])
    return out


def _codes(
    kind: C.EpisodeKind, hate: NDArray[np.bool_], damage_place: NDArray[np.int64], codes: CodeList,
    rng: np.random.Generator,
) -> dict[str, Strings]:  # fmt: skip
    """Group, opening, closing, category, recorded offence, CDI offence and no-crime code per incident.

    ``damage_place`` is each incident's episode damage place (-1 outside damage episodes): it decides
    the criminal-damage offence mix.
    """
    n = len(hate)
    outcome = categorical(kind.outcomes).draw(rng.random(n))
    group = np.full(n, "other", dtype=object)
    closing = np.full(n, "", dtype=object)
    category = np.full(n, "", dtype=object)
    offence = np.full(n, "", dtype=object)
    cdi = np.full(n, "", dtype=object)
    no_crime = np.full(n, "", dtype=object)
    damage_mix = np.where(damage_place >= 0, damage_place, 3)
    damage_mixes = (*DAMAGE_BY_PLACE, kind.damage_offences)
    cdi_mixes = (*DAMAGE_BY_PLACE, kind.cdi_offences)
    u_no_crime, u_offence = rng.random(n), rng.random(n)
    for key in dict.fromkeys(k for k, _ in kind.outcomes):
        m = outcome == key
        if key.startswith("asb_"):
            group[m], category[m], closing[m] = "asb", key[4:], codes.asb_closing[key[4:]]
        elif key.startswith("crime:"):
            code = key[6:]
            group[m], closing[m] = "crime", code
            selected = m & (u_no_crime < C.P_SELECTED_NO_CRIME)
            no_crime[selected] = code
            rest = m & ~selected
            if code == "CDAM":
                offence[rest] = _mix_by(damage_mix[rest], damage_mixes, u_offence[rest])
            else:
                offence[rest] = categorical(C.CRIME_OFFENCES[code]).draw(u_offence[rest])
        elif key == "crime_other":
            group[m], closing[m] = "crime", C.CRIME_OTHER_CLOSING
            offence[m] = categorical(C.CRIME_OFFENCES["crime_other"]).draw(u_offence[m])
    opening = np.full(n, "", dtype=object)
    u_open = rng.random(n)
    for g in ("asb", "crime", "other"):
        m = group == g
        opening[m] = categorical(kind.openings[g]).draw(u_open[m])
    same = opening == "="
    opening[same] = np.where(outcome[same] == "crime_other", kind.main_code, closing[same])
    other = group == "other"
    closing[other] = categorical(C.OTHER_CLOSINGS).draw(rng.random(int(other.sum())))
    same = other & (closing == "=")
    closing[same] = opening[same]
    opening[hate & (rng.random(n) < C.P_HATE_OPENING)] = C.HATE_CODE
    not_asb = group != "asb"
    category[not_asb] = _lookup(opening[not_asb], codes.category)
    described = (group != "crime") & (rng.random(n) < kind.p_cdi)
    cdi[described] = _mix_by(damage_mix[described], cdi_mixes, rng.random(int(described.sum())))
    for col in (offence, cdi):
        h = hate & (col != "")
        col[h] = _lookup(col[h], {k: C.AGGRAVATED.get(k, k) for k in set(col[h].tolist())})
    return {
        "group": group,
        "opening": opening,
        "closing": closing,
        "category": category,
        "offence": offence,
        "cdi_offence": cdi,
        "no_crime": no_crime,
    }


def _draw_kind(
    k: int, kind: C.EpisodeKind, target: int, places: Places, timeline: Timeline, rng: np.random.Generator
) -> tuple[Episodes, tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.float64]]]:
    """Episodes of one kind until ``target`` incidents fall inside the period (the last may overshoot)."""
    weights = places.areas.weights(kind.lsoa_weight)
    made = 0
    ep_parts: list[tuple[NDArray[np.float64], NDArray[np.int64], NDArray[np.int64]]] = []
    inc_parts: list[tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.float64]]] = []
    offset = 0
    while made < target:
        batch = max(64, int((target - made) * 0.8))
        t0 = timeline.sample_starts(batch, rng)
        lsoa = rng.choice(len(weights), size=batch, p=weights)
        zipf = np.minimum(rng.zipf(kind.zipf_a, batch), kind.max_calls)
        size = np.where(rng.random(batch) < kind.p_single, 1, np.minimum(kind.max_calls, 1 + zipf))
        ep, number, t = _times(t0, size, kind.mean_gap_days, timeline, rng)
        n_calls = np.bincount(ep, minlength=batch)
        inside = timeline.in_period(t)
        count = np.bincount(ep[inside], minlength=batch)
        kept = np.flatnonzero(count > 0)
        cut = int(np.searchsorted(np.cumsum(count[kept]), target - made, side="left"))
        kept = kept[: cut + 1]
        made += int(count[kept].sum())
        new_id = np.full(batch, -1, dtype=np.int64)
        new_id[kept] = offset + np.arange(len(kept))
        offset += len(kept)
        ep_parts.append((t0[kept], lsoa[kept].astype(np.int64), n_calls[kept].astype(np.int64)))
        sel = inside & (new_id[ep] >= 0)
        inc_parts.append((new_id[ep[sel]], number[sel], t[sel]))
    t0 = np.concatenate([p[0] for p in ep_parts])
    lsoa = np.concatenate([p[1] for p in ep_parts])
    n_calls = np.concatenate([p[2] for p in ep_parts])
    episode = np.concatenate([p[0] for p in inc_parts])
    number = np.concatenate([p[1] for p in inc_parts])
    t = np.concatenate([p[2] for p in inc_parts])
    e = len(t0)
    hate = rng.random(e) < kind.p_hate
    variant = np.full(e, -1, dtype=np.int64)
    place_kind = np.full(e, -1, dtype=np.int64)
    u = rng.random(e)
    if kind.place == "damage":
        variant = np.where(u < 0.55, DAMAGE_HOME, np.where(u < 0.8, DAMAGE_CAR, DAMAGE_PUBLIC))
    elif kind.place == "home":
        variant = np.where(u < 0.5, TARGET_KNOWN, np.where(u < 0.7, TARGET_NEIGHBOUR, TARGET_UNKNOWN))
    damage = kind.place == "damage"
    public = (kind.place == "public") | (damage & (variant == DAMAGE_PUBLIC))
    if kind.place_kinds:
        drawn = categorical(kind.place_kinds).draw(rng.random(e))
        place_kind = np.where(public, np.array([KIND_CODE[x] for x in drawn.tolist()], dtype=np.int64), -1)
    u = rng.random(e)
    wants_public = public & (place_kind != DWELLING)
    public_loc = np.full(e, -1, dtype=np.int64)
    public_loc[wants_public] = places.public_places(
        lsoa[wants_public], place_kind[wants_public], u[wants_public]
    )
    has_victim = (kind.place in ("neighbour", "home")) | (damage & (variant != DAMAGE_PUBLIC))
    episodes = Episodes(
        kind=np.full(e, k, dtype=np.int64),
        lsoa=lsoa,
        t0=t0,
        hate=hate,
        n_calls=n_calls,
        variant=variant,
        place_kind=place_kind,
        public_loc=public_loc,
        local=np.broadcast_to(public, (e,)).copy(),
        has_victim=np.broadcast_to(has_victim, (e,)).copy(),
    )
    return episodes, (episode, number, t)


def draw_episodes(
    codes: CodeList,
    places: Places,
    timeline: Timeline,
    total: float,
    rng_counts: np.random.Generator,
    rng: np.random.Generator,
) -> tuple[Episodes, Incidents]:
    """Every episode and in-period incident, with codes and per-call choices.

    Args:
        codes: the force's code list (ASB finalisation codes per category).
        places: true places (LSOA weights, public places).
        timeline: period and intensity.
        total: expected incidents in the period; each kind gets Poisson(total x share).
        rng_counts: draws the per-kind targets (its own stream, so volumes do not shift other draws).
        rng: every other draw.
    """
    eps: list[Episodes] = []
    incs: list[dict[str, NDArray[np.generic]]] = []
    offset = 0
    for k, kind in enumerate(C.EPISODE_KINDS):
        target = int(rng_counts.poisson(total * kind.share))
        ep, (episode, number, t) = _draw_kind(k, kind, target, places, timeline, rng)
        n = len(t)
        local = ep.local[episode]
        hate = ep.hate[episode]
        variant = ep.variant[episode]
        damage_place = variant if kind.place == "damage" else np.full(n, -1, dtype=np.int64)
        inc: dict[str, NDArray[np.generic]] = {
            "episode": episode + offset,
            "call_number": number,
            "t": t,
            **_codes(kind, hate, damage_place, codes, rng),
        }
        # Who calls: anonymous, else the main reporter or another local (public places), else the
        # victim, another household member, a relative elsewhere or a neighbour (homes).
        anonymous = rng.random(n) < kind.p_anonymous
        cap = 1 + rng.poisson(ep.n_calls / 3.0)
        reporter = uniform_index(rng.random(n), cap[episode])
        main = rng.random(n) < C.P_MAIN_REPORTER
        roles = np.array([HOUSEHOLD_ROLES[r] for r, _ in C.HOUSEHOLD_CALLER_MIX], dtype=np.int64)
        household_role = roles[categorical(C.HOUSEHOLD_CALLER_MIX).index(rng.random(n))]
        role = np.where(local, np.where(main, MAIN_REPORTER, REPORTER), household_role)
        role = np.where(anonymous, ANONYMOUS, role)
        u = rng.random(n)
        victim_recorded = (
            ((role == HOUSEHOLD) & (u < 0.3)) | (role == RELATIVE) | ((role == NEIGHBOUR) & (u < 0.5))
        )
        group, category = inc["group"], inc["category"]
        key = np.where(group == "asb", category, group)
        p_contact = (
            pl.Series(key, dtype=pl.String).replace_strict(C.P_CONTACT, return_dtype=pl.Float64).to_numpy()
        )
        contact = np.where(rng.random(n) < p_contact, "Y", "N").astype(object)
        contact[rng.random(n) < C.P_CONTACT_BLANK] = ""
        contact[anonymous] = "N"
        inc.update(
            contact=contact,
            role=role,
            reporter=np.where(role == REPORTER, reporter, -1),
            victim_recorded=victim_recorded,
            suspect_recorded=rng.random(n) < C.P_SUSPECT_RECORDED,
            u_location=rng.random(n),
            u_suspect_phrase=rng.random(n),
        )
        offset += len(ep)
        eps.append(ep)
        incs.append(inc)
    episodes = Episodes.concat(eps)
    incidents = Incidents(**{f: np.concatenate([i[f] for i in incs]) for f in incs[0]})
    return episodes, incidents


@dataclass(frozen=True)
class Slots:
    """The people episodes need, one row per slot in creation order (episode, slot kind, index).

    ``lsoa`` is where the household is registered (a reusable slot may take an existing main adult
    registered there); ``near`` slots are households next door to the episode's victim.
    """

    episode: NDArray[np.int64]
    kind: NDArray[np.int64]
    index: NDArray[np.int64]
    lsoa: NDArray[np.int64]
    reusable: NDArray[np.bool_]
    near: NDArray[np.bool_]


def person_slots(
    episodes: Episodes, incidents: Incidents, population: Population, rng: np.random.Generator
) -> Slots:
    """The person slots of every episode: victim, suspect, main reporter, reporters, relative, neighbour."""
    kinds = C.EPISODE_KINDS
    name = np.array([k.name for k in kinds], dtype=object)[episodes.kind]
    e = np.arange(len(episodes))
    lsoa = episodes.lsoa
    nearby = population.nearby_lsoa(lsoa, rng)
    ep_of, role = incidents.episode, incidents.role
    reporters = np.zeros(len(episodes), dtype=np.int64)
    r = role == REPORTER
    np.maximum.at(reporters, ep_of[r], incidents.reporter[r] + 1)
    relative = np.zeros(len(episodes), dtype=bool)
    relative[ep_of[role == RELATIVE]] = True
    neighbour = np.zeros(len(episodes), dtype=bool)
    neighbour[ep_of[role == NEIGHBOUR]] = True
    neighbour_suspect = (name == "neighbour") | (
        (name == "targeted") & (episodes.variant == TARGET_NEIGHBOUR)
    )
    known_suspect = (name == "targeted") & (episodes.variant == TARGET_KNOWN)
    premises = episodes.place_kind == DWELLING
    parts = [
        # (episodes, slot kind, LSOA, reusable, near)
        (e[episodes.has_victim], SLOT_VICTIM, lsoa, True, False),
        (e[neighbour_suspect], SLOT_SUSPECT, lsoa, False, True),
        (e[known_suspect], SLOT_SUSPECT, nearby, False, False),
        (e[premises], SLOT_SUSPECT, lsoa, False, False),
        (e[episodes.local], SLOT_MAIN, lsoa, True, False),
        (e[relative], SLOT_RELATIVE, nearby, False, False),
        (e[neighbour], SLOT_NEIGHBOUR, lsoa, False, True),
    ]
    cols: dict[str, list[NDArray[np.generic]]] = {
        k: [] for k in ("episode", "kind", "index", "lsoa", "reusable", "near")
    }
    for which, slot, where, reusable, near in parts:
        cols["episode"].append(which)
        cols["kind"].append(np.full(len(which), slot, dtype=np.int64))
        cols["index"].append(np.zeros(len(which), dtype=np.int64))
        cols["lsoa"].append(where[which])
        cols["reusable"].append(np.full(len(which), reusable))
        cols["near"].append(np.full(len(which), near))
    rep_ep = np.repeat(e, reporters)
    cols["episode"].append(rep_ep)
    cols["kind"].append(np.full(len(rep_ep), SLOT_REPORTER, dtype=np.int64))
    cols["index"].append(np.arange(len(rep_ep)) - np.repeat(np.cumsum(reporters) - reporters, reporters))
    cols["lsoa"].append(lsoa[rep_ep])
    cols["reusable"].append(np.ones(len(rep_ep), dtype=bool))
    cols["near"].append(np.zeros(len(rep_ep), dtype=bool))
    flat = {k: np.concatenate(v) for k, v in cols.items()}
    order = np.lexsort((flat["index"], flat["kind"], flat["episode"]))
    return Slots(**{k: v[order] for k, v in flat.items()})


@dataclass(frozen=True)
class Cast:
    """Per incident (creation order): true caller, victim and suspect (person ids, -1 none), whether
    the victim's and suspect's details were recorded, the true location, its setting (``home`` or
    ``public``) and the phrase naming the suspect."""

    caller: NDArray[np.int64]
    victim: NDArray[np.int64]
    victim_recorded: NDArray[np.bool_]
    suspect: NDArray[np.int64]
    suspect_recorded: NDArray[np.bool_]
    location: NDArray[np.int64]
    setting: Strings
    suspect_phrase: pl.Series


def _slot_person(
    slots: Slots, slot_hh: NDArray[np.int64], people: People, n_episodes: int, kind: int
) -> NDArray[np.int64]:
    """The main adult filling slot ``kind`` of each episode (-1 where the episode has none)."""
    out = np.full(n_episodes, -1, dtype=np.int64)
    m = (slots.kind == kind) & (slots.index == 0)
    out[slots.episode[m]] = people.hh_main[slot_hh[m]]
    return out


def cast(
    episodes: Episodes,
    incidents: Incidents,
    slots: Slots,
    slot_hh: NDArray[np.int64],
    people: People,
    places: Places,
    rng: np.random.Generator,
) -> Cast:
    """Who called, the true victim and suspect, and where, for every incident."""
    e = len(episodes)
    t0 = episodes.t0
    victim_ep = _slot_person(slots, slot_hh, people, e, SLOT_VICTIM)
    suspect_ep = _slot_person(slots, slot_hh, people, e, SLOT_SUSPECT)
    main_ep = _slot_person(slots, slot_hh, people, e, SLOT_MAIN)
    relative_ep = _slot_person(slots, slot_hh, people, e, SLOT_RELATIVE)
    neighbour_ep = _slot_person(slots, slot_hh, people, e, SLOT_NEIGHBOUR)
    has_victim = victim_ep >= 0
    v_hh = people.household[np.maximum(victim_ep, 0)]
    home = np.where(has_victim, people.dwelling_at(v_hh, t0), -1)
    # Another adult of the victim's household (partner or adult child), uniformly; -1 if none.
    others = np.stack((people.hh_partner[v_hh], people.hh_child[v_hh]), axis=1)
    n_others = (others >= 0).sum(axis=1)
    existing_first = np.where(others[:, :1] >= 0, others, others[:, ::-1])
    pick = uniform_index(rng.random(e), n_others)
    other = np.where(has_victim & (n_others > 0), existing_first[np.arange(e), pick], -1)
    s_hh = people.household[np.maximum(suspect_ep, 0)]
    suspect_home = np.where(suspect_ep >= 0, people.dwelling_at(s_hh, t0), -1)

    # Locations: one or two per episode (the first with weight w0), and their settings.
    name = np.array([k.name for k in C.EPISODE_KINDS], dtype=object)[episodes.kind]
    street_of_home = places.street_location_of(np.maximum(home, 0))
    neighbour_kind = name == "neighbour"
    targeted = name == "targeted"
    damage = name == "damage"
    loc0 = np.where(episodes.place_kind == DWELLING, suspect_home, episodes.public_loc)
    loc0 = np.where(neighbour_kind | targeted | (damage & (episodes.variant == DAMAGE_HOME)), home, loc0)
    loc0 = np.where(damage & (episodes.variant == DAMAGE_CAR), street_of_home, loc0)
    loc1 = np.where(neighbour_kind, suspect_home, np.where(targeted, street_of_home, -1))
    w0 = np.where(neighbour_kind, 0.8, np.where(targeted, 0.85, 1.0))
    set0 = np.where(has_victim, "home", "public").astype(object)
    set1 = np.where(targeted, "public", "home").astype(object)

    # Callers.
    ep = incidents.episode
    role = incidents.role
    # Reporter slots of an episode are contiguous (slots are sorted by episode, kind, index).
    first_reporter = np.full(e, -1, dtype=np.int64)
    m0 = (slots.kind == SLOT_REPORTER) & (slots.index == 0)
    first_reporter[slots.episode[m0]] = np.flatnonzero(m0)
    reporter = np.full(len(ep), -1, dtype=np.int64)
    r = role == REPORTER
    reporter[r] = people.hh_main[slot_hh[first_reporter[ep[r]] + incidents.reporter[r]]]
    victim = victim_ep[ep]
    other_i = other[ep]
    household_call = (role == HOUSEHOLD) & (other_i >= 0)
    caller = np.select(
        [
            role == ANONYMOUS,
            role == MAIN_REPORTER,
            role == REPORTER,
            household_call,
            role == RELATIVE,
            role == NEIGHBOUR,
        ],
        [np.full(len(ep), -1), main_ep[ep], reporter, other_i, relative_ep[ep], neighbour_ep[ep]],
        victim,
    )
    recorded = incidents.victim_recorded & ((role != HOUSEHOLD) | household_call)
    described = np.where(incidents.offence != "", incidents.offence, incidents.cdi_offence)
    against_person = np.isin(described.astype(str), list(PERSON_OFFENCES))
    victim = np.where((victim < 0) & (caller >= 0) & against_person, caller, victim)
    victim_recorded = recorded & (victim >= 0) & (victim != caller)
    suspect = suspect_ep[ep]
    suspect_recorded = incidents.suspect_recorded & (suspect >= 0)
    second = (loc1[ep] >= 0) & (incidents.u_location >= w0[ep])
    location = np.where(second, loc1[ep], loc0[ep])
    setting = np.where(second, set1[ep], set0[ep]).astype(object)
    phrases, n_phrases = _suspect_phrases(episodes, name, home, suspect_ep, people, places, rng)
    k = uniform_index(incidents.u_suspect_phrase, n_phrases[ep])
    chosen = pl.col("p0")
    for j in range(1, 5):
        chosen = pl.when(pl.col("k") == j).then(pl.col(f"p{j}")).otherwise(chosen)
    suspect_phrase = phrases.gather(ep).with_columns(k=k).select(chosen.alias("suspect_phrase")).to_series()
    return Cast(
        caller=caller.astype(np.int64),
        victim=victim.astype(np.int64),
        victim_recorded=victim_recorded,
        suspect=suspect.astype(np.int64),
        suspect_recorded=suspect_recorded,
        location=location.astype(np.int64),
        setting=setting,
        suspect_phrase=suspect_phrase,
    )


def _suspect_phrases(
    episodes: Episodes,
    name: Strings,
    home: NDArray[np.int64],
    suspect: NDArray[np.int64],
    people: People,
    places: Places,
    rng: np.random.Generator,
) -> tuple[pl.DataFrame, NDArray[np.int64]]:
    """Each episode's ways of naming the suspect (columns p0..p4) and how many there are.

    A neighbour is named by their door (``the male at no 14``, ``the family at no 14``, ``next door``,
    by name for a neighbour dispute, or ``the flat below`` when both live in the same building); a
    known person elsewhere as ``her ex-partner`` or by first name; others by the kind's stock phrases.
    """
    e = len(episodes)
    lc = places.arrays
    assert lc is not None
    stock = np.full((len(C.EPISODE_KINDS), 5), "someone", dtype=object)
    stock_count = np.ones(len(C.EPISODE_KINDS), dtype=np.int64)
    for k, kind in enumerate(C.EPISODE_KINDS):
        phrases = PUBLIC_SUSPECTS.get(kind.name, ("someone",))
        stock[k, : len(phrases)] = phrases
        stock_count[k] = len(phrases)
    count = stock_count[episodes.kind]
    targeted = name == "targeted"
    known = targeted & (episodes.variant == TARGET_KNOWN)
    neighbour = name == "neighbour"
    next_door = neighbour | (targeted & (episodes.variant == TARGET_NEIGHBOUR))
    s = np.maximum(suspect, 0)
    theirs = people.hh_dwelling[people.household[s]]
    h = np.maximum(home, 0)
    same_building = (
        (lc.flat[h] > 0)
        & (lc.flat[theirs] > 0)
        & (lc.street[h] == lc.street[theirs])
        & (lc.number[h] == lc.number[theirs])
    )
    df = pl.DataFrame(
        {
            **{f"s{j}": stock[episodes.kind, j] for j in range(5)},
            "door": pl.select(
                pl.concat_str([pl.Series(lc.number[theirs]).cast(pl.String), lc.letter.gather(theirs)])
            ).to_series(),
            "he": np.where(people.female[s], "female", "male"),
            "first": K.strings(people.first[s]),
            "surname": K.strings(people.surname[s]),
            "known": known,
            "next_door": next_door,
            "neighbour": neighbour,
            "same": same_building,
            "pick0": uniform_index(rng.random(e), np.full(e, 4)),
            "pick1": uniform_index(rng.random(e), np.full(e, 5)),
            "flat0": uniform_index(rng.random(e), np.full(e, 3)),
            "flat1": uniform_index(rng.random(e), np.full(e, 3)),
        },
        schema_overrides={f"s{j}": pl.String for j in range(5)},
    )
    door = pl.col("door")
    options = [
        pl.concat_str([pl.lit("the neighbour at no "), door]),
        pl.concat_str([pl.lit("the "), pl.col("he"), pl.lit(" at no "), door]),
        pl.concat_str([pl.lit("the family at no "), door]),
        pl.lit("next door"),
        pl.concat_str([pl.col("first"), pl.lit(" "), pl.col("surname"), pl.lit(" at no "), door]),
    ]

    def neighbour_phrase(pick: str, flat: str) -> pl.Expr:
        out = options[0]
        for j in range(len(options) - 1, 0, -1):
            out = pl.when(pl.col(pick) == j).then(options[j]).otherwise(out)
        flats = pl.lit(FLAT_NEIGHBOURS[0])
        for j in range(1, len(FLAT_NEIGHBOURS)):
            flats = pl.when(pl.col(flat) == j).then(pl.lit(FLAT_NEIGHBOURS[j])).otherwise(flats)
        return pl.when(pl.col("same")).then(flats).otherwise(out)

    known_phrases = ("her ex-partner", "a known male", "RP's ex", None, "a male known to RP")
    cols = []
    for j in range(5):
        col = pl.col(f"s{j}")
        known_j = pl.col("first") if known_phrases[j] is None else pl.lit(known_phrases[j])
        col = pl.when(pl.col("known")).then(known_j).otherwise(col)
        if j == 0:
            col = pl.when(pl.col("next_door")).then(neighbour_phrase("pick0", "flat0")).otherwise(col)
        if j == 1:
            col = pl.when(pl.col("neighbour")).then(neighbour_phrase("pick1", "flat1")).otherwise(col)
        cols.append(col.alias(f"p{j}"))
    count = np.where(known, 5, np.where(neighbour, 2, np.where(next_door, 1, count)))
    return df.select(cols), count

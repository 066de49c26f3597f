"""`generate(config) -> GeneratedData`: the synthetic incident log and its truth as Polars tables.

Stages, each with its own random stream spawned from the seed (so changing one stage's draws does not
shift the others): places, episodes (people, times, codes), phone allocation, text (narratives and
recorded fields), durations. Per-incident text is built in one Python pass over the time-ordered
incidents; everything else is vectorised with NumPy or Polars.
"""

from __future__ import annotations

import gc
import random
from dataclasses import dataclass
from datetime import date

import numpy as np
import polars as pl
from tqdm import tqdm

from saferplaces.analytics.synthetic import config as C
from saferplaces.analytics.synthetic.episodes import EpisodeBuilder
from saferplaces.analytics.synthetic.people import Population
from saferplaces.analytics.synthetic.phones import (
    FICTION_AREA,
    FICTION_LOCAL,
    LEEDS_AREA,
    LEEDS_LOCAL,
    MOBILE_AREA,
    MOBILE_LOCAL,
    Phone,
    allocate,
)
from saferplaces.analytics.synthetic.places import Places
from saferplaces.analytics.synthetic.reference import Areas, CodeList, read_offence_codes
from saferplaces.analytics.synthetic.rows import build_rows
from saferplaces.analytics.synthetic.timeline import Timeline, spring_forward_hours
from saferplaces.analytics.synthetic.truth import risk_scores, rolling_counts

INCIDENT_COLUMNS = (
    "incident_ref",
    "received_at",
    "closed_at",
    "opening_code",
    "closing_code",
    "asb_category",
    "crime_ref",
    "offence_code",
    "district",
    "location_text",
    "postcode",
    "latitude",
    "longitude",
    "caller_name",
    "caller_phone",
    "caller_dob",
    "caller_address",
    "caller_postcode",
    "contact_requested",
    "narrative",
    "victim_name",
    "victim_phone",
    "victim_dob",
    "victim_address",
    "victim_postcode",
    "suspect_name",
    "suspect_phone",
    "suspect_dob",
    "suspect_address",
    "suspect_postcode",
)
TRUTH_COLUMNS = (
    "incident_ref",
    "person_id",
    "household_id",
    "location_id",
    "cdi_should_record",
    "cdi_offence",
    "risk",
    "risk_score",
    "victim_person_id",
    "suspect_person_id",
    "episode_id",
    "episode_kind",
    "location_kind",
    "lsoa21cd",
    "narrative_offence",
    "hate",
    "vulnerability",
    "threat",
    "hard_negative",
    "caller_calls_12m",
    "is_repeat_caller_12m",
    "victim_incidents_12m",
    "is_repeat_victim_12m",
    "location_incidents_12m",
    "is_repeat_location_12m",
    "caller_variations",
)
PERSONAL_OFFENCES = frozenset({"8L", "8M", "8Q", "8R", "9A", "9B", "3B", "105A", "105B"})
CRIME_REF_FORCE = "13"


@dataclass(frozen=True)
class GeneratedData:
    """The generator's output.

    Attributes:
        incidents: the interchange CSV's columns (docs/formats/incident-log.md), all text.
        truth: one row per incident: true caller, household, place, CDI and risk (docs/synthetic-data.md).
        persons: every true person who appears (caller, victim or suspect).
        locations: every true location that appears.
        stats: counts worth reporting (episodes, people, phone numbers shared while active).
    """

    incidents: pl.DataFrame
    truth: pl.DataFrame
    persons: pl.DataFrame
    locations: pl.DataFrame
    stats: dict[str, int]


def _validate(codes: CodeList, offences: frozenset[str]) -> None:
    used = {C.HATE_CODE, C.CRIME_OTHER_CLOSING}
    used |= {c for c, _ in C.OTHER_CLOSINGS if c != "="}
    used |= {k.main_code for k in C.EPISODE_KINDS}
    for kind in C.EPISODE_KINDS:
        for mix in kind.openings.values():
            used |= {c for c, _ in mix if c != "="}
        used |= {o[6:] for o, _ in kind.outcomes if o.startswith("crime:")}
    codes.require(used)
    needed = set(C.AGGRAVATED) | set(C.AGGRAVATED.values())
    for kind in C.EPISODE_KINDS:
        needed |= {c for c, _ in kind.cdi_offences} | {c for c, _ in kind.damage_offences}
    for mix in C.CRIME_OFFENCES.values():
        needed |= {c for c, _ in mix}
    missing = sorted(needed - offences)
    if missing:
        raise ValueError(f"offence codes used by the synthetic model are not in the offence list: {missing}")


def _seconds_to_text(seconds: np.ndarray) -> pl.Series:
    """Wall-clock seconds since 1970 as ISO 8601 local date-times without offset."""
    return pl.from_epoch(pl.Series(seconds.astype(np.int64)), time_unit="s").dt.strftime("%Y-%m-%dT%H:%M:%S")


def _ids(prefix: str, values: np.ndarray) -> pl.Series:
    """``P0000042``-style identifiers; blank where the value is negative (no such entity)."""
    v = pl.Series(values.astype(np.int64))
    return pl.select(
        pl.when(v >= 0).then(pl.lit(prefix) + v.cast(pl.String).str.zfill(7)).otherwise(pl.lit(""))
    ).to_series()


def _shift_spring_forward(t: np.ndarray, start: date, years: int) -> np.ndarray:
    """Move wall-clock times in the UK spring-forward hour (which does not exist) one hour later."""
    out = t.copy()
    for h in spring_forward_hours(start.year - 1, start.year + years + 1):
        gap = (out >= h) & (out < h + 3600)
        out[gap] += 3600
    return out


def generate(config: C.GeneratorConfig) -> GeneratedData:
    """Generate a synthetic incident log with known truth.

    Args:
        config: period, seed, scale and input files.

    Returns:
        The incidents, their truth, and the true persons and locations, as Polars DataFrames. The same
        config always gives the same tables.
    """
    # Millions of small, acyclic objects: the cyclic garbage collector would rescan them again and
    # again for nothing, so it is paused for the run (and restored as it was).
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return _generate(config)
    finally:
        if was_enabled:
            gc.enable()


def _generate(config: C.GeneratorConfig) -> GeneratedData:
    seeds = np.random.SeedSequence(config.seed).spawn(6)
    rng_places, rng_episodes, rng_phones, rng_text, rng_times, rng_counts = (
        np.random.default_rng(s) for s in seeds
    )

    def prng(g: np.random.Generator) -> random.Random:
        return random.Random(int(g.integers(0, 2**63)))

    codes = CodeList.read(config.codes)
    offences = read_offence_codes(config.offences)
    _validate(codes, offences)
    areas = Areas.read(config.boundaries, config.lookup)

    timeline = Timeline(config.start, config.years)
    places = Places(areas, rng_places, prng(rng_places))
    population = Population(
        places, prng(rng_episodes), config.start, (timeline.start_s, timeline.end_s), float(config.years)
    )
    builder = EpisodeBuilder(codes, places, population, timeline, rng_episodes, prng(rng_episodes))
    total = C.ANNUAL_INCIDENTS * config.years * config.scale
    kinds = C.EPISODE_KINDS
    bar = tqdm(total=len(kinds) + 3, desc="generate", unit="stage", disable=not config.progress)
    for i, kind in enumerate(kinds):
        target = int(rng_counts.poisson(total * kind.share))
        builder.run(i, kind, target)
        bar.update(1)
    places.finish()
    sk = builder.sk
    sk.finish()
    n = len(sk)

    # Time order; the spring-forward shift first so that sorting sees the final times.
    received = _shift_spring_forward(
        np.array(sk.t, dtype=np.float64).astype(np.int64), config.start, config.years
    )
    order = np.lexsort((np.arange(n), received))
    received = received[order]

    # Phones: allocate by each holder's first and last appearance.
    ppl = population.people
    n_people = len(ppl.first)
    first_seen = np.full(n_people, np.inf)
    last_seen = np.full(n_people, -np.inf)
    caller = np.array(sk.caller, dtype=np.int64)[order]
    victim = np.array(sk.victim, dtype=np.int64)[order]
    suspect = np.array(sk.suspect, dtype=np.int64)[order]
    victim_rec = np.array(sk.victim_recorded, dtype=bool)[order]
    suspect_rec = np.array(sk.suspect_recorded, dtype=bool)[order]
    rf = received.astype(np.float64)
    for who, mask in ((caller, caller >= 0), (victim, victim_rec), (suspect, suspect_rec)):
        np.minimum.at(first_seen, who[mask], rf[mask])
        np.maximum.at(last_seen, who[mask], rf[mask])
    has_mobile = np.array(ppl.has_mobile, dtype=bool)
    phone_rng = prng(rng_phones)
    mob = allocate(
        np.where(has_mobile, first_seen, np.inf).tolist(),
        last_seen.tolist(),
        MOBILE_AREA,
        MOBILE_LOCAL,
        phone_rng,
    )
    n_hh = len(ppl.hh_dwelling)
    hh_first = np.full(n_hh, np.inf)
    hh_last = np.full(n_hh, -np.inf)
    hh_of = np.array(ppl.household, dtype=np.int64)
    np.minimum.at(hh_first, hh_of, first_seen)
    np.maximum.at(hh_last, hh_of, last_seen)
    leeds = np.array([areas.districts[places.loc.lsoa[d]] == "Leeds" for d in ppl.hh_dwelling], dtype=bool)
    has_line = np.array(ppl.hh_landline, dtype=bool)
    landlines: list[Phone | None] = [None] * n_hh
    shared = mob.shared_while_active
    for area, locals_, mask in ((LEEDS_AREA, LEEDS_LOCAL, leeds), (FICTION_AREA, FICTION_LOCAL, ~leeds)):
        sel = np.where(has_line & mask, hh_first, np.inf)
        alloc = allocate(sel.tolist(), hh_last.tolist(), area, locals_, phone_rng)
        shared += alloc.shared_while_active
        for i, ph in enumerate(alloc.numbers):
            if ph is not None:
                landlines[i] = ph
    bar.update(1)

    # Crime references number recorded crimes in time order within each year: 13/000123/25.
    has_crime = np.array([bool(sk.offence[i]) for i in order.tolist()], dtype=bool)
    received_text = _seconds_to_text(received)
    yy = received_text.str.slice(2, 2).to_list()
    crime_ref = [""] * n
    counters: dict[str, int] = {}
    for r in np.flatnonzero(has_crime).tolist():
        counters[yy[r]] = counters.get(yy[r], 0) + 1
        crime_ref[r] = f"{CRIME_REF_FORCE}/{counters[yy[r]]:06d}/{yy[r]}"

    # Text: one pass over incidents in time order.
    text = build_rows(
        sk,
        order,
        received,
        crime_ref,
        places,
        population,
        mob.numbers,
        landlines,
        seed=int(rng_text.integers(0, 2**63)),
        workers=config.workers,
    )
    bar.update(1)

    # Closing times, references, crime references.
    group = np.array(sk.group)[order]
    median = np.select(
        [group == "asb", group == "crime"],
        [C.CLOSE_MEDIAN_MINUTES["asb"], C.CLOSE_MEDIAN_MINUTES["crime"]],
        C.CLOSE_MEDIAN_MINUTES["other"],
    )
    minutes = np.minimum(
        np.exp(np.log(median) + C.CLOSE_SIGMA * rng_times.standard_normal(n)), C.CLOSE_CAP_MINUTES
    )
    closed = _shift_spring_forward(
        received + np.maximum(1, np.round(minutes * 60)).astype(np.int64), config.start, config.years
    )
    day = received // 86_400
    first_of_day = np.searchsorted(day, day, side="left")
    seq = np.arange(n) - first_of_day + 1
    width = max(4, len(str(int(seq.max()) if n else 0)))
    refs = pl.DataFrame({"d": received_text.str.slice(0, 10).str.replace_all("-", ""), "s": seq})
    incident_ref = refs.select(
        pl.format(f"{config.force_prefix}-{{}}-{{}}", "d", pl.col("s").cast(pl.String).str.zfill(width))
    ).to_series()

    incidents = pl.DataFrame(
        {
            "incident_ref": incident_ref,
            "received_at": received_text,
            "closed_at": _seconds_to_text(closed),
            "crime_ref": crime_ref,
            "latitude": np.round(text.latitude, 5),
            "longitude": np.round(text.longitude, 5),
            **text.columns,
        }
    ).select(INCIDENT_COLUMNS)
    incidents = incidents.with_columns(pl.col("latitude").fill_nan(None), pl.col("longitude").fill_nan(None))

    # Truth.
    location = np.array(sk.location, dtype=np.int64)[order]
    subject = np.where(victim >= 0, victim, caller)
    window = C.REPEAT_WINDOW_DAYS * 86_400
    caller_12m = rolling_counts(caller, received, window)
    victim_12m = rolling_counts(subject, received, window)
    location_12m = rolling_counts(location, received, window)
    category = np.array(sk.category)[order]
    narr_offence = text.narrative_offence
    flags = text.flags
    narrative_offence = np.array(narr_offence, dtype=object)
    personal = (category == "personal") | np.isin(narrative_offence, list(PERSONAL_OFFENCES))
    score, band = risk_scores(personal, victim_12m, flags[:, 3], flags[:, 4], flags[:, 0], flags[:, 1])
    cdi = np.array([bool(o) for o in narr_offence]) & ~has_crime

    loc_lsoa = np.array(places.loc.lsoa, dtype=np.int64)[location]
    household = np.where(caller >= 0, hh_of[np.maximum(caller, 0)], -1)
    truth = pl.DataFrame(
        {
            "incident_ref": incident_ref,
            "person_id": _ids("P", caller),
            "household_id": _ids("H", household),
            "location_id": _ids("L", location),
            "cdi_should_record": np.where(cdi, "Y", "N"),
            "cdi_offence": [o if c else "" for o, c in zip(narr_offence, cdi.tolist(), strict=True)],
            "risk": band,
            "risk_score": score,
            "victim_person_id": _ids("P", victim),
            "suspect_person_id": _ids("P", suspect),
            "episode_id": _ids("E", np.array(sk.episode, dtype=np.int64)[order]),
            "episode_kind": np.array([k.name for k in kinds])[np.array(sk.kind, dtype=np.int64)[order]],
            "location_kind": np.array(places.loc.kind)[location],
            "lsoa21cd": np.array(areas.codes)[loc_lsoa],
            "narrative_offence": narr_offence,
            "hate": np.where(flags[:, 4], "Y", "N"),
            "vulnerability": np.where(flags[:, 3], "Y", "N"),
            "threat": np.where(flags[:, 0], "Y", "N"),
            "hard_negative": np.where(flags[:, 2], "Y", "N"),
            "caller_calls_12m": caller_12m,
            "is_repeat_caller_12m": np.where(caller_12m >= C.REPEAT_THRESHOLD, "Y", "N"),
            "victim_incidents_12m": victim_12m,
            "is_repeat_victim_12m": np.where(victim_12m >= C.REPEAT_THRESHOLD, "Y", "N"),
            "location_incidents_12m": location_12m,
            "is_repeat_location_12m": np.where(location_12m >= C.REPEAT_THRESHOLD, "Y", "N"),
            "caller_variations": text.caller_variations,
        }
    ).select(TRUTH_COLUMNS)
    bar.update(1)
    bar.close()

    persons = _persons_table(population, mob.numbers, landlines, np.isfinite(first_seen))
    locations = _locations_table(places, np.unique(location))
    stats = {
        "incidents": n,
        "episodes": builder.n_episodes,
        "persons": int(np.isfinite(first_seen).sum()),
        "households": n_hh,
        "locations": len(locations),
        "phones_shared_while_active": shared,
    }
    return GeneratedData(incidents, truth, persons, locations, stats)


def _persons_table(
    population: Population, mobiles: list[Phone | None], landlines: list[Phone | None], appears: np.ndarray
) -> pl.DataFrame:
    ppl = population.people
    idx = np.flatnonzero(appears).tolist()
    return pl.DataFrame(
        {
            "person_id": [f"P{i:07d}" for i in idx],
            "household_id": [f"H{ppl.household[i]:07d}" for i in idx],
            "title": [ppl.title[i] for i in idx],
            "first_name": [ppl.first[i] for i in idx],
            "middle_name": [ppl.middle[i] for i in idx],
            "surname": [ppl.surname[i] for i in idx],
            "known_as": [ppl.known_as[i] for i in idx],
            "nickname": [ppl.goes_by[i] for i in idx],
            "new_surname": [ppl.new_surname[i] for i in idx],
            "sex": [ppl.sex[i] for i in idx],
            "dob": [ppl.dob[i] for i in idx],
            "origin": [ppl.origin[i] for i in idx],
            "vulnerable": [ppl.vulnerable[i] for i in idx],
            "mobile": [m.digits if (m := mobiles[i]) else "" for i in idx],
            "landline": [h.digits if (h := landlines[ppl.household[i]]) else "" for i in idx],
            "home_location_id": [f"L{ppl.hh_dwelling[ppl.household[i]]:07d}" for i in idx],
            "moved_to_location_id": [
                f"L{d:07d}" if (d := ppl.hh_new_dwelling[ppl.household[i]]) >= 0 else "" for i in idx
            ],
        },
        schema_overrides={"dob": pl.Date},
    )


def _locations_table(places: Places, ids: np.ndarray) -> pl.DataFrame:
    lc = places.loc
    rows = ids.tolist()
    return pl.DataFrame(
        {
            "location_id": [f"L{i:07d}" for i in rows],
            "kind": [lc.kind[i] for i in rows],
            "lsoa21cd": [places.areas.codes[lc.lsoa[i]] for i in rows],
            "district": [places.areas.districts[lc.lsoa[i]] for i in rows],
            "name": [places.address_line(i) if lc.kind[i] == "dwelling" else lc.name[i] for i in rows],
            "postcode": [" ".join(places.postcode(i)) for i in rows],
            "latitude": [round(lc.lat[i], 5) for i in rows],
            "longitude": [round(lc.lon[i], 5) for i in rows],
        }
    )

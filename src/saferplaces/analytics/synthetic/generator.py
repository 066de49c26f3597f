"""`generate(config) -> GeneratedData`: the synthetic incident log and its truth as Polars tables.

Stages, each with its own random stream spawned from the seed (so changing one stage's draws does not
shift the others): places, episodes (times, codes, callers), people and dwellings, phone numbers,
text (narratives and recorded fields), durations. Every stage works on whole columns with NumPy or
Polars; the only Python loops are over streets and public places (built once), dwellings handed to
households, and the few per cent of strings that get a typing error.
"""

from __future__ import annotations

import functools
import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np
import polars as pl
from numpy.typing import NDArray
from tqdm import tqdm

from saferplaces.analytics.sources.incident_log import PERSON_FIELDS, STANDARD_COLUMNS
from saferplaces.analytics.synthetic import config as C
from saferplaces.analytics.synthetic import namecodes as K
from saferplaces.analytics.synthetic.episodes import SLOT_VICTIM, cast, draw_episodes, person_slots
from saferplaces.analytics.synthetic.people import ORIGINS, TITLES, People, Population, resolve_slots
from saferplaces.analytics.synthetic.phones import Numbers, allocate
from saferplaces.analytics.synthetic.places import KINDS, Places
from saferplaces.analytics.synthetic.reference import Areas, CodeList, read_offence_codes
from saferplaces.analytics.synthetic.rows import build_rows
from saferplaces.analytics.synthetic.timeline import Timeline, spring_forward_hours
from saferplaces.analytics.synthetic.truth import risk_scores, rolling_counts

# The interchange CSV's columns as the reader defines them, then the optional victim and suspect.
INCIDENT_COLUMNS = STANDARD_COLUMNS + tuple(
    f"{role}_{f}" for role in ("victim", "suspect") for f in PERSON_FIELDS
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
ID_DIGITS = 7
ID_LIMIT = 10**ID_DIGITS
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
        stats: counts worth reporting (episodes, people, overflow phone numbers, numbers shared
            between households, which is always 0).
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


def _seconds_to_text(seconds: NDArray[np.int64]) -> pl.Series:
    """Wall-clock seconds since 1970 as ISO 8601 local date-times without offset."""
    return pl.from_epoch(pl.Series(seconds.astype(np.int64)), time_unit="s").dt.strftime("%Y-%m-%dT%H:%M:%S")


def _ids(prefix: str, values: NDArray[np.int64]) -> pl.Series:
    """``P0000042``-style identifiers; blank where the value is negative (no such entity)."""
    v = pl.Series(values.astype(np.int64))
    if len(values) and int(values.max()) >= ID_LIMIT:
        digits = v.cast(pl.String).str.zfill(ID_DIGITS)
    else:  # 10,000,042 -> "10000042" -> "0000042": zero-padding without str.zfill (much faster)
        digits = (v + ID_LIMIT).cast(pl.String).str.slice(1)
    return pl.select(pl.when(v >= 0).then(pl.lit(prefix) + digits).otherwise(pl.lit(""))).to_series()


@functools.lru_cache(maxsize=2)
def _areas(boundaries: Path, lookup: Path) -> Areas:
    """The LSOAs, read once per process (parsing the polygons is the slowest fixed cost)."""
    return Areas.read(boundaries, lookup)


def _gather(values: Sequence[str], index: NDArray[np.int64]) -> pl.Series:
    """``values[index[i]]`` as a Polars string column (gathered without Python objects)."""
    return pl.Series(list(values), dtype=pl.String).gather(index)


def _yes_no(mask: NDArray[np.bool_]) -> pl.Series:
    return _gather(("N", "Y"), mask.astype(np.int64))


def _shift_spring_forward(t: NDArray[np.int64], start: date, years: int) -> NDArray[np.int64]:
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
    seeds = np.random.SeedSequence(config.seed).spawn(7)
    rng_places, rng_episodes, rng_people, rng_phones, rng_text, rng_times, rng_counts = (
        np.random.default_rng(s) for s in seeds
    )

    def prng(g: np.random.Generator) -> random.Random:
        return random.Random(int(g.integers(0, 2**63)))

    bar = tqdm(total=6, desc="generate", unit="stage", disable=not config.progress)
    codes = CodeList.read(config.codes)
    offences = read_offence_codes(config.offences)
    _validate(codes, offences)
    areas = _areas(config.boundaries, config.lookup)
    timeline = Timeline(config.start, config.years)
    places = Places(areas, rng_places, prng(rng_places))
    bar.update(1)

    total = C.ANNUAL_INCIDENTS * config.years * config.scale
    episodes, incidents = draw_episodes(codes, places, timeline, total, rng_counts, rng_episodes)
    bar.update(1)

    # People: the slots episodes need become households (new or reused), then dwellings.
    population = Population(areas, config.start, (timeline.start_s, timeline.end_s), float(config.years))
    slots = person_slots(episodes, incidents, population, rng_people)
    slot_hh, is_new = resolve_slots(slots.lsoa, slots.reusable, rng_people)
    new = np.flatnonzero(is_new)
    people = population.draw(slots.lsoa[new], rng_people)
    victim_hh = np.full(len(episodes), -1, dtype=np.int64)
    v = slots.kind == SLOT_VICTIM
    victim_hh[slots.episode[v]] = slot_hh[v]
    near = np.where(slots.near[new], victim_hh[slots.episode[new]], -1)
    places.allocate_dwellings(people, near, episodes.t0[slots.episode[new]])
    places.finish()
    who = cast(episodes, incidents, slots, slot_hh, people, places, rng_episodes)
    bar.update(1)

    # Time order; the spring-forward shift first so that sorting sees the final times.
    n = len(incidents)
    received = _shift_spring_forward(incidents.t.astype(np.int64), config.start, config.years)
    order = np.lexsort((np.arange(n), received))
    received = received[order]

    # Phones: distinct numbers, handed out by first appearance.
    rf = received.astype(np.float64)
    first_seen = np.full(len(people), np.inf)
    caller, victim, suspect = who.caller[order], who.victim[order], who.suspect[order]
    for person, mask in (
        (caller, caller >= 0),
        (victim, who.victim_recorded[order]),
        (suspect, who.suspect_recorded[order]),
    ):
        np.minimum.at(first_seen, person[mask], rf[mask])
    hh_first = np.full(len(people.hh_main), np.inf)
    np.minimum.at(hh_first, people.household, first_seen)
    leeds = np.array(areas.districts, dtype=object)[places.arrays.lsoa[people.hh_dwelling]] == "Leeds"  # type: ignore[union-attr]
    numbers = allocate(
        np.where(people.has_mobile, first_seen, np.inf),
        np.where(people.hh_landline, hh_first, np.inf),
        leeds,
        rng_phones,
    )
    appears = np.isfinite(first_seen)
    bar.update(1)

    # Crime references number recorded crimes in time order within each year: 13/000123/25.
    received_text = _seconds_to_text(received)
    offence = incidents.offence[order]
    has_crime = offence != ""
    yy = received_text.str.slice(2, 2).cast(pl.Int64).to_numpy()
    crimes = np.flatnonzero(has_crime)
    year_of = yy[crimes]
    number = np.arange(crimes.size) - np.searchsorted(year_of, year_of, side="left") + 1
    crime_ref = (
        pl.DataFrame({"n": number, "y": year_of})
        .select(
            pl.format(
                f"{CRIME_REF_FORCE}/{{}}/{{}}",
                pl.col("n").cast(pl.String).str.zfill(6),
                pl.col("y").cast(pl.String).str.zfill(2),
            )
        )
        .to_series()
    )
    crime_ref = pl.repeat("", n, eager=True, dtype=pl.String).scatter(crimes, crime_ref)

    text = build_rows(
        episodes, incidents, who, order, crime_ref, places, people, numbers, rng_text, prng(rng_text)
    )
    bar.update(1)

    # Closing times and references.
    group = incidents.group[order]
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
    seq = np.arange(n) - np.searchsorted(day, day, side="left") + 1
    width = max(4, len(str(int(seq.max()) if n else 0)))
    refs = pl.DataFrame({"d": received_text.str.slice(0, 10).str.replace_all("-", ""), "s": seq})
    incident_ref = refs.select(
        pl.format(f"{config.force_prefix}-{{}}-{{}}", "d", pl.col("s").cast(pl.String).str.zfill(width))
    ).to_series()

    a = places.arrays
    assert a is not None
    location = who.location[order]
    incidents_df = pl.DataFrame(
        {
            "incident_ref": incident_ref,
            "received_at": received_text,
            "closed_at": _seconds_to_text(closed),
            "opening_code": pl.Series(incidents.opening[order], dtype=pl.String),
            "closing_code": pl.Series(incidents.closing[order], dtype=pl.String),
            "asb_category": pl.Series(incidents.category[order], dtype=pl.String),
            "crime_ref": crime_ref,
            "offence_code": pl.Series(offence, dtype=pl.String),
            "district": _gather(areas.districts, a.lsoa[location]),
            "contact_requested": pl.Series(incidents.contact[order], dtype=pl.String),
            "latitude": np.round(text.latitude, 5),
            "longitude": np.round(text.longitude, 5),
            **text.columns,
        }
    ).select(INCIDENT_COLUMNS)
    incidents_df = incidents_df.with_columns(
        pl.col("latitude").fill_nan(None), pl.col("longitude").fill_nan(None)
    )

    # Truth.
    subject = np.where(victim >= 0, victim, caller)
    window = C.REPEAT_WINDOW_DAYS * 86_400
    caller_12m = rolling_counts(caller, received, window)
    victim_12m = rolling_counts(subject, received, window)
    location_12m = rolling_counts(location, received, window)
    category = incidents.category[order]
    narr_offence = text.narrative_offence
    flags = text.flags
    personal = (category == "personal") | np.isin(narr_offence.astype(str), list(PERSONAL_OFFENCES))
    score, band = risk_scores(personal, victim_12m, flags[:, 3], flags[:, 4], flags[:, 0], flags[:, 1])
    cdi = (narr_offence != "") & ~has_crime
    household = np.where(caller >= 0, people.household[np.maximum(caller, 0)], -1)
    ep = incidents.episode[order]
    truth = pl.DataFrame(
        {
            "incident_ref": incident_ref,
            "person_id": _ids("P", caller),
            "household_id": _ids("H", household),
            "location_id": _ids("L", location),
            "cdi_should_record": _yes_no(cdi),
            "cdi_offence": pl.Series(np.where(cdi, narr_offence, ""), dtype=pl.String),
            "risk": band,
            "risk_score": score,
            "victim_person_id": _ids("P", victim),
            "suspect_person_id": _ids("P", suspect),
            "episode_id": _ids("E", ep),
            "episode_kind": _gather([k.name for k in C.EPISODE_KINDS], episodes.kind[ep]),
            "location_kind": _gather(KINDS, a.kind[location]),
            "lsoa21cd": _gather(areas.codes, a.lsoa[location]),
            "narrative_offence": pl.Series(narr_offence, dtype=pl.String),
            "hate": _yes_no(flags[:, 4]),
            "vulnerability": _yes_no(flags[:, 3]),
            "threat": _yes_no(flags[:, 0]),
            "hard_negative": _yes_no(flags[:, 2]),
            "caller_calls_12m": caller_12m,
            "is_repeat_caller_12m": _yes_no(caller_12m >= C.REPEAT_THRESHOLD),
            "victim_incidents_12m": victim_12m,
            "is_repeat_victim_12m": _yes_no(victim_12m >= C.REPEAT_THRESHOLD),
            "location_incidents_12m": location_12m,
            "is_repeat_location_12m": _yes_no(location_12m >= C.REPEAT_THRESHOLD),
            "caller_variations": text.caller_variations,
        }
    ).select(TRUTH_COLUMNS)
    bar.update(1)
    bar.close()

    persons = _persons_table(people, numbers, appears)
    locations = _locations_table(places, np.unique(location))
    stats = {
        "incidents": n,
        "episodes": len(episodes),
        "persons": int(appears.sum()),
        "households": len(people.hh_main),
        "locations": locations.height,
        "phone_numbers": int(numbers.has_mobile.sum() + numbers.has_landline.sum()),
        "phones_overflow": numbers.overflow,
        "phones_shared_between_households": _shared_between_households(persons),
    }
    return GeneratedData(incidents_df, truth, persons, locations, stats)


def _shared_between_households(persons: pl.DataFrame) -> int:
    """Numbers held by more than one household (a check: the allocation makes this 0)."""
    held = pl.concat(
        [
            persons.select(pl.col("mobile").alias("number"), "household_id"),
            persons.select(pl.col("landline").alias("number"), "household_id"),
        ]
    ).filter(pl.col("number") != "")
    return int(
        held.group_by("number")
        .agg(pl.col("household_id").n_unique().alias("h"))
        .filter(pl.col("h") > 1)
        .height
    )


def _persons_table(people: People, numbers: Numbers, appears: NDArray[np.bool_]) -> pl.DataFrame:
    idx = np.flatnonzero(appears)
    hh = people.household[idx]
    return pl.DataFrame(
        {
            "person_id": _ids("P", idx),
            "household_id": _ids("H", hh),
            "title": pl.Series(TITLES.tolist(), dtype=pl.String).gather(people.title[idx]),
            "first_name": K.strings(people.first[idx]),
            "middle_name": K.strings(people.middle[idx]),
            "surname": K.strings(people.surname[idx]),
            "known_as": K.strings(people.known_as[idx]),
            "nickname": K.strings(people.goes_by[idx]),
            "new_surname": K.strings(people.new_surname[idx]),
            "sex": _gather(("M", "F"), people.female[idx].astype(np.int64)),
            "dob": people.dob[idx],
            "origin": _gather(ORIGINS, people.origin[idx]),
            "vulnerable": people.vulnerable[idx],
            "mobile": numbers.mobile(idx),
            "landline": numbers.landline(hh),
            "home_location_id": _ids("L", people.hh_dwelling[hh]),
            "moved_to_location_id": _ids("L", people.hh_new_dwelling[hh]),
        },
        schema_overrides={"dob": pl.Date},
    )


def _locations_table(places: Places, ids: NDArray[np.int64]) -> pl.DataFrame:
    a = places.arrays
    assert a is not None
    dwelling = a.kind[ids] == 0
    name = pl.select(
        pl.when(pl.Series(dwelling)).then(places.address_line(ids)).otherwise(a.name.gather(ids))
    ).to_series()
    return pl.DataFrame(
        {
            "location_id": _ids("L", ids),
            "kind": _gather(KINDS, a.kind[ids]),
            "lsoa21cd": _gather(places.areas.codes, a.lsoa[ids]),
            "district": _gather(places.areas.districts, a.lsoa[ids]),
            "name": name,
            "postcode": pl.select(
                pl.concat_str([a.outward.gather(ids), a.inward.gather(ids)], separator=" ")
            ).to_series(),
            "latitude": np.round(a.lat[ids], 5),
            "longitude": np.round(a.lon[ids], 5),
        }
    )

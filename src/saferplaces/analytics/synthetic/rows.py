"""The per-incident text pass: location text, recorded people, coordinates and narrative.

This is the only loop over incidents that builds strings, so it is written for speed: columns that
need no text (codes, district, contact) are taken from the skeleton with NumPy fancy indexing, the
loop body binds its methods to locals, and the rows are cut into fixed chunks of ``CHUNK_ROWS``,
each with its own random stream (seeded from the run's seed and the chunk number). Chunks are
independent, so they can run in forked worker processes and the output does not depend on how many
workers ran them.
"""

from __future__ import annotations

import math
import multiprocessing
import random
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
from numpy.typing import NDArray

from saferplaces.analytics.synthetic import config as C
from saferplaces.analytics.synthetic.episodes import Skeleton
from saferplaces.analytics.synthetic.narratives import NarrativeWriter
from saferplaces.analytics.synthetic.noise import POSTCODE_FORMATS, Recorder, postcode_text
from saferplaces.analytics.synthetic.people import Population
from saferplaces.analytics.synthetic.phones import Phone
from saferplaces.analytics.synthetic.places import Places

METRES_PER_DEGREE = 111_320.0
CHUNK_ROWS = 25_000
PERSON_FIELDS = ("name", "phone", "dob", "address", "postcode")


@dataclass(frozen=True)
class RowText:
    """Text columns in time order, and the narrative facts per incident.

    ``columns`` holds every interchange column except references, times and coordinates;
    ``flags`` has one row per incident: threat, threat to kill, hard negative, vulnerability, hate.
    """

    columns: dict[str, list[str]]
    latitude: NDArray[np.float64]
    longitude: NDArray[np.float64]
    narrative_offence: list[str]
    flags: NDArray[np.bool_]
    caller_variations: list[str]


def _take(values: list[str], order: NDArray[np.int64]) -> list[str]:
    return np.array(values, dtype=object)[order].tolist()


@dataclass(frozen=True)
class _Inputs:
    sk: Skeleton
    order: list[int]
    received: list[float]
    crime_ref: list[str]
    places: Places
    population: Population
    mobiles: list[Phone | None]
    landlines: list[Phone | None]


# Set by the parent before forking so that workers inherit the inputs instead of unpickling them.
_FORK_INPUTS: list[_Inputs] = []


def build_rows(
    sk: Skeleton,
    order: NDArray[np.int64],
    received: NDArray[np.int64],
    crime_ref: list[str],
    places: Places,
    population: Population,
    mobiles: list[Phone | None],
    landlines: list[Phone | None],
    seed: int,
    workers: int = 1,
) -> RowText:
    """Write every incident's text in time order (``order`` maps row -> skeleton index).

    Args:
        seed: base of the chunks' random streams.
        workers: processes to use (forked; 1 runs in this process). The output is the same for any
            number of workers.
    """
    n = len(order)
    inputs = _Inputs(
        sk,
        order.tolist(),
        received.astype(np.float64).tolist(),
        crime_ref,
        places,
        population,
        mobiles,
        landlines,
    )
    chunks = [(a, min(a + CHUNK_ROWS, n), seed, k) for k, a in enumerate(range(0, n, CHUNK_ROWS))]
    if workers > 1 and len(chunks) > 1 and "fork" in multiprocessing.get_all_start_methods():
        _FORK_INPUTS.append(inputs)
        try:
            with multiprocessing.get_context("fork").Pool(min(workers, len(chunks))) as pool:
                parts = pool.map(_forked_chunk, chunks, chunksize=1)
        finally:
            _FORK_INPUTS.clear()
    else:
        parts = [_chunk(inputs, *c) for c in chunks]
    return _concat(parts, sk, order, places)


def _forked_chunk(args: tuple[int, int, int, int]) -> _ChunkText:
    return _chunk(_FORK_INPUTS[0], *args)


class _ChunkText(NamedTuple):
    people: dict[str, list[str]]
    location_text: list[str]
    postcode: list[str]
    narrative: list[str]
    narrative_offence: list[str]
    flags: list[tuple[bool, bool, bool, bool, bool]]
    tags: list[str]
    lat: list[float]
    lon: list[float]


def _concat(parts: list[_ChunkText], sk: Skeleton, order: NDArray[np.int64], places: Places) -> RowText:
    areas = places.areas
    loc_lsoa = np.array(places.loc.lsoa, dtype=np.int64)
    location = np.array(sk.location, dtype=np.int64)[order]
    cols: dict[str, list[str]] = {
        "opening_code": _take(sk.opening, order),
        "closing_code": _take(sk.closing, order),
        "asb_category": _take(sk.category, order),
        "offence_code": _take(sk.offence, order),
        "district": np.array(areas.districts, dtype=object)[loc_lsoa[location]].tolist(),
        "contact_requested": _take(sk.contact, order),
        "location_text": [x for p in parts for x in p.location_text],
        "postcode": [x for p in parts for x in p.postcode],
        "narrative": [x for p in parts for x in p.narrative],
    }
    for key in parts[0].people if parts else ():
        cols[key] = [x for p in parts for x in p.people[key]]
    flags = [f for p in parts for f in p.flags]
    return RowText(
        columns=cols,
        latitude=np.array([x for p in parts for x in p.lat], dtype=np.float64),
        longitude=np.array([x for p in parts for x in p.lon], dtype=np.float64),
        narrative_offence=[x for p in parts for x in p.narrative_offence],
        flags=np.array(flags, dtype=bool).reshape(len(flags), 5),
        caller_variations=[x for p in parts for x in p.tags],
    )


def _chunk(inp: _Inputs, first: int, stop: int, seed: int, number: int) -> _ChunkText:
    """Rows ``first``..``stop - 1`` with the chunk's own random stream."""
    prng = random.Random(int(np.random.SeedSequence([seed, number]).generate_state(1, np.uint64)[0]))
    sk, places = inp.sk, inp.places
    ppl = inp.population.people
    lc = places.loc
    recorder = Recorder(ppl, places, inp.mobiles, inp.landlines, prng)
    writer = NarrativeWriter(prng)
    kind_names = [k.name for k in C.EPISODE_KINDS]
    location_text: list[str] = []
    postcode: list[str] = []
    people_cols: dict[str, list[str]] = {
        f"{role}_{f}": [] for role in ("caller", "victim", "suspect") for f in PERSON_FIELDS
    }
    caller_cols = [people_cols[f"caller_{f}"] for f in PERSON_FIELDS]
    victim_cols = [people_cols[f"victim_{f}"] for f in PERSON_FIELDS]
    suspect_cols = [people_cols[f"suspect_{f}"] for f in PERSON_FIELDS]
    narrative_col: list[str] = []
    narr_offence: list[str] = []
    flags: list[tuple[bool, bool, bool, bool, bool]] = []
    tags_col: list[str] = []
    lat: list[float] = []
    lon: list[float] = []
    nan = math.nan
    empty5 = ("", "", "", "", "")
    rnd = prng.random
    gauss = prng.gauss
    record = recorder.record
    address = recorder.address
    phrases = places.phrases
    loc_text = places.location_text
    pc_of = places.postcode
    write = writer.write
    draw_pc = POSTCODE_FORMATS.draw
    kinds, lons, lats = lc.kind, lc.lon, lc.lat
    vulnerable = ppl.vulnerable
    received, crime_ref = inp.received, inp.crime_ref
    for row in range(first, stop):
        i = inp.order[row]
        t = received[row]
        loc = sk.location[i]
        dwelling = kinds[loc] == "dwelling"
        outward, inward = pc_of(loc)
        if dwelling:
            text = address(loc, [], upper=rnd() < 0.08, town_ok=False)
            if rnd() < 0.03:
                text = f"rear of {text}"
            pc = f"{outward} {inward}" if rnd() < 0.95 else ""
        else:
            text = loc_text(loc, prng)
            pc = postcode_text(outward, inward, draw_pc(prng), prng) if rnd() < 0.5 else ""
        location_text.append(text)
        postcode.append(pc)
        if rnd() >= C.P_NO_COORDINATES:
            x, y = lons[loc], lats[loc]
            if not dwelling and rnd() < C.P_PUBLIC_JITTER:
                x += gauss(0.0, C.PUBLIC_JITTER_M) / (METRES_PER_DEGREE * math.cos(math.radians(y)))
                y += gauss(0.0, C.PUBLIC_JITTER_M) / METRES_PER_DEGREE
            lon.append(x)
            lat.append(y)
        else:
            lon.append(nan)
            lat.append(nan)
        tags: list[str] = []
        c = sk.caller[i]
        if c >= 0:
            rec = record(c, t, "caller", tags)
        else:
            rec = empty5
            tags.append("anonymous")
        v = sk.victim[i]
        vrec = record(v, t, "victim", []) if sk.victim_recorded[i] else empty5
        srec = record(sk.suspect[i], t, "suspect", []) if sk.suspect_recorded[i] else empty5
        for k in range(5):
            caller_cols[k].append(rec[k])
            victim_cols[k].append(vrec[k])
            suspect_cols[k].append(srec[k])
        place, at, street = phrases(loc, prng)
        offence = sk.offence[i]
        narrative = write(
            kind=kind_names[sk.kind[i]],
            group=sk.group[i],
            category=sk.category[i],
            offence=offence or sk.cdi_offence[i],
            setting=sk.setting[i],
            slots={
                "at": at,
                "place": place,
                "street": street,
                "sus": sk.sus_phrase[i],
                "k": str(3 + int(rnd() * 13)),
            },
            call_number=sk.call_number[i],
            anonymous=c < 0,
            vulnerable=v >= 0 and vulnerable[v],
            hate=sk.hate[i],
            no_crime_code=sk.no_crime[i],
            contact=sk.contact[i],
            crime_ref=crime_ref[row],
        )
        narrative_col.append(narrative.text)
        narr_offence.append(narrative.offence)
        flags.append(
            (
                narrative.threat,
                narrative.threat_to_kill,
                narrative.negation,
                narrative.vulnerability,
                narrative.hate,
            )
        )
        tags_col.append(";".join(dict.fromkeys(tags)))
    return _ChunkText(
        people_cols, location_text, postcode, narrative_col, narr_offence, flags, tags_col, lat, lon
    )

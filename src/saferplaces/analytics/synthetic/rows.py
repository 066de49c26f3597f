"""The per-incident text columns: location text, postcode, coordinates, recorded people, narrative.

Everything is built column-wise for all incidents at once: random choices are NumPy arrays drawn up
front, strings are assembled with Polars expressions (on its thread pool), and only typing errors
(a few per cent of rows) go through a Python loop. Rows are in time order.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

import numpy as np
import polars as pl
from numpy.typing import NDArray

from saferplaces.analytics.synthetic import config as C
from saferplaces.analytics.synthetic.episodes import Cast, Episodes, Incidents
from saferplaces.analytics.synthetic.narratives import write_narratives
from saferplaces.analytics.synthetic.noise import POSTCODE_FORMATS, addresses, postcodes, records
from saferplaces.analytics.synthetic.people import People
from saferplaces.analytics.synthetic.phones import Numbers
from saferplaces.analytics.synthetic.places import DWELLING, KIND_CODE, Places
from saferplaces.analytics.synthetic.sampling import uniform_index

METRES_PER_DEGREE = 111_320.0
PERSON_FIELDS = ("name", "phone", "dob", "address", "postcode")
ROLES = ("caller", "victim", "suspect")


@dataclass(frozen=True)
class RowText:
    """Text columns in time order, and the narrative facts per incident.

    ``columns`` holds every interchange column except references, times, codes and coordinates;
    ``flags`` has one row per incident: threat, threat to kill, hard negative, vulnerability, hate.
    """

    columns: dict[str, pl.Series]
    latitude: NDArray[np.float64]
    longitude: NDArray[np.float64]
    narrative_offence: NDArray[np.object_]
    flags: NDArray[np.bool_]
    caller_variations: pl.Series


def _blank(n: int) -> pl.Series:
    return pl.repeat("", n, eager=True, dtype=pl.String)


def _public_location_text(places: Places, loc: NDArray[np.int64], rng: np.random.Generator) -> pl.Series:
    """Public places as a call taker types them: ``outside Londis, Green Rise``, ``Mill Lane jnc Beck
    Road``, ``bus stop o/s 64 Larch Close``, ``ELM ST``, ..."""
    a = places.arrays
    assert a is not None
    n = len(loc)
    # Another street of the same LSOA, for junctions (streets are stored LSOA by LSOA).
    street_lsoa = np.array(places.streets.lsoa, dtype=np.int64)
    first = np.searchsorted(street_lsoa, a.lsoa[loc], side="left")
    count = np.searchsorted(street_lsoa, a.lsoa[loc], side="right") - first
    other = first + uniform_index(rng.random(n), count)
    df = pl.DataFrame(
        {
            "kind": a.kind[loc],
            "street": places.street_names(loc, rng.random(n) < C.P_STREET_ABBREVIATED),
            "full": places.street_names(loc),
            "name": a.name.gather(loc),
            "other": places.street_name_of(other),
            "u_junction": rng.random(n),
            "n": 1 + (rng.random(n) * 89).astype(np.int64),
            "pick": rng.random(n),
        }
    )
    nm = pl.col("name")
    df = df.with_columns(
        bare=pl.when(nm.str.to_lowercase().str.starts_with("the ")).then(nm.str.slice(4)).otherwise(nm),
        n=pl.col("n").cast(pl.String),
    )
    s, num, bare, k = pl.col("street"), pl.col("n"), pl.col("bare"), pl.col("kind")

    def of(*options: pl.Expr) -> pl.Expr:
        """One of the options, uniformly, by the row's ``pick``."""
        out = options[-1]
        for i in range(len(options) - 2, -1, -1):
            out = pl.when(pl.col("pick") < (i + 1) / len(options)).then(options[i]).otherwise(out)
        return out

    def is_(*names: str) -> pl.Expr:
        return k.is_in([KIND_CODE[x] for x in names])

    shop = of(
        pl.concat_str([pl.lit("outside "), bare, pl.lit(", "), s]),
        pl.concat_str([bare, s], separator=", "),
        pl.concat_str([pl.lit("o/s"), bare, s], separator=" "),
        bare,
    )
    park = of(
        nm, pl.concat_str([nm, s], separator=", "), pl.concat_str([nm, pl.lit("off"), s], separator=" ")
    )
    bus = of(
        pl.concat_str([pl.lit("bus stop, "), s]),
        pl.concat_str([pl.lit("bus stop o/s"), num, s], separator=" "),
        pl.concat_str([s, pl.lit("bus stop")], separator=" "),
    )
    junction = (pl.col("other") != pl.col("full")) & (pl.col("u_junction") < 0.3)
    road = (
        pl.when(junction)
        .then(pl.concat_str([s, pl.lit("jnc"), pl.col("other")], separator=" "))
        .otherwise(of(s, pl.concat_str([pl.lit("o/s"), num, s], separator=" "), s.str.to_uppercase()))
    )
    text = (
        pl.when(is_("shop", "takeaway", "pub"))
        .then(shop)
        .when(is_("park", "school"))
        .then(park)
        .when(is_("bus_stop"))
        .then(bus)
        .when(is_("street"))
        .then(road)
        .otherwise(of(nm, s))
    )
    return df.select(text.alias("location_text")).to_series()


def build_rows(
    episodes: Episodes,
    incidents: Incidents,
    cast: Cast,
    order: NDArray[np.int64],
    crime_ref: pl.Series,
    places: Places,
    people: People,
    numbers: Numbers,
    rng: np.random.Generator,
    prng: random.Random,
) -> RowText:
    """Every incident's text in time order (``order`` maps row -> incident index)."""
    a = places.arrays
    assert a is not None
    n = len(order)
    t = incidents.t[order]
    loc = cast.location[order]
    dwelling = a.kind[loc] == DWELLING

    # Location text and postcode: dwellings as an address, public places as a call taker words them.
    d = np.flatnonzero(dwelling)
    p = np.flatnonzero(~dwelling)
    dwelling_text = addresses(places, loc[d], rng.random(d.size) < 0.08, False, rng)
    rear = pl.Series(rng.random(d.size) < 0.03)
    dwelling_text = pl.select(
        pl.when(rear).then(pl.concat_str([pl.lit("rear of "), dwelling_text])).otherwise(dwelling_text)
    ).to_series()
    location_text = _blank(n).scatter(d, dwelling_text).scatter(p, _public_location_text(places, loc[p], rng))
    outward, inward = a.outward.gather(loc), a.inward.gather(loc)
    style = np.where(dwelling, 0, POSTCODE_FORMATS.index(rng.random(n)))  # dwellings: the standard form
    written = rng.random(n) < np.where(dwelling, 0.95, 0.5)
    postcode = pl.select(
        pl.when(pl.Series(written)).then(postcodes(outward, inward, style, rng)).otherwise(pl.lit(""))
    ).to_series()

    # Coordinates: the place's, jittered for public places reported from a mobile; a few missing.
    lon = a.lon[loc].copy()
    lat = a.lat[loc].copy()
    jitter = ~dwelling & (rng.random(n) < C.P_PUBLIC_JITTER)
    dx, dy = rng.normal(0.0, C.PUBLIC_JITTER_M, n), rng.normal(0.0, C.PUBLIC_JITTER_M, n)
    lon = np.where(jitter, lon + dx / (METRES_PER_DEGREE * np.cos(np.radians(lat))), lon)
    lat = np.where(jitter, lat + dy / METRES_PER_DEGREE, lat)
    none = rng.random(n) < C.P_NO_COORDINATES
    lon[none] = np.nan
    lat[none] = np.nan

    # Recorded people: one records() call over the callers, recorded victims and recorded suspects.
    caller = cast.caller[order]
    victim = cast.victim[order]
    suspect = cast.suspect[order]
    wanted = {
        "caller": np.flatnonzero(caller >= 0),
        "victim": np.flatnonzero(cast.victim_recorded[order]),
        "suspect": np.flatnonzero(cast.suspect_recorded[order]),
    }
    who = {"caller": caller, "victim": victim, "suspect": suspect}
    rows_of = np.concatenate([wanted[r] for r in ROLES])
    pid = np.concatenate([who[r][wanted[r]] for r in ROLES])
    is_caller = np.arange(rows_of.size) < wanted["caller"].size
    rec = records(people, places, numbers, pid, t[rows_of], is_caller, rng, prng)
    cols: dict[str, pl.Series] = {"location_text": location_text, "postcode": postcode}
    start = 0
    caller_variations = pl.repeat("anonymous", n, eager=True, dtype=pl.String)
    for role in ROLES:
        idx = wanted[role]
        part = rec.slice(start, idx.size)
        start += idx.size
        for f in PERSON_FIELDS:
            cols[f"{role}_{f}"] = _blank(n).scatter(idx, part[f])
        if role == "caller":
            caller_variations = caller_variations.scatter(idx, part["tags"])

    # Narratives.
    places_used, which = np.unique(loc, return_inverse=True)
    phrases = places.phrases(places_used).gather(which)
    at = pl.select(
        pl.when(pl.Series(rng.random(n) < 0.5)).then(phrases["at"]).otherwise(phrases["at_in"])
    ).to_series()
    ep = incidents.episode[order]
    offence = incidents.offence[order]
    described = np.where(offence != "", offence, incidents.cdi_offence[order])
    narr = write_narratives(
        kind=episodes.kind[ep],
        group=incidents.group[order],
        category=incidents.category[order],
        offence=described,
        setting=cast.setting[order],
        slots={
            "at": at,
            "place": phrases["place"],
            "street": phrases["street"],
            "sus": cast.suspect_phrase.gather(order),
        },
        call_number=incidents.call_number[order],
        anonymous=caller < 0,
        vulnerable=(victim >= 0) & people.vulnerable[np.maximum(victim, 0)],
        hate=episodes.hate[ep],
        no_crime_code=incidents.no_crime[order],
        contact=incidents.contact[order],
        crime_ref=crime_ref,
        rng=rng,
        prng=prng,
    )
    cols["narrative"] = narr.text
    flags = np.stack((narr.threat, narr.threat_to_kill, narr.negation, narr.vulnerability, narr.hate), axis=1)
    return RowText(
        columns=cols,
        latitude=lat,
        longitude=lon,
        narrative_offence=narr.offence,
        flags=flags,
        caller_variations=caller_variations,
    )

"""Repeat locations: the same premises or place across incidents.

Method, in two passes that both feed one union-find:

1. **Premises key.** ``location_text`` is normalised (:func:`normalise.address_columns`): a house
   number and street make a premises key together with the postcode district (outward code) or,
   when the postcode is missing, the LSOA or district. ``Flat 2, 12A Acacia Ave`` and
   ``2/12a acacia avenue`` share a key.
2. **Distance.** Incidents with coordinates are projected to the British National Grid (EPSG:27700,
   metres, :func:`saferplaces.analytics.geo.to_bng`); pairs within ``radius_m`` are joined
   (``scipy.spatial.cKDTree.query_pairs``) unless both carry premises keys that differ: two houses
   next door to each other are two locations, but a call placed "outside the Co-op" and one at the
   Co-op's point are one.

Each location gets an explanation of how its incidents were joined (same premises key, within N m).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components
from scipy.spatial import cKDTree

from saferplaces.analytics import geo
from saferplaces.analytics.review import normalise as nz


@dataclass
class LocationResult:
    """Locations found in a set of incidents.

    Attributes:
        incidents: ``incident_ref``, ``location_id``, ``premises_key``, ``easting``, ``northing``.
        links: how incidents were joined: ``incident_ref_l``, ``incident_ref_r``, ``reason``,
            ``distance_m`` (a spanning set, not every pair).
    """

    incidents: pl.DataFrame
    links: pl.DataFrame


def premises_keys(incidents: pl.DataFrame) -> pl.DataFrame:
    """Normalised ``premises_key`` (null when no house number and street can be read) and, for
    places without one, a ``text_key`` (the normalised location text and postcode district)."""
    cols = incidents.columns

    def col(name: str) -> pl.Expr:
        return pl.col(name).cast(pl.String) if name in cols else pl.lit(None, dtype=pl.String)

    base = incidents.select(
        "incident_ref",
        col("location_text").alias("_text"),
        nz.postcode(col("postcode")).alias("_pc"),
        col("lsoa_code").alias("_lsoa"),
        col("district").str.to_lowercase().alias("_district"),
    )
    # The address is parsed once per distinct text (places repeat: about half the texts of a year
    # are seen more than once), with the clean-up shared by its four parts (``address_frame``).
    # A place with no house number ("outside Co-op, Main St") still repeats word for word; it joins
    # equal texts but never keeps two points apart.
    place = pl.col("address_norm").str.replace_all(r"\b(?:outside|near|opposite|o s|rear of|behind)\b", " ")
    texts = nz.address_frame(base.select("_text").unique().drop_nulls(), "_text").with_columns(
        place.str.replace_all(r"\s+", " ").str.strip_chars().alias("_place"),
        pl.col("house_number").str.extract(r"^([0-9]+)", 1).alias("_number"),
    )
    lf = base.lazy().join(texts.lazy(), on="_text", how="left", maintain_order="left")
    area = pl.coalesce(
        pl.col("_pc").str.split(" ").list.first(), pl.col("_lsoa"), pl.col("_district"), pl.lit("")
    )
    number = pl.col("_number")
    key = (
        pl.when(number.is_not_null() & pl.col("street").is_not_null())
        .then(
            pl.concat_str(
                pl.col("flat").fill_null(""),
                pl.lit("/"),
                number,
                pl.lit(" "),
                pl.col("street"),
                pl.lit(" "),
                area,
            )
        )
        .otherwise(None)
    )
    text = pl.col("_place")
    text_key = (
        pl.when(key.is_null() & (text != "")).then(pl.concat_str(text, pl.lit(" "), area)).otherwise(None)
    )
    return lf.select("incident_ref", key.alias("premises_key"), text_key.alias("text_key")).collect()


def find_locations(incidents: pl.DataFrame, radius_m: float = 30.0) -> LocationResult:
    """Cluster incidents into locations and give each a ``location_id`` (``L`` + number).

    Args:
        incidents: interchange columns; uses ``location_text``, ``postcode``, ``latitude``,
            ``longitude`` (WGS84 degrees) and, when present, ``lsoa_code`` and ``district``.
        radius_m: incidents without conflicting premises keys within this distance (metres, on the
            British National Grid) are the same location.
    """
    n = incidents.height
    keys = premises_keys(incidents)
    cols = incidents.columns
    if "latitude" in cols and "longitude" in cols:
        lat = incidents["latitude"].cast(pl.Float64, strict=False).to_numpy()
        lon = incidents["longitude"].cast(pl.Float64, strict=False).to_numpy()
        easting, northing = geo.to_bng(lon, lat)
    else:
        easting = np.full(n, np.nan)
        northing = np.full(n, np.nan)

    # Dense integer code per premises key; -1 for none.
    key_codes = keys["premises_key"].rank("dense").fill_null(0).to_numpy().astype(np.int64) - 1

    rows: list[np.ndarray] = []
    cols_: list[np.ndarray] = []
    reasons: list[np.ndarray] = []
    dists: list[np.ndarray] = []
    # 1. same premises key: chain each incident to the previous one with the same key.
    has_key = key_codes >= 0
    idx = np.flatnonzero(has_key)
    order = idx[np.argsort(key_codes[idx], kind="stable")]
    same = key_codes[order[1:]] == key_codes[order[:-1]]
    rows.append(order[:-1][same])
    cols_.append(order[1:][same])
    reasons.append(np.zeros(int(same.sum()), dtype=np.int8))
    dists.append(np.full(int(same.sum()), np.nan))
    text_codes = keys["text_key"].rank("dense").fill_null(0).to_numpy().astype(np.int64) - 1
    tidx = np.flatnonzero(text_codes >= 0)
    torder = tidx[np.argsort(text_codes[tidx], kind="stable")]
    tsame = text_codes[torder[1:]] == text_codes[torder[:-1]]
    rows.append(torder[:-1][tsame])
    cols_.append(torder[1:][tsame])
    reasons.append(np.full(int(tsame.sum()), 2, dtype=np.int8))
    dists.append(np.full(int(tsame.sum()), np.nan))
    # 2. within radius on the British National Grid, unless premises keys conflict.
    ok = np.isfinite(easting) & np.isfinite(northing)
    pidx = np.flatnonzero(ok)
    if pidx.size > 1:
        pts = np.column_stack([easting[pidx], northing[pidx]])
        # Identical points first: a premises geocoded the same way many times is one tree node.
        rounded = np.round(pts, 1)
        # Rows as complex numbers: NumPy orders those by real then imaginary part, as unique(axis=0)
        # orders rows, in a fraction of the time.
        uniq_c, inverse = np.unique(rounded[:, 0] + 1j * rounded[:, 1], return_inverse=True)
        uniq = np.column_stack([uniq_c.real, uniq_c.imag])
        inverse = inverse.reshape(-1)
        first_of = np.full(len(uniq), -1, dtype=np.int64)
        first_of[inverse[::-1]] = np.arange(len(inverse))[::-1]
        dup = np.arange(len(inverse)) != first_of[inverse]
        a_dup = pidx[first_of[inverse[dup]]]
        b_dup = pidx[dup]
        pairs = cKDTree(uniq).query_pairs(radius_m, output_type="ndarray")
        a = pidx[first_of[pairs[:, 0]]] if len(pairs) else np.empty(0, dtype=np.int64)
        b = pidx[first_of[pairs[:, 1]]] if len(pairs) else np.empty(0, dtype=np.int64)
        a_all = np.concatenate([a_dup, a])
        b_all = np.concatenate([b_dup, b])
        ka, kb = key_codes[a_all], key_codes[b_all]
        keep = (ka < 0) | (kb < 0) | (ka == kb)
        # Two keyed incidents at one point with different keys: the point is shared (a block of
        # flats geocoded to its centre), so the keys decide and the point does not join them.
        a_all, b_all = a_all[keep], b_all[keep]
        d = np.hypot(easting[a_all] - easting[b_all], northing[a_all] - northing[b_all])
        rows.append(a_all)
        cols_.append(b_all)
        reasons.append(np.ones(len(a_all), dtype=np.int8))
        dists.append(d)
    r = np.concatenate(rows).astype(np.int64)
    c = np.concatenate(cols_).astype(np.int64)
    graph = coo_matrix((np.ones(len(r)), (r, c)), shape=(n, n))
    _, comp = connected_components(graph, directed=False)
    refs = incidents["incident_ref"]
    # Location ids numbered by first appearance, so the same input gives the same ids.
    _, first_idx = np.unique(comp, return_index=True)
    rank = np.empty(len(first_idx), dtype=np.int64)
    rank[np.argsort(first_idx)] = np.arange(len(first_idx))
    # An incident with no premises, no place text and no point has no location.
    placed = (key_codes >= 0) | (text_codes >= 0) | (np.isfinite(easting) & np.isfinite(northing))
    location_id = (
        pl.select(
            pl.when(pl.Series(placed)).then(pl.format("L{}", pl.Series(rank[comp] + 1))).alias("location_id")
        )
        .to_series()
        .cast(pl.String)
    )
    out = pl.DataFrame(
        {
            "incident_ref": refs,
            "location_id": location_id,
            "premises_key": keys["premises_key"],
            "text_key": keys["text_key"],
            "easting": easting,
            "northing": northing,
        }
    )
    reason_codes = np.concatenate(reasons)
    d_all = np.concatenate(dists)
    code = pl.col("_code")
    links = pl.DataFrame(
        {
            "incident_ref_l": refs.gather(r) if len(r) else pl.Series([], dtype=pl.String),
            "incident_ref_r": refs.gather(c) if len(c) else pl.Series([], dtype=pl.String),
            "_code": reason_codes,
            "distance_m": np.round(d_all, 1),
        }
    ).select(
        "incident_ref_l",
        "incident_ref_r",
        pl.when(code == 1)
        .then(pl.format("within {} m on the British National Grid", pl.col("distance_m")))
        .when(code == 2)
        .then(pl.lit("same place description (normalised text and postcode district)"))
        .otherwise(pl.lit("same premises (normalised address and postcode district)"))
        .alias("reason"),
        "distance_m",
    )
    return LocationResult(out, links)

"""Link the people in incident logs: who is the same caller or victim across calls.

Method: Fellegi-Sunter probabilistic record linkage with Splink 5 on DuckDB (the Ministry of
Justice's library), then a constrained clustering written here.

Records are one per person mention (the caller; the victim when the log names one apart from the
caller), normalised by :mod:`saferplaces.analytics.review.normalise`. Identical normalised records
are collapsed before Splink sees them (a frequent caller typed the same way every time is one row),
which keeps the pairwise work proportional to the number of distinct spellings, not of calls.

Comparisons (each one Bayes factor, so one piece of evidence is never counted twice):

- ``name``: exact; swapped forename/surname, also with near spellings; same surname and a nickname
  or near forename (the ``nicknames`` dataset, Jaro-Winkler >= 0.9); both parts within Jaro-Winkler
  0.9 (typos); same or near surname with agreeing initial or a missing forename (``Mrs Smith``,
  ``Mr Hll``); same forename, other surname (marriage, Singh/Kaur); a one-word name (``Billy``) that is
  the other's forename, a nickname or near spelling of it, or agrees with its initial; same surname
  but a different forename (the household-member level); else. Exact-surname levels are
  term-frequency adjusted on the surname.
- ``dob``: exact; day and month transposed; one edit (year typo, day off); a day out; year one out;
  else.
- ``contact``: phone and address *together*, because a shared landline and a shared address are the
  same household evidence: same mobile (with the same address, with the same incident square, alone);
  same landline and same address; same landline; same address (phones not in conflict); phone one
  digit out (with the same address, alone); same seven-digit local number; same address but
  different phones; same postcode or street; same 150 m incident square with no phone or address to
  compare; phone on one record and address on the other (no disagreement); different phone and
  address in the same square; else.
- ``sex``: the title's sex agrees / disagrees (``Mr Smith`` against ``Mrs Smith``).

Training: u probabilities by random sampling (a level no sampled pair reached gets u = 1 / pairs
sampled); m probabilities by expectation maximisation on blocks that leave the trained comparison
free: same phone (trains name, dob, sex), same full name (trains contact, dob, sex) and same date of
birth (trains name, contact). EM is never run on a postcode block: measured on similar data that
made the model trust the household and hurt precision.

Clustering: edges at or above the match probability are merged strongest first (single linkage), but
two groups are never merged when that would put together records that cannot be one person: two
dates of birth that are neither equal, a day apart nor one typo apart, titles of different sex, or
forenames that are neither equal, nicknames, near spellings nor initials of each other. So one weak
link cannot chain a whole household into one "person". Each merge is recorded as the explanation of
the link.

All the pairwise work is Splink SQL through ``DatabaseAPI``: to run on Spark, pass a ``SparkAPI``
(see docs/review-engine.md); only the clustering runs in Python, on the edges.
"""

from __future__ import annotations

import copy
import json
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl
import splink.comparison_level_library as cll
import splink.comparison_library as cl
from rapidfuzz.distance import DamerauLevenshtein, JaroWinkler
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components
from splink import Linker, SettingsCreator, block_on
from splink.internals.database_api import DatabaseAPI

from saferplaces.analytics.review import normalise as nz

LOG = logging.getLogger(__name__)
# Splink reports every training step at INFO/WARNING; the batch reports its own progress.
SPLINK_LOG_LEVEL = logging.ERROR

DEFAULT_MODEL_PATH = Path(__file__).with_name("linkage_model.json")
MIN_RECORDS_FOR_U = 5_000
U_TRAINING_PAIRS = 2e6
U_PREDICT_PAIRS = 1e6

# Columns of a person record as Splink sees it.
RECORD_COLUMNS = (
    "record_id", "forename", "surname", "initial", "forename_group", "full_name", "sex", "phone",
    "phone_kind", "phone_tail", "dob", "postcode", "postcode_sector", "house_num", "street", "flat",
    "word_group", "places", "home_place",
)  # fmt: skip
IDENTITY_COLUMNS = tuple(
    c for c in RECORD_COLUMNS if c not in ("record_id", "full_name", "places", "home_place")
)

# Forenames that do not identify the person (many Muslim men are recorded as Mohammed but known by a
# middle name): never a reason to keep two records apart.
UNINFORMATIVE_FORENAMES = frozenset({"mohammed", "muhammad", "mohammad", "mohamed", "muhammed", "mohd", "md"})


# --------------------------------------------------------------------------------------------------
# Records
# --------------------------------------------------------------------------------------------------


PLACE_CELL_M = 150.0


def incident_places(incidents: pl.DataFrame, cell_m: float = PLACE_CELL_M) -> pl.DataFrame:
    """The British National Grid cell (``cell_m`` metres square, EPSG:27700) of each incident's
    location, as text ``"easting_km:northing_km"``; null without coordinates.

    A repeat caller keeps reporting the same place (home, the park behind it), so the cells of a
    person's incidents are evidence; folded into the contact comparison so that a household's shared
    home is not counted twice.
    """
    from saferplaces.analytics import geo

    if "latitude" not in incidents.columns or "longitude" not in incidents.columns:
        return incidents.select("incident_ref", pl.lit(None, dtype=pl.String).alias("place"))
    lat = incidents["latitude"].cast(pl.Float64, strict=False).to_numpy()
    lon = incidents["longitude"].cast(pl.Float64, strict=False).to_numpy()
    e, n = geo.to_bng(lon, lat)
    ok = np.isfinite(e) & np.isfinite(n)
    ce = np.where(ok, np.floor(np.nan_to_num(e) / cell_m), 0).astype(np.int64)
    cn = np.where(ok, np.floor(np.nan_to_num(n) / cell_m), 0).astype(np.int64)
    return incidents.select("incident_ref").with_columns(
        pl.when(pl.Series(ok))
        .then(pl.concat_str(pl.Series(ce).cast(pl.String), pl.lit(":"), pl.Series(cn).cast(pl.String)))
        .otherwise(None)
        .alias("place")
    )


def person_mentions(incidents: pl.DataFrame, roles: Sequence[str] = ("caller", "victim")) -> pl.DataFrame:
    """One normalised row per person named in each incident.

    Args:
        incidents: interchange columns (strings); must hold ``incident_ref``.
        roles: column prefixes to read (``caller``, ``victim``, ``suspect``).

    Returns:
        Columns ``incident_ref``, ``role`` and the identity columns; mentions with no identity at all
        (no name, phone or date of birth) are dropped: they cannot be linked.
    """
    parts = []
    for role in roles:
        present = [f for f in nz.PERSON_FIELDS if f"{role}_{f}" in incidents.columns]
        if not present:
            continue
        parts.append(
            incidents.select(
                "incident_ref",
                pl.lit(role).alias("role"),
                *[
                    (
                        pl.col(f"{role}_{f}").cast(pl.String)
                        if f in present
                        else pl.lit(None, dtype=pl.String)
                    ).alias(f)
                    for f in nz.PERSON_FIELDS
                ],
            ).filter(pl.any_horizontal(pl.col(f).is_not_null() for f in ("name", "phone", "dob")))
        )
    if not parts:
        return pl.DataFrame(
            schema={"incident_ref": pl.String, "role": pl.String} | dict.fromkeys(IDENTITY_COLUMNS, pl.String)
        )
    long = nz.normalise_mentions(pl.concat(parts)).join(
        incident_places(incidents), on="incident_ref", how="left"
    )
    tail = pl.col("phone").str.replace_all(r"[^0-9]", "").str.slice(-7)
    out = long.with_columns(
        pl.when(tail.str.len_chars() == 7).then(tail).otherwise(None).alias("phone_tail"),
        pl.col("house_number").str.extract(r"^([0-9]+)", 1).alias("house_num"),
    ).drop("phone", "dob", "postcode")
    out = _with_word_group(out)
    out = out.rename({"phone_norm": "phone", "dob_norm": "dob", "postcode_norm": "postcode"})
    out = out.select("incident_ref", "role", *IDENTITY_COLUMNS, "place")
    has_identity = (
        pl.col("surname").is_not_null()
        | pl.col("forename").is_not_null()
        | pl.col("phone").is_not_null()
        | pl.col("phone_tail").is_not_null()
        | pl.col("dob").is_not_null()
    )
    return out.filter(has_identity)


def _with_word_group(frame: pl.DataFrame) -> pl.DataFrame:
    """Adds ``word_group``: for a name given as one word (``Billy``, stored as the surname), that word
    with its canonical forms from the nickname table; null for other names.

    Callers often give only a first name; this lets ``Billy`` agree with ``William Wilson`` in SQL.
    """
    one_word = pl.col("forename").is_null() & pl.col("initial").is_null() & pl.col("title").is_null()
    word = pl.when(one_word).then(pl.col("surname")).otherwise(None).alias("_word")
    table = nz.nickname_table().rename({"forename": "_word", "forename_group": "word_group"})
    return (
        frame.with_columns(word)
        .join(table, on="_word", how="left")
        .with_columns(
            pl.when(pl.col("_word").is_null())
            .then(None)
            .otherwise(pl.col("word_group").fill_null(pl.concat_list("_word")))
            .alias("word_group")
        )
        .drop("_word")
    )


def distinct_records(mentions: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Collapse identical normalised mentions.

    Returns:
        (records, mention_to_record): ``records`` has ``record_id`` plus the identity columns,
        ``full_name`` and ``places`` (the distinct incident cells of all its mentions);
        ``mention_to_record`` maps (``incident_ref``, ``role``) to ``record_id``.
    """
    keyed = mentions.with_columns(pl.struct(list(IDENTITY_COLUMNS)).hash(seed=7).alias("_sig"))
    places = keyed.group_by("_sig").agg(
        pl.col("place").drop_nulls().unique().sort().alias("places"),
        # The square the record reported from most often (its home, usually): a plain column to
        # block on, cheaper than exploding every record's list of squares.
        pl.col("place").drop_nulls().mode().sort().first().alias("home_place"),
    )
    records = (
        keyed.unique("_sig", keep="first", maintain_order=True)
        .with_row_index("record_id")
        .join(places, on="_sig", how="left")
        .with_columns(
            pl.col("record_id").cast(pl.Int64),
            pl.when(pl.col("forename").is_not_null() & pl.col("surname").is_not_null())
            .then(pl.concat_str("forename", pl.lit(" "), "surname"))
            .otherwise(None)
            .alias("full_name"),
            pl.when(pl.col("places").list.len() > 0).then(pl.col("places")).otherwise(None).alias("places"),
        )
    )
    mapping = keyed.join(records.select("_sig", "record_id"), on="_sig", how="left").select(
        "incident_ref", "role", "record_id"
    )
    return records.select(*RECORD_COLUMNS), mapping


# --------------------------------------------------------------------------------------------------
# Model
# --------------------------------------------------------------------------------------------------


def _name_comparison() -> cl.CustomComparison:
    forename_close = cll.Or(
        cll.ArrayIntersectLevel("forename_group", 1), cll.JaroWinklerLevel("forename", 0.9)
    )
    return cl.CustomComparison(
        output_column_name="name",
        comparison_description="forename and surname together",
        comparison_levels=[
            cll.CustomLevel(
                "(surname_l IS NULL AND forename_l IS NULL) OR (surname_r IS NULL AND forename_r IS NULL)",
                label_for_charts="name missing",
                base_dialect_str="duckdb",
            ).configure(is_null_level=True),
            cll.ExactMatchLevel("full_name").configure(
                tf_adjustment_column="full_name", label_for_charts="same full name"
            ),
            cll.ColumnsReversedLevel("forename", "surname", symmetrical=True).configure(
                label_for_charts="forename and surname swapped"
            ),
            # "Hirsy Tommy" for Tommy Hirst: swapped and misspelt.
            cll.CustomLevel(
                "jaro_winkler_similarity(forename_l, surname_r) >= 0.88 "
                "AND jaro_winkler_similarity(surname_l, forename_r) >= 0.88",
                label_for_charts="forename and surname swapped, near spellings",
                base_dialect_str="duckdb",
            ),
            # Term-frequency adjusted on the surname: Smith agreeing says less than Szymanska.
            cll.And(cll.ExactMatchLevel("surname"), forename_close).configure(
                label_for_charts="same surname, nickname or near forename", tf_adjustment_column="surname"
            ),
            cll.And(cll.JaroWinklerLevel("surname", 0.9), forename_close).configure(
                label_for_charts="surname and forename both near (typos)"
            ),
            # An initial only agrees with a forename when one side has no forename: Jane and John
            # Smith share an initial and a house, and are two people.
            cll.And(
                cll.ExactMatchLevel("surname"),
                cll.CustomLevel("forename_l IS NULL OR forename_r IS NULL", base_dialect_str="duckdb"),
                cll.CustomLevel(
                    "initial_l IS NULL OR initial_r IS NULL OR initial_l = initial_r",
                    base_dialect_str="duckdb",
                ),
            ).configure(
                label_for_charts="same surname, initial agrees or forename missing",
                tf_adjustment_column="surname",
            ),
            # "Mr Hll" for Bob Hall: a misspelt surname with no forename to compare.
            cll.And(
                cll.JaroWinklerLevel("surname", 0.88),
                cll.CustomLevel("forename_l IS NULL OR forename_r IS NULL", base_dialect_str="duckdb"),
                cll.CustomLevel(
                    "initial_l IS NULL OR initial_r IS NULL OR initial_l = initial_r",
                    base_dialect_str="duckdb",
                ),
            ).configure(label_for_charts="near surname, initial agrees or forename missing"),
            cll.ExactMatchLevel("forename").configure(
                label_for_charts="same forename, other surname (marriage, Singh/Kaur)"
            ),
            # A one-word name (no title or initial) is usually the first name the caller gave (a lone
            # surname met the "forename missing" level above). "J Smith" against "Mary Smith" is not
            # here: the initials disagree.
            cll.CustomLevel(
                "(word_group_l IS NOT NULL AND surname_l = forename_r) OR "
                "(word_group_r IS NOT NULL AND surname_r = forename_l)",
                label_for_charts="one-word name is the other's forename",
                base_dialect_str="duckdb",
            ),
            # "Billy" alone against "William Wilson"; "Tthompson" alone against "Liz Thompson".
            cll.CustomLevel(
                "(word_group_l IS NOT NULL AND forename_r IS NOT NULL AND ("
                "array_length(list_intersect(word_group_l, forename_group_r)) >= 1 "
                "OR jaro_winkler_similarity(surname_l, forename_r) >= 0.9 "
                "OR jaro_winkler_similarity(surname_l, surname_r) >= 0.9)) OR "
                "(word_group_r IS NOT NULL AND forename_l IS NOT NULL AND ("
                "array_length(list_intersect(word_group_r, forename_group_l)) >= 1 "
                "OR jaro_winkler_similarity(surname_r, forename_l) >= 0.9 "
                "OR jaro_winkler_similarity(surname_r, surname_l) >= 0.9))",
                label_for_charts="one-word name a nickname or near spelling of the other name",
                base_dialect_str="duckdb",
            ),
            # "Claire" alone against "C Fox": weak, but not nothing.
            cll.CustomLevel(
                "(word_group_l IS NOT NULL AND forename_r IS NULL "
                "AND initial_r = substr(surname_l, 1, 1)) OR "
                "(word_group_r IS NOT NULL AND forename_l IS NULL "
                "AND initial_l = substr(surname_r, 1, 1))",
                label_for_charts="one-word name agrees with the other's initial",
                base_dialect_str="duckdb",
            ),
            cll.ExactMatchLevel("surname").configure(
                label_for_charts="same surname, different forename (household member?)",
                tf_adjustment_column="surname",
            ),
            cll.ElseLevel(),
        ],
    )


def _dob_comparison() -> cl.CustomComparison:
    return cl.CustomComparison(
        output_column_name="dob",
        comparison_description="date of birth (YYYY-MM-DD text)",
        comparison_levels=[
            cll.NullLevel("dob"),
            # Term-frequency adjusted: 1 January and other default dates are typed far more often.
            cll.ExactMatchLevel("dob").configure(
                label_for_charts="same date of birth", tf_adjustment_column="dob"
            ),
            cll.CustomLevel(
                "substr(dob_l, 1, 4) = substr(dob_r, 1, 4) AND substr(dob_l, 6, 2) = substr(dob_r, 9, 2) "
                "AND substr(dob_l, 9, 2) = substr(dob_r, 6, 2)",
                label_for_charts="day and month transposed",
                base_dialect_str="duckdb",
            ),
            cll.DamerauLevenshteinLevel("dob", 1).configure(
                label_for_charts="date of birth one keystroke out"
            ),
            cll.AbsoluteDateDifferenceLevel("dob", input_is_string=True, threshold=1, metric="day").configure(
                label_for_charts="date of birth a day out"
            ),
            cll.CustomLevel(
                "substr(dob_l, 6, 5) = substr(dob_r, 6, 5) AND "
                "abs(CAST(substr(dob_l, 1, 4) AS INTEGER) - CAST(substr(dob_r, 1, 4) AS INTEGER)) = 1",
                label_for_charts="year of birth one out",
                base_dialect_str="duckdb",
            ),
            cll.ElseLevel().configure(label_for_charts="different date of birth"),
        ],
    )


_ADDRESS_SAME = (
    "house_num_l = house_num_r AND (street_l = street_r OR postcode_l = postcode_r) "
    "AND (flat_l IS NULL OR flat_r IS NULL OR flat_l = flat_r)"
)


_NOTHING_TO_COMPARE = (
    "NOT ((phone_tail_l IS NOT NULL AND phone_tail_r IS NOT NULL) "
    "OR (house_num_l IS NOT NULL AND house_num_r IS NOT NULL) "
    "OR (postcode_l IS NOT NULL AND postcode_r IS NOT NULL))"
)


def _contact_comparison() -> cl.CustomComparison:
    def level(sql: str, label: str) -> cll.CustomLevel:
        return cll.CustomLevel(sql, label_for_charts=label, base_dialect_str="duckdb")

    return cl.CustomComparison(
        output_column_name="contact",
        comparison_description="phone and address as one piece of (household) evidence",
        comparison_levels=[
            level(
                "(phone_l IS NULL AND phone_tail_l IS NULL AND house_num_l IS NULL AND postcode_l IS NULL "
                "AND places_l IS NULL) OR (phone_r IS NULL AND phone_tail_r IS NULL AND house_num_r IS NULL "
                "AND postcode_r IS NULL AND places_r IS NULL)",
                "no phone or address",
            ).configure(is_null_level=True),
            level(
                f"phone_l = phone_r AND phone_kind_l = 'mobile' AND {_ADDRESS_SAME}",
                "same mobile and same address",
            ),
            # A mobile is personal, and a caller keeps reporting from the same streets: together they
            # identify a caller who gave no name.
            level(
                "phone_l = phone_r AND phone_kind_l = 'mobile' "
                "AND array_length(list_intersect(places_l, places_r)) >= 1",
                "same mobile, same 150 m square",
            ),
            level("phone_l = phone_r AND phone_kind_l = 'mobile'", "same mobile"),
            level(f"phone_l = phone_r AND {_ADDRESS_SAME}", "same landline and same address"),
            level("phone_l = phone_r", "same landline"),
            level(
                f"{_ADDRESS_SAME} AND (phone_tail_l IS NULL OR phone_tail_r IS NULL "
                "OR phone_tail_l = phone_tail_r)",
                "same address",
            ),
            level(
                f"phone_l IS NOT NULL AND phone_r IS NOT NULL AND levenshtein(phone_l, phone_r) <= 1 "
                f"AND {_ADDRESS_SAME}",
                "phone one digit out and same address",
            ),
            level(
                "phone_l IS NOT NULL AND phone_r IS NOT NULL AND levenshtein(phone_l, phone_r) <= 1",
                "phone one digit out",
            ),
            level("phone_tail_l = phone_tail_r", "same local number"),
            level(_ADDRESS_SAME, "same address, different phones"),
            level(
                "postcode_l = postcode_r OR (street_l = street_r AND substr(postcode_l, 1, 3) = "
                "substr(postcode_r, 1, 3))",
                "same postcode or street",
            ),
            # Below here phones and addresses, where both records have them, differ. A shared 150 m
            # square counts only when there is no such disagreement: two John Smiths with different
            # phones and houses in one street are two people.
            level(
                f"array_length(list_intersect(places_l, places_r)) >= 1 AND {_NOTHING_TO_COMPARE}",
                "same 150 m square, no phone or address to compare",
            ),
            # One record has only a phone and the other only an address: that is no disagreement.
            level(_NOTHING_TO_COMPARE, "phone and address not both recorded"),
            cll.ArrayIntersectLevel("places", 1).configure(
                label_for_charts="different phone and address, same 150 m square"
            ),
            cll.ElseLevel().configure(label_for_charts="different phone and address"),
        ],
    )


def _sex_comparison() -> cl.CustomComparison:
    return cl.CustomComparison(
        output_column_name="sex",
        comparison_description="sex implied by the title (Mr / Mrs, Ms, Miss)",
        comparison_levels=[
            cll.NullLevel("sex"),
            cll.ExactMatchLevel("sex").configure(label_for_charts="titles agree"),
            cll.ElseLevel().configure(label_for_charts="titles of different sex"),
        ],
    )


BLOCKING_RULES = (
    # The same number: shared by a household or recycled over the years, so only a candidate; the
    # name and date of birth comparisons decide. Phone-only calls ("caller withheld name") need it.
    block_on("phone"),
    # A landline typed without its area code: only the seven-digit local number is left.
    "l.phone_tail = r.phone_tail AND l.surname = r.surname AND (l.phone IS NULL OR r.phone IS NULL)",
    block_on("surname", "dob"),
    block_on("forename", "dob"),
    block_on("dob", "postcode"),
    block_on("surname", "postcode"),
    block_on("forename", "postcode"),
    block_on("surname", "house_num", "street"),
    "l.forename = r.surname AND l.surname = r.forename",
    # A caller who gives only a name, or no name, is still recognised by where they keep reporting
    # from (the 150 m square of most of their incidents) or by their house. (The same full name
    # across a postcode area, tried before, gave 1.4 million candidates at 500k incidents and, among
    # the links only it found, more wrong than right.)
    block_on("surname", "home_place"),
    block_on("dob", "home_place"),
    block_on("dob", "house_num"),
    block_on("house_num", "street", "postcode_sector"),
)


def settings(threshold_rules: Sequence[Any] = BLOCKING_RULES) -> SettingsCreator:
    """The (untrained) Splink model: comparisons and prediction blocking rules."""
    return SettingsCreator(
        link_type="dedupe_only",
        unique_id_column_name="record_id",
        comparisons=[_name_comparison(), _dob_comparison(), _contact_comparison(), _sex_comparison()],
        blocking_rules_to_generate_predictions=list(threshold_rules),
        retain_intermediate_calculation_columns=True,
        retain_matching_columns=True,
        max_iterations=20,
        em_convergence=0.001,
    )


def _register(db_api: DatabaseAPI[Any], records: pl.DataFrame, name: str) -> Any:
    return db_api.register(records.to_arrow(), table_name=name)


def train(records: pl.DataFrame, db_api: DatabaseAPI[Any], seed: int = 42) -> dict[str, Any]:
    """Estimate the model's parameters on ``records`` and return it as a Splink settings dict.

    Steps: prior (probability two random records match) from deterministic rules; u by random
    sampling (up to 2 million pairs); m by EM on the phone, full-name and date-of-birth blocks.
    """
    sdf = _register(db_api, records, "person_records_train")
    linker = Linker(sdf, settings(), log_level=SPLINK_LOG_LEVEL)
    linker.training.estimate_probability_two_random_records_match(
        [
            "l.phone = r.phone AND l.surname = r.surname",
            "l.forename = r.forename AND l.surname = r.surname AND l.dob = r.dob",
        ],
        recall=0.6,
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=U_TRAINING_PAIRS, seed=seed)
    for rule in (block_on("phone", "surname"), block_on("forename", "surname"), block_on("dob")):
        linker.training.estimate_parameters_using_expectation_maximisation(
            rule, estimate_without_term_frequencies=True
        )
    model: dict[str, Any] = fill_unseen_u(linker.misc.save_model_to_json(), U_TRAINING_PAIRS)
    db_api.delete_table_from_database("person_records_train")
    return model


def fill_unseen_u(model: dict[str, Any], pairs_sampled: float) -> dict[str, Any]:
    """Give every level that no randomly sampled pair reached a u probability of ``1 / pairs_sampled``.

    Random sampling leaves u unset for a level it never saw (same landline *and* same address is rare
    among strangers); Splink then scores the level as no evidence at all. Not seen in N random pairs
    means u is below about 1/N, so that bound is the cautious value.
    """
    floor = 1.0 / pairs_sampled
    for comp in model["comparisons"]:
        for lv in comp["comparison_levels"]:
            if lv.get("is_null_level"):
                continue
            if lv.get("u_probability") is None:
                lv["u_probability"] = floor
    return model


def without_term_frequencies(model: dict[str, Any]) -> dict[str, Any]:
    """A copy of ``model`` with no term-frequency adjustments (for small inputs)."""
    out = copy.deepcopy(model)
    for comp in out["comparisons"]:
        for lv in comp["comparison_levels"]:
            lv.pop("tf_adjustment_column", None)
            lv.pop("tf_adjustment_weight", None)
    return out


def load_model(path: str | Path | None = None) -> dict[str, Any]:
    """The shipped (or a saved) trained model as a Splink settings dict."""
    p = Path(path) if path is not None else DEFAULT_MODEL_PATH
    data: dict[str, Any] = json.loads(p.read_text(encoding="utf-8"))
    return data


# --------------------------------------------------------------------------------------------------
# Prediction and explanation
# --------------------------------------------------------------------------------------------------


def predict(
    records: pl.DataFrame,
    model: dict[str, Any],
    db_api: DatabaseAPI[Any],
    threshold: float,
    estimate_u: bool = True,
) -> pl.DataFrame:
    """Scored candidate pairs at or above ``threshold`` match probability, with explanations.

    With ``estimate_u`` the u probabilities (how often unrelated people agree by chance) are
    re-estimated on these records, since they depend on the local population; the m probabilities
    (how records of one person vary) come from ``model``.

    Returns:
        Columns ``record_id_l``, ``record_id_r``, ``match_weight``, ``match_probability``,
        ``explanation`` and the comparison levels ``gamma_*``.
    """
    sdf = _register(db_api, records, "person_records")
    model = fill_unseen_u(copy.deepcopy(model), U_TRAINING_PAIRS)
    linker = Linker(sdf, model, log_level=SPLINK_LOG_LEVEL)
    if estimate_u:
        linker.training.estimate_u_using_random_sampling(max_pairs=U_PREDICT_PAIRS, seed=1)
        refreshed = fill_unseen_u(linker.misc.save_model_to_json(), U_PREDICT_PAIRS)
        linker = Linker(sdf, refreshed, log_level=SPLINK_LOG_LEVEL)
    pred = linker.inference.predict(threshold_match_probability=threshold, warning_mode="never")
    table = pl.from_arrow(pred.as_pyarrow_table())
    assert isinstance(table, pl.DataFrame)
    pred.drop_table_from_database_and_remove_from_cache()
    db_api.delete_table_from_database("person_records")
    labels = level_labels(model)
    return table.with_columns(explanation=explain_expr(labels, table.columns)).select(
        "record_id_l",
        "record_id_r",
        "match_weight",
        "match_probability",
        "explanation",
        *[c for c in table.columns if c.startswith("gamma_")],
    )


def level_labels(model: dict[str, Any]) -> dict[str, dict[int, str]]:
    """Comparison -> comparison vector value -> the level's label, from a settings dict."""
    out: dict[str, dict[int, str]] = {}
    for comp in model["comparisons"]:
        levels = comp["comparison_levels"]
        n = len(levels)
        mapping: dict[int, str] = {}
        value = n - 1 - (1 if any(lv.get("is_null_level") for lv in levels) else 0)
        for lv in levels:
            if lv.get("is_null_level"):
                mapping[-1] = lv.get("label_for_charts", "null")
                continue
            mapping[value] = lv.get("label_for_charts", lv.get("sql_condition", ""))
            value -= 1
        out[comp["output_column_name"]] = mapping
    return out


def explain_expr(labels: dict[str, dict[int, str]], columns: Sequence[str]) -> pl.Expr:
    """A Polars expression writing ``same mobile (+9.1); same full name (+6.0); ...`` per pair.

    The figure after each label is that comparison's match weight: the log2 Bayes factor, including
    any term-frequency adjustment.
    """
    parts = []
    for name, mapping in labels.items():
        label = pl.col(f"gamma_{name}").replace_strict(
            list(mapping.keys()), list(mapping.values()), default="?", return_dtype=pl.String
        )
        weight = pl.col(f"mw_{name}")
        if f"mw_tf_adj_{name}" in columns:
            # Term-frequency adjustment: a rare full name counts for more than a common one.
            weight = weight + pl.col(f"mw_tf_adj_{name}").fill_null(0.0)
        weight = weight.round(1)
        parts.append(
            pl.concat_str(
                pl.lit(f"{name}: "),
                label,
                pl.lit(" ("),
                pl.when(weight >= 0).then(pl.lit("+")).otherwise(pl.lit("")),
                weight.cast(pl.String),
                pl.lit(")"),
            )
        )
    return pl.concat_str(parts, separator="; ")


# --------------------------------------------------------------------------------------------------
# Clustering
# --------------------------------------------------------------------------------------------------


@cache
def _ordinal(iso: str) -> int:
    return date.fromisoformat(iso).toordinal()


def _dob_compatible(a: str, b: str) -> bool:
    if a == b:
        return True
    # A day out, across a month or year end too (31 December 1941 / 1 January 1942).
    if abs(_ordinal(a) - _ordinal(b)) <= 1:
        return True
    # A year typed one out crosses a decade as often as not (1959 / 1960).
    if a[5:] == b[5:] and abs(int(a[:4]) - int(b[:4])) <= 1:
        return True
    if a[:4] == b[:4] and a[5:7] == b[8:10] and a[8:10] == b[5:7]:
        return True
    return DamerauLevenshtein.distance(a, b) <= 1


def _forename_compatible(a: str, b: str, groups: dict[str, list[str]], min_jw: float = 0.88) -> bool:
    if a == b or a in UNINFORMATIVE_FORENAMES or b in UNINFORMATIVE_FORENAMES:
        return True
    if len(a) == 1 or len(b) == 1:
        return a[0] == b[0]
    if set(groups.get(a, (a,))) & set(groups.get(b, (b,))):
        return True
    # Typos, including the first letter that Jaro-Winkler punishes hardest (yhomas, ajsmine).
    if DamerauLevenshtein.distance(a, b) <= (2 if min(len(a), len(b)) >= 7 else 1):
        return True
    return JaroWinkler.similarity(a, b) >= min_jw


@dataclass
class _Group:
    size: int
    dobs: set[str]
    sexes: set[str]
    forenames: set[tuple[str, str]]  # (forename or initial, surname) pairs, to allow swapped names


def _names_compatible(
    a: tuple[str, str], b: tuple[str, str], groups: dict[str, list[str]], min_jw: float
) -> bool:
    """(forename, surname) pairs that could be one person, allowing for one of them swapped."""
    if _forename_compatible(a[0], b[0], groups, min_jw):
        return True
    # "Naylor Kevin": when one record's forename is the other's surname, compare the other part.
    if a[1] == b[0] and _forename_compatible(a[0], b[1], groups, min_jw):
        return True
    return a[0] == b[1] and _forename_compatible(a[1], b[0], groups, min_jw)


# An edge this strong (match weight, log2 odds; about p >= 0.9998) overrides a forename conflict:
# Katarzyna / Kasia or Piotr / Peter with the same date of birth, phone and address are one person.
STRONG_EDGE_WEIGHT = 12.0


def _conflict(g1: _Group, g2: _Group, groups: dict[str, list[str]], strong: bool = False) -> str | None:
    if (
        g1.dobs
        and g2.dobs
        and g1.dobs.isdisjoint(g2.dobs)
        and not any(_dob_compatible(a, b) for a in g1.dobs for b in g2.dobs)
    ):
        return "dates of birth differ"
    if len(g1.sexes | g2.sexes) > 1:
        return "titles of different sex"
    # With the same date of birth on file a spelling variant is likelier (Asma / Asha), so forenames
    # need only be loosely alike; otherwise they must be equal, nicknames or near spellings.
    min_jw = 0.75 if g1.dobs & g2.dobs else 0.88
    if (
        not strong
        and g1.forenames
        and g2.forenames
        and {f for f, _ in g1.forenames}.isdisjoint({f for f, _ in g2.forenames})
        and not any(_names_compatible(a, b, groups, min_jw) for a in g1.forenames for b in g2.forenames)
    ):
        return "forenames differ"
    return None


def cluster(
    records: pl.DataFrame, edges: pl.DataFrame, threshold: float
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Constrained single-linkage clustering of records.

    Args:
        records: ``record_id`` (0..n-1), ``dob``, ``sex``, ``forename``, ``initial``.
        edges: ``record_id_l``, ``record_id_r``, ``match_probability``, ``match_weight``.
        threshold: minimum match probability of an edge.

    Returns:
        (clusters, decisions): ``clusters`` maps ``record_id`` to ``cluster`` (the smallest member
        record id); ``decisions`` says for each edge whether it ``merged`` or was ``refused`` and why.
    """
    n = records.height
    # Equal weights are common (levels are discrete): break ties by record ids, so that the greedy
    # merge order, and hence the clusters, do not depend on the order DuckDB's threads return rows.
    e = edges.filter(pl.col("match_probability") >= threshold).sort(
        ["match_weight", "record_id_l", "record_id_r"], descending=[True, False, False]
    )
    left = e["record_id_l"].to_numpy()
    right = e["record_id_r"].to_numpy()
    weights = e["match_weight"].to_numpy()
    # Connected components first: only components whose members could conflict need the slow path.
    graph = coo_matrix((np.ones(len(left)), (left, right)), shape=(n, n))
    _, comp = connected_components(graph, directed=False)
    dob = records["dob"].to_list()
    sex = records["sex"].to_list()
    fore = [
        f if f is not None else i
        for f, i in zip(records["forename"].to_list(), records["initial"].to_list(), strict=True)
    ]
    sur = records["surname"].to_list()
    comp_frame = pl.DataFrame({"c": comp, "dob": dob, "sex": sex, "fore": fore})
    conflicted = set(
        comp_frame.group_by("c")
        .agg(
            pl.col("dob").drop_nulls().n_unique().alias("ndob"),
            pl.col("sex").drop_nulls().n_unique().alias("nsex"),
            pl.col("fore").drop_nulls().n_unique().alias("nfore"),
        )
        .filter((pl.col("ndob") > 1) | (pl.col("nsex") > 1) | (pl.col("nfore") > 1))["c"]
        .to_list()
    )
    # Union-find over plain lists (numpy scalar access is several times slower in this loop).
    parent = list(range(n))
    in_conflicted = [c in conflicted for c in comp.tolist()]

    def find(x: int) -> int:
        root = x
        while parent[root] != root:
            root = parent[root]
        while parent[x] != root:
            parent[x], x = root, parent[x]
        return root

    groups_info: dict[int, _Group] = {}
    nick = nz.nickname_groups()
    outcome: list[str] = []
    for a, b, w in zip(left.tolist(), right.tolist(), weights.tolist(), strict=True):
        ra, rb = find(a), find(b)
        if ra == rb:
            outcome.append("merged (already together)")
            continue
        new_root, old_root = (ra, rb) if ra < rb else (rb, ra)
        if in_conflicted[a]:
            ga = groups_info.get(ra) or _Group(1, _set(dob[ra]), _set(sex[ra]), _names(fore[ra], sur[ra]))
            gb = groups_info.get(rb) or _Group(1, _set(dob[rb]), _set(sex[rb]), _names(fore[rb], sur[rb]))
            why = _conflict(ga, gb, nick, strong=w >= STRONG_EDGE_WEIGHT)
            if why is not None:
                outcome.append(f"refused: {why}")
                continue
            # Grow the larger group in place: copying a frequent caller's sets at every merge is
            # quadratic.
            big, small = (ga, gb) if ga.size >= gb.size else (gb, ga)
            big.size += small.size
            big.dobs |= small.dobs
            big.sexes |= small.sexes
            big.forenames |= small.forenames
            groups_info.pop(old_root, None)
            groups_info[new_root] = big
        parent[old_root] = new_root
        outcome.append("merged")
    # Every root is the smallest record id of its group; pointer jumping finds them all at once.
    roots = np.asarray(parent, dtype=np.int64)
    while True:
        nxt = roots[roots]
        if np.array_equal(nxt, roots):
            break
        roots = nxt
    clusters = pl.DataFrame({"record_id": np.arange(n, dtype=np.int64), "cluster": roots})
    decisions = e.select("record_id_l", "record_id_r").with_columns(
        pl.Series("decision", outcome, dtype=pl.String)
    )
    return clusters, decisions


def _set(value: str | None) -> set[str]:
    return {value} if value else set()


def _names(forename: str | None, surname: str | None) -> set[tuple[str, str]]:
    return {(forename, surname or "")} if forename else set()


@dataclass
class LinkageResult:
    """People found in a set of incidents.

    Attributes:
        mentions: ``incident_ref``, ``role``, ``record_id``, ``person_id``.
        records: the distinct normalised records (``record_id`` ...).
        links: scored pairs with ``explanation`` and the clustering ``decision``.
    """

    mentions: pl.DataFrame
    records: pl.DataFrame
    links: pl.DataFrame


def link_people(
    incidents: pl.DataFrame,
    db_api: DatabaseAPI[Any],
    model: dict[str, Any] | None = None,
    threshold: float = 0.9,
    roles: Sequence[str] = ("caller", "victim"),
    estimate_u: bool | None = None,
) -> LinkageResult:
    """Find the people in ``incidents`` and give each mention a ``person_id`` (``P`` + number).

    Args:
        incidents: interchange columns (strings).
        db_api: the Splink database API (``DuckDBAPI()`` by default in the batch).
        model: a trained settings dict; default the shipped ``linkage_model.json``.
        threshold: minimum match probability to join two records.
        roles: which person fields to link.
        estimate_u: re-estimate u probabilities on these records; default: when there are at least
            ``MIN_RECORDS_FOR_U`` distinct records (fewer say nothing about a population).
    """
    mentions = person_mentions(incidents, roles)
    records, mapping = distinct_records(mentions)
    if model is None:
        model = load_model()
    if estimate_u is None:
        estimate_u = records.height >= MIN_RECORDS_FOR_U
    if records.height < MIN_RECORDS_FOR_U:
        # Term frequencies from a few records say nothing about how common a name is in the force.
        model = without_term_frequencies(model)
    if records.height >= 2:
        edges = predict(records, model, db_api, threshold=threshold, estimate_u=estimate_u)
    else:
        edges = pl.DataFrame(
            schema={
                "record_id_l": pl.Int64,
                "record_id_r": pl.Int64,
                "match_weight": pl.Float64,
                "match_probability": pl.Float64,
                "explanation": pl.String,
            }
        )
    clusters, decisions = cluster(records, edges, threshold)
    # Person ids numbered by first appearance so that they are stable for the same input.
    order = (
        mapping.join(clusters, on="record_id")
        .with_row_index("_pos")
        .group_by("cluster")
        .agg(pl.col("_pos").min())
        .sort("_pos")
        .with_row_index("_n")
        .select("cluster", pl.format("P{}", pl.col("_n") + 1).alias("person_id"))
    )
    mentions_out = mapping.join(clusters, on="record_id").join(order, on="cluster").drop("cluster")
    links = edges.join(decisions, on=["record_id_l", "record_id_r"], how="left")
    return LinkageResult(mentions_out, records, links)

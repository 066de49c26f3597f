"""Caller/victim linkage with Splink on DuckDB, and clustering that does not chain households."""

from __future__ import annotations

import polars as pl
import pytest
from splink.backends.duckdb import DuckDBAPI

from saferplaces.analytics.review import linkage as lk

ROWS = [
    # Jane Smith, typed five ways.
    ("A1", "Jane Smith", "07700 900123", "1961-05-14", "12 Acacia Avenue", "LS9 8AB"),
    ("A2", "Mrs Smith", "07700900123", None, "12 Acacia Ave", "ls98ab"),
    ("A3", "SMITH, JANE", "+447700900123", "14/05/1961", None, "LS9 8AB"),
    ("A4", "Smith Jane", "07700 900123", "1961-05-14", None, None),
    ("A5", "Jane Smith", None, "1961-14-05", "12 Acacia Avenue", "LS9 8AB"),
    # Her husband, same house, same landline, same surname.
    ("B1", "John Smith", "0113 496 0000", "1958-02-01", "12 Acacia Avenue", "LS9 8AB"),
    ("B2", "Mr J Smith", "0113 496 0000", "1958-02-01", "12 Acacia Ave", "LS9 8AB"),
    # Bill / William Jones.
    ("C1", "Bill Jones", "07911 123456", "1970-03-03", "4 Moor Rd", "BD1 1AA"),
    ("C2", "William Jones", "07911123456", "1970-03-03", "4 Moor Road", "BD1 1AA"),
    ("C3", "Will Jones", "07911 123456", "1970-03-03", None, None),
    # Unrelated.
    ("D1", "Mary Brown", "07812 000111", "1980-01-01", "1 High St", "HX1 1AA"),
    ("D2", "Peter Green", "07812 000222", "1975-07-07", "9 Low Lane", "WF1 2AB"),
]


@pytest.fixture(scope="module")
def result() -> lk.LinkageResult:
    frame = pl.DataFrame(
        ROWS,
        schema=[
            "incident_ref",
            "caller_name",
            "caller_phone",
            "caller_dob",
            "caller_address",
            "caller_postcode",
        ],
        orient="row",
    )
    return lk.link_people(frame, DuckDBAPI(), threshold=0.9)


def _person(result: lk.LinkageResult, ref: str) -> str:
    return result.mentions.filter(pl.col("incident_ref") == ref)["person_id"][0]


def test_the_same_person_typed_differently_is_one_person(result):
    assert len({_person(result, r) for r in ("A1", "A3", "A4", "A5")}) == 1
    assert len({_person(result, r) for r in ("C1", "C2", "C3")}) == 1


def test_a_household_member_is_not_chained_in(result):
    jane = _person(result, "A1")
    assert _person(result, "B1") != jane
    assert _person(result, "B2") != jane
    assert _person(result, "B1") == _person(result, "B2")


def test_unrelated_people_stay_apart(result):
    assert len({_person(result, "D1"), _person(result, "D2"), _person(result, "A1")}) == 3


def test_every_link_is_explained_field_by_field(result):
    assert result.links.height > 0
    text = result.links["explanation"][0]
    for field in ("name:", "dob:", "contact:", "sex:"):
        assert field in text
    assert result.links["decision"].is_not_null().all()


def test_clustering_refuses_a_merge_across_different_dates_of_birth():
    records = pl.DataFrame(
        {
            "record_id": [0, 1, 2],
            "dob": ["1958-02-01", None, "1990-06-06"],
            "sex": [None, None, None],
            "forename": ["john", "john", "john"],
            "initial": ["j", "j", "j"],
            "surname": ["smith", "smith", "smith"],
        }
    )
    edges = pl.DataFrame(
        {
            "record_id_l": [0, 1],
            "record_id_r": [1, 2],
            "match_probability": [0.99, 0.95],
            "match_weight": [9.0, 5.0],
        }
    )
    clusters, decisions = lk.cluster(records, edges, 0.9)
    c = clusters["cluster"].to_list()
    assert c[0] == c[1] != c[2]
    assert decisions["decision"].to_list() == ["merged", "refused: dates of birth differ"]


def test_the_model_has_one_contact_comparison_not_separate_phone_and_address():
    names = [c["output_column_name"] for c in lk.load_model()["comparisons"]]
    assert names == ["name", "dob", "contact", "sex"]


# --------------------------------------------------------------------------------------------------
# Comparison levels for the ways callers are really recorded
# --------------------------------------------------------------------------------------------------

PERSON_SCHEMA = ["incident_ref", "caller_name", "caller_phone", "caller_dob", "caller_address",
                 "caller_postcode", "latitude", "longitude"]  # fmt: skip


def _record(*row: str | None) -> pl.DataFrame:
    frame = pl.DataFrame([row], schema=PERSON_SCHEMA, orient="row")
    records, _ = lk.distinct_records(lk.person_mentions(frame, ("caller",)))
    return records


@pytest.fixture(scope="module")
def db() -> DuckDBAPI:
    return DuckDBAPI()


def _labels(db: DuckDBAPI, left: tuple[str | None, ...], right: tuple[str | None, ...]) -> dict[str, str]:
    """The label of the level each comparison gives this pair, keyed by comparison name."""
    from splink.internals.realtime import compare_records

    model = lk.load_model()
    a = _record("L", *left).with_columns(pl.lit(0, dtype=pl.Int64).alias("record_id"))
    b = _record("R", *right).with_columns(pl.lit(1, dtype=pl.Int64).alias("record_id"))
    b = b.select([pl.col(c).cast(a.schema[c]) for c in a.columns])
    for col in ("full_name", "dob", "surname"):
        a = a.with_columns(pl.lit(0.001).alias(f"tf_{col}"))
        b = b.with_columns(pl.lit(0.001).alias(f"tf_{col}"))
    out = compare_records(a.to_arrow(), b.to_arrow(), model, db, sql_cache_key=None)
    row = pl.from_arrow(out.as_pyarrow_table()).to_dicts()[0]  # type: ignore[union-attr]
    labels = lk.level_labels(model)
    return {name: labels[name][row[f"gamma_{name}"]] for name in labels}


LEEDS = ("53.80100", "-1.54900")
BRADFORD = ("53.79500", "-1.75900")


@pytest.mark.parametrize(
    ("left", "right", "expected"),
    [
        # A caller who gives only a first name.
        (("Billy", "07700 900123", None, None, None), ("William Wilson", None, None, None, None),
         "one-word name a nickname or near spelling of the other name"),
        # A misspelt surname and only a title to go with it.
        (("Mr Hll", None, None, None, None), ("Bob Hall", None, None, None, None),
         "near surname, initial agrees or forename missing"),
        # Names swapped and misspelt.
        (("Hirsy Tommy", None, None, None, None), ("Tommy Hirst", None, None, None, None),
         "forename and surname swapped, near spellings"),
        (("Claire", None, None, None, None), ("C Fox", None, None, None, None),
         "one-word name agrees with the other's initial"),
    ],
)  # fmt: skip
def test_name_levels_for_real_variations(db, left, right, expected):
    assert _labels(db, (*left, *LEEDS), (*right, *LEEDS))["name"] == expected


def test_phone_on_one_record_and_address_on_the_other_is_not_a_disagreement(db):
    labels = _labels(
        db,
        ("Jane Smith", "07700 900123", None, None, None, *LEEDS),
        ("Jane Smith", None, None, "12 Acacia Avenue", "LS9 8AB", *BRADFORD),
    )
    assert labels["contact"] == "phone and address not both recorded"


def test_a_shared_square_does_not_outweigh_different_phones_and_houses(db):
    labels = _labels(
        db,
        ("John Smith", "07700 900123", None, "12 Acacia Avenue", "LS9 8AB", *LEEDS),
        ("John Smith", "07700 900456", None, "40 Acacia Avenue", "LS9 8AB", *LEEDS),
    )
    assert labels["contact"] == "same postcode or street"
    labels = _labels(
        db,
        ("John Smith", "07700 900123", None, "12 Acacia Avenue", "LS9 8AB", *LEEDS),
        ("John Smith", "07700 900456", None, "3 Oak Road", "LS9 9ZZ", *LEEDS),
    )
    assert labels["contact"] == "different phone and address, same 150 m square"
    labels = _labels(
        db,
        ("John Smith", None, None, None, None, *LEEDS),
        ("John Smith", "07700 900456", None, "3 Oak Road", "LS9 9ZZ", *LEEDS),
    )
    assert labels["contact"] == "same 150 m square, no phone or address to compare"


def test_a_phone_typo_at_the_same_address_is_its_own_level(db):
    labels = _labels(
        db,
        ("Jane Smith", "07700 900123", None, "12 Acacia Avenue", "LS9 8AB", *LEEDS),
        ("Mrs Smith", "07700 900124", None, "12 Acacia Ave", "LS9 8AB", *LEEDS),
    )
    assert labels["contact"] == "phone one digit out and same address"


def test_a_one_word_name_carries_its_nickname_group():
    records = _record("X", "Billy", None, None, None, None, None, None)
    assert records["surname"][0] == "billy"
    assert "william" in records["word_group"][0]
    # A surname with a title is not a one-word forename.
    assert _record("Y", "Mrs Billy", None, None, None, None, None, None)["word_group"][0] is None


def test_a_level_never_seen_among_random_pairs_gets_the_cautious_u():
    model = {
        "comparisons": [
            {
                "output_column_name": "contact",
                "comparison_levels": [
                    {"is_null_level": True, "sql_condition": "x IS NULL"},
                    {"sql_condition": "a", "m_probability": 0.2, "u_probability": None},
                    {"sql_condition": "b", "m_probability": 0.8, "u_probability": 0.5},
                ],
            }
        ]
    }
    out = lk.fill_unseen_u(model, 1e6)
    levels = out["comparisons"][0]["comparison_levels"]
    assert levels[1]["u_probability"] == pytest.approx(1e-6)
    assert levels[2]["u_probability"] == 0.5
    assert "u_probability" not in levels[0]


def test_callers_without_a_name_or_with_only_a_name_are_still_compared():
    rows = [
        ("N1", "Ann Thornton", "07700 900279", "1945-10-19", "68 Lascelles Fold", "LS8 3LY", *LEEDS),
        # Same mobile, no name: a phone-only call.
        ("N2", None, "07700900279", None, None, None, *BRADFORD),
        # Only the name, reported from the same 150 m square.
        ("N3", "Ann Thornton", None, None, None, None, *LEEDS),
    ]
    frame = pl.DataFrame(rows, schema=PERSON_SCHEMA, orient="row")
    res = lk.link_people(frame, DuckDBAPI(), threshold=0.0, roles=("caller",))
    rec = dict(res.mentions.select("incident_ref", "record_id").iter_rows())
    pairs = {tuple(sorted(p)) for p in res.links.select("record_id_l", "record_id_r").iter_rows()}
    assert tuple(sorted((rec["N1"], rec["N2"]))) in pairs
    assert tuple(sorted((rec["N1"], rec["N3"]))) in pairs


def test_clustering_accepts_a_date_of_birth_a_day_out_across_a_year_end():
    records = pl.DataFrame(
        {
            "record_id": [0, 1, 2],
            "dob": ["1941-12-31", "1942-01-01", "1942-03-05"],
            "sex": [None, None, None],
            "forename": ["billy", "william", "william"],
            "initial": ["b", "w", "w"],
            "surname": ["thompson", "thompson", "thompson"],
        }
    )
    edges = pl.DataFrame(
        {
            "record_id_l": [0, 1],
            "record_id_r": [1, 2],
            "match_probability": [0.99, 0.95],
            "match_weight": [9.0, 5.0],
        }
    )
    clusters, decisions = lk.cluster(records, edges, 0.9)
    c = clusters["cluster"].to_list()
    # Billy and William, a day apart over New Year, are one man; March is someone else.
    assert c[0] == c[1] != c[2]
    assert decisions["decision"].to_list() == ["merged", "refused: dates of birth differ"]

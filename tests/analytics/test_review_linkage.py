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

"""Normalising caller identities and places as call takers type them."""

from __future__ import annotations

import polars as pl
import pytest

from saferplaces.analytics.review import normalise as nz


def _people(**cols: list[str | None]) -> dict[str, object]:
    frame = pl.DataFrame(
        {f"caller_{k}": v for k, v in cols.items()}, schema={f"caller_{k}": pl.String for k in cols}
    )
    return nz.normalise_people(frame, "caller").collect().to_dicts()[0]


@pytest.mark.parametrize(
    ("raw", "title", "forename", "surname", "initial"),
    [
        ("Jane Smith", None, "jane", "smith", "j"),
        ("Mrs Smith", "mrs", None, "smith", None),
        ("J SMITH", None, None, "smith", "j"),
        ("Smith, John", None, "john", "smith", "j"),
        ("Mr J. Smith", "mr", None, "smith", "j"),
        ("John Paul Smith", None, "john", "smith", "j"),
        ("Bill O'Brien", None, "bill", "obrien", "b"),
    ],
)
def test_names_split_into_title_forename_surname(raw, title, forename, surname, initial):
    row = _people(name=[raw])
    assert (row["title"], row["forename"], row["surname"], row["initial"]) == (
        title,
        forename,
        surname,
        initial,
    )


def test_a_nickname_carries_its_canonical_forename():
    row = _people(name=["Bill Jones"])
    assert "william" in row["forename_group"] and "bill" in row["forename_group"]


def test_title_gives_sex():
    assert _people(name=["Mrs Smith"])["sex"] == "F"
    assert _people(name=["Mr Smith"])["sex"] == "M"


@pytest.mark.parametrize(
    ("raw", "e164", "kind"),
    [
        ("07700 900123", "+447700900123", "mobile"),
        ("+44 7700 900123", "+447700900123", "mobile"),
        ("0044 7700 900123", "+447700900123", "mobile"),
        ("7700 900123", "+447700900123", "mobile"),
        ("(0113) 496 0000", "+441134960000", "landline"),
        ("abc", None, None),
    ],
)
def test_phones_become_e164(raw, e164, kind):
    row = _people(phone=[raw])
    assert row["phone"] == e164
    assert row["phone_kind"] == kind


@pytest.mark.parametrize(("raw", "expected"), [("ls98ab", "LS9 8AB"), (" ls9  8ab", "LS9 8AB"), ("XX", None)])
def test_postcodes_get_one_space(raw, expected):
    assert _people(postcode=[raw])["postcode"] == expected


@pytest.mark.parametrize(
    ("raw", "flat", "house", "street"),
    [
        ("12 Acacia Ave", None, "12", "acacia avenue"),
        ("12 a Acacia Avenue", None, "12a", "acacia avenue"),
        ("Flat 3, 12A Acacia Avenue, Leeds LS9 8AB", "3", "12a", "acacia avenue"),
        ("3/12 acacia ave", "3", "12", "acacia avenue"),
    ],
)
def test_addresses_split_flat_house_number_and_street(raw, flat, house, street):
    row = _people(address=[raw])
    assert (row["flat"], row["house_number"], row["street"]) == (flat, house, street)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1961-05-14", "1961-05-14"),
        ("14/05/1961", "1961-05-14"),
        ("4/5/1961", "1961-05-04"),
        ("1961-13-01", None),
    ],
)
def test_dates_of_birth_in_both_formats(raw, expected):
    assert _people(dob=[raw])["dob"] == expected


def test_address_frame_gives_the_same_parts_as_the_expressions():
    frame = pl.DataFrame(
        {
            "address": [
                "Flat 3, 12A Acacia Ave, Leeds LS9 8AB",
                "3/12 Moor Rd",
                "o/s 4 High St",
                "",
                None,
                "Flat 2 Rose Court",
            ]
        }
    )
    staged = nz.address_frame(frame, "address")
    direct = frame.with_columns(*nz.address_columns(pl.col("address")))
    assert staged.equals(direct)
    assert staged.row(0, named=True)["street"] == "acacia avenue"
    assert staged.row(1, named=True)["flat"] == "3"

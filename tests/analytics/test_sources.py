"""The framework-free readers: line numbers, reasons, values, and the geography helpers."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import pytest

from saferplaces.analytics.geo import AreaIndex, read_geojson, to_bng, to_wgs84
from saferplaces.analytics.sources.boundaries import detect_level
from saferplaces.analytics.sources.incident_log import Vocabulary, read_incident_log
from saferplaces.analytics.sources.rows import FormatError, Reject
from saferplaces.analytics.sources.values import normalise_postcode, parse_datetime, parse_month

HEADER = "incident_ref,received_at,narrative,postcode\n"


def test_line_numbers_count_physical_lines_including_multiline_fields() -> None:
    text = HEADER + 'A,2025-01-01T10:00,"one\ntwo\nthree",LS1 1AA\nB,not a date,x,\nC,2025-01-02T10:00,y,\n'
    items = list(read_incident_log(io.StringIO(text)))
    assert [(line, type(x).__name__) for line, x in items] == [
        (2, "IncidentRecord"),
        (5, "Reject"),
        (6, "IncidentRecord"),
    ]


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        ("X,2025-01-01T10:00,n,XX1", "postcode 'XX1' is not a UK postcode"),
        (",2025-01-01T10:00,n,", "incident_ref is blank"),
        ("X,,n,", "received_at is blank"),
        ("X,2025-01-01T10:00,n", "has 3 fields but the header has 4"),
    ],
)
def test_each_bad_value_has_a_plain_reason(row: str, reason: str) -> None:
    [(_, item)] = list(read_incident_log(io.StringIO(HEADER + row + "\n")))
    assert isinstance(item, Reject)
    assert reason in item.reason


def test_codes_are_checked_against_the_shipped_lists() -> None:
    from pathlib import Path

    vocab = Vocabulary.from_reference_dir(Path(__file__).resolve().parents[2] / "data")
    text = (
        "incident_ref,received_at,closing_code,offence_code\n"
        "A,2025-01-01T10:00,asbp,8l\nB,2025-01-01T10:00,ASBP,99Z\n"
    )
    (_, good), (_, bad) = list(read_incident_log(io.StringIO(text), vocab))
    assert not isinstance(good, Reject) and good.closing_code == "ASBP" and good.offence_code == "8L"
    assert isinstance(bad, Reject) and "offence_code '99Z'" in bad.reason


def test_missing_required_columns_is_a_format_error() -> None:
    with pytest.raises(FormatError, match="no received_at column"):
        list(read_incident_log(io.StringIO("incident_ref,narrative\nA,x\n")))


def test_uk_local_times_become_utc_across_summer_time() -> None:
    assert parse_datetime("2025-07-01T12:00:00", "t") == datetime(2025, 7, 1, 11, 0, tzinfo=UTC)
    assert parse_datetime("2025-01-01T12:00:00", "t") == datetime(2025, 1, 1, 12, 0, tzinfo=UTC)
    assert parse_datetime("2025-07-01T12:00:00+00:00", "t") == datetime(2025, 7, 1, 12, 0, tzinfo=UTC)


def test_values() -> None:
    assert normalise_postcode(" ls98ab ") == "LS9 8AB"
    assert normalise_postcode("EC1A1BB") == "EC1A 1BB"
    assert normalise_postcode("") == ""
    assert str(parse_month("2016-07")) == "2016-07-01"
    assert str(parse_month("2022-01-01")) == "2022-01-01"


def test_british_national_grid_round_trip_and_a_known_point() -> None:
    # The OS grid's true origin (49N, 2W) is at 400,000 E, -100,000 N.
    e, n = to_bng([-2.0], [49.0])
    assert e[0] == pytest.approx(400_000, abs=150) and n[0] == pytest.approx(-100_000, abs=150)
    lon, lat = to_wgs84(*to_bng([-1.5491], [53.7997]))
    assert lon[0] == pytest.approx(-1.5491, abs=1e-7) and lat[0] == pytest.approx(53.7997, abs=1e-7)


def test_area_index_finds_the_containing_lsoa(fixtures_dir) -> None:  # type: ignore[no-untyped-def]
    features = read_geojson(fixtures_dir / "lsoa_sample.geojson")["features"]
    index = AreaIndex.from_features(features, "lsoa21cd")
    assert index.locate([-1.5520, -1.7621, 0.0, None], [53.8004, 53.7912, 51.5, None]) == [
        "E01033008",
        "E01010834",
        None,
        None,
    ]


def test_boundary_levels_are_detected_from_property_names() -> None:
    assert detect_level({"lsoa21cd": "E0", "lsoa21nm": "x"}) == "lsoa"
    assert detect_level({"WARD_NAME": "x"}) == "ward"
    assert detect_level({"objectid": "E06000008", "district": "x"}) == "district"
    with pytest.raises(FormatError):
        detect_level({"foo": 1})

"""The batch command over an interchange CSV, and point of report over its results."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from saferplaces.analytics.review import batch, point_of_report
from saferplaces.analytics.review.cli import main, read_incidents

COLUMNS = [
    "incident_ref", "received_at", "closed_at", "opening_code", "closing_code", "asb_category", "crime_ref",
    "offence_code", "district", "location_text", "postcode", "latitude", "longitude", "caller_name",
    "caller_phone", "caller_dob", "caller_address", "caller_postcode", "contact_requested", "narrative",
    "suspect_name",
]  # fmt: skip
ROWS = [
    ["WY-1", "2022-03-04T18:22:00", "2022-03-04T21:40:00", "ASBN", "ASBP", "personal", "", "", "Leeds",
     "12 Acacia Avenue", "LS9 8AB", "53.8011", "-1.5082", "Jane Smith", "07700 900123", "1961-05-14",
     "12 Acacia Avenue", "LS9 8AB", "Y",
     "RP states youths kicking a ball at her door again, third time this week; she is scared to go out.", ""],
    ["WY-2", "2022-03-10T18:22", "2022-03-12T21:40:00", "ASBN", "ASBP", "personal", "", "", "Leeds",
     "12 Acacia Ave", "ls98ab", "53.80112", "-1.50821", "Mrs Smith", "07700900123", "", "12 Acacia Ave",
     "ls98ab", "N", "Neighbour at no 14 shouted at RP again. RP upset.", "Gary Jones"],
    ["WY-3", "2022-04-01T09:00:00+01:00", "2022-04-01T10:00:00", "ASBN", "ASBP", "personal", "", "", "Leeds",
     "12a acacia avenue", "LS9 8AB", "", "", "SMITH, JANE", "+447700900123", "14/05/1961", "", "LS9 8AB", "N",
     "Neighbour banging on the wall and shouting abuse at RP, she is frightened.", "Gary Jones"],
    ["WY-4", "2022-05-01T09:00:00", "2022-05-01T10:00:00", "NOIS", "ADVI", "", "", "", "Leeds", "4 Moor Rd",
     "BD1 1AA", "53.79", "-1.75", "Bill Jones", "07911 123456", "1970-03-03", "4 Moor Rd", "BD1 1AA", "N",
     "Loud music. No threats.", ""],
    ["WY-5", "2022-05-02T09:00:00", "2022-05-02T10:00:00", "ASBN", "ASBE", "environmental", "CR1", "58B",
     "Leeds", "outside Co-op Main St", "BD1 1AB", "53.7901", "-1.7501", "William Jones", "07911123456",
     "1970-03-03", "4 Moor Road", "BD1 1AA", "N", "Graffiti on shop shutters.", ""],
]  # fmt: skip


@pytest.fixture(scope="module")
def csv_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("asvat") / "incidents.csv"
    # A byte-order mark, as Excel writes it, must be tolerated.
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(COLUMNS)
        writer.writerows(ROWS)
    return path


@pytest.fixture(scope="module")
def out_dir(csv_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("out")
    assert main(["run", "--incidents", str(csv_path), "--out", str(out), "--quiet"]) == 0
    return out


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_the_command_writes_the_documented_files_and_columns(out_dir):
    assert list(_read(out_dir / "people.csv")[0]) == ["incident_ref", "person_id"]
    assert list(_read(out_dir / "locations.csv")[0]) == ["incident_ref", "location_id"]
    assert list(_read(out_dir / "flags.csv")[0]) == list(batch.FLAG_COLUMNS)
    assert (out_dir / "links.csv").exists()
    assert len(_read(out_dir / "flags.csv")) == 5


def test_flags_are_y_or_n_and_a_recorded_crime_is_not_a_cdi_flag(out_dir):
    flags = {r["incident_ref"]: r for r in _read(out_dir / "flags.csv")}
    for r in flags.values():
        assert r["repeat_victim"] in "YN" and r["repeat_location"] in "YN" and r["cdi_flag"] in "YN"
        assert r["risk"] in ("standard", "medium", "high")
    assert flags["WY-1"]["cdi_flag"] == "Y" and flags["WY-1"]["cdi_offence"] == "9A"
    assert flags["WY-4"]["cdi_flag"] == "N"  # not ASB-closed
    assert flags["WY-5"]["cdi_flag"] == "N"  # crime already recorded


def test_the_three_incidents_at_one_house_make_a_repeat_location(out_dir):
    locs = {r["incident_ref"]: r["location_id"] for r in _read(out_dir / "locations.csv")}
    assert locs["WY-1"] == locs["WY-2"] == locs["WY-3"]
    flags = {r["incident_ref"]: r for r in _read(out_dir / "flags.csv")}
    assert flags["WY-3"]["repeat_location"] == "Y"
    assert "repeat location (3 in 365 days" in flags["WY-3"]["reasons"]


def test_point_of_report_finds_the_place_and_its_history(csv_path):
    result = batch.run(read_incidents(csv_path))
    # Five incidents make term frequencies meaningless, so rank every candidate (threshold 0).
    index = point_of_report.PointOfReportIndex(result, threshold=0.0)
    report = index.lookup(
        {
            "incident_ref": "NEW",
            "received_at": "2022-06-01T10:00:00",
            "caller_name": "Jane Smith",
            "caller_phone": "07700 900123",
            "location_text": "12 Acacia Avenue",
            "postcode": "LS9 8AB",
            "latitude": "53.8011",
            "longitude": "-1.5082",
        }
    )
    assert report.location_id is not None
    assert {r["incident_ref"] for r in report.location_history} == {"WY-1", "WY-2", "WY-3"}
    janes = set(
        result.mentions.filter(result.mentions["incident_ref"].is_in(["WY-1", "WY-2", "WY-3"]))["person_id"]
    )
    assert report.persons[0].person_id in janes
    assert report.persons[0].explanation.startswith("name:")
    assert "same mobile" in report.persons[0].explanation
    assert report.prior_risk is not None


def test_a_file_without_received_at_is_refused(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("incident_ref,narrative\nX,hello\n", encoding="utf-8")
    with pytest.raises(ValueError, match="received_at"):
        read_incidents(bad)

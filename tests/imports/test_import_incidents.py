from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from saferplaces.imports.actions import import_file, report_dir
from saferplaces.imports.models import ImportRun
from saferplaces.incidents.models import Incident, IncidentPerson, Location

pytestmark = pytest.mark.django_db

EXPECTED_REJECTS = {
    6: "received_at 'yesterday' is not an ISO 8601 date-time",
    7: "closing_code 'ZZZZ' is not in the force's code list",
    8: "only one of longitude and latitude is given",
    9: "incident_ref 'T-0001' already appears on line 2",
    10: "postcode 'NOTAPC' is not a UK postcode",
    12: "is before received_at",
    13: "caller_dob '2999-01-01' is in the future",
}


def test_good_rows_load_and_each_bad_row_is_reported_with_its_line(incidents_loaded: ImportRun) -> None:
    run = incidents_loaded
    assert run.status == ImportRun.Status.DONE
    assert (run.rows_read, run.rows_loaded, run.rows_rejected) == (12, 5, 7)
    assert run.rows_loaded == run.rows_read - run.rows_rejected
    rejects = {r.line: r.reason for r in run.rejects.all()}
    assert set(rejects) == set(EXPECTED_REJECTS)
    for line, reason in EXPECTED_REJECTS.items():
        assert reason in rejects[line]
    assert set(Incident.objects.values_list("reference", flat=True)) == {
        "T-0001",
        "T-0002",
        "T-0003",
        "T-0008",
        "T-0011",
    }


def test_reject_file_is_written_beside_the_summary(incidents_loaded: ImportRun) -> None:
    stem = report_dir() / f"import-{incidents_loaded.pk}-incidents_small.csv"
    summary = json.loads(Path(f"{stem}.summary.json").read_text())
    assert summary["rows_loaded"] == 5 and summary["rows_rejected"] == 7
    with Path(summary["rejects_file"]).open() as fh:
        rows = list(csv.DictReader(fh))
    assert [int(r["line"]) for r in rows] == sorted(EXPECTED_REJECTS)


def test_rerunning_the_same_file_adds_nothing(incidents_loaded: ImportRun, fixtures_dir: Path) -> None:
    before = (Incident.objects.count(), IncidentPerson.objects.count(), Location.objects.count())
    again = import_file(ImportRun.Kind.INCIDENTS, fixtures_dir / "incidents_small.csv")
    assert again.rows_loaded == 0
    assert again.rows_already_loaded == 5
    assert (Incident.objects.count(), IncidentPerson.objects.count(), Location.objects.count()) == before


def test_incidents_are_placed_in_their_lsoa_ward_and_district(incidents_loaded: ImportRun) -> None:
    leeds = Incident.objects.select_related("district", "lsoa", "ward").get(reference="T-0001")
    assert leeds.district.name == "Leeds"
    assert leeds.lsoa.code == "E01033008"
    assert leeds.ward is not None and leeds.ward.name == "Little London & Woodhouse"
    # British National Grid: central Leeds is about 429,600 E, 433,500 N.
    assert 429_000 < leeds.easting < 430_500 and 433_000 < leeds.northing < 434_200
    bradford = Incident.objects.select_related("district").get(reference="T-0002")
    assert bradford.district.name == "Bradford" and bradford.is_crime and bradford.offence_code.code == "8L"
    # No district column: the point decides.
    assert Incident.objects.get(reference="T-0003").district.name == "Leeds"
    # No point, but a district column.
    no_point = Incident.objects.get(reference="T-0008")
    assert no_point.district.name == "Leeds" and no_point.lsoa is None
    assert Incident.objects.get(reference="T-0011").district is None


def test_fields_people_and_extra_columns_are_kept(incidents_loaded: ImportRun) -> None:
    i = Incident.objects.get(reference="T-0001")
    assert i.postcode == "LS11 5AB"
    assert i.contact_requested is True
    assert i.asb_category.code == "personal"
    assert i.closing_code.code == "ASBP" and i.opening_code.code == "YOUT"
    assert i.extra == {"cad_unit": "L12"}
    caller = i.people.get()
    assert (caller.role, caller.name, caller.phone, str(caller.date_of_birth)) == (
        "caller",
        "Jane Testperson",
        "07700 900001",
        "1970-02-03",
    )
    multi = Incident.objects.get(reference="T-0003")
    assert multi.narrative == 'Loud music from flat.\nSecond line of the log, with a comma, and "quotes".'
    assert multi.people.count() == 0 and multi.contact_requested is None


def test_a_file_without_the_required_columns_fails_clearly(geography: None, tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("ref,when\nA,2025-01-01\n")
    run = import_file(ImportRun.Kind.INCIDENTS, bad)
    assert run.status == ImportRun.Status.FAILED
    assert "no incident_ref, received_at column" in run.message
    assert Incident.objects.count() == 0

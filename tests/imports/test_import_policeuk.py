from __future__ import annotations

import gzip
from pathlib import Path

import pytest
from django.db.models import Count

from saferplaces.imports.actions import import_file
from saferplaces.imports.models import ImportRun
from saferplaces.policedata.models import StreetRecord

pytestmark = pytest.mark.django_db
WY = Path(__file__).resolve().parents[2] / "data" / "police-uk-west-yorkshire-sample"
LANCASHIRE = (
    Path(__file__).resolve().parents[2]
    / "data"
    / "police-uk-asb-2022-other-forces"
    / "lancashire_asb_2022.tsv.gz"
)


@pytest.mark.slow
def test_the_three_west_yorkshire_months_load_in_full_and_reload_adds_nothing(geography: None) -> None:
    expected = {"2016-07": 27_176, "2017-07": 28_537, "2018-07": 31_635}
    for month, rows in expected.items():
        run = import_file(ImportRun.Kind.POLICEUK, WY / f"{month}-west-yorkshire-street.csv.gz")
        assert (run.rows_read, run.rows_loaded, run.rows_rejected) == (rows, rows, 0), run.message
    assert StreetRecord.objects.count() == sum(expected.values())
    by_month = dict(
        StreetRecord.objects.values_list("month").annotate(n=Count("id")).values_list("month", "n")
    )
    assert {f"{m:%Y-%m}": n for m, n in by_month.items()} == expected
    asb = StreetRecord.objects.filter(month__year=2016, crime_type="Anti-social behaviour").count()
    assert asb == 7_429
    again = import_file(ImportRun.Kind.POLICEUK, WY / "2017-07-west-yorkshire-street.csv.gz")
    assert (again.rows_loaded, again.rows_already_loaded) == (0, 28_537)
    assert StreetRecord.objects.count() == sum(expected.values())
    # Outside the ten sample LSOAs a record's district comes from its 2011 LSOA code.
    leeds = StreetRecord.objects.filter(month__year=2016, district__name="Leeds").count()
    assert 9_000 < leeds < 11_000


@pytest.mark.slow
def test_lancashire_2022_reduced_table_loads_56434_rows() -> None:
    run = import_file(ImportRun.Kind.POLICEUK, LANCASHIRE, force="Lancashire Constabulary")
    assert (run.rows_loaded, run.rows_rejected) == (56_434, 0)
    assert (
        StreetRecord.objects.filter(
            falls_within="Lancashire Constabulary", crime_type="Anti-social behaviour"
        ).count()
        == 56_434
    )


def test_bad_rows_are_rejected_with_line_and_reason_and_good_ones_kept(tmp_path: Path) -> None:
    with gzip.open(WY / "2016-07-west-yorkshire-street.csv.gz", "rt", encoding="utf-8") as fh:
        lines = [next(fh) for _ in range(21)]  # header + 20 records
    lines[3] = lines[3].replace("2016-07", "July 2016", 1)
    lines[5] = ",2016-07,West Yorkshire Police,West Yorkshire Police,-1.55,,On or near X,E01,X,Burglary,,\n"
    lines[7] = "too,few,fields\n"
    lines[9] = (
        ",2016-07,West Yorkshire Police,West Yorkshire Police,40.0,10.0,On or near X,E01,X,Burglary,,\n"
    )
    path = tmp_path / "street.csv"
    path.write_text("".join(lines), encoding="utf-8")
    run = import_file(ImportRun.Kind.POLICEUK, path)
    assert (run.rows_read, run.rows_loaded, run.rows_rejected) == (20, 16, 4)
    reasons = dict(run.rejects.values_list("line", "reason"))
    assert "month 'July 2016' is not YYYY-MM" in reasons[4]
    assert "only one of longitude and latitude" in reasons[6]
    assert "has 3 fields but the header has 12" in reasons[8]
    assert "outside Great Britain" in reasons[10]
    assert import_file(ImportRun.Kind.POLICEUK, path).rows_loaded == 0


def test_identical_asb_rows_are_distinct_records(tmp_path: Path) -> None:
    header = "month\tlongitude\tlatitude\tlocation\tlsoa_code\n"
    row = "2022-01-01\t-2.4646\t53.7655\tHazelwood Close\tE01012607\n"
    path = tmp_path / "asb.tsv"
    path.write_text(header + row * 3)
    assert import_file(ImportRun.Kind.POLICEUK, path).rows_loaded == 3
    assert import_file(ImportRun.Kind.POLICEUK, path).rows_loaded == 0
    path.write_text(header + row * 4)  # the month republished with one more identical record
    assert import_file(ImportRun.Kind.POLICEUK, path).rows_loaded == 1

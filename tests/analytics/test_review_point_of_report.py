"""Point of report: the fast lookup scores as Splink's compare_records does, and reads histories right."""

from __future__ import annotations

import polars as pl
import pytest

from saferplaces.analytics.review import batch, point_of_report

PEOPLE = [
    ("Jane Smith", "07700 900123", "1961-05-14", "12 Acacia Avenue", "LS9 8AB", 53.8011, -1.5082),
    ("Gary Jones", "07911 123456", "1970-03-03", "4 Moor Road", "BD1 1AA", 53.7900, -1.7500),
    ("Amir Khan", "07800 555111", "1985-11-30", "9 Hill Street", "LS6 2QQ", 53.8200, -1.5700),
]


def _incidents() -> pl.DataFrame:
    rows = []
    for k in range(12):
        name, phone, dob, address, postcode, lat, lon = PEOPLE[k % len(PEOPLE)]
        rows.append(
            {
                "incident_ref": f"T-{k + 1}",
                "received_at": f"2022-{1 + k % 12:02d}-{1 + k:02d}T10:00:00",
                "closed_at": f"2022-{1 + k % 12:02d}-{1 + k:02d}T12:00:00",
                "opening_code": "ASBN",
                "closing_code": "ASBP",
                "asb_category": "personal",
                "location_text": address,
                "postcode": postcode,
                "latitude": str(lat),
                "longitude": str(lon),
                # Small variations, as call takers type them.
                "caller_name": name if k < 6 else name.upper(),
                "caller_phone": phone if k % 2 else phone.replace(" ", ""),
                "caller_dob": dob,
                "caller_address": address,
                "caller_postcode": postcode,
                "narrative": "Neighbour shouting at RP again, RP upset.",
            }
        )
    return pl.DataFrame(rows)


@pytest.fixture(scope="module")
def index() -> point_of_report.PointOfReportIndex:
    # A dozen incidents make term frequencies meaningless, so rank every candidate (threshold 0).
    return point_of_report.PointOfReportIndex(batch.run(_incidents()), threshold=0.0)


NEW = {
    "incident_ref": "NEW",
    "received_at": "2023-01-05T09:00:00",
    "caller_name": "Jane Smith",
    "caller_phone": "07700900123",
    "caller_dob": "1961-05-14",
    "location_text": "12 Acacia Avenue",
    "postcode": "LS9 8AB",
    "latitude": "53.8011",
    "longitude": "-1.5082",
}


def test_the_cached_sql_scores_every_candidate_as_compare_records_does(index):
    assert index._sql is not None, "Splink's SQL cache gave no scoring SQL"
    rec = dict.fromkeys(index._columns)
    rec.update(index._records.row(0, named=True))
    cands = sorted(index._position)
    fast = index._score([rec], [cands]).sort("record_id_r")
    statement, index._statement = index._statement, None  # the fallback: compare_records every call
    try:
        slow = index._score([rec], [cands]).sort("record_id_r")
    finally:
        index._statement = statement
    assert fast["record_id_r"].to_list() == slow["record_id_r"].to_list() == cands
    assert fast["match_probability"].to_list() == pytest.approx(slow["match_probability"].to_list())
    assert fast["explanation"].to_list() == slow["explanation"].to_list()


def test_lookup_finds_the_person_and_place_with_histories_newest_first(index):
    report = index.lookup(NEW)
    assert report.persons and report.persons[0].match_probability > 0.5
    refs = {r["incident_ref"] for r in report.person_history}
    assert refs == {"T-1", "T-4", "T-7", "T-10"}
    times = [r["received_at"] for r in report.person_history]
    assert times == sorted(times, reverse=True)
    assert {r["incident_ref"] for r in report.location_history} == refs
    assert report.prior_risk is not None and report.prior_risk["incident_ref"] == "T-10"


def test_lookups_leave_no_tables_or_views_behind(index):
    con = index._db.duckdb_con

    def count() -> int:
        views = con.sql("SELECT count(*) FROM duckdb_views() WHERE NOT internal").fetchall()
        tables = con.sql("SELECT count(*) FROM duckdb_tables()").fetchall()
        return int(views[0][0]) + int(tables[0][0])

    index.lookup(NEW)
    before = count()
    for _ in range(3):
        index.lookup(NEW)
    assert count() == before

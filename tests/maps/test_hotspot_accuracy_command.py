"""`saferplaces hotspot_accuracy` measures the methods, stores the figures, and the page shows them."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from saferplaces.analytics.geo import to_wgs84
from saferplaces.areas.models import District, Lsoa
from saferplaces.maps import queries
from saferplaces.maps.models import HotspotAccuracy

pytestmark = pytest.mark.django_db

MONTHS = [date(2025, m, 1) for m in range(1, 9)]


@pytest.fixture
def eight_months(add_records: Any) -> int:
    """Every month Jan-Aug 2025: 5 ASB in Leeds 055F, 3 in Leeds 111B, 1 in Bradford 044A."""
    rows = []
    for m in MONTHS:
        rows += [
            ("E01033002", "Anti-social behaviour", m, 5),
            ("E01033010", "Anti-social behaviour", m, 3),
            ("E01010834", "Anti-social behaviour", m, 1),
        ]
    return int(add_records(rows))


def test_the_command_stores_hit_rate_pai_and_ceiling_per_method(eight_months: int) -> None:
    call_command("hotspot_accuracy", "--source", "policeuk", "--methods", "naive,blend", "--quiet")
    row = HotspotAccuracy.objects.get()
    assert (row.source, row.category, row.district, row.grid, row.cell_m) == (
        "policeuk",
        "",
        None,
        "square",
        200,
    )
    assert row.data_label == "police.uk street records in the database"
    assert (row.first_month, row.last_month) == (date(2025, 1, 1), date(2025, 8, 1))
    assert row.test_months == ["2025-07", "2025-08"]
    assert row.points == eight_months == 72
    assert row.methods == ["naive", "blend"]
    n = row.cells_in_area
    k = round(n / 100)
    assert k == 2, n  # the ten fixture LSOAs meet 150 to 249 cells of 200 m
    naive = row.figures("naive", 1)
    assert naive is not None
    # The two busiest cells (5 + 3 of the month's 9) are the naive pick and the best possible pair.
    assert naive["hit_rate"] == pytest.approx(8 / 9)
    assert naive["ceiling_hit_rate"] == pytest.approx(8 / 9)
    assert naive["pai"] == pytest.approx(8 / 9 / (2 / n))
    assert naive["vs_baseline"] == pytest.approx(1.0)
    five = row.figures("naive", 5)
    assert five is not None and five["hit_rate"] == pytest.approx(1.0)
    assert row.figures("gistar", 1) is None


def test_the_map_shows_the_stored_accuracy_with_its_data_set_and_months(
    eight_months: int, map_people: dict[str, Any], client_for: Any
) -> None:
    call_command("hotspot_accuracy", "--source", "policeuk", "--methods", "naive,blend", "--quiet")
    html = (
        client_for(map_people["leeds_reviewer"])
        .get("/maps/?source=policeuk&month_from=2025-03&month_to=2025-08&method=naive&coverage=1")
        .content.decode()
    )
    assert '<strong id="accuracy-hit-rate">88.9%</strong>' in html
    assert '<strong id="accuracy-ceiling">88.9%</strong>' in html
    assert "Measured on police.uk street records in the database (all types)" in html
    assert "test months 2025-07, 2025-08; 6 training months" in html
    assert "Blend (long-term and recent)" in html


def test_months_without_incidents_are_refused_with_a_clear_message(add_records: Any) -> None:
    add_records([("E01033002", "Anti-social behaviour", m, 2) for m in MONTHS if m.month != 7])
    with pytest.raises(CommandError, match=r"no incidents in test month\(s\) 2025-07"):
        call_command("hotspot_accuracy", "--source", "policeuk", "--quiet")
    with pytest.raises(CommandError, match="needs at least 7"):
        call_command("hotspot_accuracy", "--source", "policeuk", "--to", "2025-06", "--quiet")
    assert not HotspotAccuracy.objects.exists()


def test_a_district_and_type_can_be_measured_on_their_own(
    eight_months: int, map_people: dict[str, Any], client_for: Any
) -> None:
    call_command(
        "hotspot_accuracy",
        "--district",
        "Leeds",
        "--type",
        "Anti-social behaviour",
        "--methods",
        "naive",
        "--quiet",
    )
    row = HotspotAccuracy.objects.get()
    assert row.district == District.objects.get(name="Leeds")
    assert row.category == "Anti-social behaviour"
    assert row.points == 64
    assert round(row.cells_in_area / 100) == 1
    naive = row.figures("naive", 1)
    assert naive is not None and naive["hit_rate"] == pytest.approx(5 / 8)
    c = client_for(map_people["leeds_reviewer"])
    query = f"source=policeuk&month_from=2025-03&month_to=2025-08&method=naive&district={row.district_id}"
    same = c.get(f"/maps/?{query}&type=Anti-social+behaviour").content.decode()
    assert '<strong id="accuracy-hit-rate">62.5%</strong>' in same
    assert "(Anti-social behaviour; Leeds)" in same and "accuracy-other-type" not in same
    other = c.get(f"/maps/?{query}&type=Burglary").content.decode()
    assert "Measured on Anti-social behaviour, not on Burglary" in other
    bradford = District.objects.get(name="Bradford").pk
    elsewhere = client_for(map_people["admin"]).get(f"/maps/?source=policeuk&district={bradford}")
    assert "Not measured yet" in elsewhere.content.decode()


def test_a_police_uk_file_can_be_measured_with_a_label(tmp_path: Path, geography: None) -> None:
    lsoa = Lsoa.objects.get(code="E01033002")
    lon, lat = to_wgs84([lsoa.centroid_easting, lsoa.centroid_easting + 600], [lsoa.centroid_northing] * 2)
    lines = ["month\tlongitude\tlatitude"]
    for m in MONTHS:
        lines += [f"{m:%Y-%m}\t{lon[0]:.5f}\t{lat[0]:.5f}"] * 3 + [f"{m:%Y-%m}\t{lon[1]:.5f}\t{lat[1]:.5f}"]
    path = tmp_path / "asb.tsv"
    path.write_text("\n".join(lines) + "\n")
    call_command(
        "hotspot_accuracy",
        "--points",
        str(path),
        "--default-category",
        "Anti-social behaviour",
        "--label",
        "police.uk ASB, test force",
        "--methods",
        "naive",
        "--quiet",
    )
    row = HotspotAccuracy.objects.get()
    assert (row.source, row.data_label, row.points) == ("policeuk", "police.uk ASB, test force", 32)
    assert row.category == "Anti-social behaviour"  # the file holds one type only
    naive = row.figures("naive", 1)
    assert naive is not None and naive["ceiling_hit_rate"] == pytest.approx(0.75)


def _stored(**fields: Any) -> HotspotAccuracy:
    base: dict[str, Any] = {
        "source": "policeuk",
        "data_label": "test",
        "first_month": date(2025, 1, 1),
        "last_month": date(2025, 8, 1),
        "points": 1,
        "cells_in_area": 1,
        "result": {"methods": {}},
    }
    return HotspotAccuracy.objects.create(**{**base, **fields})


def test_the_page_picks_the_closest_stored_evaluation(geography: None) -> None:
    leeds = District.objects.get(name="Leeds")
    bradford = District.objects.get(name="Bradford")
    force = _stored()
    asb = _stored(category="Anti-social behaviour")
    in_bradford = _stored(category="Burglary", district=bradford)
    _stored(grid="hex")
    _stored(value="harm")

    def pick(kind: str, district: District | None) -> HotspotAccuracy | None:
        return queries.accuracy_for(
            "policeuk",
            grid="square",
            cell_m=200.0,
            value="count",
            kind=kind,
            district_id=district and district.pk,
        )

    assert pick("", None) == force
    assert pick("Anti-social behaviour", leeds) == asb
    assert pick("Burglary", leeds) == force
    assert pick("Burglary", bradford) == in_bradford
    force.delete()
    assert pick("Burglary", leeds) == asb  # another type's figures, which the page labels as such
    assert pick("Drugs", bradford) == in_bradford
    assert (
        queries.accuracy_for(
            "incidents", grid="square", cell_m=200.0, value="count", kind="", district_id=None
        )
        is None
    )

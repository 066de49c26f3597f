"""Exact figures on the map for a tiny data set: LSOA rates per 1,000, harm, grid cells, hotspots."""

from __future__ import annotations

import json
import math
import re
from datetime import date
from typing import Any

import numpy as np
import pytest
import shapely

from saferplaces.analytics.geo import to_bng, to_wgs84
from saferplaces.areas.models import Lsoa
from saferplaces.maps import payload, services

pytestmark = pytest.mark.django_db

PERIOD = "source=policeuk&month_from=2025-01&month_to=2025-06"


def data(client: Any, query: str = PERIOD) -> dict[str, Any]:
    response = client.get(f"/maps/data.json?{query}")
    assert response.status_code == 200, response.content[:500]
    return dict(json.loads(response.content))


def lsoa_props(payload: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {f["properties"]["code"]: f["properties"] for f in payload["lsoas"]["features"]}


def test_lsoa_rates_per_1000_residents_and_harm_side_by_side(
    map_people: dict[str, Any], street_records: int, client_for: Any
) -> None:
    payload = data(client_for(map_people["admin"]))
    props = lsoa_props(payload)
    # 3 ASB (1 day each, the floor) + 1 burglary (244.684 CCHI days) among 2,179 residents.
    assert props["E01033002"] == {
        "code": "E01033002",
        "name": "Leeds 055F",
        "district": "Leeds",
        "population": 2179,
        "count": 4,
        "harm": 247.684,
        "rate_per_1000": 1.836,
        "harm_per_1000": 113.668,
    }
    assert (props["E01033010"]["count"], props["E01033010"]["rate_per_1000"]) == (2, 0.575)
    assert (props["E01033010"]["harm"], props["E01033010"]["harm_per_1000"]) == (2.0, 0.575)
    # 2 violence and sexual offences at 194.215 days each among 2,850 residents.
    assert (props["E01010834"]["count"], props["E01010834"]["rate_per_1000"]) == (2, 0.702)
    assert (props["E01010834"]["harm"], props["E01010834"]["harm_per_1000"]) == (388.429, 136.291)
    zero = [p for c, p in props.items() if c not in {"E01033002", "E01033010", "E01010834"}]
    assert len(zero) == 7
    assert all(p["count"] == 0 and p["rate_per_1000"] == 0.0 and p["harm"] == 0.0 for p in zero)
    assert payload["summary"]["points"] == 8
    assert payload["summary"]["harm_total"] == 638.113


def test_the_choropleth_legend_classes_are_quantiles_of_the_positive_rates(
    map_people: dict[str, Any], street_records: int, client_for: Any
) -> None:
    legend = data(client_for(map_people["admin"]))["legend"]["lsoas"]
    # Three positive rates 0.575, 0.702, 1.836: quintiles by linear interpolation (0.575 + 0.4 x 0.127
    # = 0.626, ..., 0.702 + 0.6 x 1.134 = 1.382), the darkest class at the top.
    assert [c["upto"] for c in legend["classes"]] == [0.626, 0.677, 0.929, 1.382, 1.836]
    assert legend["classes"][-1]["colour"] == services.LSOA_COLOURS[-1]
    assert legend["zero"] == services.ZERO_COLOUR
    harm = data(client_for(map_people["admin"]), PERIOD + "&measure=harm")["legend"]["lsoas"]
    assert harm["title"] == "Harm per 1,000 residents"
    assert harm["classes"][-1]["upto"] == 136.291


def test_class_breaks_ignore_zero_and_missing_values() -> None:
    assert services.class_breaks(np.array([0.0, 1, 2, 3, 4, 5, math.nan])) == [1.8, 2.6, 3.4, 4.2, 5.0]
    assert services.class_breaks(np.array([0.0, 0.0])) == []
    # Quintiles of 2, 2, 4 are 2, 2, 2.4, 3.2, 4: four distinct bounds spread over the five colours.
    few = services.legend(services.class_breaks(np.array([2.0, 2.0, 4.0])), services.CELL_COLOURS, "t", "u")
    assert few["classes"] == [
        {"upto": 2.0, "colour": services.CELL_COLOURS[0]},
        {"upto": 2.4, "colour": services.CELL_COLOURS[1]},
        {"upto": 3.2, "colour": services.CELL_COLOURS[3]},
        {"upto": 4.0, "colour": services.CELL_COLOURS[4]},
    ]


def test_the_period_and_type_filters_change_the_counts(
    map_people: dict[str, Any], street_records: int, client_for: Any
) -> None:
    c = client_for(map_people["admin"])
    june = data(c, "source=policeuk&month_from=2025-06&month_to=2025-06")
    assert june["summary"]["points"] == 5
    assert lsoa_props(june)["E01033002"]["count"] == 1
    asb = data(c, PERIOD + "&type=Anti-social+behaviour")
    assert asb["summary"]["points"] == 5
    assert lsoa_props(asb)["E01033002"]["count"] == 3
    assert asb["summary"]["harm_total"] == 5.0


def points_at(bng: list[tuple[float, float]], month: date = date(2025, 6, 1)) -> Any:
    """A points table (as the map builds it) for police.uk ASB records at BNG coordinates."""
    lon, lat = to_wgs84([e for e, _ in bng], [n for _, n in bng])
    rows = [
        (i, month, month, lon[i], lat[i], e, n, None, "Anti-social behaviour", None, "ASB", "", False)
        for i, (e, n) in enumerate(bng)
    ]
    return services.points_frame(rows, "policeuk")


def test_square_cells_count_the_points_in_each_200_metre_square() -> None:
    points = points_at([(430010, 433010), (430190, 433190), (430200, 433010), (430399.9, 433000)])
    cells = services.cell_table(points, "square")
    geojson = payload.cells_geojson(cells, "square")
    table = {(r["easting"], r["northing"]): (r["count"], r["harm"]) for r in cells.iter_rows(named=True)}
    assert table == {(430100.0, 433100.0): (2, 2.0), (430300.0, 433100.0): (2, 2.0)}
    # Drawn as WGS84 polygons whose corners go back to the 200 m square on the British National Grid.
    for feature in geojson["features"]:
        ring = np.array(feature["geometry"]["coordinates"][0])
        e, n = to_bng(ring[:, 0], ring[:, 1])
        assert sorted({round(v) for v in e}) in ([430000, 430200], [430200, 430400])
        assert sorted({round(v) for v in n}) == [433000, 433200]
        assert feature["properties"]["count"] == 2


def test_hexagonal_cells_have_the_area_of_the_square_and_hold_their_points() -> None:
    points = points_at([(430000, 433000), (430000, 433000), (431000, 433000), (431000, 433001)])
    cells = services.cell_table(points, "hex")
    geojson = payload.cells_geojson(cells, "hex")
    assert sorted(cells["count"].to_list()) == [2, 2]
    for feature in geojson["features"]:
        ring = np.array(feature["geometry"]["coordinates"][0])
        e, n = to_bng(ring[:, 0], ring[:, 1])
        hexagon = shapely.Polygon(np.column_stack([e, n]))
        assert len(ring) == 7
        # 6-decimal WGS84 (about 0.1 m) moves the area by a few square metres.
        assert hexagon.area == pytest.approx(40_000, rel=5e-4)
        inside = sum(hexagon.contains(shapely.Point(p)) for p in [(430000, 433000), (431000, 433000)])
        assert inside == 1


def test_the_grid_layer_in_the_json_counts_each_records_cell(
    map_people: dict[str, Any], street_records: int, client_for: Any
) -> None:
    cells = data(client_for(map_people["admin"]), PERIOD + "&layer=cells")
    got = sorted(f["properties"]["count"] for f in cells["features"])
    assert got == [2, 2, 4]
    busiest = Lsoa.objects.get(code="E01033002")
    top = max(cells["features"], key=lambda f: f["properties"]["count"])
    ring = np.array(top["geometry"]["coordinates"][0])
    e, n = to_bng(ring[:, 0], ring[:, 1])
    # Corners are WGS84 to 6 decimals (about 0.1 m), so they come back within 0.1 m of the grid.
    assert min(e) == pytest.approx(math.floor(busiest.centroid_easting / 200) * 200, abs=0.1)
    assert min(n) == pytest.approx(math.floor(busiest.centroid_northing / 200) * 200, abs=0.1)
    assert max(e) - min(e) == pytest.approx(200, abs=0.2)


def test_naive_hotspots_put_the_busiest_cell_first(
    map_people: dict[str, Any], street_records: int, client_for: Any
) -> None:
    payload = data(client_for(map_people["admin"]), PERIOD + "&method=naive&coverage=10")
    busiest = Lsoa.objects.get(code="E01033002")
    first = payload["hotspots"]["features"][0]["properties"]
    assert first["rank"] == 1
    assert first["count"] == 4
    assert first["harm"] == 247.684
    assert first["easting"] == math.floor(busiest.centroid_easting / 200) * 200 + 100
    assert first["northing"] == math.floor(busiest.centroid_northing / 200) * 200 + 100
    meta = payload["hotspots"]["metadata"]
    assert meta["target_month"] == "2025-07"
    assert meta["window"] == ["2025-01", "2025-06"]
    assert len(payload["hotspots"]["features"]) == meta["cells_selected"] == round(meta["cells_in_area"] / 10)
    assert "July 2025" in payload["hotspot_message"]


@pytest.mark.parametrize("method", services.METHODS)
@pytest.mark.parametrize("grid", ["square", "hex"])
def test_every_method_draws_its_hotspots(
    map_people: dict[str, Any], street_records: int, client_for: Any, method: str, grid: str
) -> None:
    payload = data(client_for(map_people["leeds_analyst"]), f"{PERIOD}&method={method}&grid={grid}")
    meta = payload["hotspots"]["metadata"]
    assert meta["method"] == method and meta["grid"] == grid
    assert len(payload["hotspots"]["features"]) == meta["cells_selected"] >= 1


def test_the_point_layer_is_capped_with_a_clear_message(
    map_people: dict[str, Any], street_records: int, client_for: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(services, "POINT_CAP", 3)
    c = client_for(map_people["admin"])
    assert data(c)["incidents"]["message"].startswith("8 records match")
    incidents = data(c, PERIOD + "&layer=incidents")
    assert (incidents["total"], incidents["shown"], incidents["cap"]) == (8, 3, 3)
    assert incidents["message"].startswith("8 records match: the map draws only the 3 most recent.")
    assert {p[3] for p in incidents["points"]} == {"2025-06"}


def test_incident_logs_show_counts_harm_and_references_but_no_addresses(
    map_people: dict[str, Any], incidents_loaded: Any, client_for: Any
) -> None:
    june = "source=incidents&month_from=2025-06&month_to=2025-06"
    payload = data(client_for(map_people["admin"]), june)
    # T-0001 and T-0003 (ASB, 1 day each) share a Leeds point; T-0002 is a crime, code 8L (10 days).
    assert payload["summary"]["points"] == 3
    assert payload["summary"]["harm_total"] == 12.0
    points = {p[2]: p for p in data(client_for(map_people["admin"]), june + "&layer=incidents")["points"]}
    assert set(points) == {"T-0001", "T-0002", "T-0003"}
    assert points["T-0001"][3:] == ["2025-06-01", "Personal, non-crime", "", 1.0]
    assert points["T-0002"][3:] == ["2025-06-02", "No ASB category, crime", "", 10.0]
    counted = {c: p["count"] for c, p in lsoa_props(payload).items() if p["count"]}
    assert sum(counted.values()) == 3
    leeds = data(client_for(map_people["leeds_reviewer"]), june + "&layer=incidents")
    assert {p[2] for p in leeds["points"]} == {"T-0001", "T-0003"}


def test_without_javascript_the_page_gives_the_figures_in_tables_and_no_inline_code(
    map_people: dict[str, Any], street_records: int, client_for: Any
) -> None:
    response = client_for(map_people["admin"]).get(f"/maps/?{PERIOD}&method=naive&coverage=10")
    html = response.content.decode()
    assert response.status_code == 200
    assert "The map needs JavaScript" in html
    row = re.search(r"<tr><td>E01033002 Leeds 055F</td>.*?</tr>", html)
    assert row is not None
    assert re.findall(r'<td class="num">([^<]*)</td>', row.group(0)) == [
        "2179",
        "4",
        "1.84",
        "247.7",
        "113.67",
    ]
    assert '<dd id="summary-count">8</dd>' in html
    assert '<dd id="summary-harm">638.1 CCHI days</dd>' in html
    assert "the naive baseline" not in html  # nothing measured yet, and the page says so
    assert "saferplaces hotspot_accuracy --source policeuk --grid square" in html
    # CSP: scripts only from files, no style attributes.
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)
    assert "style=" not in html
    assert "script-src 'self'" in response["Content-Security-Policy"]

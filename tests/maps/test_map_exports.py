"""Exports: GeoJSON and CSV of each layer as shown, named after the filters, and audited."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import pytest

from saferplaces.audit.models import AuditEvent
from saferplaces.maps import services

pytestmark = pytest.mark.django_db

PERIOD = "source=policeuk&month_from=2025-01&month_to=2025-06&method=naive&coverage=10"


def test_the_lsoa_layer_exports_as_geojson_with_its_figures_and_filters(
    map_people: dict[str, Any], street_records: int, client_for: Any
) -> None:
    response = client_for(map_people["leeds_reviewer"]).get(f"/maps/export/lsoas.geojson?{PERIOD}")
    assert response["Content-Type"] == "application/geo+json"
    assert response["Content-Disposition"] == (
        'attachment; filename="hotspot-map_lsoas_policeuk_2025-01_2025-06.geojson"'
    )
    collection = json.loads(response.content)
    assert collection["type"] == "FeatureCollection"
    assert len(collection["features"]) == 7  # Leeds only
    busiest = next(f for f in collection["features"] if f["properties"]["code"] == "E01033002")
    assert busiest["geometry"]["type"] in {"Polygon", "MultiPolygon"}
    assert (busiest["properties"]["count"], busiest["properties"]["rate_per_1000"]) == (4, 1.836)
    assert collection["metadata"]["months"] == ["2025-01", "2025-06"]
    assert collection["metadata"]["harm_unit"] == "CCHI days"


def test_the_lsoa_layer_exports_as_csv(
    map_people: dict[str, Any], street_records: int, client_for: Any
) -> None:
    response = client_for(map_people["admin"]).get(f"/maps/export/lsoas.csv?{PERIOD}")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert len(rows) == 10
    assert rows[0].keys() == {
        "code",
        "name",
        "district",
        "population",
        "count",
        "harm",
        "rate_per_1000",
        "harm_per_1000",
    }
    bradford = next(r for r in rows if r["code"] == "E01010834")
    assert bradford == {
        "code": "E01010834",
        "name": "Bradford 044A",
        "district": "Bradford",
        "population": "2850",
        "count": "2",
        "harm": "388.429",
        "rate_per_1000": "0.702",
        "harm_per_1000": "136.291",
    }


def test_hotspots_and_cells_export_what_the_map_draws(
    map_people: dict[str, Any], street_records: int, client_for: Any
) -> None:
    c = client_for(map_people["admin"])
    drawn = json.loads(c.get(f"/maps/data.json?{PERIOD}").content)
    geo = json.loads(c.get(f"/maps/export/hotspots.geojson?{PERIOD}").content)
    assert [f["properties"]["cell"] for f in geo["features"]] == [
        f["properties"]["cell"] for f in drawn["hotspots"]["features"]
    ]
    assert geo["metadata"]["method"] == "naive" and geo["metadata"]["coverage_percent"] == 10.0
    assert geo["metadata"]["hotspots"]["cells_selected"] == len(geo["features"])
    table = list(csv.DictReader(io.StringIO(c.get(f"/maps/export/hotspots.csv?{PERIOD}").content.decode())))
    assert len(table) == len(geo["features"])
    assert (table[0]["rank"], table[0]["count"], table[0]["harm"]) == ("1", "4", "247.684")
    cells = list(csv.DictReader(io.StringIO(c.get(f"/maps/export/cells.csv?{PERIOD}").content.decode())))
    assert sorted(int(r["count"]) for r in cells) == [2, 2, 4]
    assert all(float(r["easting"]) % 200 == 100 for r in cells)


def test_the_point_export_holds_the_points_shown_and_its_download_is_audited(
    map_people: dict[str, Any],
    street_records: int,
    client_for: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(services, "POINT_CAP", 5)
    response = client_for(map_people["analyst"]).get(f"/maps/export/incidents.geojson?{PERIOD}")
    collection = json.loads(response.content)
    assert len(collection["features"]) == 5
    assert collection["metadata"]["total"] == 8 and collection["metadata"]["shown"] == 5
    first = collection["features"][0]
    assert first["geometry"]["type"] == "Point"
    assert first["properties"]["place"] == "On or near Test Street"
    event = AuditEvent.objects.get(action=AuditEvent.Action.EXPORT)
    assert event.username == "analyst"
    assert event.object_type == "hotspot_map" and event.object_id == "incidents.geojson"
    assert event.detail["rows"] == 5
    assert "source=policeuk" in event.detail["filters"]


def test_incident_log_points_export_references_but_never_addresses(
    map_people: dict[str, Any], incidents_loaded: Any, client_for: Any
) -> None:
    response = client_for(map_people["admin"]).get(
        "/maps/export/incidents.csv?source=incidents&month_from=2025-06&month_to=2025-06"
    )
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert {r["ref"] for r in rows} == {"T-0001", "T-0002", "T-0003"}
    assert {r["place"] for r in rows} == {""}
    assert "Example Street" not in response.content.decode()

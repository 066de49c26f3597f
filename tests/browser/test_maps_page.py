"""In a real browser: the hotspot map draws all 1,404 West Yorkshire LSOAs, switches layers and
filters, and exports GeoJSON. Prints the time from navigation until the LSOA layer is drawn."""

from __future__ import annotations

import json
import time
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from saferplaces.analytics.geo import to_wgs84

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

REPO = Path(__file__).resolve().parents[2]
BOUNDARIES = (
    REPO
    / "data"
    / "west-yorkshire-lsoa21-boundaries"
    / "west_yorkshire_lsoa21_bgc_with_pop_and_crime_counts.geojson.gz"
)
TARGET_SECONDS = 2.0


def add_records() -> int:
    """Six months of police.uk ASB and burglary in five Leeds LSOAs, at their representative points."""
    from saferplaces.areas.models import Lsoa
    from saferplaces.policedata.models import StreetRecord

    rows = []
    lsoas = list(Lsoa.objects.filter(district__name="Leeds").order_by("code")[:5])
    for month in range(1, 7):
        for i, lsoa in enumerate(lsoas):
            lon, lat = to_wgs84([lsoa.centroid_easting], [lsoa.centroid_northing])
            for n in range(i + 1):
                rows.append(
                    StreetRecord(
                        row_key=f"b{month}-{i}-{n}",
                        month=date(2025, month, 1),
                        longitude=float(lon[0]),
                        latitude=float(lat[0]),
                        easting=lsoa.centroid_easting,
                        northing=lsoa.centroid_northing,
                        crime_type="Burglary" if n == 0 else "Anti-social behaviour",
                        district_id=lsoa.district_id,
                        lsoa=lsoa,
                    )
                )
    StreetRecord.objects.bulk_create(rows)
    return len(rows)


def test_the_map_draws_every_west_yorkshire_lsoa_switches_layers_and_filters_and_exports(
    live_server: Any, page: Any, sign_in: Any, reference_data: None, make_user: Any, settings: Any
) -> None:
    from saferplaces.areas.models import District
    from saferplaces.imports.actions import import_file
    from saferplaces.imports.models import ImportRun

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    run = import_file(ImportRun.Kind.BOUNDARIES, BOUNDARIES, level="lsoa")
    assert run.rows_loaded == 1404, run.message
    assert add_records() == 90
    make_user("analyst", "analyst", tuple(District.objects.values_list("name", flat=True)))
    sign_in("analyst")
    problems: list[str] = []
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)

    # Warm the server as a running one would be (analytics imported, the force's cells built), then
    # time a page whose figures are not cached: another period than the warm-up's.
    page.goto(f"{live_server.url}/maps/?source=policeuk&month_from=2025-02&month_to=2025-06")
    expect(page.locator("#map[data-ready=true]")).to_be_attached(timeout=60_000)
    started = time.perf_counter()
    page.goto(f"{live_server.url}/maps/?source=policeuk")
    expect(page.locator("#map[data-ready=true]")).to_be_attached(timeout=60_000)
    wall = time.perf_counter() - started
    drawn_ms = int(page.locator("#map").get_attribute("data-draw-ms"))
    page_ms, data_ms = page.evaluate(
        "[performance.getEntriesByType('navigation')[0].responseEnd,"
        " performance.getEntriesByType('resource').find(r => r.name.includes('/maps/data.json')).responseEnd]"
    )
    print(
        f"\nmap page, 1,404 West Yorkshire LSOAs: drawn {drawn_ms / 1000:.2f} s after navigation "
        f"(browser clock; {wall:.2f} s by the test's clock; target <= {TARGET_SECONDS:.0f} s); "
        f"page received at {page_ms / 1000:.2f} s, map data at {data_ms / 1000:.2f} s"
    )

    area = page.locator("#map")
    expect(area).to_have_attribute("data-lsoas", "1404")
    expect(page.locator("#map .leaflet-overlay-pane svg path")).to_have_count(1404)
    assert page.locator("#map .leaflet-tile").count() == 0
    expect(page.locator("#legend-lsoas")).to_contain_text("Rate per 1,000 residents")
    expect(page.locator("#map-status")).to_be_hidden()
    expect(page.locator("#summary-count")).to_have_text("90")

    # Layers switch on and off in the browser, without a new request.
    expect(area).to_have_attribute("data-layer-cells", "off")
    page.get_by_label("Grid cells (square, 200 m)").check()
    expect(area).to_have_attribute("data-layer-cells", "on")
    expect(area).to_have_attribute("data-cells", "5")
    page.get_by_label("LSOAs: rate per 1,000 residents").uncheck()
    expect(page.locator("#map .leaflet-overlay-pane svg path")).to_have_count(0)
    expect(page.locator("#legend-lsoas")).to_be_hidden()
    page.get_by_label("Points (90 shown)").check()
    expect(area).to_have_attribute("data-layer-incidents", "on")

    # Filters: another method, coverage, district and type, then the map is drawn again.
    page.get_by_label("Hotspot method").select_option("naive")
    page.get_by_label("Hotspot coverage").select_option("5")
    page.get_by_label("District").select_option(label="Leeds")
    page.get_by_label("Type").select_option("Burglary")
    # Hold the map data back to see the progress indicator the page shows while it loads.
    held: list[Any] = []
    page.route("**/maps/data.json*", lambda route: held.append(route))
    page.get_by_role("button", name="Show").click()
    expect(page.locator("#map-status")).to_be_visible()
    expect(page.locator("#map-status-text")).to_have_text("Loading map data…")
    expect(page.get_by_role("table").first).to_be_visible()  # the text summary is there already
    for route in held:
        route.continue_()
    page.unroute("**/maps/data.json*")
    expect(page.locator("#map[data-ready=true]")).to_be_attached(timeout=60_000)
    expect(page.locator("#map-status")).to_be_hidden()
    expect(page.locator("#hotspot-message")).to_contain_text("Naive (past counts): the")
    expect(page.locator("#summary-count")).to_have_text("30")
    leeds_lsoas = int(area.get_attribute("data-lsoas"))
    assert 400 < leeds_lsoas < 1404
    hotspots = int(area.get_attribute("data-hotspots"))
    assert hotspots > 5

    # Export the hotspot layer as GeoJSON: what is drawn is what is downloaded.
    with page.expect_download() as download:
        page.locator('#layers a[href*="/export/hotspots.geojson"]').click()
    exported = json.loads(Path(download.value.path()).read_text())
    assert download.value.suggested_filename.startswith("hotspot-map_hotspots_policeuk_")
    assert len(exported["features"]) == hotspots
    assert exported["metadata"]["method"] == "naive" and exported["metadata"]["type"] == "Burglary"
    assert exported["features"][0]["properties"]["rank"] == 1
    assert problems == []

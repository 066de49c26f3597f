"""In a real browser: a reviewer finds and opens an incident; another district's reviewer cannot."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_reviewer_searches_opens_an_incident_and_sees_it_on_the_map(
    live_server: Any, sign_in: Any, personas: dict[str, Any], incidents_loaded: Any
) -> None:
    page = sign_in("leeds.reviewer")
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.get_by_role("link", name="Incidents", exact=True).click()
    expect(page.locator("#result-count")).to_have_text("3 incidents")
    page.get_by_label("Search").fill("kicking")
    page.get_by_role("button", name="Search").click()
    expect(page.locator("#result-count")).to_have_text("1 incident")
    page.get_by_role("link", name="T-0001").click()
    expect(page.get_by_role("heading", name="Incident T-0001")).to_be_visible()
    expect(page.get_by_text("RP states youths kicking her door")).to_be_visible()
    expect(page.get_by_role("cell", name="Jane Testperson")).to_be_visible()
    # The map is drawn from LSOA boundaries: one SVG path per LSOA nearby, and the incident marker.
    expect(page.locator("#map[data-ready=true]")).to_be_attached()
    assert page.locator("#map .leaflet-overlay-pane path").count() >= 7
    assert page.locator("#map .leaflet-tile").count() == 0
    assert errors == []


def test_a_reviewer_from_another_district_cannot_see_it(
    live_server: Any, sign_in: Any, personas: dict[str, Any], incidents_loaded: Any
) -> None:
    page = sign_in("bradford.reviewer")
    page.goto(f"{live_server.url}/incidents/")
    expect(page.locator("#result-count")).to_have_text("1 incident")
    expect(page.get_by_role("link", name="T-0001")).to_have_count(0)
    response = page.goto(f"{live_server.url}/incidents/T-0001/")
    assert response is not None and response.status == 403
    expect(page.get_by_role("heading", name="You do not have access to this page")).to_be_visible()
    expect(page.get_by_text("Jane Testperson")).to_have_count(0)


def test_an_administrator_imports_a_file_and_reads_the_reject_report(
    live_server: Any, sign_in: Any, personas: dict[str, Any], fixtures_dir: Path
) -> None:
    page = sign_in("admin")
    page.get_by_role("link", name="Imports").click()
    page.get_by_label("What the file holds").select_option("incidents")
    page.get_by_label("File", exact=True).set_input_files(str(fixtures_dir / "incidents_small.csv"))
    page.get_by_role("button", name="Start import").click()
    expect(page.locator("#import-status")).to_have_text("Finished")
    expect(page.locator("#rows-loaded")).to_have_text("5")
    expect(page.locator("#rows-rejected")).to_have_text("7")
    expect(page.locator("table.rejects tbody tr")).to_have_count(7)
    expect(page.get_by_role("cell", name="incident_ref 'T-0001' already appears on line 2")).to_be_visible()

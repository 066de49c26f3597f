"""In a real browser: a passenger reports feeling unsafe on a bus, anonymously, and gets a reference.

Every public page is checked with axe-core (WCAG 2.2 A/AA rules): no serious or critical violations.
"""

from __future__ import annotations

from typing import Any

import pytest
from accessibility import serious_accessibility_problems
from playwright.sync_api import Page, expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict[str, Any]) -> dict[str, Any]:
    """axe-core is injected as an inline script, which the pages' CSP refuses: let the test's own
    context bypass it. ``test_the_map_runs_under_the_content_security_policy`` keeps the CSP on."""
    return {**browser_context_args, "bypass_csp": True}


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def bus_lists(geography: None) -> None:
    from saferplaces.bussafety.defaults import ensure_defaults

    ensure_defaults()


def test_a_passenger_reports_anonymously_marks_the_map_and_sees_the_reference(
    live_server: Any, page: Page, bus_lists: None
) -> None:
    problems: dict[str, list[str]] = {}
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    # Every asset and map request must succeed (the browser's own favicon probe aside).
    page.on(
        "response",
        lambda r: (
            errors.append(f"{r.status} {r.url}") if r.status >= 400 and "favicon" not in r.url else None
        ),
    )

    def check(name: str) -> None:
        problems[name] = serious_accessibility_problems(page)

    page.goto(f"{live_server.url}/bus-safety/")
    check("start")
    page.get_by_role("button", name="Start now").click()

    # Continue without answering: the error summary links to the question.
    page.get_by_role("button", name="Continue").click()
    expect(page).to_have_title(
        "Error: Which bus route was it? – Report feeling unsafe on a bus – West Yorkshire Police"
    )
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    check("route with an error")
    summary.get_by_role("link", name="Choose the bus route").click()
    expect(page.get_by_label("Which bus route was it?")).to_be_focused()
    page.get_by_label("Which bus route was it?").select_option(label="72: Leeds – Bradford (First)")
    page.get_by_role("button", name="Continue").click()

    page.get_by_label("Where did it happen?").fill("Vicar Lane stop")
    expect(page.locator("#place-map[data-ready=true]")).to_be_attached(timeout=20_000)
    assert page.locator("#place-map .leaflet-tile").count() == 0
    check("where, with the map")
    page.get_by_role("button", name="Mark the place under the cross").click()
    expect(page.locator("#place-map-status")).to_have_text("Place marked on the map.")
    assert page.locator("#id_latitude").input_value() != ""
    page.get_by_role("button", name="Continue").click()

    page.get_by_label("Day").fill("3")
    page.get_by_label("Month").fill("2")
    page.get_by_label("Year").fill("2025")
    page.get_by_label("What time? (optional)").fill("9:40pm")
    check("when")
    page.get_by_role("button", name="Continue").click()

    page.get_by_label("Harassment").check()
    page.get_by_label("Drug use").check()
    page.get_by_label("Tell us more (optional)").fill("A group shouting at a woman on the top deck.")
    check("what")
    page.get_by_role("button", name="Continue").click()

    page.get_by_label("No, I want to stay anonymous").check()
    check("reply")
    page.get_by_role("button", name="Continue").click()

    expect(page.get_by_role("heading", name="Check your answers before sending your report")).to_be_visible()
    expect(page.get_by_text("Vicar Lane stop (point marked on the map)")).to_be_visible()
    expect(page.get_by_text("3 February 2025 at 21:40")).to_be_visible()
    check("check your answers")
    page.get_by_role("button", name="Send report").click()

    expect(page.get_by_role("heading", name="Report sent")).to_be_visible()
    reference = page.locator("#reference").inner_text()
    assert reference.startswith("BUS-") and reference not in page.url
    check("confirmation")

    from saferplaces.bussafety.models import BusReport

    report = BusReport.objects.get(reference=reference)
    assert report.wants_reply is False and report.contact_email == "" and report.latitude is not None
    assert {k: v for k, v in problems.items() if v} == {}
    assert errors == []


def test_the_form_works_without_javascript(live_server: Any, browser: Any, bus_lists: None) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}/bus-safety/report/route/")
    page.get_by_label("If the route is not in the list").fill("The one to Otley")
    page.get_by_role("button", name="Continue").click()
    expect(page.locator("#place-map-block")).to_be_hidden()
    page.get_by_label("Where did it happen?").fill("Otley Road")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="When did it happen?")).to_be_visible()
    context.close()


def test_the_map_runs_under_the_content_security_policy(
    live_server: Any, browser: Any, bus_lists: None
) -> None:
    context = browser.new_context()  # the CSP applies here, unlike in the axe-checked journey
    page = context.new_page()
    blocked: list[str] = []
    page.on("console", lambda m: blocked.append(m.text) if "Content Security Policy" in m.text else None)
    page.goto(f"{live_server.url}/bus-safety/report/route/")
    page.get_by_label("If the route is not in the list").fill("The one to Otley")
    page.get_by_role("button", name="Continue").click()
    expect(page.locator("#place-map[data-ready=true]")).to_be_attached(timeout=20_000)
    page.locator("#place-map").click()
    expect(page.locator("#place-map-status")).to_have_text("Place marked on the map.")
    assert blocked == []
    context.close()

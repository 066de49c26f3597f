"""In a real browser: the Safer Travel team finds a passenger's report in the queue and replies."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def reports(geography: None) -> dict[str, Any]:
    from django.utils import timezone

    from saferplaces.bussafety.defaults import ensure_defaults
    from saferplaces.bussafety.models import BusReport, BusRoute, ConcernType

    ensure_defaults()
    route = BusRoute.objects.get(code="72")
    wanted = BusReport.objects.create(
        reference="BUS-7K3M-Q9TX",
        received_at=timezone.now(),
        route=route,
        place="Vicar Lane stop",
        latitude=53.80042,
        longitude=-1.55205,
        occurred_on=date(2025, 3, 3),
        wants_reply=True,
        contact_email="sam@example.org",
        description="Men shouting at a woman.",
    )
    wanted.concerns.set(ConcernType.objects.filter(code__in=["harassment"]))
    other = BusReport.objects.create(
        reference="BUS-2BCD-4FGH",
        received_at=timezone.now(),
        route=None,
        route_text="X84",
        place="Otley Road",
        occurred_on=date(2025, 3, 9),
    )
    other.concerns.set(ConcernType.objects.filter(code__in=["smoking"]))
    return {"wanted": wanted, "other": other}


def test_an_officer_filters_the_queue_opens_the_report_and_records_a_reply(
    live_server: Any, sign_in: Any, make_user: Any, reports: dict[str, Any]
) -> None:
    make_user("travel.officer", "npt_officer", ("Leeds",))
    page = sign_in("travel.officer")
    page.goto(f"{live_server.url}/bus-safety/staff/")
    expect(page.locator("#result-count")).to_have_text("2 reports")
    page.get_by_label("Type").select_option(label="Harassment")
    page.get_by_role("button", name="Filter").click()
    expect(page.locator("#result-count")).to_have_text("1 report")
    page.get_by_role("link", name="BUS-7K3M-Q9TX").click()
    expect(page.get_by_role("heading", name="Bus safety report BUS-7K3M-Q9TX")).to_be_visible()
    expect(page.locator("#contact")).to_contain_text("sam@example.org")
    page.get_by_label("How you replied").select_option(label="Email")
    page.get_by_label("Reply", exact=True).fill("Thank you: we are patrolling route 72 on Friday evenings.")
    page.get_by_role("button", name="Record reply").click()
    expect(page.get_by_text("Reply recorded. This system does not send it")).to_be_visible()
    expect(page.locator(".reply")).to_contain_text("we are patrolling route 72 on Friday evenings")
    expect(page.locator("#status")).to_have_text("In progress")

    page.get_by_role("link", name="Map").click()
    expect(page.locator("#reports-map[data-ready=true]")).to_be_attached(timeout=20_000)
    expect(page.locator("#map-count")).to_have_text("1 report on the map.")
    assert page.locator("#reports-map .leaflet-tile").count() == 0


def test_an_analyst_sees_the_report_without_contact_details(
    live_server: Any, sign_in: Any, make_user: Any, reports: dict[str, Any]
) -> None:
    make_user("travel.analyst", "analyst", ("Leeds",))
    page = sign_in("travel.analyst")
    page.goto(f"{live_server.url}/bus-safety/staff/BUS-7K3M-Q9TX/")
    expect(page.locator("#contact")).to_have_text("Hidden from your role")
    expect(page.get_by_text("sam@example.org")).to_have_count(0)
    expect(page.get_by_role("button", name="Record reply")).to_have_count(0)
    page.get_by_role("link", name="Monthly summary").click()
    page.get_by_label("Month").fill("2025-03")
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_role("heading", name="Bus safety reports: March 2025")).to_be_visible()
    expect(page.locator("#summary-table tfoot td").first).to_have_text("2")

"""In a real browser: a victim follows their crime; the officer's team answers from the queue."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

REFERENCE = "13/246802/25"  # as made by make_tracked_crime (tests/browser/conftest.py)
CODE = "7KQ2-M9XD-4TRW"


@pytest.fixture
def tracked(make_tracked_crime: Any) -> Any:
    return make_tracked_crime()


def victim_sign_in(page: Page, base: str, code: str = CODE) -> None:
    page.goto(f"{base}/track/")
    page.get_by_label("Crime reference").fill(REFERENCE)
    page.get_by_label("Access code").fill(code)
    page.get_by_role("button", name="Sign in").click()


def test_a_victim_reads_the_status_sends_a_message_adds_property_and_signs_out(
    live_server: Any, page: Page, tracked: Any
) -> None:
    addresses: list[str] = []
    problems: list[str] = []
    page.on("request", lambda r: addresses.append(r.url))
    page.on("pageerror", lambda e: problems.append(str(e)))
    # The browser's own favicon request is the one 404 to expect (the shared base names no icon).
    page.on(
        "console",
        lambda m: (
            problems.append(m.text)
            if m.type == "error" and not m.location.get("url", "").endswith("/favicon.ico")
            else None
        ),
    )

    victim_sign_in(page, live_server.url)
    expect(page.get_by_role("heading", name="Your crime")).to_be_visible()
    expect(page.locator("#crime-status")).to_have_text("Crime recorded")
    expect(page.locator("#officer-name")).to_have_text("Sam Okafor")
    expect(page.locator("#officer-collar")).to_have_text("4521")
    expect(page.locator("#officer-team")).to_have_text("Leeds North East NPT")

    page.get_by_role("link", name="Messages").click()
    page.get_by_role("button", name="Send a message").click()
    page.get_by_role("button", name="Send message").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()  # GOV.UK Frontend moves focus to the summary
    summary.get_by_role("link", name="Enter your message").click()
    expect(page.get_by_label("Send a message to the officer’s team")).to_be_focused()
    page.get_by_label("Send a message to the officer’s team").fill(
        "The same car was parked outside again tonight."
    )
    page.get_by_role("button", name="Send message").click()
    expect(page.get_by_text("Your message has been sent")).to_be_visible()
    expect(page.locator("#conversation")).to_contain_text("The same car was parked outside again tonight.")

    page.get_by_role("link", name="Lost or damaged property").click()
    page.get_by_role("button", name="Add an item").click()
    page.get_by_label("What is the item?").fill("Bicycle")
    page.get_by_label("Value in pounds (optional)").fill("320")
    page.get_by_label("Serial number or IMEI (optional)").fill("WTU123456")
    page.get_by_role("button", name="Add property").click()
    expect(page.get_by_text("The property has been added")).to_be_visible()
    expect(page.locator("#property-items")).to_contain_text("£320.00")

    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", name="You have signed out")).to_be_visible()
    page.goto(f"{live_server.url}/track/your-crime/")
    expect(page.get_by_role("heading", name="Sign in to track your crime")).to_be_visible()

    assert not [a for a in addresses if "246802" in a or "Pat" in a or "7KQ2" in a]
    assert problems == []  # no script errors and no Content-Security-Policy refusals


def test_the_team_sees_the_message_in_the_queue_and_replies(
    live_server: Any, page: Page, new_context: Any, sign_in: Any, tracked: Any
) -> None:
    from saferplaces.tracker import actions

    actions.do_send_victim_message(tracked, "Has anyone looked at the doorbell video?")
    staff = sign_in("sam.okafor")
    staff.goto(f"{live_server.url}/track/staff/messages/")
    expect(staff.locator("#queue-count")).to_have_text("1 message waiting for a reply, 0 overdue")
    staff.get_by_role("link", name=REFERENCE).click()
    expect(staff.get_by_role("heading", name=f"Tracked crime {REFERENCE}")).to_be_visible()
    expect(staff.locator("#conversation")).to_contain_text("Has anyone looked at the doorbell video?")
    staff.get_by_role("button", name="Send reply").click()
    expect(staff.locator(".error-summary")).to_contain_text("Reply to the victim: This field is required.")
    staff.get_by_label("Reply to the victim").fill("Yes: it shows the car's number plate. We will call you.")
    staff.get_by_role("button", name="Send reply").click()
    expect(staff.get_by_text("Reply sent: the victim will see it on their tracker")).to_be_visible()
    staff.get_by_role("link", name="Message queue").click()
    expect(staff.locator("#queue-count")).to_have_text("0 messages waiting for a reply, 0 overdue")

    victim = new_context().new_page()
    victim_sign_in(victim, live_server.url)
    victim.get_by_role("link", name="Messages").click()
    expect(victim.locator("#conversation")).to_contain_text("Yes: it shows the car's number plate.")
    expect(victim.locator("#conversation")).to_contain_text("Leeds North East NPT (collar number 4521) wrote")


def test_a_wrong_code_is_reported_in_the_error_summary_without_saying_which_part(
    live_server: Any, page: Page, tracked: Any
) -> None:
    victim_sign_in(page, live_server.url, code="AAAA-BBBB-CCCC")
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("The crime reference or access code is not right.")
    expect(page).to_have_title(
        "Error: Sign in to track your crime – Local Crime Tracker – West Yorkshire Police"
    )
    expect(page.get_by_label("Crime reference")).to_have_value("")
    summary.get_by_role("link").click()
    expect(page.get_by_label("Crime reference")).to_be_focused()

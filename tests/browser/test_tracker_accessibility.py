"""axe-core (from npm) on every public page of the Local Crime Tracker: no serious or critical
violations of WCAG 2.2 A/AA, in each state a victim can meet (empty, with errors, with content)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from accessibility import serious_accessibility_problems
from django.test import RequestFactory
from playwright.sync_api import Page, expect

# The pages' Content-Security-Policy forbids inline scripts, which is how Playwright injects axe.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.browser_context_args(bypass_csp=True),
]

REFERENCE = "13/246802/25"  # as made by make_tracked_crime (tests/browser/conftest.py)
CODE = "7KQ2-M9XD-4TRW"


@pytest.fixture
def tracked(make_tracked_crime: Any) -> Any:
    """A crime with some history, an update given, one due, a conversation and property."""
    from saferplaces.tracker import actions

    crime = make_tracked_crime(enhanced_reason="vulnerable")
    officer = crime.officer
    actions.do_change_status(crime, "investigating", "CCTV has been requested.", by=officer)
    actions.do_record_code_event(crime, "arrest", date(2025, 3, 3), "A man was arrested.", by=officer)
    actions.do_record_code_event(crime, "interview", date(2025, 3, 4), by=officer)
    actions.do_send_victim_message(crime, "Is there any news?")
    actions.do_reply(crime, "Yes: see the update above.", by=officer)
    actions.do_add_property(crime, "Bicycle", "Red", None, "WTU1")
    return crime


def test_no_public_tracker_page_has_serious_accessibility_problems(
    live_server: Any, page: Page, tracked: Any
) -> None:
    base = live_server.url
    found: list[str] = []
    checked: list[str] = []

    def check(heading: str) -> None:
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        found.extend(serious_accessibility_problems(page))
        checked.append(heading)

    page.goto(f"{base}/track/")
    check("Sign in to track your crime")
    page.get_by_role("button", name="Sign in").click()  # both fields empty
    check("Sign in to track your crime")
    page.get_by_label("Crime reference").fill(REFERENCE)
    page.get_by_label("Access code").fill("AAAA-BBBB-CCCC")
    page.get_by_role("button", name="Sign in").click()
    check("Sign in to track your crime")
    page.get_by_label("Crime reference").fill(REFERENCE)
    page.get_by_label("Access code").fill(CODE)
    page.get_by_role("button", name="Sign in").click()
    check("Your crime")
    page.get_by_role("link", name="Messages").click()
    check("Messages")
    page.get_by_role("button", name="Send a message").click()
    check("Send a message to the officer’s team")
    page.get_by_role("button", name="Send message").click()
    check("Send a message to the officer’s team")
    page.get_by_role("link", name="Lost or damaged property").click()
    check("Lost or damaged property")
    page.get_by_role("button", name="Add an item").click()
    check("Add lost or damaged property")
    page.get_by_label("Value in pounds (optional)").fill("lots")
    page.get_by_role("button", name="Add property").click()
    check("Add lost or damaged property")
    page.get_by_role("button", name="Sign out").click()
    check("You have signed out")
    page.goto(f"{base}/track/session-ended/")
    check("You have been signed out")

    # Use up this address's sign-in attempts, then meet the refusal page.
    from saferplaces.public.ratelimit import hit
    from saferplaces.tracker.views import SIGN_IN_LIMIT, SIGN_IN_WINDOW

    request = RequestFactory().post("/track/", REMOTE_ADDR="127.0.0.1")
    for _ in range(SIGN_IN_LIMIT):
        hit(request, "tracker-sign-in", SIGN_IN_LIMIT, SIGN_IN_WINDOW)
    page.goto(f"{base}/track/")
    page.get_by_label("Crime reference").fill(REFERENCE)
    page.get_by_label("Access code").fill(CODE)
    page.get_by_role("button", name="Sign in").click()
    check("Too many attempts")

    assert len(checked) == 13
    assert found == []

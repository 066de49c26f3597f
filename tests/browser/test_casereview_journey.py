"""In a real browser: a victim applies for an ASB Case Review, meets errors, gets the acknowledgement;
later appeals to the PCC; anyone reads the yearly figures. axe-core checks every public page."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from accessibility import serious_accessibility_problems
from django.utils import timezone
from playwright.sync_api import Page, expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SERVICE = "Apply for an ASB Case Review – West Yorkshire Police"


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict[str, Any]) -> dict[str, Any]:
    """axe-core goes in as an inline script, which the pages' CSP refuses: the test context bypasses it."""
    return {**browser_context_args, "bypass_csp": True}


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def fill_date(page: Page, legend: str, day: int, month: int, year: int) -> None:
    group = page.get_by_role("group", name=legend)
    group.get_by_label("Day").fill(str(day))
    group.get_by_label("Month").fill(str(month))
    group.get_by_label("Year").fill(str(year))


def test_a_victim_applies_on_someones_behalf_and_gets_the_acknowledgement(
    live_server: Any, page: Page, geography: None
) -> None:
    problems: dict[str, list[str]] = {}

    def check(name: str) -> None:
        problems[name] = serious_accessibility_problems(page)

    today = timezone.localdate()
    page.goto(f"{live_server.url}/asb-case-review/")
    check("start")
    page.get_by_role("button", name="Start now").click()

    page.get_by_role("button", name="Continue").click()
    expect(page).to_have_title(f"Error: Who is applying? – {SERVICE}")
    check("who, with an error")
    page.get_by_label("I am applying on behalf of the victim").check()
    page.get_by_role("button", name="Continue").click()

    expect(page.get_by_role("heading", name="About the victim")).to_be_visible()
    page.get_by_label("The victim's full name").fill("Alex Example")
    page.get_by_role("button", name="Continue").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary.get_by_role("link")).to_have_text(
        ["Enter how you know the victim", "Confirm that the victim has agreed to you applying for them"]
    )
    check("victim, with errors")
    page.get_by_label("How do you know them?").fill("Their daughter")
    page.get_by_label("They have agreed to me applying for them").check()
    page.get_by_role("button", name="Continue").click()

    page.get_by_label("Your full name").fill("Pat Example")
    page.get_by_label("Email address (optional if you give a phone number)").fill("pat@example.org")
    check("contact")
    page.get_by_role("button", name="Continue").click()

    page.get_by_label("Address where the anti-social behaviour is happening").fill("1 Test Street")
    page.get_by_label("Postcode").fill("ls1 1ur")
    page.get_by_label("Which council area is this in?").select_option(label="Leeds")
    check("where")
    page.get_by_role("button", name="Continue").click()

    page.get_by_label("What has been happening?").fill("Loud music and shouting every night.")
    page.get_by_label("How is it affecting you or the victim?").fill("No sleep for months.")
    page.get_by_label("No", exact=True).check()
    check("behaviour")
    page.get_by_role("button", name="Continue").click()

    # First complaint, with a mistake in the date.
    expect(page.get_by_role("heading", name="Complaint 1")).to_be_visible()
    fill_date(page, "When did the behaviour you complained about happen?", today.day, today.month, today.year)
    page.get_by_role("group", name="When did you make the complaint?").get_by_label("Day").fill(
        str(today.day)
    )
    page.get_by_label("The police").check()
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".govuk-error-summary").get_by_role("link")).to_have_text(
        ["The date you complained must include a month"]
    )
    check("complaint, with an error")
    page.locator(".govuk-error-summary").get_by_role("link").click()
    expect(page.locator("#id_made_on_month")).to_be_focused()
    fill_date(page, "When did you make the complaint?", today.day, today.month, today.year)
    page.get_by_role("button", name="Continue").click()

    expect(page.get_by_role("heading", name="You have added 1 complaint")).to_be_visible()
    check("complaints so far")
    page.get_by_label("Yes").check()
    page.get_by_role("button", name="Continue").click()
    fill_date(page, "When did the behaviour you complained about happen?", today.day, today.month, today.year)
    fill_date(page, "When did you make the complaint?", today.day, today.month, today.year)
    page.get_by_label("The council").check()
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("No").check()
    page.get_by_role("button", name="Continue").click()

    expect(
        page.get_by_role("heading", name="Check your answers before sending your application")
    ).to_be_visible()
    expect(
        page.get_by_text("I am applying on behalf of the victim (Alex Example, Their daughter)")
    ).to_be_visible()
    check("check your answers")
    page.get_by_label("I confirm that the information I have given is true").check()
    page.get_by_role("button", name="Send application").click()

    expect(page.get_by_role("heading", name="Application sent")).to_be_visible()
    reference = page.locator("#reference").inner_text()
    assert reference.startswith("ACR-") and reference not in page.url
    expect(page.get_by_text("We will write to you to acknowledge your application by")).to_be_visible()
    check("acknowledgement")

    from saferplaces.casereviews.models import Application

    app = Application.objects.get(reference=reference)
    assert (app.victim_name, app.victim_consent, app.complaints.count()) == ("Alex Example", True, 2)
    assert {k: v for k, v in problems.items() if v} == {}


@pytest.fixture
def refused_application(geography: None, make_user: Any) -> Any:
    from datetime import datetime, time

    from saferplaces.areas.models import District
    from saferplaces.casereviews import actions
    from saferplaces.casereviews.models import Application, Complaint

    today = timezone.localdate()
    app = Application.objects.create(
        reference="ACR-7K3M-Q9TX",
        received_at=timezone.make_aware(datetime.combine(today, time(9))),
        received_on=today,
        district=District.objects.get(name="Leeds"),
        applicant_type="victim",
        applicant_name="Pat Example",
        applicant_key="k",
        address="1 Test Street",
        postcode="LS1 1UR",
        behaviour="Music",
        effect="No sleep",
        hate_motivated="no",
    )
    Complaint.objects.create(application=app, position=1, made_on=today, behaviour_on=today, made_to="police")
    reviewer = make_user("leeds.reviewer", "reviewer", ("Leeds",))
    return actions.record_threshold(app, reviewer, met=False, reason="Only one complaint.")


def test_an_applicant_appeals_on_an_allowed_ground_and_the_figures_are_public(
    live_server: Any, page: Page, refused_application: Any
) -> None:
    problems: dict[str, list[str]] = {}
    page.goto(f"{live_server.url}/asb-case-review/appeal/")
    problems["appeal"] = serious_accessibility_problems(page)
    page.get_by_label("Application reference number").fill("acr-7k3m-q9tx")
    page.get_by_label("Postcode of the address in the application").fill("LS1 1UR")
    page.get_by_label("I am unhappy with the outcome of the review").check()
    page.get_by_label("Tell us what went wrong").fill("The review did not read my noise diary.")
    page.get_by_role("button", name="Send appeal").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Being unhappy with the outcome alone is not a ground for appeal"
    )
    problems["appeal, with an error"] = serious_accessibility_problems(page)
    page.get_by_label("I am unhappy with the outcome of the review").uncheck()
    page.get_by_label("Relevant policy or evidence was ignored").check()
    page.get_by_role("button", name="Send appeal").click()
    expect(page.get_by_role("heading", name="Appeal sent")).to_be_visible()
    expect(page.locator("#reference")).to_have_text("ACR-7K3M-Q9TX")
    problems["appeal sent"] = serious_accessibility_problems(page)

    page.goto(f"{live_server.url}/asb-case-review/figures/")
    row = page.locator("tbody tr").first
    expect(row.locator("td")).to_have_text(["1", "1", "0", "0", "1", "0"])
    problems["figures"] = serious_accessibility_problems(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Download these figures as a CSV file").click()
    assert Path(download.value.path()).read_text().startswith("year,applications,threshold_not_met")
    assert {k: v for k, v in problems.items() if v} == {}

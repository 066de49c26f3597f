"""In a real browser: the review team records the threshold, the meeting and recommendations and
prints the outcome letter; the PCC's team decides an appeal with its own recommendation."""

from __future__ import annotations

from datetime import datetime, time
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def application(geography: None) -> Any:
    from saferplaces.areas.models import District
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
        behaviour="Music every night",
        effect="No sleep",
        hate_motivated="no",
    )
    for n in range(1, 4):
        Complaint.objects.create(
            application=app, position=n, made_on=today, behaviour_on=today, made_to="police"
        )
    return app


def test_a_reviewer_records_the_threshold_meeting_recommendation_and_outcome(
    live_server: Any, sign_in: Any, make_user: Any, application: Any
) -> None:
    make_user("leeds.reviewer", "reviewer", ("Leeds",))
    make_user("council.officer", "partner", ("Leeds",), organisation="Leeds City Council")
    page = sign_in("leeds.reviewer")
    page.goto(f"{live_server.url}/asb-case-review/staff/")
    expect(page.locator("#result-count")).to_have_text("1 application")
    page.get_by_role("link", name="ACR-7K3M-Q9TX").click()
    expect(page.locator("#threshold-check")).to_contain_text("Threshold met: 3 qualifying complaints.")

    page.get_by_role("button", name="Record acknowledgement").click()
    expect(page.get_by_text("Acknowledgement recorded.")).to_be_visible()
    form = page.locator("#threshold-form")
    form.get_by_label("Met", exact=True).check()
    form.get_by_label("Rule it is met on").fill("3 qualifying complaints")
    form.get_by_label("Reason").fill("Three complaints to the police within the month of each incident.")
    form.get_by_role("button", name="Record decision").click()
    expect(page.locator("#status")).to_have_text("Threshold met: under review")

    meeting = page.locator("#meeting-form")
    meeting.get_by_label("Date held").fill(f"{timezone.localdate():%Y-%m-%d}")
    meeting.get_by_label("Organisations that took part").fill("Police, Leeds City Council, Leeds Housing")
    meeting.get_by_label("What the review found").fill("Noise nuisance continuing; no joint plan in place.")
    meeting.get_by_role("button", name="Record meeting").click()
    expect(page.get_by_text("Review meeting recorded.")).to_be_visible()

    rec = page.locator("#recommendation-form")
    rec.get_by_label("Recommendation").fill("Serve a Community Protection Warning")
    rec.get_by_label("Owner organisation").select_option(label="Leeds City Council")
    rec.get_by_label("Due by").fill("2030-01-31")
    rec.get_by_role("button", name="Add recommendation").click()
    expect(page.locator("table.recommendations")).to_contain_text("Serve a Community Protection Warning")

    close = page.locator("#close-form")
    close.get_by_label("Outcome for the letter").fill("The agencies will act together on the noise.")
    close.get_by_role("button", name="Close and prepare the letter").click()
    expect(page.locator("#status")).to_have_text("Closed with an outcome")
    page.get_by_role("link", name="Outcome letter (printable)").click()
    expect(page.locator("#letter-decision")).to_have_text("The agencies will act together on the noise.")
    expect(page.locator(".letter")).to_contain_text(
        "Serve a Community Protection Warning (Leeds City Council, by 31 January 2030)"
    )


def test_the_pcc_decides_an_appeal_with_its_own_recommendation(
    live_server: Any, sign_in: Any, make_user: Any, application: Any
) -> None:
    from saferplaces.accounts.models import Organisation
    from saferplaces.casereviews import actions

    reviewer = make_user("leeds.reviewer", "reviewer", ("Leeds",))
    Organisation.objects.create(name="Leeds City Council", kind="local_authority")
    actions.record_threshold(application, reviewer, met=False, reason="Complaints not in time.")
    actions.lodge_appeal(
        application, ground_threshold=True, ground_evidence=False, explanation="They were in time."
    )
    make_user("pcc.officer", "pcc")
    page = sign_in("pcc.officer")
    page.goto(f"{live_server.url}/asb-case-review/appeals/")
    page.get_by_role("link", name="ACR-7K3M-Q9TX").click()
    expect(page.get_by_text("They were in time.")).to_be_visible()
    form = page.locator("#appeal-decision-form")
    form.get_by_label("Upheld", exact=True).check()
    form.get_by_label("The PCC's review of the case").fill("All three complaints were made within a month.")
    form.get_by_label("Reason for the decision").fill("The threshold was wrongly refused.")
    form.get_by_role("button", name="Record decision").click()
    expect(page.locator("#appeal-status")).to_have_text("Upheld")
    rec = page.locator("#appeal-recommendation-form")
    rec.get_by_label("Recommendation").fill("Hold the case review within 10 working days")
    rec.get_by_label("Owner organisation").select_option(label="Leeds City Council")
    rec.get_by_label("Due by").fill("2030-02-14")
    rec.get_by_role("button", name="Add recommendation").click()
    expect(page.locator("table.recommendations").first).to_contain_text(
        "Hold the case review within 10 working days"
    )

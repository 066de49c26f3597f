"""In a real browser: the ASB review workflow from the queue to the neighbourhood team and supervisors."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from accessibility import serious_accessibility_problems
from django.utils import timezone
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def queue_item(personas: dict[str, Any], incidents_loaded: Any, make_user: Any) -> dict[str, Any]:
    """T-0001 (Leeds) in the review as a high-risk repeat victim, and the Leeds NPT officer and sergeant."""
    from saferplaces.incidents.models import Incident
    from saferplaces.review.models import ReviewItem

    incident = Incident.objects.get(reference="T-0001")
    item = ReviewItem.objects.create(
        incident=incident,
        district=incident.district,
        received_at=incident.received_at,
        risk="high",
        risk_rank=0,
        repeat_victim=True,
        reasons=["Repeat victim: 3 in 365 days"],
        signals={"repeat_victim": True},
    )
    return {
        "item": item,
        "officer": make_user("leeds.officer", "npt_officer", ("Leeds",)),
        "supervisor": make_user("leeds.sergeant", "supervisor", ("Leeds",)),
    }


def test_a_reviewer_works_an_item_from_the_queue_to_tasking(
    live_server: Any, sign_in: Any, queue_item: dict[str, Any]
) -> None:
    page = sign_in("leeds.reviewer")
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(f"{live_server.url}/review/")
    row = page.locator("#queue tr[data-reference=T-0001]")
    expect(row).to_contain_text("Repeat victim: 3 in 365 days")
    row.get_by_role("button", name="Claim T-0001").click()
    expect(page.get_by_role("heading", name="Review of incident T-0001")).to_be_visible()
    expect(page.locator("#map[data-ready=true]")).to_be_attached()
    risk = page.locator("#risk-form")
    for question in ("Has this happened to you before?", "Is it affecting you or your family"):
        risk.get_by_role("group", name=question).get_by_label("Yes").check()
    for fieldset in risk.locator("fieldset").all()[:-1]:
        if not fieldset.get_by_label("Yes").is_checked():
            fieldset.get_by_label("No").check()
    risk.get_by_role("button", name="Save risk assessment").click()
    # 2 + 2 answered, + 3 for the repeat victim: 7 points, medium.
    expect(page.locator(".messages")).to_contain_text("Risk assessed as medium (7 points).")
    task = page.locator("#task-form")
    task.get_by_label("Task").select_option("reassurance")
    task.get_by_label("Due").fill((timezone.localdate() + timedelta(days=5)).isoformat())
    task.get_by_label("Officer").select_option(label="leeds.officer")
    task.get_by_role("button", name="Send task").click()
    expect(page.locator(".messages")).to_contain_text("Task sent to the neighbourhood team.")
    expect(page.locator("#tasks")).to_contain_text("Reassurance visit due")
    assert serious_accessibility_problems(page) == []  # with the CSP kept on
    assert errors == []


def test_an_officer_completes_the_task(live_server: Any, sign_in: Any, queue_item: dict[str, Any]) -> None:
    from saferplaces.review import actions
    from saferplaces.review.models import Task

    actions.create_task(
        queue_item["item"].incident,
        None,
        kind="call_back",
        due=date(2030, 1, 1),
        assigned_to=queue_item["officer"],
    )
    page = sign_in("leeds.officer")
    page.goto(f"{live_server.url}/review/tasks/")
    page.get_by_label("Notes").fill("Called back; caller reassured.")
    page.get_by_role("button", name="Complete").click()
    expect(page.locator(".messages")).to_contain_text("Call-back for T-0001 completed.")
    expect(page.locator("#tasks-empty")).to_be_visible()
    assert Task.objects.get().notes == "Called back; caller reassured."


def test_a_supervisor_sees_an_overdue_review(
    live_server: Any, sign_in: Any, queue_item: dict[str, Any]
) -> None:
    from saferplaces.review import actions

    actions.assess_risk(
        queue_item["item"], queue_item["supervisor"], {"household_vulnerable": True}, today=date(2020, 1, 1)
    )
    page = sign_in("leeds.sergeant")
    page.goto(f"{live_server.url}/review/supervision/")
    overdue = page.locator("#overdue")
    expect(overdue.locator("tbody tr")).to_have_count(3)
    expect(overdue).to_contain_text("Chief inspector")
    expect(overdue.get_by_role("link", name="T-0001").first).to_be_visible()


def test_a_partner_cannot_open_an_unshared_case(
    live_server: Any, sign_in: Any, queue_item: dict[str, Any]
) -> None:
    page = sign_in("leeds.partner")
    response = page.goto(f"{live_server.url}/review/incident/T-0001/")
    assert response is not None and response.status == 403
    expect(page.get_by_text("Jane Testperson")).to_have_count(0)

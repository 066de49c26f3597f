"""The yearly publication figures: applications, threshold not met, reviews, recommendations, appeals."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.test import Client

from saferplaces.accounts.models import Organisation
from saferplaces.casereviews import actions
from saferplaces.casereviews.models import Appeal

pytestmark = pytest.mark.django_db


@pytest.fixture
def year_of_cases(personas: dict[str, Any], make_application: Callable[..., Any]) -> None:
    user = personas["leeds_reviewer"]
    council = Organisation.objects.get(name="Leeds City Council")
    # 2024 to 2025 (April to March): four applications.
    a = make_application(received_on=date(2024, 4, 1))
    actions.record_threshold(a, user, met=False, reason="x")
    b = make_application(received_on=date(2024, 9, 9))
    actions.record_threshold(b, user, met=True, reason="x")
    actions.record_meeting(b, user, held_on=date(2024, 10, 1), agencies="Police", summary="x")
    actions.add_recommendation(b, user, text="x", owner=council, due_on=date(2024, 11, 1))
    c = make_application(received_on=date(2025, 3, 31), district="Bradford")
    actions.record_threshold(c, user, met=True, reason="x")
    actions.record_meeting(c, user, held_on=date(2025, 4, 20), agencies="Police", summary="x")
    make_application(received_on=date(2024, 12, 1))
    Appeal.objects.create(
        application=a,
        lodged_at=a.received_at,
        lodged_on=a.received_on,
        ground_threshold=True,
        explanation="x",
        status="upheld",
    )
    # 2025 to 2026: one, not decided yet.
    make_application(received_on=date(2025, 4, 1))


def test_the_public_page_shows_each_year(year_of_cases: None) -> None:
    body = Client().get("/asb-case-review/figures/").content.decode()
    assert '<th scope="row" class="govuk-table__header">2024 to 2025</th>' in body
    assert body.index("2025 to 2026") < body.index("2024 to 2025")


def test_the_csv_has_exact_counts_and_nothing_personal(year_of_cases: None) -> None:
    response = Client().get("/asb-case-review/figures.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.decode().splitlines() == [
        "year,applications,threshold_not_met,reviews_held,reviews_with_recommendations,appeals,appeals_upheld",
        "2025 to 2026,1,0,0,0,0,0",
        "2024 to 2025,4,1,2,1,1,1",
    ]


def test_a_calendar_year_can_be_chosen(year_of_cases: None) -> None:
    from saferplaces.casereviews.models import LocalRules

    LocalRules.objects.filter(district__isnull=True).update(publication_year_start_month=1)
    lines = Client().get("/asb-case-review/figures.csv").content.decode().splitlines()
    assert lines[1:] == ["2025,2,0,1,0,0,0", "2024,3,1,1,1,1,1"]

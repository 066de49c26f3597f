"""The monthly summary by route and type, as a page and as CSV."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.fixture
def march(make_report: Callable[..., Any]) -> None:
    make_report(route="72", concerns=("asb", "drugs"), occurred_on=date(2025, 3, 1))
    make_report(route="72", concerns=("drugs",), occurred_on=date(2025, 3, 31))
    make_report(route="1", concerns=("harassment",), occurred_on=date(2025, 3, 15))
    make_report(route=None, concerns=("asb",), occurred_on=date(2025, 3, 2))
    make_report(route="72", concerns=("asb",), occurred_on=date(2025, 4, 1))  # April: not counted


def officer(make_user: Callable[..., Any]) -> Client:
    c = Client()
    c.force_login(make_user("travel.officer", "npt_officer", ("Leeds",)))
    return c


def test_the_csv_counts_reports_by_route_and_type(march: None, make_user: Callable[..., Any]) -> None:
    response = officer(make_user).get("/bus-safety/staff/summary.csv?month=2025-03")
    assert response["Content-Disposition"] == 'attachment; filename="bus-safety-2025-03.csv"'
    assert response.content.decode().splitlines() == [
        "month,route,type,reports",
        "2025-03,1 (First),All types,1",
        "2025-03,1 (First),Harassment,1",
        "2025-03,72 (First),All types,2",
        "2025-03,72 (First),Anti-social behaviour,1",
        "2025-03,72 (First),Drug use,2",
        "2025-03,Not listed,All types,1",
        "2025-03,Not listed,Anti-social behaviour,1",
    ]


def test_the_page_shows_the_month_and_the_totals(march: None, make_user: Callable[..., Any]) -> None:
    body = officer(make_user).get("/bus-safety/staff/summary/?month=2025-03").content.decode()
    assert "<h1>Bus safety reports: March 2025</h1>" in body
    assert '<tfoot><tr><th scope="row">All routes</th><td class="num">4</td><td class="num">2</td>' in body
    assert "the one to Otley" not in body  # free text is never published in the summary

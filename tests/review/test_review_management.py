"""Management information: aggregates by district and month, CSV export, no names."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest

from saferplaces.review import actions

pytestmark = pytest.mark.django_db


@pytest.fixture
def worked(review_world: Any) -> None:
    reviewer, items = review_world["users"]["reviewer"], review_world["items"]
    actions.assess_risk(items["L-0002"], reviewer, {"household_vulnerable": True})
    actions.decide_crime(items["L-0002"], reviewer, outcome="non_crime", rationale="Police only.")
    actions.complete_review(items["L-0002"], reviewer)


def test_the_figures_count_reviews_risk_and_cdi_by_district_and_month(client_for: Any, worked: None) -> None:
    rows = client_for("analyst").get("/review/management/").context["rows"]
    by_district = {r["district"]: r for r in rows}
    leeds, bradford = by_district["Leeds"], by_district["Bradford"]
    assert leeds["month"] == "2025-06"
    assert (leeds["in_review"], leeds["reviewed"], leeds["high"], leeds["cdi_raised"]) == (4, 1, 1, 1)
    assert (leeds["cdi_accepted"], leeds["cdi_overruled"], leeds["repeat_victims"]) == (0, 1, 1)
    assert (bradford["in_review"], bradford["repeat_victims"]) == (1, 1)


def test_the_csv_export_has_the_same_figures_and_no_names(client_for: Any, worked: None) -> None:
    response = client_for("pcc").get("/review/management.csv")
    text = response.content.decode()
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [(r["district"], r["in_review"]) for r in rows] == [("Bradford", "1"), ("Leeds", "4")]
    assert "Jane" not in text


def test_a_supervisor_sees_only_their_districts(client_for: Any, worked: None) -> None:
    rows = client_for("supervisor").get("/review/management/").context["rows"]
    assert [r["district"] for r in rows] == ["Leeds"]


@pytest.mark.parametrize("persona", ["reviewer", "officer", "partner"])
def test_management_information_is_not_for_caseworkers_or_partners(client_for: Any, persona: str) -> None:
    assert client_for(persona).get("/review/management/").status_code == 403
    assert client_for(persona).get("/review/management.csv").status_code == 403

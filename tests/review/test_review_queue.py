"""The reviewer's queue: order, reasons, filters, counts, empty state, claiming and districts."""

from __future__ import annotations

from typing import Any

import pytest

from saferplaces.audit.models import AuditEvent
from saferplaces.review.models import ReviewItem

pytestmark = pytest.mark.django_db


def refs(response: Any) -> list[str]:
    return [i.incident.reference for i in response.context["page"].object_list]


def test_the_queue_is_ordered_by_risk_repeats_and_age_in_own_districts(client_for: Any) -> None:
    response = client_for("reviewer").get("/review/")
    assert response.status_code == 200
    assert refs(response) == ["L-0002", "L-0003", "L-0001", "L-0004"]
    assert "Repeat victim: 3 in 365 days" in response.text
    assert "Possible crime not recorded (suggested offence 9A)" in response.text
    assert "B-0001" not in response.text


def test_counts_and_filters_narrow_the_queue(client_for: Any) -> None:
    response = client_for("reviewer").get("/review/", {"reason": "cdi"})
    assert refs(response) == ["L-0002"]
    counts = client_for("reviewer").get("/review/").context["counts"]
    got = [counts[k] for k in ("total", "high", "medium", "standard", "cdi")]
    assert got == [4, 1, 1, 2, 1]
    assert refs(client_for("reviewer").get("/review/", {"risk": "medium"})) == ["L-0003"]


def test_a_district_filter_outside_ones_districts_shows_nothing(client_for: Any, review_world: Any) -> None:
    bradford = review_world["items"]["B-0001"].district_id
    response = client_for("reviewer").get("/review/", {"district": bradford})
    assert refs(response) == []


def test_an_empty_queue_says_so(client_for: Any) -> None:
    ReviewItem.objects.update(status="done")
    response = client_for("reviewer").get("/review/")
    assert 'id="queue-empty"' in response.text


def test_claiming_stops_a_second_reviewer_working_the_same_item(client_for: Any, review_world: Any) -> None:
    first = client_for("reviewer").post("/review/incident/L-0002/claim/")
    assert first.status_code == 302
    item = ReviewItem.objects.get(incident__reference="L-0002")
    assert (item.status, item.claimed_by) == ("claimed", review_world["users"]["reviewer"])
    second = client_for("reviewer2").post("/review/incident/L-0002/claim/", follow=True)
    assert "Another reviewer is already working this item." in second.text
    holder = ReviewItem.objects.get(incident__reference="L-0002").claimed_by
    assert holder == review_world["users"]["reviewer"]
    assert AuditEvent.objects.filter(object_id="L-0002", detail__what="claim").count() == 1


def test_claiming_another_districts_item_is_forbidden_and_a_missing_one_is_not_found(client_for: Any) -> None:
    assert client_for("reviewer").post("/review/incident/B-0001/claim/").status_code == 403
    assert client_for("reviewer").post("/review/incident/NOPE/claim/").status_code == 404


@pytest.mark.parametrize("persona", ["officer", "partner", "analyst", "pcc"])
def test_only_reviewers_and_supervisors_see_the_queue(client_for: Any, persona: str) -> None:
    assert client_for(persona).get("/review/").status_code == 403
    assert client_for(persona).get("/review/api/queue.json").status_code == 403


def test_the_queue_api_gives_references_and_reasons_without_names(client_for: Any) -> None:
    data = client_for("bradford_reviewer").get("/review/api/queue.json").json()
    assert [i["reference"] for i in data["items"]] == ["B-0001"]
    assert data["counts"]["total"] == 1
    assert "Brad Ford" not in str(data)

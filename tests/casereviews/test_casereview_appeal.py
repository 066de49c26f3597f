"""Appeals to the PCC: only on the allowed grounds, by the applicant, then the PCC's own review."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from saferplaces.accounts.models import Organisation
from saferplaces.casereviews import actions
from saferplaces.casereviews.models import Appeal

pytestmark = pytest.mark.django_db


@pytest.fixture
def refused(personas: dict[str, Any], make_application: Callable[..., Any]) -> Any:
    app = make_application(postcode="LS1 1UR")
    actions.record_threshold(app, personas["leeds_reviewer"], met=False, reason="One complaint only.")
    return app


def appeal(client: Client, reference: str, postcode: str, grounds: list[str]) -> Any:
    return client.post(
        "/asb-case-review/appeal/",
        {
            "reference": reference,
            "postcode": postcode,
            "grounds": grounds,
            "explanation": "My diary was ignored.",
        },
    )


def test_disappointment_with_the_outcome_alone_is_not_a_ground(refused: Any) -> None:
    body = appeal(Client(), refused.reference, "LS1 1UR", ["outcome"]).content.decode()
    assert "Being unhappy with the outcome alone is not a ground for appeal" in body
    assert not Appeal.objects.exists()


def test_a_wrong_reference_and_a_wrong_postcode_get_the_same_answer(refused: Any) -> None:
    wrong_ref = appeal(Client(), "ACR-ZZZZ-ZZZZ", "LS1 1UR", ["threshold"]).content.decode()
    wrong_postcode = appeal(Client(), refused.reference, "LS2 7HY", ["threshold"]).content.decode()
    message = "We could not find an application with that reference number and postcode"
    assert message in wrong_ref and message in wrong_postcode
    assert _without_inputs(wrong_ref, refused.reference) == _without_inputs(wrong_postcode, refused.reference)


def _without_inputs(body: str, reference: str) -> str:
    """The page less what the caller typed and the per-request CSRF token."""
    for typed in (reference, "ACR-ZZZZ-ZZZZ", "LS1 1UR", "LS2 7HY"):
        body = body.replace(typed, "")
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", body)


def test_an_undecided_application_cannot_be_appealed_yet(
    geography: None, make_application: Callable[..., Any]
) -> None:
    app = make_application(postcode="LS1 1UR")
    body = appeal(Client(), app.reference, "ls11ur", ["threshold"]).content.decode()
    assert "You can appeal once you have been told the outcome" in body


def test_an_appeal_on_an_allowed_ground_is_lodged_once(refused: Any) -> None:
    c = Client()
    response = appeal(c, refused.reference.lower(), "ls1 1ur", ["threshold", "evidence", "outcome"])
    assert response["Location"] == "/asb-case-review/appeal/done/"
    item = Appeal.objects.get()
    assert item.ground_threshold and item.ground_evidence and item.status == "received"
    again = appeal(Client(), refused.reference, "LS1 1UR", ["evidence"]).content.decode()
    assert "An appeal has already been made about this application" in again


def test_the_pcc_reviews_decides_and_recommends(refused: Any, make_user: Callable[..., Any]) -> None:
    appeal(Client(), refused.reference, "LS1 1UR", ["threshold"])
    pcc = make_user("pcc.officer", "pcc")
    c = Client()
    c.force_login(pcc)
    assert refused.reference in c.get("/asb-case-review/appeals/").content.decode()
    url = f"/asb-case-review/appeals/{refused.reference}/"
    page = c.get(url).content.decode()
    assert "My diary was ignored." in page and "One complaint only." in page
    c.post(
        url + "decide/",
        {"upheld": "yes", "review_summary": "The diary showed three complaints.", "reason": "Threshold met."},
    )
    council = Organisation.objects.get(name="Leeds City Council")
    c.post(
        url + "recommendations/",
        {"text": "Hold the case review", "owner": council.pk, "due_on": "2025-09-01"},
    )
    item = Appeal.objects.get()
    assert item.status == "upheld" and item.decided_by == pcc
    assert list(item.recommendations.values_list("text", flat=True)) == ["Hold the case review"]
    # A case reviewer cannot open the appeals; the PCC team cannot open the case queue.
    reviewer = Client()
    reviewer.force_login(make_user("another.reviewer", "reviewer", ("Leeds",)))
    assert reviewer.get(url).status_code == 403
    assert c.get("/asb-case-review/staff/").status_code == 403

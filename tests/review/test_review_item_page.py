"""The incident review page: histories with link explanations, CDI evidence, map data, access."""

from __future__ import annotations

from typing import Any

import pytest

from saferplaces.accounts.models import Organisation
from saferplaces.audit.models import AuditEvent
from saferplaces.incidents.models import IncidentShare

pytestmark = pytest.mark.django_db


def test_the_page_shows_the_linked_history_with_its_explanation(client_for: Any) -> None:
    response = client_for("reviewer").get("/review/incident/L-0002/")
    assert response.status_code == 200
    assert [i.reference for i in response.context["hist"].person] == ["L-0001"]
    assert "name: same full name (+12.0); contact: same mobile (+8.2)" in response.text
    assert [i.reference for i in response.context["hist"].location] == ["L-0003", "L-0004", "L-0001"]
    assert "Jane Testperson" in response.text


def test_the_cdi_evidence_is_highlighted_in_the_narrative(client_for: Any) -> None:
    response = client_for("reviewer").get("/review/incident/L-0002/")
    cdi = response.context["cdi"]
    assert cdi.should_record
    marked = [text for text, cue in response.context["segments"] if cue is not None]
    assert marked  # the engine's cue spans are cut out of the narrative
    assert all(text in response.context["incident"].narrative for text in marked)
    assert '<mark class="cue cue-affirmed"' in response.text
    assert response.context["map_data"]["point"] == [53.8004, -1.552]


def test_viewing_writes_an_audit_row_naming_the_people_shown(client_for: Any, review_world: Any) -> None:
    client_for("reviewer").get("/review/incident/L-0002/")
    event = AuditEvent.objects.get(action="view", object_id="L-0002")
    assert event.user == review_world["users"]["reviewer"]
    assert len(event.detail["people_shown"]) == 1


@pytest.mark.parametrize("persona", ["bradford_reviewer", "bradford_officer", "bradford_supervisor"])
def test_another_districts_users_get_403(client_for: Any, persona: str) -> None:
    assert client_for(persona).get("/review/incident/L-0002/").status_code == 403


def test_a_missing_incident_is_404(client_for: Any) -> None:
    assert client_for("reviewer").get("/review/incident/NOPE/").status_code == 404


def test_a_partner_sees_only_cases_shared_with_their_organisation(client_for: Any, review_world: Any) -> None:
    assert client_for("partner").get("/review/incident/L-0002/").status_code == 403
    IncidentShare.objects.create(
        incident=review_world["items"]["L-0002"].incident,
        organisation=Organisation.objects.get(name="Leeds City Council"),
    )
    response = client_for("partner").get("/review/incident/L-0002/")
    assert response.status_code == 200
    assert 'id="risk-form"' not in response.text  # partners read, reviewers act
    assert client_for("partner").post("/review/incident/L-0002/claim/").status_code == 403


@pytest.mark.parametrize("persona", ["analyst", "pcc"])
def test_analysts_and_the_pcc_team_cannot_open_named_cases(client_for: Any, persona: str) -> None:
    assert client_for(persona).get("/review/incident/L-0002/").status_code == 403


def test_the_cdi_check_uses_the_same_suspects_earlier_incidents_against_this_victim(
    client_for: Any, review_world: Any
) -> None:
    from saferplaces.review.models import PersonMention

    # L-0003 (victim P2) names a suspect who was also the suspect in L-0004 (same victim) two days
    # earlier, and in the Bradford incident (another victim): only L-0004 makes a course of conduct.
    items = review_world["items"]
    items[
        "L-0003"
    ].incident.narrative = "RP reports her ex turned up at her work today and waited outside. RP frightened."
    items["L-0003"].incident.save()
    items["L-0004"].victim_person = "P2"
    items["L-0004"].save()
    for ref in ("L-0003", "L-0004", "B-0001"):
        PersonMention.objects.create(incident=items[ref].incident, role="suspect", person_id="S7")
    response = client_for("reviewer").get("/review/incident/L-0003/")
    cdi = response.context["cdi"]
    assert cdi.offence == "8L"
    assert cdi.linked_incidents == ("L-0004",)
    assert 'href="/review/incident/L-0004/"' in response.text.split('id="cdi-linked"')[1]


def test_without_the_earlier_incident_the_same_words_are_not_a_course_of_conduct(
    client_for: Any, review_world: Any
) -> None:
    items = review_world["items"]
    items[
        "L-0003"
    ].incident.narrative = "RP reports her ex turned up at her work today and waited outside. RP frightened."
    items["L-0003"].incident.save()
    response = client_for("reviewer").get("/review/incident/L-0003/")
    assert response.context["cdi"].offence != "8L"
    assert 'id="cdi-linked"' not in response.text

"""Reviewer actions from the review page: each one write with its audit row."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from saferplaces.accounts.models import Organisation
from saferplaces.audit.models import AuditEvent
from saferplaces.incidents.models import Incident, IncidentShare
from saferplaces.reference.models import Threshold
from saferplaces.review import actions
from saferplaces.review.models import CrimeDecision, Intervention, RiskAssessment, SupervisoryReview, Task

pytestmark = pytest.mark.django_db

ALL_NO = {
    "q_happened_before": "no",
    "q_reported_elsewhere": "no",
    "q_feels_targeted": "no",
    "q_household_vulnerable": "no",
    "q_affecting_family": "no",
    "q_hate_motivated": "no",
}


def audited(reference: str, what: str) -> int:
    return AuditEvent.objects.filter(object_id=reference, detail__what=what).count()


def test_a_vulnerable_repeat_victim_is_high_risk_with_three_supervisory_reviews(client_for: Any) -> None:
    answers = ALL_NO | {"q_household_vulnerable": "yes", "q_affecting_family": "yes", "v_disability": "on"}
    client_for("reviewer").post("/review/incident/L-0002/risk/", answers)
    a = RiskAssessment.objects.get()
    # household_vulnerable 3 + affecting_family 2 + repeat victim (engine history) 3 = 8: high.
    assert (a.risk, a.score) == ("high", 8.0)
    assert "override: vulnerable repeat victim" in a.reasons
    assert a.vulnerability == {"disability": True}
    today = timezone.localdate()
    due = {s.rank: (s.due - today).days for s in SupervisoryReview.objects.all()}
    assert due == {"sergeant": 14, "inspector": 28, "chief_inspector": 56}
    assert audited("L-0002", "risk_assessment") == 1


def test_the_cadence_comes_from_the_thresholds_table(client_for: Any) -> None:
    Threshold.objects.update_or_create(
        key="review.medium.sergeant_days", defaults={"value": 7, "description": "x"}
    )
    client_for("reviewer").post(
        "/review/incident/L-0003/risk/", ALL_NO | {"q_feels_targeted": "yes", "q_happened_before": "yes"}
    )
    assert RiskAssessment.objects.get().risk == "medium"
    due = {s.rank: (s.due - timezone.localdate()).days for s in SupervisoryReview.objects.all()}
    assert due == {"sergeant": 7, "inspector": 56}


def test_a_reassessment_keeps_the_earlier_one(client_for: Any) -> None:
    client_for("reviewer").post("/review/incident/L-0004/risk/", ALL_NO)
    client_for("reviewer").post("/review/incident/L-0004/risk/", ALL_NO | {"q_hate_motivated": "yes"})
    assert list(RiskAssessment.objects.values_list("risk", flat=True)) == ["medium", "standard"]
    page = client_for("reviewer").get("/review/incident/L-0004/")
    assert len(page.context["assessments"]) == 2
    assert SupervisoryReview.objects.count() == 2  # medium: sergeant and inspector


def test_an_unanswered_questionnaire_is_refused(client_for: Any) -> None:
    response = client_for("reviewer").post(
        "/review/incident/L-0002/risk/", {"q_happened_before": "yes"}, follow=True
    )
    assert RiskAssessment.objects.count() == 0
    assert "This field is required." in response.text


def test_recording_a_crime_accepts_the_cdi_suggestion_and_updates_the_incident(client_for: Any) -> None:
    client_for("reviewer").post(
        "/review/incident/L-0002/crime-decision/",
        {"outcome": "crime", "offence_code": "9A", "crime_ref": "13/555/25"},
    )
    d = CrimeDecision.objects.get()
    assert (d.outcome, d.cdi, d.cdi_suggestion, d.offence_code.code) == ("crime", "accepted", "9A", "9A")
    incident = Incident.objects.get(reference="L-0002")
    assert (incident.is_crime, incident.crime_ref, incident.offence_code.code) == (True, "13/555/25", "9A")
    assert audited("L-0002", "crime_decision") == 1


def test_confirming_non_crime_overrules_the_suggestion_and_needs_a_rationale(client_for: Any) -> None:
    client_for("reviewer").post("/review/incident/L-0002/crime-decision/", {"outcome": "non_crime"})
    assert CrimeDecision.objects.count() == 0
    client_for("reviewer").post(
        "/review/incident/L-0002/crime-decision/",
        {"outcome": "non_crime", "rationale": "Words aimed at police only."},
    )
    assert CrimeDecision.objects.get().cdi == "overruled"
    assert Incident.objects.get(reference="L-0002").is_crime is False


def test_a_crime_needs_an_offence_code_and_a_reference(client_for: Any) -> None:
    client_for("reviewer").post("/review/incident/L-0002/crime-decision/", {"outcome": "crime"})
    assert CrimeDecision.objects.count() == 0


def test_a_decision_without_a_cdi_flag_is_not_counted_either_way(client_for: Any) -> None:
    client_for("reviewer").post(
        "/review/incident/L-0004/crime-decision/", {"outcome": "non_crime", "rationale": "Litter only."}
    )
    assert CrimeDecision.objects.get().cdi == ""


def test_tasking_the_npt_creates_a_task_for_the_chosen_officer(client_for: Any, review_world: Any) -> None:
    officer = review_world["users"]["officer"]
    due = timezone.localdate() + timedelta(days=3)
    client_for("reviewer").post(
        "/review/incident/L-0002/task/",
        {"kind": "reassurance", "due": due.isoformat(), "assigned_to": officer.pk},
    )
    t = Task.objects.get()
    assert (t.kind, t.due, t.assigned_to, t.automatic) == ("reassurance", due, officer, False)
    assert audited("L-0002", "task_create") == 1


def test_an_officer_of_another_district_cannot_be_tasked(client_for: Any, review_world: Any) -> None:
    other = review_world["users"]["bradford_officer"]
    client_for("reviewer").post(
        "/review/incident/L-0002/task/", {"kind": "call_back", "due": "2030-01-01", "assigned_to": other.pk}
    )
    assert Task.objects.count() == 0


def test_a_caller_who_asked_for_contact_gets_an_automatic_call_back_once(review_world: Any) -> None:
    assert actions.automatic_tasks() == 1
    assert actions.automatic_tasks() == 0
    t = Task.objects.get()
    assert (t.incident.reference, t.kind, t.automatic) == ("L-0002", "call_back", True)
    assert (t.due - timezone.localdate()).days == actions.AUTO_CALL_BACK_DAYS


def test_sharing_with_a_partner_lets_them_open_the_case(client_for: Any) -> None:
    council = Organisation.objects.get(name="Leeds City Council")
    client_for("reviewer").post("/review/incident/L-0002/share/", {"organisation": council.pk})
    assert IncidentShare.objects.filter(incident__reference="L-0002", organisation=council).count() == 1
    assert client_for("partner").get("/review/incident/L-0002/").status_code == 200
    assert audited("L-0002", "share") == 1


def test_a_case_conference_is_only_for_high_risk(client_for: Any) -> None:
    client_for("reviewer").post(
        "/review/incident/L-0004/intervention/", {"kind": "case_conference", "date": "2030-01-01"}
    )
    assert Intervention.objects.count() == 0
    client_for("reviewer").post(
        "/review/incident/L-0002/intervention/", {"kind": "case_conference", "date": "2030-01-01"}
    )
    assert Intervention.objects.get().kind == "case_conference"


def test_a_referral_names_the_organisation(client_for: Any) -> None:
    council = Organisation.objects.get(name="Leeds City Council")
    client_for("reviewer").post("/review/incident/L-0003/intervention/", {"kind": "referral"})
    assert Intervention.objects.count() == 0
    client_for("reviewer").post(
        "/review/incident/L-0003/intervention/", {"kind": "referral", "organisation": council.pk}
    )
    assert Intervention.objects.get().organisation == council


@pytest.mark.parametrize(
    "action", ["risk", "crime-decision", "task", "share", "intervention", "complete", "release"]
)
def test_every_action_on_another_districts_incident_is_forbidden(client_for: Any, action: str) -> None:
    assert client_for("bradford_reviewer").post(f"/review/incident/L-0002/{action}/", {}).status_code == 403
    assert client_for("officer").post(f"/review/incident/L-0002/{action}/", {}).status_code == 403


def test_completing_a_review_takes_it_out_of_the_queue(client_for: Any) -> None:
    client_for("reviewer").post("/review/incident/L-0002/claim/")
    client_for("reviewer").post("/review/incident/L-0002/complete/")
    queue = client_for("reviewer").get("/review/")
    assert "L-0002" not in [i.incident.reference for i in queue.context["page"].object_list]


def test_a_reviewer_cannot_act_on_an_item_another_reviewer_has_claimed(client_for: Any) -> None:
    client_for("reviewer").post("/review/incident/L-0002/claim/")
    response = client_for("reviewer2").post("/review/incident/L-0002/risk/", ALL_NO, follow=True)
    assert "Another reviewer is working this item" in response.text
    assert RiskAssessment.objects.count() == 0
    client_for("supervisor").post("/review/incident/L-0002/risk/", ALL_NO)
    assert RiskAssessment.objects.count() == 1

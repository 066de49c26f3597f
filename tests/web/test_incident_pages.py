"""Incident list and detail: search, filters, district scoping, people hidden from aggregate roles, audit."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from saferplaces.accounts.models import Organisation
from saferplaces.audit.models import AuditEvent
from saferplaces.incidents.models import Incident, IncidentShare

pytestmark = pytest.mark.django_db


def client_for(user: Any) -> Client:
    c = Client()
    c.force_login(user)
    return c


def refs(response: Any) -> set[str]:
    return {i.reference for i in response.context["page"].object_list}


def test_anonymous_visitors_are_sent_to_sign_in(incidents_loaded: Any) -> None:
    response = Client().get("/incidents/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_a_reviewer_sees_only_their_districts(personas: dict[str, Any], incidents_loaded: Any) -> None:
    assert refs(client_for(personas["leeds_reviewer"]).get("/incidents/")) == {"T-0001", "T-0003", "T-0008"}
    assert refs(client_for(personas["bradford_reviewer"]).get("/incidents/")) == {"T-0002"}
    assert refs(client_for(personas["admin"]).get("/incidents/")) == {
        "T-0001",
        "T-0002",
        "T-0003",
        "T-0008",
        "T-0011",
    }


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("q=kicking", {"T-0001"}),
        ("q=ls115ab", {"T-0001"}),  # postcodes match whatever their spacing and case
        ("q=LS11%205AB", {"T-0001"}),
        ("q=T-0003", {"T-0003"}),
        ("category=__nuisance__", {"T-0003"}),
        ("crime=crime", set()),
        ("crime=noncrime", {"T-0001", "T-0003", "T-0008"}),
        ("date_from=2025-06-02&date_to=2025-06-06", {"T-0003", "T-0008"}),
    ],
)
def test_search_and_filters(
    personas: dict[str, Any], incidents_loaded: Any, query: str, expected: set[str]
) -> None:
    from saferplaces.reference.models import AsbCategory

    query = query.replace("__nuisance__", str(AsbCategory.objects.get(code="nuisance").pk))
    assert refs(client_for(personas["leeds_reviewer"]).get(f"/incidents/?{query}")) == expected


def test_a_reversed_date_range_is_a_clear_error(personas: dict[str, Any], incidents_loaded: Any) -> None:
    response = client_for(personas["leeds_reviewer"]).get(
        "/incidents/?date_from=2025-06-09&date_to=2025-06-01"
    )
    assert "must not be after" in response.content.decode()
    assert refs(response) == set()


def test_another_districts_incident_is_forbidden_and_a_missing_one_not_found(
    personas: dict[str, Any], incidents_loaded: Any
) -> None:
    c = client_for(personas["bradford_reviewer"])
    assert c.get("/incidents/T-0001/").status_code == 403
    assert c.get("/incidents/NOPE/").status_code == 404
    assert c.get("/incidents/T-0002/").status_code == 200


def test_viewing_a_record_with_people_is_audited(personas: dict[str, Any], incidents_loaded: Any) -> None:
    reviewer = personas["leeds_reviewer"]
    response = client_for(reviewer).get("/incidents/T-0001/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Jane Testperson" in body and "07700 900001" in body
    event = AuditEvent.objects.get(action="view", object_id="T-0001")
    assert event.user == reviewer and event.district.name == "Leeds"
    assert event.detail["people_shown"] == [Incident.objects.get(reference="T-0001").people.get().pk]


def test_analysts_see_incidents_without_people_unless_granted(
    personas: dict[str, Any], incidents_loaded: Any
) -> None:
    analyst = personas["analyst"]
    body = client_for(analyst).get("/incidents/T-0001/").content.decode()
    assert "Jane Testperson" not in body and "07700 900001" not in body
    assert AuditEvent.objects.get(action="view", object_id="T-0001").detail["people_shown"] == []
    analyst.may_see_people = True
    analyst.save()
    assert "Jane Testperson" in client_for(analyst).get("/incidents/T-0001/").content.decode()


def test_partners_see_only_cases_shared_with_their_organisation(
    personas: dict[str, Any], incidents_loaded: Any
) -> None:
    partner = personas["leeds_partner"]
    c = client_for(partner)
    assert refs(c.get("/incidents/")) == set()
    assert c.get("/incidents/T-0001/").status_code == 403
    IncidentShare.objects.create(
        incident=Incident.objects.get(reference="T-0001"), organisation=partner.organisation
    )
    IncidentShare.objects.create(
        incident=Incident.objects.get(reference="T-0003"),
        organisation=Organisation.objects.create(name="Other Housing"),
    )
    assert refs(c.get("/incidents/")) == {"T-0001"}
    assert c.get("/incidents/T-0001/").status_code == 200
    assert c.get("/incidents/T-0003/").status_code == 403


def test_map_data_holds_the_incidents_lsoa_and_neighbours(
    personas: dict[str, Any], incidents_loaded: Any
) -> None:
    response = client_for(personas["leeds_reviewer"]).get("/incidents/T-0001/")
    data = response.context["map_data"]
    codes = {f["properties"]["code"] for f in data["lsoas"]["features"]}
    assert data["lsoa"] == "E01033008" and "E01033008" in codes
    assert not any(c.startswith("E0101") for c in codes)  # Bradford is 13 km away
    assert data["point"] == [53.8004, -1.552]


def test_sign_in_and_failed_sign_in_are_audited(personas: dict[str, Any]) -> None:
    c = Client()
    assert c.post("/accounts/login/", {"username": "leeds.reviewer", "password": "wrong"}).status_code == 200
    assert (
        c.post(
            "/accounts/login/", {"username": "leeds.reviewer", "password": "correct-horse-battery"}
        ).status_code
        == 302
    )
    actions = list(
        AuditEvent.objects.filter(object_type="user").order_by("id").values_list("action", "username")
    )
    assert actions == [("login_failed", "leeds.reviewer"), ("login", "leeds.reviewer")]


def test_sharing_a_case_in_the_admin_is_audited(personas: dict[str, Any], incidents_loaded: Any) -> None:
    c = client_for(personas["admin"])
    org = personas["leeds_partner"].organisation
    incident = Incident.objects.get(reference="T-0001")
    response = c.post(
        "/admin/incidents/incidentshare/add/", {"incident": incident.pk, "organisation": org.pk}
    )
    assert response.status_code == 302
    share = IncidentShare.objects.get()
    assert share.shared_by == personas["admin"]
    event = AuditEvent.objects.get(action="create", object_type="incident")
    assert (event.object_id, event.detail["shared_with"]) == ("T-0001", "Leeds City Council")


def test_exporting_the_audit_log_is_itself_audited(personas: dict[str, Any], incidents_loaded: Any) -> None:
    c = client_for(personas["admin"])
    client_for(personas["leeds_reviewer"]).get("/incidents/T-0001/")
    ids = list(AuditEvent.objects.values_list("pk", flat=True))
    response = c.post("/admin/audit/auditevent/", {"action": "export_csv", "_selected_action": ids})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    lines = response.content.decode().splitlines()
    assert lines[0].startswith("at,username,action,object_type,object_id")
    assert any(",leeds.reviewer,view,incident,T-0001," in line for line in lines)
    assert AuditEvent.objects.filter(action="export", object_type="audit_log").count() == 1

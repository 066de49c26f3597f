"""The Safer Travel team's queue, report page, follow-up and replies: roles, districts and the audit."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.test import Client

from saferplaces.audit.models import AuditEvent
from saferplaces.bussafety.models import BusReport, BusRoute, ConcernType

pytestmark = pytest.mark.django_db


@pytest.fixture
def team(make_user: Callable[..., Any], geography: None) -> dict[str, Any]:
    return {
        "leeds_officer": make_user("leeds.officer", "npt_officer", ("Leeds",)),
        "bradford_officer": make_user("bradford.officer", "npt_officer", ("Bradford",)),
        "analyst": make_user("travel.analyst", "analyst", ("Leeds", "Bradford")),
        "reviewer": make_user("some.reviewer", "reviewer", ("Leeds",)),
    }


def signed_in(user: Any) -> Client:
    c = Client()
    c.force_login(user)
    return c


def count(body: str) -> str:
    start = body.index('<p id="result-count">') + len('<p id="result-count">')
    return body[start : body.index("</p>", start)]


def test_the_queue_filters_by_route_type_date_and_status(
    team: dict[str, Any], make_report: Callable[..., Any]
) -> None:
    make_report(route="72", concerns=("asb", "drugs"), occurred_on=date(2025, 3, 1))
    make_report(route="72", concerns=("violence",), occurred_on=date(2025, 3, 20), status="closed")
    make_report(route="1", concerns=("drugs",), occurred_on=date(2025, 4, 2), district="Leeds")
    c = signed_in(team["leeds_officer"])
    route72 = BusRoute.objects.get(code="72").pk
    drugs = ConcernType.objects.get(code="drugs").pk
    assert count(c.get("/bus-safety/staff/").content.decode()) == "3 reports"
    assert count(c.get(f"/bus-safety/staff/?route={route72}").content.decode()) == "2 reports"
    assert count(c.get(f"/bus-safety/staff/?concern={drugs}").content.decode()) == "2 reports"
    assert (
        count(c.get("/bus-safety/staff/?date_from=2025-03-15&date_to=2025-04-30").content.decode())
        == "2 reports"
    )
    assert count(c.get(f"/bus-safety/staff/?route={route72}&status=closed").content.decode()) == "1 report"


def test_officers_see_their_district_and_unplaced_reports_only(
    team: dict[str, Any], make_report: Callable[..., Any]
) -> None:
    leeds = make_report(district="Leeds")
    bradford = make_report(district="Bradford")
    unplaced = make_report(district=None)
    c = signed_in(team["bradford_officer"])
    body = c.get("/bus-safety/staff/").content.decode()
    assert bradford.reference in body and unplaced.reference in body and leeds.reference not in body
    assert c.get(f"/bus-safety/staff/{leeds.reference}/").status_code == 403
    assert c.get("/bus-safety/staff/BUS-NONE-0000/").status_code == 404


def test_roles_outside_the_team_are_refused(team: dict[str, Any], make_report: Callable[..., Any]) -> None:
    report = make_report(district="Leeds")
    c = signed_in(team["reviewer"])
    assert c.get("/bus-safety/staff/").status_code == 403
    assert c.get(f"/bus-safety/staff/{report.reference}/").status_code == 403
    assert c.get("/bus-safety/staff/summary/").status_code == 403


def test_an_officer_sees_contact_details_and_the_view_is_audited(
    team: dict[str, Any], make_report: Callable[..., Any]
) -> None:
    report = make_report(district="Leeds", wants_reply=True)
    body = signed_in(team["leeds_officer"]).get(f"/bus-safety/staff/{report.reference}/").content.decode()
    assert "sam@example.org" in body
    event = AuditEvent.objects.get(object_type="bus_report", object_id=report.reference, action="view")
    assert event.user == team["leeds_officer"] and event.detail == {"contact_shown": True}


def test_an_analyst_never_sees_contact_details_nor_writes(
    team: dict[str, Any], make_report: Callable[..., Any]
) -> None:
    report = make_report(district="Leeds", wants_reply=True)
    c = signed_in(team["analyst"])
    body = c.get(f"/bus-safety/staff/{report.reference}/").content.decode()
    assert "sam@example.org" not in body and "Hidden from your role" in body
    assert AuditEvent.objects.get(object_id=report.reference, action="view").detail == {
        "contact_shown": False
    }
    assert c.post(f"/bus-safety/staff/{report.reference}/note/", {"text": "x"}).status_code == 403


def test_a_reply_is_recorded_but_not_sent(team: dict[str, Any], make_report: Callable[..., Any]) -> None:
    report = make_report(district="Leeds", wants_reply=True)
    c = signed_in(team["leeds_officer"])
    response = c.post(
        f"/bus-safety/staff/{report.reference}/reply/",
        {"channel": "email", "text": "Thank you."},
        follow=True,
    )
    assert "Reply recorded. This system does not send it" in response.content.decode()
    report.refresh_from_db()
    assert report.status == "in_progress" and list(report.replies.values_list("text", flat=True)) == [
        "Thank you."
    ]
    event = AuditEvent.objects.get(object_id=report.reference, action="create")
    assert event.detail["change"] == "reply" and "Thank you." not in str(event.detail)


def test_an_anonymous_report_cannot_be_replied_to(
    team: dict[str, Any], make_report: Callable[..., Any]
) -> None:
    report = make_report(district="Leeds")
    c = signed_in(team["leeds_officer"])
    response = c.post(
        f"/bus-safety/staff/{report.reference}/reply/", {"channel": "email", "text": "x"}, follow=True
    )
    assert "This passenger did not ask for a reply." in response.content.decode()
    assert not report.replies.exists()


def test_notes_and_status_changes_are_kept(team: dict[str, Any], make_report: Callable[..., Any]) -> None:
    report = make_report(district="Leeds")
    c = signed_in(team["leeds_officer"])
    c.post(f"/bus-safety/staff/{report.reference}/note/", {"text": "Patrol booked for Friday."})
    c.post(f"/bus-safety/staff/{report.reference}/status/", {"status": "closed"})
    report.refresh_from_db()
    assert report.status == BusReport.Status.CLOSED
    assert list(report.notes.values_list("text", flat=True)) == ["Patrol booked for Friday."]


def test_the_map_data_has_points_and_no_contact_details(
    team: dict[str, Any], make_report: Callable[..., Any]
) -> None:
    make_report(district="Leeds", wants_reply=True, latitude=53.8, longitude=-1.55)
    make_report(district="Leeds")
    data = signed_in(team["leeds_officer"]).get("/bus-safety/staff/map/reports.geojson").json()
    assert len(data["features"]) == 1
    feature = data["features"][0]
    assert feature["geometry"] == {"type": "Point", "coordinates": [-1.55, 53.8]}
    assert set(feature["properties"]) == {"reference", "route", "occurred_on", "types", "url"}

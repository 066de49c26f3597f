"""The public bus safety report: one question per page, errors, anonymity, the map point, the reference."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from saferplaces.analytics.geo import to_bng
from saferplaces.audit.models import AuditEvent
from saferplaces.bussafety.models import BusReport
from saferplaces.bussafety.places import place_point

pytestmark = pytest.mark.django_db

LEEDS_POINT = (53.80042, -1.55205)


def test_no_route_chosen_or_typed_is_an_error_linked_to_the_list(bus_lists: None) -> None:
    body = Client().post("/bus-safety/report/route/", {"route": "", "route_text": ""}).content.decode()
    assert "<title>Error: Which bus route was it?" in body
    assert (
        '<a href="#id_route">Choose the bus route, or tell us what you know about it in the box below</a>'
        in body
    )
    assert '<h1 class="govuk-label-wrapper"><label class="govuk-label govuk-label--l" for="id_route">' in body


def test_a_route_not_in_the_list_can_be_typed(bus_lists: None) -> None:
    response = Client().post("/bus-safety/report/route/", {"route": "", "route_text": "The X84 to Otley"})
    assert response.status_code == 302 and response["Location"] == "/bus-safety/report/where/"


def test_a_future_date_and_a_bad_time_are_refused(
    bus_lists: None, report_answers: Callable[..., Any]
) -> None:
    c = Client()
    for slug, data in report_answers()[:2]:
        c.post(f"/bus-safety/report/{slug}/", data)
    body = c.post(
        "/bus-safety/report/when/",
        {
            "occurred_on_day": "1",
            "occurred_on_month": "1",
            "occurred_on_year": "2999",
            "occurred_time": "25:99",
        },
    ).content.decode()
    assert '<a href="#id_occurred_on_day">The date it happened must be today or in the past</a>' in body
    assert '<a href="#id_occurred_time">Enter the time like 8:15am or 17:40</a>' in body


def test_nothing_ticked_is_an_error_on_the_checklist(
    bus_lists: None, report_answers: Callable[..., Any]
) -> None:
    c = Client()
    for slug, data in report_answers()[:3]:
        c.post(f"/bus-safety/report/{slug}/", data)
    body = c.post("/bus-safety/report/what/", {"description": ""}).content.decode()
    assert '<a href="#id_concerns">Select what happened</a>' in body
    assert "Including sexual harassment: unwanted comments, staring, following or touching" in body


def test_a_reply_needs_an_email_or_phone(bus_lists: None, report_answers: Callable[..., Any]) -> None:
    c = Client()
    for slug, data in report_answers(reply={"wants_reply": "yes"})[:5]:
        c.post(f"/bus-safety/report/{slug}/", data)
    body = c.post("/bus-safety/report/contact/", {}).content.decode()
    assert '<a href="#id_contact_email">Enter an email address or a phone number so we can reply</a>' in body


def test_an_anonymous_report_keeps_no_contact_details_even_if_typed(
    bus_lists: None, submit_report: Callable[..., Any]
) -> None:
    c = Client()
    response = submit_report(
        c,
        reply={
            "wants_reply": "no",
            "contact_name": "Sam",
            "contact_email": "not-an-email",
            "contact_phone": "",
        },
    )
    assert response["Location"] == "/bus-safety/report/done/"
    report = BusReport.objects.get()
    assert (report.wants_reply, report.contact_name, report.contact_email) == (False, "", "")
    done = c.get("/bus-safety/report/done/").content.decode()
    assert report.reference in done and "You asked us not to reply" in done
    assert report.reference.startswith("BUS-") and len(report.reference) == 13
    event = AuditEvent.objects.get(object_type="bus_report")
    assert event.user is None and event.detail == {"source": "public form", "wants_reply": False}


def test_a_point_on_the_map_places_the_report_in_its_lsoa_and_district(
    bus_lists: None, submit_report: Callable[..., Any]
) -> None:
    submit_report(point=LEEDS_POINT, concerns=("violence",))
    report = BusReport.objects.select_related("lsoa", "district").get()
    assert report.lsoa.code == "E01033008" and report.district.name == "Leeds"
    easting, northing = to_bng([LEEDS_POINT[1]], [LEEDS_POINT[0]])
    assert (report.easting, report.northing) == (float(easting[0]), float(northing[0]))
    assert (report.latitude, report.longitude) == LEEDS_POINT
    assert list(report.concerns.values_list("code", flat=True)) == ["violence"]


def test_without_a_point_a_route_in_one_district_places_the_report_there(
    bus_lists: None, submit_report: Callable[..., Any]
) -> None:
    submit_report(route="613")
    assert BusReport.objects.get().district.name == "Bradford"
    submit_report(route="72")  # Leeds to Bradford: no single district
    assert BusReport.objects.get(route__code="72").district is None


def test_a_point_outside_every_area_is_kept_without_an_area(geography: None) -> None:
    placed = place_point(-0.1276, 51.5072)  # London
    assert placed.lsoa_id is None and placed.district_id is None
    assert 529_000 < placed.easting < 531_000 and 179_000 < placed.northing < 181_000


def test_the_check_page_lists_the_answers_with_change_links(
    bus_lists: None, report_answers: Callable[..., Any]
) -> None:
    c = Client()
    for slug, data in report_answers(reply={"wants_reply": "yes", "contact_email": "sam@example.org"}):
        c.post(f"/bus-safety/report/{slug}/", data)
    body = c.get("/bus-safety/report/check/").content.decode()
    assert "72: Leeds – Bradford (First)" in body and "sam@example.org" in body
    assert (
        '<a class="govuk-link" href="/bus-safety/report/what/">'
        'Change<span class="govuk-visually-hidden"> what happened</span></a>' in body
    )
    # Changing an answer from the check page returns to it.
    response = c.post("/bus-safety/report/where/", {"place": "Briggate"})
    assert response["Location"] == "/bus-safety/report/check/"


def test_a_reply_wanted_keeps_the_contact_details(bus_lists: None, submit_report: Callable[..., Any]) -> None:
    submit_report(reply={"wants_reply": "yes", "contact_name": "Sam", "contact_email": "sam@example.org"})
    report = BusReport.objects.get()
    assert (report.wants_reply, report.contact_name, report.contact_email) == (True, "Sam", "sam@example.org")

"""The public application: page by page, errors in the GOV.UK style, then the acknowledgement."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from saferplaces.areas.models import District
from saferplaces.audit.models import AuditEvent
from saferplaces.casereviews.models import Application

pytestmark = pytest.mark.django_db


def test_the_start_page_states_the_local_threshold(geography: None) -> None:
    body = Client().get("/asb-case-review/").content.decode()
    assert "you complained about the behaviour 3 times or more, each within 1 month of it happening" in body
    assert "5 or more people complained about similar behaviour" in body


def test_an_empty_page_shows_an_error_summary_linked_to_the_field(geography: None) -> None:
    response = Client().post("/asb-case-review/apply/who/", {})
    body = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: Who is applying?" in body
    assert (
        '<a href="#id_applicant_type">Select whether you are the victim or applying on their behalf</a>'
        in body
    )
    assert (
        'id="id_applicant_type-error"' in body
        and 'aria-describedby="id_applicant_type-hint id_applicant_type-error"' in body
    )


def test_applying_on_behalf_needs_the_victims_name_relationship_and_consent(geography: None) -> None:
    c = Client()
    assert c.get("/asb-case-review/apply/victim/")["Location"] == "/asb-case-review/apply/who/"
    assert c.post("/asb-case-review/apply/who/", {"applicant_type": "on_behalf"})["Location"] == (
        "/asb-case-review/apply/victim/"
    )
    body = c.post("/asb-case-review/apply/victim/", {}).content.decode()
    assert '<a href="#id_victim_name">Enter the victim&#x27;s full name</a>' in body
    assert '<a href="#id_relationship">Enter how you know the victim</a>' in body
    assert (
        '<a href="#id_victim_consent">Confirm that the victim has agreed to you applying for them</a>' in body
    )


def test_a_later_page_cannot_be_reached_before_the_earlier_ones(geography: None) -> None:
    response = Client().get("/asb-case-review/apply/behaviour/")
    assert response.status_code == 302 and response["Location"] == "/asb-case-review/apply/who/"


def test_a_complaint_with_a_missing_month_links_to_the_month_box(
    geography: None, fill_application: Any
) -> None:
    c = Client()
    leeds = District.objects.get(name="Leeds")
    fill_application(c, district_id=leeds.pk, complaints=0)
    body = c.post(
        "/asb-case-review/apply/complaints/add/",
        {
            "behaviour_on_day": "3",
            "behaviour_on_month": "",
            "behaviour_on_year": "2025",
            "made_on_day": "31",
            "made_on_month": "2",
            "made_on_year": "2025",
            "made_to": "police",
        },
    ).content.decode()
    assert '<a href="#id_behaviour_on_month">The date of the behaviour must include a month</a>' in body
    assert '<a href="#id_made_on_day">The date you complained must be a real date</a>' in body
    assert (
        'id="id_behaviour_on_month" name="behaviour_on_month" type="text" inputmode="numeric" value=""'
        in body
    )


def test_a_complaint_dated_before_its_behaviour_is_refused(geography: None, fill_application: Any) -> None:
    c = Client()
    fill_application(c, district_id=District.objects.get(name="Leeds").pk, complaints=0)
    body = c.post(
        "/asb-case-review/apply/complaints/add/",
        {
            "behaviour_on_day": "10",
            "behaviour_on_month": "3",
            "behaviour_on_year": "2025",
            "made_on_day": "9",
            "made_on_month": "3",
            "made_on_year": "2025",
            "made_to": "council",
        },
    ).content.decode()
    assert "The date you complained must be the same as or after the date of the behaviour" in body


def test_sending_the_application_stores_it_and_shows_the_reference_and_due_dates(
    geography: None, fill_application: Any
) -> None:
    c = Client(REMOTE_ADDR="198.51.100.7")
    leeds = District.objects.get(name="Leeds")
    response = fill_application(c, district_id=leeds.pk, complaints=3)
    assert response["Location"] == "/asb-case-review/apply/check/"
    check = c.get("/asb-case-review/apply/check/").content.decode()
    assert "Pat Example" in check and "LS1 1UR" in check and "Complaint 3" in check
    refused = c.post("/asb-case-review/apply/check/", {})
    assert "Confirm that the information you have given is true" in refused.content.decode()
    sent = c.post("/asb-case-review/apply/check/", {"confirm": "on"})
    assert sent["Location"] == "/asb-case-review/apply/done/"
    app = Application.objects.get()
    assert app.reference.startswith("ACR-") and len(app.reference) == 13
    assert app.postcode == "LS1 1UR" and app.district == leeds and app.complaints.count() == 3
    assert app.status == Application.Status.RECEIVED
    done: Any = c.get("/asb-case-review/apply/done/")
    body = done.content.decode()
    assert app.reference in body and "We will write to you to acknowledge your application by" in body
    # The reference is never in an address, and the audit row names no one.
    assert app.reference not in done.request["PATH_INFO"]
    event = AuditEvent.objects.get(object_type="case_review", object_id=app.reference)
    assert event.action == "create" and event.detail == {"complaints": 3, "source": "public form"}
    # The answers left the session with the application.
    assert "casereview_application" not in c.session

"""Staff record a tracked crime: the access code is shown once and only its hash is kept."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from tracker_support import staff_client

from saferplaces.audit.models import AuditEvent
from saferplaces.tracker.models import StatusChange, TrackedCrime

pytestmark = pytest.mark.django_db


def _form(cast: dict[str, Any], districts: dict[str, Any], **changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "crime_reference": "13/555111/25",
        "district": districts["Leeds"].pk,
        "victim_name": "Pat Example",
        "victim_email": "pat@example.org",
        "victim_phone": "",
        "enhanced_reason": "intimidated",
        "officer": cast["officer"].pk,
    }
    data.update(changes)
    return data


def test_recording_a_tracked_crime_shows_the_code_once_and_stores_only_its_hash(
    cast: dict[str, Any], districts: dict[str, Any]
) -> None:
    client = staff_client(cast["teammate"])
    response = client.post("/track/staff/new/", _form(cast, districts))
    assert response.status_code == 200
    text = response.content.decode()
    code = re.search(r'id="access-code">([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4})<', text)
    assert code is not None
    crime = TrackedCrime.objects.get(crime_reference="13/555111/25")
    assert code.group(1).replace("-", "") not in crime.access_code_hash
    assert crime.officer == cast["officer"] and crime.enhanced_rights
    assert list(StatusChange.objects.filter(crime=crime).values_list("status", flat=True)) == ["recorded"]
    event = AuditEvent.objects.get(action="create", object_type="tracked_crime")
    assert event.object_id == str(crime.pk) and event.district_id == districts["Leeds"].pk
    assert "Pat" not in str(event.detail)
    # The detail page never shows the code again.
    assert code.group(1) not in client.get(f"/track/staff/crimes/{crime.pk}/").content.decode()
    # ...and the victim can sign in with it.
    signed_in = Client().post("/track/", {"reference": "13/555111/25", "code": code.group(1)})
    assert signed_in.status_code == 302


def test_an_officer_from_another_district_a_duplicate_and_no_contact_are_refused(
    cast: dict[str, Any], districts: dict[str, Any], make_crime: Any
) -> None:
    make_crime(reference="13/555111/25")
    client = staff_client(cast["admin"])
    response = client.post(
        "/track/staff/new/",
        _form(cast, districts, officer=cast["bradford"].pk, victim_email=""),
    )
    text = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: Record a tracked crime" in text
    assert '<a href="#id_crime_reference">Crime reference: This crime is already tracked</a>' in text
    assert '<a href="#id_officer">Officer in charge: This officer does not work in Leeds</a>' in text
    assert "Give an email address or a phone number for the victim" in text
    assert TrackedCrime.objects.count() == 1


def test_staff_can_only_record_in_their_own_districts(
    cast: dict[str, Any], districts: dict[str, Any]
) -> None:
    client = staff_client(cast["bradford"])
    response = client.post("/track/staff/new/", _form(cast, districts))
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert TrackedCrime.objects.count() == 0


def test_re_issuing_a_code_from_the_staff_page_shows_a_new_code_and_clears_a_lockout(
    cast: dict[str, Any], make_crime: Any
) -> None:
    from datetime import timedelta

    from django.utils import timezone

    tracked = make_crime()
    TrackedCrime.objects.filter(pk=tracked.crime.pk).update(
        locked_until=timezone.now() + timedelta(minutes=20), failed_attempts=2
    )
    client = staff_client(cast["officer"])
    assert (
        "Issue a new access code for"
        in client.get(f"/track/staff/crimes/{tracked.crime.pk}/code/").content.decode()
    )
    text = client.post(f"/track/staff/crimes/{tracked.crime.pk}/code/").content.decode()
    new_code = re.search(r'id="access-code">([0-9A-Z-]{14})<', text)
    assert new_code is not None and new_code.group(1) != tracked.code
    crime = TrackedCrime.objects.get(pk=tracked.crime.pk)
    assert crime.locked_until is None and crime.failed_attempts == 0
    assert AuditEvent.objects.filter(action="update", detail__code_reissued=True).count() == 1

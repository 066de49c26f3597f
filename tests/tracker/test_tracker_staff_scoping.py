"""Every staff page of a tracked crime checks role and district: 403 elsewhere, 404 when missing."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from tracker_support import Tracked, staff_client

from saferplaces.audit.models import AuditEvent
from saferplaces.tracker import actions
from saferplaces.tracker.models import Message, StatusChange

pytestmark = pytest.mark.django_db


def _crime_pages(tracked: Tracked, event_pk: int) -> list[tuple[str, str, dict[str, str]]]:
    pk = tracked.crime.pk
    return [
        ("get", f"/track/staff/crimes/{pk}/", {}),
        ("post", f"/track/staff/crimes/{pk}/status/", {"status": "closed", "note": "x"}),
        ("post", f"/track/staff/crimes/{pk}/reply/", {"body": "Hello"}),
        ("get", f"/track/staff/crimes/{pk}/events/new/", {}),
        ("post", f"/track/staff/crimes/{pk}/events/new/", {"kind": "arrest", "occurred_on": "2025-01-08"}),
        ("get", f"/track/staff/crimes/{pk}/events/{event_pk}/update/", {}),
        ("post", f"/track/staff/crimes/{pk}/events/{event_pk}/update/", {"update_text": "x"}),
        ("get", f"/track/staff/crimes/{pk}/code/", {}),
        ("post", f"/track/staff/crimes/{pk}/code/", {}),
    ]


def test_another_districts_staff_get_403_on_every_page_of_the_crime(
    tracked: Tracked, cast: dict[str, Any]
) -> None:
    event = actions.do_record_code_event(tracked.crime, "arrest", date(2025, 1, 8), by=cast["officer"])
    client = staff_client(cast["bradford"])
    before = tracked.crime.access_code_hash
    for method, path, data in _crime_pages(tracked, event.pk):
        response = getattr(client, method)(path, data)
        assert response.status_code == 403, (method, path)
        assert "Pat Example" not in response.content.decode()
    tracked.crime.refresh_from_db()
    assert tracked.crime.status == "recorded" and tracked.crime.access_code_hash == before
    assert Message.objects.count() == 0 and StatusChange.objects.count() == 1
    assert not AuditEvent.objects.filter(action="view", object_type="tracked_crime").exists()


def test_the_crime_is_missing_from_another_districts_lists_and_queues(
    tracked: Tracked, cast: dict[str, Any]
) -> None:
    actions.do_send_victim_message(tracked.crime, "Are there any updates?")
    actions.do_record_code_event(tracked.crime, "arrest", date(2025, 1, 8), by=cast["officer"])
    client = staff_client(cast["bradford"])
    for path in (
        "/track/staff/?show=all",
        "/track/staff/messages/?show=all",
        "/track/staff/updates/?show=all",
    ):
        response = client.get(path)
        assert response.status_code == 200 and "13/246802/25" not in response.content.decode(), path
    found = client.post("/track/staff/", {"crime_reference": "13/246802/25"})
    assert "No tracked crime with this reference in your districts" in found.content.decode()


def test_roles_without_casework_are_refused_and_a_missing_crime_is_404(
    tracked: Tracked, cast: dict[str, Any]
) -> None:
    analyst = staff_client(cast["analyst"])
    for path in (
        "/track/staff/",
        "/track/staff/new/",
        "/track/staff/messages/",
        "/track/staff/updates/",
        f"/track/staff/crimes/{tracked.crime.pk}/",
    ):
        assert analyst.get(path).status_code == 403, path
    assert staff_client(cast["officer"]).get("/track/staff/crimes/999999/").status_code == 404
    assert staff_client(cast["admin"]).get(f"/track/staff/crimes/{tracked.crime.pk}/").status_code == 200


def test_every_staff_view_of_the_crime_is_audited_without_personal_data(
    tracked: Tracked, cast: dict[str, Any]
) -> None:
    client = staff_client(cast["supervisor"])
    response = client.get(f"/track/staff/crimes/{tracked.crime.pk}/")
    assert response.status_code == 200 and "Pat Example" in response.content.decode()
    event = AuditEvent.objects.get(action="view", object_type="tracked_crime")
    assert event.user == cast["supervisor"]
    assert event.object_id == str(tracked.crime.pk)
    assert "Pat" not in str(event.detail) and "246802" not in str(event.detail)


def test_no_staff_page_puts_the_reference_in_an_address(tracked: Tracked, cast: dict[str, Any]) -> None:
    client = staff_client(cast["officer"])
    response = client.post("/track/staff/", {"crime_reference": "13/246802/25"})
    assert response.status_code == 302
    assert response["Location"] == f"/track/staff/crimes/{tracked.crime.pk}/"

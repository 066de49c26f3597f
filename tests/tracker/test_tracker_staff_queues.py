"""The team's side: the message queue with its targets, updates due under the Code, replies,
updates and status changes that the victim then sees."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from tracker_support import Tracked, staff_client

from saferplaces.tracker import actions
from saferplaces.tracker.models import CodeEvent, Message

pytestmark = pytest.mark.django_db


def test_the_queue_lists_waiting_messages_overdue_first_and_highlighted(
    make_crime: Any, cast: dict[str, Any]
) -> None:
    first = make_crime()
    second = make_crime(reference="13/777777/25", officer="teammate")
    late = actions.do_send_victim_message(first.crime, "Any news?")
    fresh = actions.do_send_victim_message(second.crime, "I found a witness.")
    Message.objects.filter(pk=late.pk).update(respond_by=date(2025, 1, 15))
    text = staff_client(cast["officer"]).get("/track/staff/messages/").content.decode()
    assert "2 messages waiting for a reply, 1 overdue" in text
    assert text.index("13/246802/25") < text.index("13/777777/25")
    assert '<tr class="overdue">' in text and "Overdue by" in text
    assert "Any news?" not in text  # the queue shows no message text or victim names
    # The officer's own crimes only:
    mine = staff_client(cast["officer"]).get("/track/staff/messages/?show=mine").content.decode()
    assert "13/246802/25" in mine and "13/777777/25" not in mine
    # A supervisor in another team sees the district's messages only when asking for all of them.
    supervisor = staff_client(cast["supervisor"])
    assert "0 messages waiting" in supervisor.get("/track/staff/messages/").content.decode()
    assert "2 messages waiting" in supervisor.get("/track/staff/messages/?show=all").content.decode()
    assert fresh.respond_by is not None


def test_a_reply_answers_the_waiting_messages_and_the_victim_reads_it(
    tracked: Tracked, victim: Client, cast: dict[str, Any]
) -> None:
    victim.post("/track/messages/new/", {"body": "Is anyone coming round?"})
    client = staff_client(cast["teammate"])
    assert "1 message waiting" in client.get("/track/staff/messages/").content.decode()
    response = client.post(
        f"/track/staff/crimes/{tracked.crime.pk}/reply/", {"body": "PC Okafor will visit on Friday."}
    )
    assert response.status_code == 302
    assert Message.objects.get(direction="from_victim").answered_at is not None
    assert "0 messages waiting" in client.get("/track/staff/messages/").content.decode()
    page = victim.get("/track/messages/").content.decode()
    assert "PC Okafor will visit on Friday." in page
    assert "Leeds North East NPT (collar number 3310) wrote" in page


def test_an_empty_reply_is_shown_as_an_error(tracked: Tracked, cast: dict[str, Any]) -> None:
    response = staff_client(cast["officer"]).post(
        f"/track/staff/crimes/{tracked.crime.pk}/reply/", {"body": ""}
    )
    assert response.status_code == 400
    assert '<a href="#id_body">Reply to the victim: This field is required.</a>' in response.content.decode()


def test_updates_due_come_overdue_first_with_their_working_day_deadlines(
    make_crime: Any, cast: dict[str, Any]
) -> None:
    ordinary = make_crime()
    enhanced = make_crime(reference="13/888888/25", enhanced_reason="persistently_targeted")
    client = staff_client(cast["officer"])
    today = timezone.localdate()
    client.post(
        f"/track/staff/crimes/{ordinary.crime.pk}/events/new/", {"kind": "arrest", "occurred_on": today}
    )
    client.post(
        f"/track/staff/crimes/{enhanced.crime.pk}/events/new/",
        {"kind": "release", "occurred_on": "2025-04-17"},
    )
    late = CodeEvent.objects.get(crime=enhanced.crime)
    assert late.due_on == date(2025, 4, 22)  # enhanced: 1 working day, after Good Friday and Easter Monday
    on_time = CodeEvent.objects.get(crime=ordinary.crime)
    from saferplaces.tracker.workingdays import add_working_days

    assert on_time.due_on == add_working_days(today, 5)
    text = client.get("/track/staff/updates/").content.decode()
    assert "2 updates due, 1 overdue" in text
    assert text.index("13/888888/25") < text.index("13/246802/25")
    assert "Suspect released (enhanced rights)" in text


def test_recording_the_update_puts_it_on_the_victims_tracker(tracked: Tracked, cast: dict[str, Any]) -> None:
    event = actions.do_record_code_event(
        tracked.crime, "charge_decision", date(2025, 3, 3), by=cast["officer"]
    )
    client = staff_client(cast["officer"])
    form = client.get(f"/track/staff/crimes/{tracked.crime.pk}/events/{event.pk}/update/").content.decode()
    assert "must be told by 10 March 2025" in form and "Overdue" in form
    response = client.post(
        f"/track/staff/crimes/{tracked.crime.pk}/events/{event.pk}/update/",
        {"update_text": "The CPS has authorised a charge of burglary."},
    )
    assert response.status_code == 302
    victim = Client()
    victim.post("/track/", {"reference": tracked.crime.crime_reference, "code": tracked.code})
    text = victim.get("/track/your-crime/").content.decode()
    assert "Charging decision made: 3 March 2025" in text
    assert "The CPS has authorised a charge of burglary." in text


def test_a_future_event_date_is_refused(tracked: Tracked, cast: dict[str, Any]) -> None:
    tomorrow = timezone.localdate() + timedelta(days=1)
    response = staff_client(cast["officer"]).post(
        f"/track/staff/crimes/{tracked.crime.pk}/events/new/", {"kind": "arrest", "occurred_on": tomorrow}
    )
    assert "Date it happened: The date must not be in the future" in response.content.decode()
    assert CodeEvent.objects.count() == 0


def test_changing_the_status_adds_to_the_history_and_a_final_status_starts_retention(
    tracked: Tracked, cast: dict[str, Any]
) -> None:
    client = staff_client(cast["officer"])
    client.post(
        f"/track/staff/crimes/{tracked.crime.pk}/status/",
        {"status": "no_further_action", "note": "No suspect."},
    )
    tracked.crime.refresh_from_db()
    assert tracked.crime.status == "no_further_action" and tracked.crime.closed_at is not None
    client.post(
        f"/track/staff/crimes/{tracked.crime.pk}/status/", {"status": "investigating", "note": "Reopened."}
    )
    tracked.crime.refresh_from_db()
    assert tracked.crime.closed_at is None
    assert list(tracked.crime.status_changes.values_list("status", flat=True)) == [
        "recorded",
        "no_further_action",
        "investigating",
    ]

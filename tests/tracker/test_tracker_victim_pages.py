"""The victim's pages: status and history, officer, Victims' Code updates, messages, property."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from tracker_support import Tracked

from saferplaces.audit.models import AuditEvent
from saferplaces.tracker import actions
from saferplaces.tracker.models import Message, PropertyItem, UsageCount

pytestmark = pytest.mark.django_db


def test_the_victim_sees_the_status_its_history_and_the_officer_in_charge(
    tracked: Tracked, victim: Client, cast: dict[str, Any]
) -> None:
    actions.do_change_status(
        tracked.crime, "investigating", "CCTV has been requested from the shop.", by=cast["officer"]
    )
    text = victim.get("/track/your-crime/").content.decode()
    assert '<dd class="govuk-summary-list__value" id="crime-status">Being investigated</dd>' in text
    assert '<dd class="govuk-summary-list__value" id="officer-name">Sam Okafor</dd>' in text
    assert '<dd class="govuk-summary-list__value" id="officer-collar">4521</dd>' in text
    assert '<dd class="govuk-summary-list__value" id="officer-team">Leeds North East NPT</dd>' in text
    assert "CCTV has been requested from the shop." in text
    assert text.index("Being investigated</td>") < text.index("Crime recorded</td>")  # newest first
    assert "within 5 working days" in text


def test_updates_due_show_only_their_deadline_and_given_updates_show_their_words(
    make_crime: Any, cast: dict[str, Any]
) -> None:
    tracked = make_crime(enhanced_reason="vulnerable")
    victim = Client()
    victim.post("/track/", {"reference": tracked.crime.crime_reference, "code": tracked.code})
    due = actions.do_record_code_event(tracked.crime, "arrest", date(2025, 5, 2), by=cast["officer"])
    assert due.due_on == date(2025, 5, 6)  # enhanced rights: 1 working day, over the May bank holiday
    actions.do_record_code_event(
        tracked.crime,
        "interview",
        date(2025, 5, 1),
        "A man was interviewed and released on bail.",
        by=cast["officer"],
    )
    text = victim.get("/track/your-crime/").content.decode()
    assert "within 1 working day" in text
    assert "We owe you an update about a development in your case by <strong>6 May 2025</strong>" in text
    assert "Suspect arrested" not in text  # the officer decides what to say about it
    assert "Suspect interviewed: 1 May 2025" in text
    assert "A man was interviewed and released on bail." in text


def test_a_victim_sends_a_message_with_a_reply_target_two_working_days_away(
    tracked: Tracked, victim: Client
) -> None:
    form = victim.get("/track/messages/new/").content.decode()
    assert '<h1 class="govuk-label-wrapper"><label class="govuk-label govuk-label--l" for="id_body">' in form
    response = victim.post("/track/messages/new/", {"body": "Someone was outside again last night."})
    assert response.status_code == 302 and response["Location"] == "/track/messages/"
    message = Message.objects.get()
    assert message.direction == "from_victim" and message.answered_at is None
    from saferplaces.tracker.workingdays import add_working_days

    assert message.respond_by == add_working_days(timezone.localdate(message.sent_at), 2)
    page = victim.get("/track/messages/").content.decode()
    assert "Your message has been sent" in page
    assert "Someone was outside again last night." in page
    assert "We aim to reply by" in page
    assert UsageCount.objects.get(kind="message").count == 1
    event = AuditEvent.objects.get(action="create", detail__actor="victim")
    assert "outside" not in str(event.detail)


def test_an_empty_message_is_refused_with_an_error_summary(victim: Client) -> None:
    response = victim.post("/track/messages/new/", {"body": "   "})
    text = response.content.decode()
    assert response.status_code == 200
    assert '<a href="#id_body">Enter your message</a>' in text
    assert "govuk-textarea--error" in text
    assert Message.objects.count() == 0


def test_a_victim_adds_lost_or_damaged_property(tracked: Tracked, victim: Client) -> None:
    response = victim.post(
        "/track/property/add/",
        {
            "item": "Bicycle",
            "description": "Red Carrera, stolen from the yard",
            "value": "£1,249.50",
            "serial_number": "WTU123456",
        },
    )
    assert response.status_code == 302 and response["Location"] == "/track/property/"
    item = PropertyItem.objects.get()
    assert (item.item, item.value, item.serial_number) == ("Bicycle", Decimal("1249.50"), "WTU123456")
    text = victim.get("/track/property/").content.decode()
    assert "The property has been added" in text and "£1249.50" in text and "WTU123456" in text
    assert UsageCount.objects.get(kind="property").count == 1


def test_property_form_errors_are_linked_from_the_summary(victim: Client) -> None:
    text = victim.post("/track/property/add/", {"item": "", "value": "lots"}).content.decode()
    assert '<a href="#id_item">Enter what the item is</a>' in text
    assert '<a href="#id_value">Value must be a number of pounds, like 120 or 120.50</a>' in text
    assert PropertyItem.objects.count() == 0


def test_the_victim_pages_need_a_tracker_session(tracked: Tracked) -> None:
    client = Client()
    for path in (
        "/track/your-crime/",
        "/track/messages/",
        "/track/messages/new/",
        "/track/property/",
        "/track/property/add/",
    ):
        response = client.get(path)
        assert response.status_code == 302 and response["Location"] == "/track/", path


def test_victim_pages_are_never_cached_and_carry_the_security_headers(victim: Client) -> None:
    response = victim.get("/track/your-crime/")
    assert response["Cache-Control"] == "no-store"
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert " style=" not in response.content.decode()

"""The local rules are data: an administrator changes them without code."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from tracker_support import CODE, REFERENCE

from saferplaces.tracker import actions
from saferplaces.tracker.models import TrackedCrime, TrackerSettings
from saferplaces.tracker.workingdays import add_working_days

pytestmark = pytest.mark.django_db


def test_the_defaults_are_the_victims_code_and_a_two_day_reply_target(db: None) -> None:
    rules = TrackerSettings.load()
    assert (rules.update_working_days, rules.enhanced_update_working_days, rules.response_working_days) == (
        5,
        1,
        2,
    )
    assert (rules.max_failed_attempts, rules.lockout_minutes, rules.idle_minutes) == (5, 30, 30)
    assert rules.retention_days == 365


def test_changed_rules_change_deadlines_and_the_lockout(make_crime: Any, cast: dict[str, Any]) -> None:
    TrackerSettings.objects.update_or_create(
        pk=1, defaults={"update_working_days": 10, "response_working_days": 3, "max_failed_attempts": 2}
    )
    tracked = make_crime()
    event = actions.do_record_code_event(tracked.crime, "arrest", date(2025, 1, 8), by=cast["officer"])
    assert event.due_on == date(2025, 1, 22)
    message = actions.do_send_victim_message(tracked.crime, "Hello")
    assert message.respond_by == add_working_days(timezone.localdate(message.sent_at), 3)
    client = Client(REMOTE_ADDR="192.0.2.5")
    for _ in range(2):
        client.post("/track/", {"reference": REFERENCE, "code": "AAAA-AAAA-AAAA"})
    assert TrackedCrime.objects.get(pk=tracked.crime.pk).locked_until is not None
    assert client.post("/track/", {"reference": REFERENCE, "code": CODE}).status_code == 200

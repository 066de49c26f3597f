"""Retention: the tracker's copy goes a set time after the crime is closed; the counts stay."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone

from saferplaces.audit.models import AuditEvent
from saferplaces.tracker import actions
from saferplaces.tracker.models import Message, TrackedCrime, UsageCount

pytestmark = pytest.mark.django_db


def test_crimes_closed_more_than_a_year_ago_are_deleted_with_their_messages(
    make_crime: Any, cast: dict[str, Any]
) -> None:
    old = make_crime()
    recent = make_crime(reference="13/777777/25")
    still_open = make_crime(reference="13/999999/25")
    for tracked in (old, recent):
        actions.do_change_status(tracked.crime, "closed", "", by=cast["officer"])
        actions.do_send_victim_message(tracked.crime, "Thank you")
    TrackedCrime.objects.filter(pk=old.crime.pk).update(closed_at=timezone.now() - timedelta(days=366))
    TrackedCrime.objects.filter(pk=still_open.crime.pk).update(
        created_at=timezone.now() - timedelta(days=900)
    )

    out = StringIO()
    call_command("purge_tracker", "--dry-run", stdout=out)
    assert out.getvalue().strip() == "would delete 1 tracked crime(s) closed more than 365 days ago"
    assert TrackedCrime.objects.count() == 3

    call_command("purge_tracker", stdout=StringIO())
    assert set(TrackedCrime.objects.values_list("crime_reference", flat=True)) == {
        "13/777777/25",
        "13/999999/25",
    }
    assert Message.objects.count() == 1
    deleted = AuditEvent.objects.get(action="delete", object_type="tracked_crime")
    assert deleted.object_id == str(old.crime.pk) and deleted.username == "retention"
    assert UsageCount.objects.get(kind="message").count == 2

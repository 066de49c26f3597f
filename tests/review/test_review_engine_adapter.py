"""The adapter runs the real review engine over the incident store and stores its results."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command

from saferplaces.analytics.review.risk import Questionnaire
from saferplaces.incidents.models import Incident
from saferplaces.review import engine
from saferplaces.review.models import EngineRun, LocationLink, PersonMention, ReviewItem, Task

pytestmark = pytest.mark.django_db


def test_the_incident_table_has_the_interchange_columns_as_text(incidents_loaded: Any) -> None:
    table = engine.incident_table(Incident.objects.filter(reference="T-0001"))
    row = table.row(0, named=True)
    assert row["incident_ref"] == "T-0001"
    assert row["received_at"] == "2025-06-01T21:15:00"  # UK local time, as in the file
    assert row["closing_code"] == "ASBP"
    assert row["asb_category"] == "personal"
    assert row["district"] == "Leeds"
    assert row["contact_requested"] == "Y"
    assert row["caller_name"] == "Jane Testperson"
    assert row["caller_dob"] == "1970-02-03"
    assert row["victim_name"] is None


def test_plain_reasons_turn_engine_codes_into_sentences() -> None:
    q = Questionnaire.load()
    out = engine.plain_reasons(
        "repeat victim (3 in 365 days) | risk: happened_before (+2, inferred); repeat_victim (+3)", q
    )
    assert out == [
        "Repeat victim: 3 in 365 days",
        "Risk factor: Has this happened to you before (inferred from the log and history, +2)",
        "Risk factor: repeat victim (main rolling window) (+3)",
    ]


def test_the_nightly_command_stores_flags_mentions_and_automatic_call_backs(incidents_loaded: Any) -> None:
    call_command("review_engine_run", "--quiet")
    run = EngineRun.objects.get()
    loaded = Incident.objects.count()
    assert run.incidents == loaded
    in_review = set(ReviewItem.objects.values_list("incident__reference", flat=True))
    # ASB finalisation closing codes and the harassment crime (8L); NFA and the unknown code stay out.
    assert "T-0001" in in_review and "T-0002" in in_review
    assert "T-0011" not in in_review
    assert run.in_review == len(in_review)
    first = ReviewItem.objects.get(incident__reference="T-0001")
    assert first.risk in {"standard", "medium", "high"}
    assert first.victim_person != ""
    assert PersonMention.objects.filter(incident__reference="T-0001", role="caller").count() == 1
    assert LocationLink.objects.exists()
    # T-0001's caller asked for contact: one automatic call-back, and a second run adds none.
    assert list(Task.objects.values_list("incident__reference", "kind", "automatic")) == [
        ("T-0001", "call_back", True)
    ]
    call_command("review_engine_run", "--quiet")
    assert Task.objects.count() == 1
    assert ReviewItem.objects.count() == len(in_review)


def test_a_claimed_item_keeps_its_claim_after_another_run(incidents_loaded: Any, make_user: Any) -> None:
    engine.run_engine()
    reviewer = make_user("r", "reviewer", ("Leeds",))
    ReviewItem.objects.filter(incident__reference="T-0001").update(status="claimed", claimed_by=reviewer)
    engine.run_engine()
    item = ReviewItem.objects.get(incident__reference="T-0001")
    assert (item.status, item.claimed_by) == ("claimed", reviewer)


def test_the_engine_uses_the_thresholds_an_administrator_edited(incidents_loaded: Any) -> None:
    from saferplaces.reference.models import Threshold

    assert engine.engine_config().repeat_min_incidents == 3
    Threshold.objects.update_or_create(
        key="repeat.min_incidents", defaults={"value": 2, "description": "edited"}
    )
    Threshold.objects.update_or_create(
        key="cdi.course_of_conduct_days", defaults={"value": 30, "description": "edited"}
    )
    config = engine.engine_config()
    assert (config.repeat_min_incidents, config.course_of_conduct_days) == (2, 30)
    assert config.repeat_window_days == 365  # not edited: the shipped default

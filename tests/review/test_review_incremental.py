"""Incremental engine runs: an import's new incidents are flagged and continue the stored clusters."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from saferplaces.imports.actions import import_file
from saferplaces.imports.models import ImportRun
from saferplaces.review import engine
from saferplaces.review.models import EngineRun, PersonMention, ReviewItem

pytestmark = pytest.mark.django_db

HEADER = (
    "incident_ref,received_at,closed_at,opening_code,closing_code,asb_category,district,location_text,"
    "postcode,latitude,longitude,caller_name,caller_phone,caller_dob,caller_address,caller_postcode,"
    "contact_requested,narrative\n"
)
# Jane Testperson (T-0001's caller) rings again a month later; a stranger rings the same day.
NEW = (
    "N-0001,2025-07-01T20:00:00,2025-07-01T21:00:00,YOUT,ASBP,personal,Leeds,14 Example Street,LS11 5AB,"
    "53.8004,-1.5520,Jane Testperson,07700 900001,1970-02-03,14 Example Street,LS11 5AB,N,"
    "RP states youths kicking her door again; she is scared.\n"
    "N-0002,2025-07-01T22:00:00,2025-07-01T23:00:00,YOUT,ASBN,nuisance,Leeds,3 Quiet Lane,LS6 1AA,"
    "53.8200,-1.5800,Oliver Newcaller,07700 900999,1988-11-12,3 Quiet Lane,LS6 1AA,N,"
    "Loud music from a car parked outside.\n"
)


@pytest.fixture
def new_file(tmp_path: Path) -> Path:
    path = tmp_path / "new.csv"
    path.write_text(HEADER + NEW, encoding="utf-8")
    return path


def test_an_import_flags_its_incidents_and_links_a_known_caller_to_her_stored_person(
    incidents_loaded: Any, new_file: Path, settings: Any
) -> None:
    nightly = engine.run_engine()
    jane = PersonMention.objects.get(incident__reference="T-0001", role="caller").person_id
    before = dict(ReviewItem.objects.values_list("incident__reference", "engine_run_id"))

    settings.REVIEW_ENGINE_AFTER_IMPORT = True
    import_file(ImportRun.Kind.INCIDENTS, new_file)

    incremental = EngineRun.objects.latest("pk")
    assert incremental.pk != nightly.pk
    assert incremental.incidents == 2  # only the new incidents were written
    assert ReviewItem.objects.get(incident__reference="N-0001").victim_person == jane
    stranger = ReviewItem.objects.get(incident__reference="N-0002").victim_person
    assert stranger.endswith(f".R{incremental.pk}")  # a new person cannot take a stored id
    assert not PersonMention.objects.filter(person_id=stranger).exclude(incident__reference="N-0002").exists()
    # The history the run read was left as the nightly run stored it.
    after = dict(ReviewItem.objects.exclude(incident__reference__startswith="N-").values_list(
        "incident__reference", "engine_run_id"))  # fmt: skip
    assert after == before


def test_re_importing_the_same_file_runs_nothing(
    incidents_loaded: Any, new_file: Path, settings: Any
) -> None:
    settings.REVIEW_ENGINE_AFTER_IMPORT = True
    import_file(ImportRun.Kind.INCIDENTS, new_file)
    runs = EngineRun.objects.count()
    import_file(ImportRun.Kind.INCIDENTS, new_file)
    assert EngineRun.objects.count() == runs


def test_imports_leave_the_engine_alone_when_switched_off(incidents_loaded: Any, new_file: Path) -> None:
    import_file(ImportRun.Kind.INCIDENTS, new_file)  # tests run with REVIEW_ENGINE_AFTER_IMPORT off
    assert not EngineRun.objects.exists()

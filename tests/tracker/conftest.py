"""The tracker's cast: two Leeds officers in one team, a Leeds supervisor, a Bradford officer, an
analyst, the PCC team and an administrator; tracked crimes made through the real action."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from tracker_support import CODE, REFERENCE, CountingHasher, Tracked


@pytest.fixture(autouse=True)
def _fast_hashing(settings: Any) -> None:
    # PBKDF2 takes about a second per hash on these machines; the scheme is the same with any hasher.
    settings.PASSWORD_HASHERS = [f"{CountingHasher.__module__}.{CountingHasher.__qualname__}"]
    CountingHasher.calls = 0


@pytest.fixture
def districts(db: None) -> dict[str, Any]:
    from saferplaces.areas.models import District

    return {
        "Leeds": District.objects.get_or_create(code="E08000035", name="Leeds")[0],
        "Bradford": District.objects.get_or_create(code="E08000032", name="Bradford")[0],
    }


@pytest.fixture
def cast(districts: dict[str, Any], make_user: Callable[..., Any]) -> dict[str, Any]:
    team = "Leeds North East NPT"
    return {
        "officer": make_user(
            "sam.okafor",
            "npt_officer",
            ("Leeds",),
            first_name="Sam",
            last_name="Okafor",
            collar_number="4521",
            team=team,
        ),
        "teammate": make_user(
            "alex.brown",
            "npt_officer",
            ("Leeds",),
            first_name="Alex",
            last_name="Brown",
            collar_number="3310",
            team=team,
        ),
        "supervisor": make_user(
            "leeds.sergeant",
            "supervisor",
            ("Leeds",),
            first_name="Jo",
            last_name="Hale",
            collar_number="1207",
            team="Leeds South NPT",
        ),
        "bradford": make_user(
            "bradford.officer",
            "npt_officer",
            ("Bradford",),
            first_name="Kim",
            last_name="Shah",
            collar_number="8800",
            team="Bradford East NPT",
        ),
        "analyst": make_user("analyst", "analyst", ("Leeds",)),
        "pcc": make_user("pcc.policy", "pcc"),
        "admin": make_user("admin", "administrator"),
    }


@pytest.fixture
def make_crime(cast: dict[str, Any], districts: dict[str, Any]) -> Callable[..., Tracked]:
    """Record a tracked crime through the real action, with a chosen access code."""
    from saferplaces.tracker import actions, codes

    def make(
        reference: str = REFERENCE,
        district: str = "Leeds",
        officer: str = "officer",
        enhanced_reason: str = "",
        code: str = CODE,
    ) -> Tracked:
        original = codes.generate_code
        codes.generate_code = lambda: code
        try:
            crime, issued = actions.do_create_tracked_crime(
                actions.NewTrackedCrime(
                    crime_reference=reference,
                    district_id=districts[district].pk,
                    victim_name="Pat Example",
                    victim_email="pat@example.org",
                    victim_phone="",
                    enhanced_reason=enhanced_reason,
                    officer=cast[officer],
                ),
                by=cast[officer],
            )
        finally:
            codes.generate_code = original
        return Tracked(crime=crime, code=issued)

    return make


@pytest.fixture
def tracked(make_crime: Callable[..., Tracked]) -> Tracked:
    return make_crime()


@pytest.fixture
def victim(tracked: Tracked) -> Client:
    """A browser-less client signed in as the victim of ``tracked``."""
    client = Client(REMOTE_ADDR="198.51.100.7")
    response = client.post("/track/", {"reference": REFERENCE, "code": CODE})
    assert response.status_code == 302 and response["Location"] == "/track/your-crime/"
    return client

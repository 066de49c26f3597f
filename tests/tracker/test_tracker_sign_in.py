"""Signing in at /track/: the right pair opens the session; anything else looks the same."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from tracker_support import CODE, REFERENCE, CountingHasher, Tracked

from saferplaces.audit.models import AuditEvent
from saferplaces.tracker.models import TrackedCrime

pytestmark = pytest.mark.django_db

CSRF = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]+"')


def _body(response: Any) -> bytes:
    return CSRF.sub(b"", response.content)


def _lock(reference: str = REFERENCE) -> None:
    attacker = Client(REMOTE_ADDR="192.0.2.66")
    for _ in range(5):
        attacker.post("/track/", {"reference": reference, "code": "AAAA-AAAA-AAAA"})


def test_the_right_reference_and_code_sign_the_victim_in_without_either_in_the_address(
    tracked: Tracked,
) -> None:
    client = Client(REMOTE_ADDR="198.51.100.7")
    response = client.post("/track/", {"reference": " 13/246802/25 ", "code": "7kq2 m9xd 4trw"})
    assert response.status_code == 302
    assert response["Location"] == "/track/your-crime/"
    page = client.get("/track/your-crime/")
    assert page.status_code == 200
    assert "Being investigated" not in page.content.decode() and "Crime recorded" in page.content.decode()
    assert client.session["tracker_crime"] == tracked.crime.pk
    assert AuditEvent.objects.filter(action="login", object_type="tracked_crime").count() == 1


def test_a_wrong_code_a_wrong_reference_and_a_locked_crime_are_indistinguishable(
    make_crime: Any,
) -> None:
    make_crime()
    make_crime(reference="13/654321/25", code="QQQQ-RRRR-SSSS")
    _lock("13/654321/25")
    assert TrackedCrime.objects.get(crime_reference="13/654321/25").locked_until is not None

    def attempt(reference: str, code: str) -> Any:
        return Client(REMOTE_ADDR="203.0.113.20").post("/track/", {"reference": reference, "code": code})

    wrong_code = attempt(REFERENCE, "AAAA-BBBB-CCCC")
    wrong_reference = attempt("13/999999/25", "AAAA-BBBB-CCCC")
    locked_with_right_code = attempt("13/654321/25", "QQQQ-RRRR-SSSS")
    assert wrong_code.status_code == wrong_reference.status_code == locked_with_right_code.status_code == 200
    assert _body(wrong_code) == _body(wrong_reference) == _body(locked_with_right_code)
    assert dict(wrong_code.headers) == dict(wrong_reference.headers) == dict(locked_with_right_code.headers)
    text = _body(wrong_code).decode()
    assert "The crime reference or access code is not right" in text
    # Nothing typed is echoed back, so not even the reference differs.
    assert "246802" not in text and "AAAA" not in text and 'value="' not in text


def test_every_attempt_does_the_same_hashing_work(make_crime: Any) -> None:
    make_crime()
    make_crime(reference="13/654321/25", code="QQQQ-RRRR-SSSS")
    _lock("13/654321/25")
    counts = []
    for reference, code in [
        (REFERENCE, "AAAA-BBBB-CCCC"),
        ("13/999999/25", "AAAA-BBBB-CCCC"),
        ("13/654321/25", "QQQQ-RRRR-SSSS"),
        (REFERENCE, CODE),
    ]:
        CountingHasher.calls = 0
        Client(REMOTE_ADDR="203.0.113.21").post("/track/", {"reference": reference, "code": code})
        counts.append(CountingHasher.calls)
    assert counts == [1, 1, 1, 1]


def test_five_wrong_codes_lock_the_crime_for_thirty_minutes_then_it_opens_again(tracked: Tracked) -> None:
    _lock()
    crime = TrackedCrime.objects.get(pk=tracked.crime.pk)
    assert crime.locked_until is not None
    assert timedelta(minutes=29) < crime.locked_until - timezone.now() <= timedelta(minutes=30)
    client = Client(REMOTE_ADDR="198.51.100.8")
    refused = client.post("/track/", {"reference": REFERENCE, "code": CODE})
    assert refused.status_code == 200 and "tracker_crime" not in client.session
    TrackedCrime.objects.filter(pk=crime.pk).update(locked_until=timezone.now() - timedelta(seconds=1))
    assert client.post("/track/", {"reference": REFERENCE, "code": CODE}).status_code == 302
    assert TrackedCrime.objects.get(pk=crime.pk).failed_attempts == 0


def test_a_hundred_wrong_attempts_from_one_address_are_refused_and_then_even_the_right_code(
    tracked: Tracked, make_crime: Any
) -> None:
    client = Client(REMOTE_ADDR="203.0.113.99")
    statuses = []
    for n in range(100):
        # Spread over many references, as a script guessing would: no single crime gets locked.
        response = client.post("/track/", {"reference": f"13/{100000 + n}/25", "code": "AAAA-BBBB-CCCC"})
        statuses.append(response.status_code)
    assert statuses[:10] == [200] * 10
    assert statuses[10:] == [429] * 90
    refused = client.post("/track/", {"reference": REFERENCE, "code": CODE})
    assert refused.status_code == 429
    assert "tracker_crime" not in client.session
    text = refused.content.decode()
    assert "Too many attempts" in text and "246802" not in text and "Okafor" not in text
    assert TrackedCrime.objects.get(pk=tracked.crime.pk).failed_attempts == 0  # never reached the crime
    # Another address is unaffected, and the victim can still sign in.
    assert (
        Client(REMOTE_ADDR="198.51.100.7").post("/track/", {"reference": REFERENCE, "code": CODE}).status_code
        == 302
    )


def test_missing_or_malformed_answers_are_shown_in_an_error_summary_linked_to_the_fields(db: None) -> None:
    response = Client().post("/track/", {"reference": "", "code": "abc"})
    text = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: Sign in to track your crime" in text
    assert '<a href="#id_reference">Enter your crime reference</a>' in text
    assert '<a href="#id_code">Access code must be 12 letters and numbers, like 7KQ2-M9XD-4TRW</a>' in text
    assert 'aria-describedby="id_code-hint id_code-error"' in text


def test_re_issuing_the_code_stops_the_old_one_and_ends_sessions_opened_with_it(
    tracked: Tracked, victim: Client, cast: dict[str, Any]
) -> None:
    from saferplaces.tracker.actions import do_reissue_access_code

    new_code = do_reissue_access_code(tracked.crime, by=cast["officer"])
    assert new_code != CODE
    ended = victim.get("/track/your-crime/")
    assert ended.status_code == 302 and ended["Location"] == "/track/session-ended/"
    old = Client(REMOTE_ADDR="198.51.100.9").post("/track/", {"reference": REFERENCE, "code": CODE})
    assert old.status_code == 200
    fresh = Client(REMOTE_ADDR="198.51.100.9").post("/track/", {"reference": REFERENCE, "code": new_code})
    assert fresh.status_code == 302


def test_a_victim_is_signed_out_after_thirty_idle_minutes(victim: Client) -> None:
    session = victim.session
    session["tracker_seen"] = (timezone.now() - timedelta(minutes=31)).timestamp()
    session.save()
    response = victim.get("/track/messages/")
    assert response.status_code == 302 and response["Location"] == "/track/session-ended/"
    assert "tracker_crime" not in victim.session
    assert "30 minutes without use" in victim.get("/track/session-ended/").content.decode()


def test_signing_out_ends_the_session(victim: Client) -> None:
    response = victim.post("/track/sign-out/")
    assert response.status_code == 302 and response["Location"] == "/track/signed-out/"
    assert victim.get("/track/your-crime/")["Location"] == "/track/"
    assert "You have signed out" in victim.get("/track/signed-out/").content.decode()

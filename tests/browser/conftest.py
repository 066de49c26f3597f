"""Playwright drives Debian's Chromium (never a downloaded browser) against pytest-django's live server."""

from __future__ import annotations

from typing import Any

import pytest

CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
        ],
    }


@pytest.fixture
def sign_in(live_server: Any, page: Any) -> Any:
    def do(username: str, password: str = "correct-horse-battery") -> Any:
        page.goto(f"{live_server.url}/accounts/login/")
        page.get_by_label("Username").fill(username)
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url(f"{live_server.url}/")
        return page

    return do


TRACKED_REFERENCE = "13/246802/25"
TRACKED_CODE = "7KQ2-M9XD-4TRW"


@pytest.fixture
def make_tracked_crime(reference_data: None, make_user: Any, monkeypatch: pytest.MonkeyPatch) -> Any:
    """A tracked crime in Leeds with officer Sam Okafor, whose access code is ``TRACKED_CODE``."""

    def make(enhanced_reason: str = "") -> Any:
        from saferplaces.areas.models import District
        from saferplaces.tracker import actions, codes

        leeds = District.objects.create(code="E08000035", name="Leeds")
        officer = make_user(
            "sam.okafor",
            "npt_officer",
            ("Leeds",),
            first_name="Sam",
            last_name="Okafor",
            collar_number="4521",
            team="Leeds North East NPT",
        )
        monkeypatch.setattr(codes, "generate_code", lambda: TRACKED_CODE)
        crime, _ = actions.do_create_tracked_crime(
            actions.NewTrackedCrime(
                crime_reference=TRACKED_REFERENCE,
                district_id=leeds.pk,
                victim_name="Pat Example",
                victim_email="pat@example.org",
                victim_phone="",
                enhanced_reason=enhanced_reason,
                officer=officer,
            ),
            by=officer,
        )
        return crime

    return make

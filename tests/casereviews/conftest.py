"""Case review fixtures: applications made directly (with chosen dates) and a filled-in journey."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: Any) -> None:
    """Personas are made in every test: the production hasher's million rounds would dominate."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def make_application(geography: None) -> Callable[..., Any]:
    from saferplaces.areas.models import District
    from saferplaces.casereviews.actions import applicant_key
    from saferplaces.casereviews.models import Application, Complaint

    counter = iter(range(1, 1000))

    def make(
        *,
        district: str = "Leeds",
        received_on: date = date(2025, 6, 30),
        complaints: tuple[tuple[str, str], ...] = (("2025-06-01", "2025-05-30"),),
        hate: str = "no",
        email: str = "",
        postcode: str = "LS1 1UR",
        **extra: Any,
    ) -> Application:
        n = next(counter)
        email = email or f"applicant{n}@example.org"
        app = Application.objects.create(
            reference=f"ACR-TEST-{n:04d}",
            received_at=timezone.make_aware(datetime.combine(received_on, time(10, 0))),
            received_on=received_on,
            district=District.objects.get(name=district),
            applicant_type="victim",
            applicant_name=f"Applicant {n}",
            applicant_email=email,
            applicant_key=applicant_key(email, "", "", postcode),
            address=f"{n} Test Street",
            postcode=postcode,
            behaviour="Shouting and banging at night.",
            effect="Cannot sleep.",
            hate_motivated=hate,
            **extra,
        )
        for i, (made, behaviour) in enumerate(complaints, start=1):
            Complaint.objects.create(
                application=app,
                position=i,
                made_on=date.fromisoformat(made),
                behaviour_on=date.fromisoformat(behaviour),
                made_to="police",
            )
        return app

    return make


@pytest.fixture
def fill_application() -> Callable[..., Any]:
    return _fill_application


def _fill_application(client: Client, *, district_id: int, complaints: int = 3) -> Any:
    """Answer every page of the public application (valid answers) up to "Check your answers"."""
    today = timezone.localdate()
    pages: list[tuple[str, dict[str, Any]]] = [
        ("/asb-case-review/apply/who/", {"applicant_type": "victim"}),
        (
            "/asb-case-review/apply/contact/",
            {"applicant_name": "Pat Example", "applicant_email": "pat@example.org", "applicant_phone": ""},
        ),
        (
            "/asb-case-review/apply/where/",
            {"address": "1 Test Street", "town": "Leeds", "postcode": "ls1 1ur", "district": district_id},
        ),
        (
            "/asb-case-review/apply/behaviour/",
            {"behaviour": "Loud music every night.", "effect": "No sleep.", "hate_motivated": "no"},
        ),
    ]
    for n in range(complaints):
        pages.append(
            (
                "/asb-case-review/apply/complaints/add/",
                {
                    "behaviour_on_day": str(today.day),
                    "behaviour_on_month": str(today.month),
                    "behaviour_on_year": str(today.year),
                    "made_on_day": str(today.day),
                    "made_on_month": str(today.month),
                    "made_on_year": str(today.year),
                    "made_to": ["police", "council", "housing"][n % 3],
                },
            )
        )
    for url, data in pages:
        response = client.post(url, data)
        assert response.status_code == 302, (url, response.content.decode()[:3000])
    return client.post("/asb-case-review/apply/complaints/", {"add_another": "no"})

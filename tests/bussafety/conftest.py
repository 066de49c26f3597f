"""Bus safety fixtures: the shipped lists placed in the test geography, and a filled-in report."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

# Inside LSOA E01033008 (Leeds 111A) and E01010834 (Bradford 044A) of tests/fixtures/lsoa_sample.geojson.
LEEDS_POINT = (53.80042, -1.55205)
BRADFORD_POINT = (53.79121, -1.76213)


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: Any) -> None:
    """Personas are made in every test: the production hasher's million rounds would dominate."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def bus_lists(geography: None) -> None:
    """Routes and concern types (a transactional test's flush removes what the migration loaded)."""
    from saferplaces.bussafety.defaults import ensure_defaults

    ensure_defaults()


@pytest.fixture
def report_answers() -> Callable[..., list[tuple[str, dict[str, Any]]]]:
    def answers(
        *,
        route: str = "72",
        route_text: str = "",
        point: tuple[float, float] | None = None,
        day: date | None = None,
        concerns: tuple[str, ...] = ("harassment", "drugs"),
        reply: dict[str, str] | None = None,
    ) -> list[tuple[str, dict[str, Any]]]:
        from saferplaces.bussafety.models import BusRoute, ConcernType

        day = day or timezone.localdate()
        route_id = BusRoute.objects.get(code=route).pk if route else ""
        where: dict[str, Any] = {"place": "Vicar Lane stop", "latitude": "", "longitude": ""}
        if point:
            where["latitude"], where["longitude"] = str(point[0]), str(point[1])
        reply = dict(reply or {"wants_reply": "no"})
        pages: list[tuple[str, dict[str, Any]]] = [
            ("route", {"route": route_id, "route_text": route_text}),
            ("where", where),
            (
                "when",
                {
                    "occurred_on_day": day.day,
                    "occurred_on_month": day.month,
                    "occurred_on_year": day.year,
                    "occurred_time": "",
                },
            ),
            (
                "what",
                {
                    "concerns": [str(c.pk) for c in ConcernType.objects.filter(code__in=concerns)],
                    "description": "Two men shouting at a woman.",
                },
            ),
            ("reply", {"wants_reply": reply.pop("wants_reply")}),
        ]
        if pages[-1][1]["wants_reply"] == "yes":
            pages.append(("contact", reply))
        return pages

    return answers


@pytest.fixture
def submit_report(report_answers: Callable[..., Any]) -> Callable[..., Any]:
    """Fill in every page and send; returns the final response (a redirect to the reference)."""

    def submit(client: Client | None = None, **kwargs: Any) -> Any:
        client = client or Client()
        for slug, data in report_answers(**kwargs):
            response = client.post(f"/bus-safety/report/{slug}/", data)
            assert response.status_code == 302, (slug, response.content.decode()[:2000])
        return client.post("/bus-safety/report/check/")

    return submit


@pytest.fixture
def make_report(bus_lists: None) -> Callable[..., Any]:
    """A report made directly, with a chosen date, route, place and types."""
    from saferplaces.areas.models import District
    from saferplaces.bussafety.models import BusReport, BusRoute, ConcernType

    counter = iter(range(1, 1000))

    def make(
        *,
        route: str | None = "72",
        occurred_on: date = date(2025, 3, 10),
        concerns: tuple[str, ...] = ("asb",),
        district: str | None = None,
        wants_reply: bool = False,
        **extra: Any,
    ) -> BusReport:
        n = next(counter)
        report = BusReport.objects.create(
            reference=f"BUS-TEST-{n:04d}",
            received_at=timezone.make_aware(datetime.combine(occurred_on, time(20, 0))),
            route=BusRoute.objects.get(code=route) if route else None,
            route_text="" if route else "the one to Otley",
            place="Somewhere",
            occurred_on=occurred_on,
            district=District.objects.get(name=district) if district else None,
            wants_reply=wants_reply,
            contact_email="sam@example.org" if wants_reply else "",
            **extra,
        )
        report.concerns.set(ConcernType.objects.filter(code__in=concerns))
        return report

    return make

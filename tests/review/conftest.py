"""A small review world built directly in the database, so page tests do not pay for an engine run."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

import pytest

if TYPE_CHECKING:
    from saferplaces.accounts.models import User

UK = ZoneInfo("Europe/London")
THREAT = "RP states the male next door shouted he would smash her windows and she is scared to go out."


@pytest.fixture
def review_world(reference_data: None) -> dict[str, Any]:
    """Three Leeds items (high/repeat/CDI, medium, standard), one Bradford item, and the people who work them.

    Returns the items by reference and the users by persona name.
    """
    from saferplaces.accounts.models import Organisation, User
    from saferplaces.areas.models import District
    from saferplaces.incidents.models import Incident, IncidentPerson
    from saferplaces.reference.models import AsbCategory, IncidentCode
    from saferplaces.review.models import PersonLink, PersonMention, ReviewItem

    # Districts only (no boundary import) and users without password hashing keep setup fast.
    leeds = District.objects.get_or_create(code="E08000035", defaults={"name": "Leeds"})[0]
    bradford = District.objects.get_or_create(code="E08000032", defaults={"name": "Bradford"})[0]

    def make_user(username: str, role: str, districts: tuple[str, ...], organisation: str = "") -> User:
        org = Organisation.objects.get_or_create(name=organisation)[0] if organisation else None
        user = User.objects.create(username=username, role=role, organisation=org)
        user.districts.set(District.objects.filter(name__in=districts))
        return user

    asbp = IncidentCode.objects.get(code="ASBP")
    personal = AsbCategory.objects.get(code="personal")
    base = datetime(2025, 6, 1, 21, 0, tzinfo=UK)

    def incident(
        ref: str, district: District, days: int, narrative: str = "", contact: bool = False
    ) -> Incident:
        return Incident.objects.create(
            reference=ref,
            received_at=base + timedelta(days=days),
            district=district,
            closing_code=asbp,
            asb_category=personal,
            narrative=narrative,
            location_text="14 Example Street",
            postcode="LS11 5AB",
            latitude=53.8004,
            longitude=-1.5520,
            contact_requested=contact,
        )

    earlier = incident("L-0001", leeds, 0, "Youths kicking her door again.")
    high = incident("L-0002", leeds, 5, THREAT, contact=True)
    medium = incident("L-0003", leeds, 3, "Loud music late at night, she feels targeted.")
    standard = incident("L-0004", leeds, 1, "Litter dumped in the alley.")
    brad = incident("B-0001", bradford, 2, "Youths shouting in the street.")
    for inc, name in ((earlier, "Jane Testperson"), (high, "Jane Testperson"), (brad, "Brad Ford")):
        IncidentPerson.objects.create(incident=inc, role="caller", name=name, phone="07700 900001")
    items = {}
    for inc, risk, rank, repeat, cdi, person, reasons in (
        (earlier, "standard", 2, False, False, "P1", []),
        (high, "high", 0, True, True, "P1", ["Repeat victim: 3 in 365 days"]),
        (medium, "medium", 1, False, False, "P2", ["Risk factor: Do you feel you are being targeted"]),
        (standard, "standard", 2, False, False, "P3", []),
        (brad, "medium", 1, True, False, "P9", ["Repeat victim: 3 in 365 days"]),
    ):
        items[inc.reference] = ReviewItem.objects.create(
            incident=inc, district=inc.district, received_at=inc.received_at, risk=risk, risk_rank=rank,
            repeat_victim=repeat, cdi_flag=cdi, cdi_offence="9A" if cdi else "", reasons=reasons,
            signals={"repeat_victim": repeat}, victim_person=person, location_cluster="LOC1",
        )  # fmt: skip
        PersonMention.objects.create(incident=inc, role="caller", person_id=person)
    PersonLink.objects.create(
        person_id="P1", incident_a=earlier, incident_b=high, match_probability=0.99,
        explanation="name: same full name (+12.0); contact: same mobile (+8.2)", decision="merged",
    )  # fmt: skip
    users = {
        "reviewer": make_user("leeds.reviewer", "reviewer", ("Leeds",)),
        "reviewer2": make_user("leeds.reviewer2", "reviewer", ("Leeds",)),
        "bradford_reviewer": make_user("bradford.reviewer", "reviewer", ("Bradford",)),
        "officer": make_user("leeds.officer", "npt_officer", ("Leeds",)),
        "bradford_officer": make_user("bradford.officer", "npt_officer", ("Bradford",)),
        "supervisor": make_user("leeds.sergeant", "supervisor", ("Leeds",)),
        "bradford_supervisor": make_user("bradford.sergeant", "supervisor", ("Bradford",)),
        "partner": make_user("leeds.partner", "partner", ("Leeds",), organisation="Leeds City Council"),
        "analyst": make_user("analyst", "analyst", ("Leeds", "Bradford")),
        "pcc": make_user("pcc", "pcc", ("Leeds", "Bradford")),
    }
    return {"items": items, "users": users}


@pytest.fixture
def client_for(client: Any, review_world: dict[str, Any]) -> Callable[[str], Any]:
    def as_user(persona: str) -> Any:
        client.force_login(review_world["users"][persona])
        return client

    return as_user

"""Demonstration accounts: one for every role, scoped the way real users would be."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from django.db import transaction

from saferplaces.accounts.models import Organisation, Role, User
from saferplaces.areas.models import District
from saferplaces.audit.log import record as audit
from saferplaces.audit.models import AuditEvent


@dataclass(frozen=True)
class DemoUser:
    username: str
    first_name: str
    last_name: str
    role: Role
    districts: tuple[str, ...]  # empty: every loaded district
    organisation: str = ""
    collar_number: str = ""
    team: str = ""


DEMO_USERS = (
    DemoUser(
        "reviewer.leeds",
        "Priya",
        "Shah",
        Role.REVIEWER,
        ("Leeds",),
        "West Yorkshire Police",
        "",
        "Leeds Neighbourhood Support",
    ),
    DemoUser(
        "reviewer.bradford",
        "Tom",
        "Hargreaves",
        Role.REVIEWER,
        ("Bradford",),
        "West Yorkshire Police",
        "",
        "Bradford Neighbourhood Support",
    ),
    DemoUser(
        "officer.leeds",
        "Dan",
        "Okafor",
        Role.NPT_OFFICER,
        ("Leeds",),
        "West Yorkshire Police",
        "PC 4321",
        "Leeds East NPT",
    ),
    DemoUser(
        "sergeant.leeds",
        "Claire",
        "Booth",
        Role.SUPERVISOR,
        ("Leeds",),
        "West Yorkshire Police",
        "PS 1187",
        "Leeds East NPT",
    ),
    DemoUser("analyst", "Aisha", "Begum", Role.ANALYST, (), "West Yorkshire Police"),
    DemoUser("partner.leeds", "Mark", "Lister", Role.PARTNER, ("Leeds",), "Leeds City Council ASB Team"),
    DemoUser("pcc", "Helen", "Walsh", Role.PCC, (), "Office of the Mayor of West Yorkshire"),
    DemoUser("admin", "Sam", "Fielding", Role.ADMINISTRATOR, (), "West Yorkshire Police"),
)

ORGANISATION_KINDS = {
    "West Yorkshire Police": Organisation.Kind.POLICE,
    "Leeds City Council ASB Team": Organisation.Kind.LOCAL_AUTHORITY,
    "Office of the Mayor of West Yorkshire": Organisation.Kind.OTHER,
}


@transaction.atomic
def create_demo_users() -> list[tuple[DemoUser, str]]:
    """Create or reset every demo account with a fresh random password; returns them to print."""
    created = []
    all_districts = list(District.objects.all())
    for spec in DEMO_USERS:
        org = None
        if spec.organisation:
            org, _ = Organisation.objects.get_or_create(
                name=spec.organisation, defaults={"kind": ORGANISATION_KINDS.get(spec.organisation, "other")}
            )
        user, _ = User.objects.update_or_create(
            username=spec.username,
            defaults={
                "first_name": spec.first_name,
                "last_name": spec.last_name,
                "role": spec.role,
                "organisation": org,
                "collar_number": spec.collar_number,
                "team": spec.team,
                "is_staff": spec.role == Role.ADMINISTRATOR,
                "is_superuser": spec.role == Role.ADMINISTRATOR,
            },
        )
        districts = [d for d in all_districts if not spec.districts or d.name in spec.districts]
        user.districts.set(districts)
        password = secrets.token_urlsafe(12)
        user.set_password(password)
        user.save()
        audit(
            AuditEvent.Action.UPDATE,
            object_type="user",
            object_id=user.pk,
            username="setup_demo",
            change="demo account created or reset",
        )
        created.append((spec, password))
    return created

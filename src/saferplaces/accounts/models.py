"""Users, their role, the districts they work in and, for partners, their organisation."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models


class Role(models.TextChoices):
    REVIEWER = "reviewer", "ASB reviewer"
    NPT_OFFICER = "npt_officer", "Neighbourhood policing officer"
    SUPERVISOR = "supervisor", "Supervisor"
    ANALYST = "analyst", "Analyst"
    PARTNER = "partner", "Partner"
    PCC = "pcc", "PCC policy team"
    ADMINISTRATOR = "administrator", "Administrator"


# Roles that work named cases in their districts; the others see aggregates, not people.
CASEWORK_ROLES = frozenset({Role.REVIEWER, Role.NPT_OFFICER, Role.SUPERVISOR, Role.ADMINISTRATOR})


class Organisation(models.Model):
    class Kind(models.TextChoices):
        POLICE = "police", "Police"
        LOCAL_AUTHORITY = "local_authority", "Local authority"
        HOUSING = "housing", "Housing provider"
        OTHER = "other", "Other partner"

    name = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=32, choices=Kind.choices, default=Kind.OTHER)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    role = models.CharField(max_length=32, choices=Role.choices, default=Role.REVIEWER)
    districts = models.ManyToManyField("areas.District", blank=True, related_name="users")
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="members"
    )
    collar_number = models.CharField(max_length=20, blank=True)
    team = models.CharField(max_length=100, blank=True)
    # Analysts and the PCC team see aggregates; an administrator may grant named access.
    may_see_people = models.BooleanField(
        default=False, help_text="Analyst or PCC user granted access to people's details"
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(role="partner") | models.Q(organisation__isnull=False),
                name="partner_has_organisation",
            ),
        ]

    @property
    def is_administrator(self) -> bool:
        return self.role == Role.ADMINISTRATOR or self.is_superuser

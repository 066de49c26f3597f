"""The incident store: command-and-control incident logs, the people in them and their places."""

from __future__ import annotations

from django.db import models


class Location(models.Model):
    """A place as recorded: one row per normalised address text and postcode.

    This is exact matching only; the review engine clusters near-identical places later.
    """

    key = models.CharField(max_length=64, unique=True, help_text="SHA-1 of the normalised text and postcode")
    address_text = models.CharField(max_length=300)
    postcode = models.CharField(max_length=10, blank=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    easting = models.FloatField(null=True, blank=True, help_text="British National Grid, metres")
    northing = models.FloatField(null=True, blank=True, help_text="British National Grid, metres")
    lsoa = models.ForeignKey("areas.Lsoa", null=True, blank=True, on_delete=models.SET_NULL)

    def __str__(self) -> str:
        return f"{self.address_text} {self.postcode}".strip()


class Incident(models.Model):
    reference = models.CharField(max_length=40, unique=True)
    received_at = models.DateTimeField(db_index=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    opening_code = models.ForeignKey(
        "reference.IncidentCode", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    closing_code = models.ForeignKey(
        "reference.IncidentCode", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    asb_category = models.ForeignKey("reference.AsbCategory", null=True, blank=True, on_delete=models.PROTECT)
    is_crime = models.BooleanField(default=False, help_text="A crime was recorded (crime reference given)")
    crime_ref = models.CharField(max_length=40, blank=True)
    offence_code = models.ForeignKey("reference.OffenceCode", null=True, blank=True, on_delete=models.PROTECT)
    district = models.ForeignKey("areas.District", null=True, blank=True, on_delete=models.PROTECT)
    ward = models.ForeignKey("areas.Ward", null=True, blank=True, on_delete=models.SET_NULL)
    lsoa = models.ForeignKey("areas.Lsoa", null=True, blank=True, on_delete=models.SET_NULL)
    location = models.ForeignKey(
        Location, null=True, blank=True, on_delete=models.SET_NULL, related_name="incidents"
    )
    location_text = models.CharField(max_length=300, blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    easting = models.FloatField(null=True, blank=True, help_text="British National Grid, metres")
    northing = models.FloatField(null=True, blank=True, help_text="British National Grid, metres")
    contact_requested = models.BooleanField(null=True, blank=True)
    narrative = models.TextField(blank=True)
    source = models.CharField(max_length=100, blank=True, help_text="The file or system it came from")
    import_run = models.ForeignKey("imports.ImportRun", null=True, blank=True, on_delete=models.SET_NULL)
    extra = models.JSONField(
        default=dict, blank=True, help_text="Columns of the source beyond the standard ones"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-received_at", "-id"]
        indexes = [
            models.Index(fields=["district", "received_at"]),
            models.Index(fields=["asb_category", "received_at"]),
        ]

    def __str__(self) -> str:
        return self.reference


class IncidentPerson(models.Model):
    """A person as recorded on one incident. Linking records of the same person is the review engine's job."""

    class Role(models.TextChoices):
        CALLER = "caller", "Caller"
        VICTIM = "victim", "Victim"
        SUSPECT = "suspect", "Suspect"

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="people")
    role = models.CharField(max_length=10, choices=Role.choices)
    name = models.CharField(max_length=200, blank=True)
    phone = models.CharField(max_length=40, blank=True)
    date_of_birth = models.DateField(null=True, blank=True)
    address = models.CharField(max_length=300, blank=True)
    postcode = models.CharField(max_length=10, blank=True)

    class Meta:
        ordering = ["incident", "role"]
        constraints = [
            models.UniqueConstraint(fields=["incident", "role"], name="one_person_per_role_per_incident")
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()}: {self.name or 'not recorded'}"


class IncidentShare(models.Model):
    """An incident shared with a partner organisation, which may then see it in its districts."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="shares")
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.CASCADE, related_name="shares")
    shared_by = models.ForeignKey("accounts.User", null=True, on_delete=models.SET_NULL, related_name="+")
    shared_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["incident", "organisation"], name="share_once_per_organisation")
        ]

    def __str__(self) -> str:
        return f"{self.incident} shared with {self.organisation}"

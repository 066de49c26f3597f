"""Data the Panel pack needs beyond incidents and police.uk records.

* **Force-supplied tables** (victim satisfaction survey counts, neighbourhood staffing budgeted and
  actual, hospital admissions and other serious-violence counts): uploaded as CSV by an administrator
  or the PCC team (see :mod:`saferplaces.reports.supplied` for the formats). Each row remembers the
  upload it came from; a later upload for the same months replaces those months.
* **STATS19** road collisions, vehicles and casualties (DfT), imported from the published CSVs by
  ``saferplaces import stats19 DIR``. Only the columns the road-safety measures use are kept; codes
  are the DfT's (severity 1 fatal, 2 serious, 3 slight; casualty type 1 pedal cyclist; -1 unknown).

Everything here is aggregate or public: no person is named.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class SuppliedUpload(models.Model):
    """One CSV uploaded by an administrator or the PCC team."""

    class Kind(models.TextChoices):
        VICTIM_SATISFACTION = "victim_satisfaction", "Victim satisfaction (survey counts by month)"
        STAFFING = "staffing", "Neighbourhood staffing (budgeted and actual FTE)"
        HOSPITAL_ADMISSIONS = "hospital_admissions", "Hospital admissions and other serious violence counts"

    kind = models.CharField(max_length=32, choices=Kind.choices)
    file_name = models.CharField(max_length=200, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)
    rows = models.PositiveIntegerField(default=0)
    first_month = models.DateField(null=True, blank=True)
    last_month = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-uploaded_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.file_name or 'no name'})"


class VictimSatisfaction(models.Model):
    """Survey responses for one crime type in one month: respondents and how many were satisfied."""

    upload = models.ForeignKey(SuppliedUpload, on_delete=models.CASCADE, related_name="+")
    month = models.DateField(help_text="First day of the month")
    crime_type = models.CharField(max_length=100)
    respondents = models.PositiveIntegerField()
    satisfied = models.PositiveIntegerField()

    class Meta:
        ordering = ["month", "crime_type"]
        constraints = [
            models.UniqueConstraint(fields=["month", "crime_type"], name="satisfaction_once_per_month"),
            models.CheckConstraint(
                condition=models.Q(satisfied__lte=models.F("respondents")),
                name="satisfied_not_above_respondents",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.crime_type}: {self.satisfied}/{self.respondents}"


class StaffingFigure(models.Model):
    """Budgeted and actual full-time equivalents for one role at one month's snapshot."""

    upload = models.ForeignKey(SuppliedUpload, on_delete=models.CASCADE, related_name="+")
    month = models.DateField(help_text="First day of the month of the snapshot")
    position = models.PositiveSmallIntegerField(default=0, help_text="Row order in the file")
    role = models.CharField(max_length=60)
    budgeted = models.DecimalField(max_digits=10, decimal_places=2)
    actual = models.DecimalField(max_digits=10, decimal_places=2)

    class Meta:
        ordering = ["month", "position"]
        constraints = [models.UniqueConstraint(fields=["month", "role"], name="staffing_once_per_month")]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.role}: {self.actual} of {self.budgeted}"


class MonthlyCount(models.Model):
    """A count a partner supplies by month, e.g. hospital admissions for assault with a sharp object."""

    upload = models.ForeignKey(SuppliedUpload, on_delete=models.CASCADE, related_name="+")
    month = models.DateField(help_text="First day of the month")
    measure = models.CharField(max_length=150)
    count = models.PositiveIntegerField()

    class Meta:
        ordering = ["month", "measure"]
        constraints = [models.UniqueConstraint(fields=["month", "measure"], name="count_once_per_month")]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.measure}: {self.count}"


class Stats19Collision(models.Model):
    """One reported personal-injury road collision (DfT STATS19)."""

    collision_index = models.CharField(max_length=20, unique=True)
    collision_year = models.PositiveSmallIntegerField(db_index=True)
    date = models.DateField(db_index=True)
    police_force = models.SmallIntegerField()
    severity = models.PositiveSmallIntegerField(help_text="1 fatal, 2 serious, 3 slight")
    local_authority_ons_district = models.CharField(max_length=12, blank=True, db_index=True)
    adjusted_severity_serious = models.FloatField(null=True, blank=True)
    number_of_vehicles = models.PositiveSmallIntegerField(default=0)
    number_of_casualties = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["date", "collision_index"]
        verbose_name = "STATS19 collision"

    def __str__(self) -> str:
        return self.collision_index


class Stats19Vehicle(models.Model):
    """One vehicle in a STATS19 collision."""

    collision = models.ForeignKey(Stats19Collision, on_delete=models.CASCADE, related_name="vehicles")
    vehicle_reference = models.PositiveSmallIntegerField()
    vehicle_type = models.SmallIntegerField(help_text="DfT code, e.g. 1 pedal cycle, 9 car")

    class Meta:
        ordering = ["collision", "vehicle_reference"]
        verbose_name = "STATS19 vehicle"
        constraints = [
            models.UniqueConstraint(fields=["collision", "vehicle_reference"], name="stats19_vehicle_once")
        ]

    def __str__(self) -> str:
        return f"{self.collision_id}/{self.vehicle_reference}"


class Stats19Casualty(models.Model):
    """One casualty of a STATS19 collision."""

    collision = models.ForeignKey(Stats19Collision, on_delete=models.CASCADE, related_name="casualties")
    casualty_reference = models.PositiveSmallIntegerField()
    vehicle_reference = models.SmallIntegerField()
    casualty_class = models.SmallIntegerField(help_text="1 driver or rider, 2 passenger, 3 pedestrian")
    severity = models.PositiveSmallIntegerField(help_text="1 fatal, 2 serious, 3 slight")
    age = models.SmallIntegerField(help_text="Age in years; -1 unknown")
    casualty_type = models.SmallIntegerField(help_text="DfT code, e.g. 1 pedal cyclist")
    adjusted_severity_serious = models.FloatField(null=True, blank=True)

    class Meta:
        ordering = ["collision", "casualty_reference"]
        verbose_name = "STATS19 casualty"
        verbose_name_plural = "STATS19 casualties"
        constraints = [
            models.UniqueConstraint(fields=["collision", "casualty_reference"], name="stats19_casualty_once")
        ]

    def __str__(self) -> str:
        return f"{self.collision_id}/{self.casualty_reference}"

"""Records published by police.uk: street-level crime and ASB, month precision, anonymised points."""

from __future__ import annotations

from django.db import models


class StreetRecord(models.Model):
    # police.uk gives ASB no Crime ID and repeats identical rows, so a row's identity is a hash of its
    # fields plus its occurrence number among identical rows of the same month (see sources.policeuk).
    row_key = models.CharField(max_length=40, unique=True)
    crime_id = models.CharField(max_length=64, blank=True)
    month = models.DateField(db_index=True, help_text="First day of the month")
    reported_by = models.CharField(max_length=100, blank=True)
    falls_within = models.CharField(max_length=100, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    latitude = models.FloatField(null=True, blank=True)
    easting = models.FloatField(null=True, blank=True)
    northing = models.FloatField(null=True, blank=True)
    location = models.CharField(max_length=200, blank=True)
    lsoa_code = models.CharField(max_length=12, blank=True, help_text="As published (2011 LSOAs before 2023)")
    lsoa_name = models.CharField(max_length=100, blank=True)
    crime_type = models.CharField(max_length=60, db_index=True)
    last_outcome = models.CharField(max_length=150, blank=True)
    context = models.TextField(blank=True)
    district = models.ForeignKey("areas.District", null=True, blank=True, on_delete=models.PROTECT)
    lsoa = models.ForeignKey(
        "areas.Lsoa",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        help_text="Loaded LSOA containing the point",
    )
    import_run = models.ForeignKey("imports.ImportRun", null=True, blank=True, on_delete=models.SET_NULL)

    class Meta:
        ordering = ["-month", "id"]
        indexes = [models.Index(fields=["district", "month", "crime_type"])]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.crime_type} {self.location}"

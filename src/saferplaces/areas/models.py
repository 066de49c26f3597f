"""The force's geography: districts, wards and LSOAs, with boundaries kept as GeoJSON text.

No GeoDjango: SpatiaLite cannot load under the default Python here, and point-in-polygon at import
time (shapely, see saferplaces.analytics.geo) is all the application needs. Geometries are WGS84;
centroids are also kept in British National Grid metres for distance work.
"""

from __future__ import annotations

from django.db import models


class District(models.Model):
    code = models.CharField(max_length=20, unique=True, help_text="ONS local authority code, e.g. E08000035")
    name = models.CharField(max_length=100, unique=True)
    geometry = models.TextField(blank=True, help_text="GeoJSON geometry (WGS84)")

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Ward(models.Model):
    code = models.CharField(max_length=40, unique=True, help_text="ONS ward code, or district:name when none")
    name = models.CharField(max_length=100)
    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="wards")
    geometry = models.TextField(blank=True)

    class Meta:
        ordering = ["district__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["district", "name"], name="ward_name_unique_in_district")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.district.name})"


class Lsoa(models.Model):
    """Lower layer super output area (2021): the smallest area police.uk and the census share."""

    code = models.CharField(max_length=12, unique=True)
    name = models.CharField(max_length=100)
    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="lsoas")
    ward = models.ForeignKey(Ward, null=True, blank=True, on_delete=models.SET_NULL, related_name="lsoas")
    population = models.PositiveIntegerField(null=True, blank=True, help_text="Census 2021 usual residents")
    geometry = models.TextField()
    centroid_easting = models.FloatField()
    centroid_northing = models.FloatField()

    class Meta:
        ordering = ["code"]
        verbose_name = "LSOA"

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

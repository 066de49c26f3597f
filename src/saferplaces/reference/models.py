"""Reference data a force edits without code: ASB categories, incident codes, offences, thresholds.

Defaults are loaded from data/reference/ and data/home-office-offence-reference/ by a data migration;
an administrator changes them in the admin.
"""

from __future__ import annotations

from django.db import models


class AsbCategory(models.Model):
    code = models.SlugField(max_length=32, unique=True)
    name = models.CharField(max_length=100)
    description = models.TextField(blank=True)

    class Meta:
        verbose_name = "ASB category"
        verbose_name_plural = "ASB categories"
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class IncidentCode(models.Model):
    """A force's local opening or closing code (command-and-control finalisation code)."""

    code = models.CharField(max_length=20, unique=True)
    description = models.CharField(max_length=200)
    asb_category = models.ForeignKey(AsbCategory, null=True, blank=True, on_delete=models.PROTECT)
    is_asb_finalisation = models.BooleanField(
        default=False, help_text="Closing with this code puts the incident in the ASB review"
    )
    is_selected_crime_type = models.BooleanField(
        default=False, help_text="Crime types (harassment, damage, public order) also pulled into the review"
    )

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} – {self.description}"


class OffenceCode(models.Model):
    """A Home Office notifiable offence code with its group and police.uk category."""

    code = models.CharField(max_length=20, unique=True)
    description = models.CharField(max_length=300)
    group = models.CharField(max_length=100)
    subgroup = models.CharField(max_length=100)
    policeuk_category = models.CharField(max_length=100)

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.description}"


class Threshold(models.Model):
    """A number the rules use (repeat windows, review cadences): data, so a force can change it."""

    key = models.CharField(max_length=100, unique=True)
    value = models.FloatField()
    description = models.CharField(max_length=300)

    class Meta:
        ordering = ["key"]

    def __str__(self) -> str:
        return f"{self.key} = {self.value:g}"

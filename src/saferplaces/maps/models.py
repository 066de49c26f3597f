"""Stored hotspot accuracy: the map page reads these rows, it never runs an evaluation itself.

Each row is one run of ``saferplaces hotspot_accuracy`` (a rolling-origin evaluation by
:func:`saferplaces.analytics.hotspots.evaluate_methods`): the data it was measured on (source, type,
district, months), the grid and settings, and the full result (hit rate, PAI and the oracle ceiling
per method, month and coverage).
"""

from __future__ import annotations

from typing import Any

from django.db import models

# The analytics package's method order (not imported: it would load PySAL whenever Django starts).
METHOD_ORDER = ("naive", "kde", "prospective", "gistar", "blend", "blend_tuned")


class Source(models.TextChoices):
    POLICEUK = "policeuk", "police.uk street records"
    INCIDENTS = "incidents", "Incident logs"


class HotspotAccuracy(models.Model):
    """One measured evaluation of the hotspot methods (rates are fractions, 0.398 = 39.8%)."""

    class Grid(models.TextChoices):
        SQUARE = "square", "Square"
        HEX = "hex", "Hexagonal"

    class Value(models.TextChoices):
        COUNT = "count", "Incident count"
        HARM = "harm", "Harm"

    computed_at = models.DateTimeField(auto_now_add=True, db_index=True)
    source = models.CharField(max_length=20, choices=Source.choices)
    data_label = models.CharField(max_length=300, help_text="What the data set was, in words")
    category = models.CharField(
        max_length=100, blank=True, help_text="Crime type or ASB category evaluated; blank for all"
    )
    district = models.ForeignKey(
        "areas.District",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        help_text="Blank: every loaded district (or the boundary of the file evaluated)",
    )
    grid = models.CharField(max_length=10, choices=Grid.choices, default=Grid.SQUARE)
    cell_m = models.FloatField(default=200.0, help_text="Cell size in metres (British National Grid)")
    train_months = models.PositiveSmallIntegerField(default=6)
    value = models.CharField(max_length=10, choices=Value.choices, default=Value.COUNT)
    first_month = models.DateField(help_text="First month of the data evaluated")
    last_month = models.DateField(help_text="Last month of the data evaluated")
    test_months = models.JSONField(default=list, help_text="Months forecast and scored (YYYY-MM)")
    points = models.PositiveIntegerField(help_text="Incidents with a location in the data evaluated")
    cells_in_area = models.PositiveIntegerField(help_text="Cells in the study area (the PAI denominator)")
    result = models.JSONField(help_text="evaluate_methods output; NaN stored as null")

    class Meta:
        ordering = ["-computed_at", "-id"]
        verbose_name = "hotspot accuracy evaluation"
        indexes = [models.Index(fields=["source", "grid", "cell_m", "value"])]

    def __str__(self) -> str:
        return f"{self.get_source_display()} {self.category or 'all types'} {self.computed_at:%Y-%m-%d}"

    @property
    def methods(self) -> list[str]:
        """Methods evaluated, in the analytics package's order (PostgreSQL's jsonb keeps no key order)."""
        order = {name: i for i, name in enumerate(METHOD_ORDER)}
        return sorted(self.result.get("methods", {}), key=lambda m: (order.get(m, len(order)), m))

    def figures(self, method: str, coverage: float) -> dict[str, Any] | None:
        """Mean hit rate and PAI of ``method`` at ``coverage`` percent, with the ceiling and baseline.

        Returns None when the method was not evaluated. Values are fractions (hit rate) and ratios
        (PAI); any of them may be None when a test month had no incidents.
        """
        methods = self.result.get("methods", {})
        if method not in methods:
            return None
        key = f"{coverage:g}"
        mean = methods[method]["mean"]
        ceiling = self.result.get("ceiling", {}).get("mean", {})
        baseline = self.result.get("settings", {}).get("baseline", "naive")
        base = methods.get(baseline, {}).get("mean", {})
        return {
            "method": method,
            "coverage": coverage,
            "hit_rate": mean["hit_rate"].get(key),
            "pai": mean["pai"].get(key),
            "ceiling_hit_rate": ceiling.get("hit_rate", {}).get(key),
            "ceiling_pai": ceiling.get("pai", {}).get(key),
            "baseline": baseline,
            "baseline_hit_rate": base.get("hit_rate", {}).get(key),
            "vs_baseline": methods[method].get("vs_baseline", {}).get(key),
            "cells_selected": self.result.get("cells_selected", {}).get(key),
        }

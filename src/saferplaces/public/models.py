"""Counters for rate limits on public forms and sign-ins, shared by every web process."""

from __future__ import annotations

from django.db import models


class RateLimitBucket(models.Model):
    # A hash of scope and client address: no address is stored in clear.
    key = models.CharField(max_length=64)
    window_start = models.DateTimeField()
    hits = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["key", "window_start"], name="one_bucket_per_window")]
        indexes = [models.Index(fields=["window_start"])]

    def __str__(self) -> str:
        return f"{self.key[:8]}… {self.window_start:%H:%M} {self.hits}"

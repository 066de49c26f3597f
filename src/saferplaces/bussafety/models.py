"""Bus Safety Feedback: what passengers report, and the Safer Travel team's follow-up and replies.

Reports are anonymous unless the passenger asks for a reply. A point picked on the map is kept in
WGS84 and British National Grid metres and placed in an LSOA and district at submission.
"""

from __future__ import annotations

from django.db import models


class BusRoute(models.Model):
    """A route passengers choose from (the free-text answer covers any route not listed)."""

    code = models.CharField(
        max_length=20, help_text="The number or name on the front of the bus, e.g. 72 or X6"
    )
    name = models.CharField(max_length=200, blank=True, help_text="Where it runs, e.g. Leeds – Bradford")
    operator = models.CharField(max_length=100, blank=True)
    district = models.ForeignKey(
        "areas.District",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The district it runs in; empty for routes that cross districts",
    )
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["code", "operator"]
        constraints = [models.UniqueConstraint(fields=["code", "operator"], name="bus_route_unique")]

    def __str__(self) -> str:
        label = f"{self.code}"
        if self.name:
            label += f": {self.name}"
        return f"{label} ({self.operator})" if self.operator else label


class ConcernType(models.Model):
    """One item of the "What happened?" checklist."""

    code = models.SlugField(max_length=32, unique=True)
    label = models.CharField(max_length=100)
    hint = models.CharField(max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["position", "code"]

    def __str__(self) -> str:
        return self.label


class BusReport(models.Model):
    class Status(models.TextChoices):
        NEW = "new", "New"
        IN_PROGRESS = "in_progress", "In progress"
        CLOSED = "closed", "Closed"

    reference = models.CharField(max_length=20, unique=True)
    received_at = models.DateTimeField(db_index=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.NEW, db_index=True)

    route = models.ForeignKey(
        BusRoute, null=True, blank=True, on_delete=models.SET_NULL, related_name="reports"
    )
    route_text = models.CharField(
        max_length=100, blank=True, help_text="The passenger's words when not listed"
    )
    place = models.CharField(max_length=200, help_text="Stop or place, in the passenger's words")
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    easting = models.FloatField(null=True, blank=True, help_text="British National Grid, metres")
    northing = models.FloatField(null=True, blank=True, help_text="British National Grid, metres")
    lsoa = models.ForeignKey("areas.Lsoa", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    district = models.ForeignKey(
        "areas.District", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    occurred_on = models.DateField(db_index=True)
    occurred_time = models.TimeField(null=True, blank=True)
    concerns = models.ManyToManyField(ConcernType, related_name="reports")
    description = models.TextField(blank=True)

    wants_reply = models.BooleanField(default=False)
    contact_name = models.CharField(max_length=200, blank=True)
    contact_email = models.EmailField(blank=True)
    contact_phone = models.CharField(max_length=40, blank=True)

    class Meta:
        ordering = ["-received_at", "-id"]
        indexes = [models.Index(fields=["district", "occurred_on"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(wants_reply=True)
                | models.Q(contact_name="", contact_email="", contact_phone=""),
                name="contact_details_only_when_a_reply_is_wanted",
            )
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def route_label(self) -> str:
        if self.route is not None:
            return f"{self.route.code} ({self.route.operator})" if self.route.operator else self.route.code
        return self.route_text or "Not known"


class FollowUp(models.Model):
    """A note by the team about what was done."""

    report = models.ForeignKey(BusReport, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    text = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"Note on {self.report}"


class Reply(models.Model):
    """A reply to a passenger who asked for one. Recorded here; the system does not send it."""

    class Channel(models.TextChoices):
        EMAIL = "email", "Email"
        PHONE = "phone", "Phone call"
        OTHER = "other", "Other"

    report = models.ForeignKey(BusReport, on_delete=models.CASCADE, related_name="replies")
    author = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    channel = models.CharField(max_length=10, choices=Channel.choices)
    text = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name_plural = "replies"

    def __str__(self) -> str:
        return f"Reply on {self.report}"

"""The Local Crime Tracker: a victim's view of their crime, and the team's side of it.

Personal data lives in ``TrackedCrime`` (victim name and contact), ``Message`` bodies and
``PropertyItem``; all of it is deleted with the crime when its retention ends (see
docs/tracker.md). ``UsageCount`` holds monthly counts only, never who or which crime.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models

# Force crime references such as 13/123456/25; forces differ, so only the characters are checked.
REFERENCE_PATTERN = r"^[A-Z0-9][A-Z0-9/\-]{2,29}$"


def normalise_reference(text: str) -> str:
    """Crime references compare without case or surrounding and inner spaces."""
    return "".join(text.split()).upper()


class TrackerSettings(models.Model):
    """The local rules an administrator may change without code (one row, edited in the admin)."""

    update_working_days = models.PositiveSmallIntegerField(
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(30)],
        help_text="Victims' Code: working days to tell a victim of an arrest, interview, charge "
        "decision, release or decision not to investigate",
    )
    enhanced_update_working_days = models.PositiveSmallIntegerField(
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(30)],
        help_text="The same for victims entitled to enhanced rights",
    )
    response_working_days = models.PositiveSmallIntegerField(
        default=2,
        validators=[MinValueValidator(1), MaxValueValidator(30)],
        help_text="Target for the team to answer a victim's message",
    )
    max_failed_attempts = models.PositiveSmallIntegerField(
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(20)],
        help_text="Wrong access codes in a row before a tracked crime's sign-in is locked",
    )
    lockout_minutes = models.PositiveIntegerField(
        default=30, validators=[MinValueValidator(1), MaxValueValidator(24 * 60)]
    )
    idle_minutes = models.PositiveIntegerField(
        default=30,
        validators=[MinValueValidator(5), MaxValueValidator(240)],
        help_text="A victim is signed out after this long without using the tracker",
    )
    retention_days = models.PositiveIntegerField(
        default=365,
        validators=[MinValueValidator(30)],
        help_text="Days after a crime is closed before the tracker's copy of it is deleted",
    )

    class Meta:
        verbose_name = verbose_name_plural = "tracker settings"

    def __str__(self) -> str:
        return "Local Crime Tracker settings"

    @classmethod
    def load(cls) -> TrackerSettings:
        """The one row of settings, made with the defaults the first time it is asked for."""
        return cls.objects.get_or_create(pk=1)[0]


class Status(models.TextChoices):
    RECORDED = "recorded", "Crime recorded"
    INVESTIGATING = "investigating", "Being investigated"
    AWAITING_DECISION = "awaiting_decision", "Waiting for a charging decision"
    CHARGED = "charged", "Someone has been charged"
    NO_FURTHER_ACTION = "no_further_action", "No further action"
    CLOSED = "closed", "Investigation closed"


FINAL_STATUSES = frozenset({Status.NO_FURTHER_ACTION, Status.CLOSED})


class EnhancedReason(models.TextChoices):
    NONE = "", "Not entitled to enhanced rights"
    PERSISTENTLY_TARGETED = "persistently_targeted", "Persistently or repeatedly targeted"
    VULNERABLE = "vulnerable", "Vulnerable"
    INTIMIDATED = "intimidated", "Intimidated"


class TrackedCrime(models.Model):
    crime_reference = models.CharField(
        max_length=30, unique=True, validators=[RegexValidator(REFERENCE_PATTERN)]
    )
    district = models.ForeignKey("areas.District", on_delete=models.PROTECT, related_name="tracked_crimes")
    victim_name = models.CharField(max_length=200)
    victim_email = models.EmailField(blank=True)
    victim_phone = models.CharField(max_length=30, blank=True)
    enhanced_reason = models.CharField(
        max_length=32, choices=EnhancedReason.choices, blank=True, default=EnhancedReason.NONE
    )
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="tracked_crimes_in_charge"
    )
    status = models.CharField(max_length=32, choices=Status.choices, default=Status.RECORDED)
    closed_at = models.DateTimeField(null=True, blank=True, help_text="When a final status was set")
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The access code: its hash only. Re-issuing replaces the hash and the issue time, which also
    # ends any victim session opened with the old code.
    access_code_hash = models.CharField(max_length=256, blank=True)
    code_issued_at = models.DateTimeField(null=True, blank=True)
    failed_attempts = models.PositiveSmallIntegerField(default=0)
    locked_until = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["district", "status"])]

    def __str__(self) -> str:
        return self.crime_reference

    @property
    def enhanced_rights(self) -> bool:
        return bool(self.enhanced_reason)


class StatusChange(models.Model):
    """Each status the crime has had, with a note the victim can read."""

    crime = models.ForeignKey(TrackedCrime, on_delete=models.CASCADE, related_name="status_changes")
    status = models.CharField(max_length=32, choices=Status.choices)
    note = models.TextField(blank=True, max_length=2000, help_text="Shown to the victim")
    changed_at = models.DateTimeField(auto_now_add=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["changed_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_status_display()} at {self.changed_at:%Y-%m-%d %H:%M}"


class CodeEvent(models.Model):
    """An event the victim must be told about under the Victims' Code, and the update given."""

    class Kind(models.TextChoices):
        ARREST = "arrest", "Suspect arrested"
        INTERVIEW = "interview", "Suspect interviewed"
        CHARGE_DECISION = "charge_decision", "Charging decision made"
        RELEASE = "release", "Suspect released"
        NOT_INVESTIGATED = "not_investigated", "Decision not to investigate"

    crime = models.ForeignKey(TrackedCrime, on_delete=models.CASCADE, related_name="code_events")
    kind = models.CharField(max_length=32, choices=Kind.choices)
    occurred_on = models.DateField()
    due_on = models.DateField(help_text="Last working day to tell the victim")
    recorded_at = models.DateTimeField(auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    update_text = models.TextField(blank=True, max_length=2000, help_text="Shown to the victim")
    update_given_at = models.DateTimeField(null=True, blank=True)
    update_given_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["due_on", "id"]
        indexes = [models.Index(fields=["update_given_at", "due_on"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.occurred_on}"

    def is_overdue(self, today: date) -> bool:
        return self.update_given_at is None and today > self.due_on


class Message(models.Model):
    """A message between the victim and the officer's team."""

    class Direction(models.TextChoices):
        FROM_VICTIM = "from_victim", "From the victim"
        FROM_TEAM = "from_team", "From the team"

    crime = models.ForeignKey(TrackedCrime, on_delete=models.CASCADE, related_name="messages")
    direction = models.CharField(max_length=16, choices=Direction.choices)
    body = models.TextField(max_length=2000)
    sent_at = models.DateTimeField(auto_now_add=True)
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # For a victim's message: the response target and when the team answered it.
    respond_by = models.DateField(null=True, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["sent_at", "id"]
        indexes = [models.Index(fields=["direction", "answered_at", "respond_by"])]

    def __str__(self) -> str:
        return f"{self.get_direction_display()} at {self.sent_at:%Y-%m-%d %H:%M}"


class PropertyItem(models.Model):
    """Lost or damaged property the victim has described."""

    crime = models.ForeignKey(TrackedCrime, on_delete=models.CASCADE, related_name="property_items")
    item = models.CharField(max_length=100)
    description = models.TextField(max_length=1000, blank=True)
    value = models.DecimalField(
        max_digits=9, decimal_places=2, null=True, blank=True, help_text="Pounds sterling"
    )
    serial_number = models.CharField(max_length=100, blank=True)
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["added_at", "id"]

    def __str__(self) -> str:
        return self.item


class UsageCount(models.Model):
    """How often victims used the tracker in a month: a count, nothing about who or which crime."""

    class Kind(models.TextChoices):
        SIGN_IN = "sign_in", "Sign-ins"
        MESSAGE = "message", "Messages sent"
        PROPERTY = "property", "Property reports"

    month = models.DateField(help_text="The first day of the month")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["month", "kind"]
        constraints = [models.UniqueConstraint(fields=["month", "kind"], name="one_usage_count_per_month")]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.kind} {self.count}"

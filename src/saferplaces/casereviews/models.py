"""ASB Case Review ("Community Trigger", 2014 Act s104): applications, the review, appeals to the PCC.

Local rules (threshold and timescales) and bank holidays are data an administrator edits. Dates that
the rules count from are kept as dates in Europe/London (``received_on``), not instants.
"""

from __future__ import annotations

from datetime import date

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Coalesce

from saferplaces.casereviews.threshold import STATUTORY_MAX_COMPLAINTS, ThresholdRules


class LocalRules(models.Model):
    """Threshold rules and timescales: one force-wide row (no district) and optional district rows.

    A relevant body may set the complaints threshold lower than the statutory three, never higher.
    """

    district = models.ForeignKey(
        "areas.District",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text="Leave empty for the force-wide default; a district's own row overrides it",
    )
    min_complaints = models.PositiveSmallIntegerField(
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(STATUTORY_MAX_COMPLAINTS)],
        help_text="Qualifying complaints that meet the threshold (the Act: 3; may be lower, never higher)",
    )
    behaviour_months = models.PositiveSmallIntegerField(
        default=1,
        validators=[MinValueValidator(1)],
        help_text="A complaint qualifies if made within this many months of the behaviour",
    )
    window_months = models.PositiveSmallIntegerField(
        default=6,
        validators=[MinValueValidator(1)],
        help_text="…and the application is made within this many months of the complaint",
    )
    individuals_enabled = models.BooleanField(
        default=True, help_text="Local rule: several people complaining"
    )
    individuals_count = models.PositiveSmallIntegerField(default=5, validators=[MinValueValidator(2)])
    individuals_window_months = models.PositiveSmallIntegerField(default=6, validators=[MinValueValidator(1)])
    hate_enabled = models.BooleanField(default=True, help_text="Local rule: a hate incident")
    hate_incidents = models.PositiveSmallIntegerField(default=1, validators=[MinValueValidator(1)])
    acknowledge_days = models.PositiveSmallIntegerField(default=10, help_text="Working days to acknowledge")
    validity_days = models.PositiveSmallIntegerField(
        default=20, help_text="Working days to decide the threshold"
    )
    close_days = models.PositiveSmallIntegerField(
        default=35, help_text="Working days to close with an outcome"
    )
    appeal_days = models.PositiveSmallIntegerField(
        default=20, help_text="Working days for the PCC to decide an appeal"
    )
    publication_year_start_month = models.PositiveSmallIntegerField(
        default=4,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
        help_text="First month of the year the figures are published for (4: April to March)",
    )

    class Meta:
        verbose_name = "local rules"
        verbose_name_plural = "local rules"
        constraints = [
            models.UniqueConstraint(Coalesce("district", models.Value(0)), name="one_rule_set_per_district"),
            models.CheckConstraint(
                condition=models.Q(min_complaints__gte=1, min_complaints__lte=STATUTORY_MAX_COMPLAINTS),
                name="complaints_threshold_never_above_three",
            ),
        ]

    def __str__(self) -> str:
        return f"Rules for {self.district or 'the whole force'}"

    def threshold_rules(self) -> ThresholdRules:
        return ThresholdRules(
            min_complaints=self.min_complaints,
            behaviour_months=self.behaviour_months,
            window_months=self.window_months,
            individuals_enabled=self.individuals_enabled,
            individuals_count=self.individuals_count,
            individuals_window_months=self.individuals_window_months,
            hate_enabled=self.hate_enabled,
            hate_incidents=self.hate_incidents,
        )


class BankHoliday(models.Model):
    """A bank holiday that working-day deadlines skip (England and Wales by default)."""

    date = models.DateField(unique=True)
    name = models.CharField(max_length=100)

    class Meta:
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date:%d %B %Y} {self.name}"


class Problem(models.Model):
    """Applications that staff have linked as being about the same problem (for the individuals rule)."""

    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Problem {self.pk}"


class Application(models.Model):
    class ApplicantType(models.TextChoices):
        VICTIM = "victim", "I am the victim"
        ON_BEHALF = "on_behalf", "I am applying on behalf of the victim"

    class Status(models.TextChoices):
        RECEIVED = "received", "Received"
        ACKNOWLEDGED = "acknowledged", "Acknowledged"
        UNDER_REVIEW = "under_review", "Threshold met: under review"
        THRESHOLD_NOT_MET = "threshold_not_met", "Threshold not met"
        CLOSED = "closed", "Closed with an outcome"

    class Hate(models.TextChoices):
        YES = "yes", "Yes"
        NO = "no", "No"
        NOT_SURE = "not_sure", "I'm not sure"

    reference = models.CharField(max_length=20, unique=True)
    received_at = models.DateTimeField()
    received_on = models.DateField(help_text="The date received in Europe/London: deadlines count from it")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.RECEIVED, db_index=True)
    district = models.ForeignKey("areas.District", on_delete=models.PROTECT, related_name="+")

    applicant_type = models.CharField(max_length=12, choices=ApplicantType.choices)
    applicant_name = models.CharField(max_length=200)
    applicant_email = models.EmailField(blank=True)
    applicant_phone = models.CharField(max_length=40, blank=True)
    victim_name = models.CharField(max_length=200, blank=True, help_text="When applying on someone's behalf")
    relationship = models.CharField(
        max_length=100, blank=True, help_text="The applicant's relation to the victim"
    )
    victim_consent = models.BooleanField(default=False)
    # A keyed hash of the applicant's normalised email, phone or name: counts individuals, reveals nobody.
    applicant_key = models.CharField(max_length=64, db_index=True)

    address = models.CharField(max_length=300)
    town = models.CharField(max_length=100, blank=True)
    postcode = models.CharField(max_length=10)

    behaviour = models.TextField()
    effect = models.TextField()
    hate_motivated = models.CharField(max_length=10, choices=Hate.choices)

    problem = models.ForeignKey(
        Problem, null=True, blank=True, on_delete=models.SET_NULL, related_name="applications"
    )

    acknowledged_on = models.DateField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    threshold_met = models.BooleanField(null=True, blank=True)
    threshold_rule = models.CharField(max_length=100, blank=True, help_text="Which rule(s) it was met on")
    threshold_reason = models.TextField(blank=True)
    threshold_decided_on = models.DateField(null=True, blank=True)
    threshold_decided_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    outcome = models.TextField(blank=True, help_text="The outcome as the letter tells it")
    closed_on = models.DateField(null=True, blank=True)
    closed_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-received_at", "-id"]
        indexes = [models.Index(fields=["district", "received_on"])]

    def __str__(self) -> str:
        return self.reference

    @property
    def is_decided(self) -> bool:
        return self.status in (self.Status.THRESHOLD_NOT_MET, self.Status.CLOSED)


class Complaint(models.Model):
    class MadeTo(models.TextChoices):
        POLICE = "police", "The police"
        COUNCIL = "council", "The council"
        HOUSING = "housing", "A housing provider"
        OTHER = "other", "Someone else"

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="complaints")
    position = models.PositiveSmallIntegerField()
    made_on = models.DateField(help_text="When the complaint was made")
    made_to = models.CharField(max_length=10, choices=MadeTo.choices)
    made_to_other = models.CharField(max_length=100, blank=True)
    behaviour_on = models.DateField(help_text="When the behaviour complained about happened")
    their_reference = models.CharField(max_length=50, blank=True)

    class Meta:
        ordering = ["application", "position"]
        constraints = [
            models.UniqueConstraint(fields=["application", "position"], name="complaint_position_unique")
        ]

    def __str__(self) -> str:
        return f"Complaint {self.position} of {self.application}"

    @property
    def made_to_label(self) -> str:
        return (
            self.made_to_other
            if self.made_to == self.MadeTo.OTHER and self.made_to_other
            else str(self.get_made_to_display())
        )


class ReviewMeeting(models.Model):
    """The multi-agency case review meeting."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="meetings")
    held_on = models.DateField()
    agencies = models.CharField(max_length=300, help_text="Organisations that took part")
    summary = models.TextField()
    recorded_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["held_on", "id"]

    def __str__(self) -> str:
        return f"Review of {self.application} on {self.held_on}"


class Appeal(models.Model):
    """An appeal to the Police and Crime Commissioner about how an application was dealt with."""

    class Status(models.TextChoices):
        RECEIVED = "received", "Received"
        UPHELD = "upheld", "Upheld"
        NOT_UPHELD = "not_upheld", "Not upheld"

    application = models.OneToOneField(Application, on_delete=models.CASCADE, related_name="appeal")
    lodged_at = models.DateTimeField()
    lodged_on = models.DateField()
    ground_threshold = models.BooleanField(default=False, help_text="The threshold was wrongly refused")
    ground_evidence = models.BooleanField(default=False, help_text="Relevant policy or evidence was ignored")
    explanation = models.TextField()
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.RECEIVED, db_index=True)
    review_summary = models.TextField(blank=True, help_text="The PCC's own review of the case")
    decision_reason = models.TextField(blank=True)
    decided_on = models.DateField(null=True, blank=True)
    decided_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-lodged_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ground_threshold=True) | models.Q(ground_evidence=True),
                name="appeal_on_an_allowed_ground",
            )
        ]

    def __str__(self) -> str:
        return f"Appeal on {self.application}"

    def grounds(self) -> list[str]:
        out = []
        if self.ground_threshold:
            out.append("The threshold was wrongly refused")
        if self.ground_evidence:
            out.append("Relevant policy or evidence was ignored")
        return out


class Recommendation(models.Model):
    """What the review (or the PCC's review of an appeal) recommends, who owns it and by when."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        DONE = "done", "Done"

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="recommendations")
    appeal = models.ForeignKey(
        Appeal, null=True, blank=True, on_delete=models.CASCADE, related_name="recommendations"
    )
    text = models.TextField()
    owner = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    due_on = models.DateField()
    status = models.CharField(max_length=5, choices=Status.choices, default=Status.OPEN)
    completed_on = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return f"Recommendation for {self.application} owned by {self.owner}"

    def is_overdue(self, today: date) -> bool:
        return self.status == self.Status.OPEN and self.due_on < today

"""The ASB review workflow: engine results per incident, and what reviewers, officers and supervisors did.

Engine output (``ReviewItem``, ``PersonMention``, ``PersonLink``, ``LocationLink``) is replaced on
each engine run; people's decisions (assessments, crime decisions, tasks, supervisory reviews,
interventions) are never overwritten, so the history of who decided what is retained.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Risk(models.TextChoices):
    STANDARD = "standard", "Standard"
    MEDIUM = "medium", "Medium"
    HIGH = "high", "High"


RISK_RANK = {Risk.HIGH: 0, Risk.MEDIUM: 1, Risk.STANDARD: 2}


class EngineRun(models.Model):
    """One run of the review engine over the incident store."""

    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    incidents = models.PositiveIntegerField(default=0)
    in_review = models.PositiveIntegerField(default=0)
    timings = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"Engine run {self.pk} ({self.incidents} incidents)"


class ReviewItem(models.Model):
    """An incident in the review: the engine's flags and reasons, and who is working it."""

    class Status(models.TextChoices):
        OPEN = "open", "Waiting"
        CLAIMED = "claimed", "Being reviewed"
        DONE = "done", "Reviewed"

    incident = models.OneToOneField("incidents.Incident", on_delete=models.CASCADE, related_name="review")
    district = models.ForeignKey("areas.District", null=True, blank=True, on_delete=models.PROTECT)
    engine_run = models.ForeignKey(EngineRun, null=True, on_delete=models.SET_NULL, related_name="items")
    received_at = models.DateTimeField(db_index=True, help_text="Copied from the incident for ordering")
    risk = models.CharField(max_length=10, choices=Risk.choices, default=Risk.STANDARD)
    risk_rank = models.PositiveSmallIntegerField(default=2, help_text="0 high, 1 medium, 2 standard")
    risk_score = models.FloatField(default=0)
    repeat_victim = models.BooleanField(default=False)
    repeat_location = models.BooleanField(default=False)
    cdi_flag = models.BooleanField(default=False)
    cdi_offence = models.CharField(max_length=10, blank=True)
    reasons = models.JSONField(default=list, blank=True, help_text="The engine's reasons, one per entry")
    signals = models.JSONField(default=dict, blank=True, help_text="History factors for the questionnaire")
    victim_person = models.CharField(max_length=40, blank=True, help_text="Engine person cluster id")
    location_cluster = models.CharField(max_length=40, blank=True, help_text="Engine location cluster id")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    claimed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    claimed_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["risk_rank", "-repeat_victim", "-repeat_location", "received_at"]
        indexes = [
            # The queue's order over the items still to do, so page 1 is an index scan, not a sort.
            models.Index(
                fields=["district", "risk_rank", "-repeat_victim", "-repeat_location", "received_at", "id"],
                condition=~models.Q(status="done"),
                name="review_queue_order",
            ),
            # The queue's counts read only this index (an index-only scan once vacuumed).
            models.Index(
                fields=["district", "risk", "repeat_victim", "repeat_location", "cdi_flag", "status"],
                condition=~models.Q(status="done"),
                name="review_queue_counts",
            ),
            models.Index(fields=["district", "status", "risk_rank", "received_at"]),
            models.Index(fields=["victim_person"]),
            models.Index(fields=["location_cluster"]),
        ]

    def __str__(self) -> str:
        return f"Review of {self.incident_id}"


class PersonMention(models.Model):
    """A person on an incident (caller, victim, suspect) with the engine's person cluster id."""

    incident = models.ForeignKey("incidents.Incident", on_delete=models.CASCADE, related_name="+")
    role = models.CharField(max_length=10)
    person_id = models.CharField(max_length=40, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["incident", "role"], name="review_one_mention_per_role")
        ]

    def __str__(self) -> str:
        return f"{self.role} {self.person_id} on incident {self.incident_id}"


class PersonLink(models.Model):
    """Why two incidents' person records were linked (or kept apart): the engine's explanation."""

    person_id = models.CharField(max_length=40, db_index=True)
    incident_a = models.ForeignKey("incidents.Incident", on_delete=models.CASCADE, related_name="+")
    incident_b = models.ForeignKey("incidents.Incident", on_delete=models.CASCADE, related_name="+")
    match_probability = models.FloatField()
    explanation = models.TextField()
    decision = models.CharField(max_length=100)

    def __str__(self) -> str:
        return f"{self.incident_a_id}-{self.incident_b_id} ({self.decision})"


class LocationLink(models.Model):
    """Why two incidents were joined into one location."""

    incident_a = models.ForeignKey("incidents.Incident", on_delete=models.CASCADE, related_name="+")
    incident_b = models.ForeignKey("incidents.Incident", on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(max_length=200)
    distance_m = models.FloatField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.incident_a_id}-{self.incident_b_id}: {self.reason}"


class RiskAssessment(models.Model):
    """A reviewer's completed risk questionnaire; earlier ones are kept."""

    incident = models.ForeignKey(
        "incidents.Incident", on_delete=models.CASCADE, related_name="risk_assessments"
    )
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    assessed_at = models.DateTimeField(auto_now_add=True)
    answers = models.JSONField(default=dict, help_text="question id -> true/false")
    risk = models.CharField(max_length=10, choices=Risk.choices)
    score = models.FloatField()
    reasons = models.TextField(blank=True)
    vulnerability = models.JSONField(
        default=dict, blank=True, help_text="Personal vulnerability assessment, when indicated"
    )

    class Meta:
        ordering = ["-assessed_at", "-id"]

    def __str__(self) -> str:
        return f"{self.risk} risk on incident {self.incident_id}"


class CrimeDecision(models.Model):
    """Record as a crime, or confirm non-crime; and whether the engine's CDI suggestion was taken."""

    class Outcome(models.TextChoices):
        CRIME = "crime", "Recorded as a crime"
        NON_CRIME = "non_crime", "Confirmed non-crime"

    class Cdi(models.TextChoices):
        NONE = "", "No CDI suggestion"
        ACCEPTED = "accepted", "CDI suggestion accepted"
        OVERRULED = "overruled", "CDI suggestion overruled"

    incident = models.ForeignKey(
        "incidents.Incident", on_delete=models.CASCADE, related_name="crime_decisions"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(auto_now_add=True)
    outcome = models.CharField(max_length=10, choices=Outcome.choices)
    offence_code = models.ForeignKey("reference.OffenceCode", null=True, blank=True, on_delete=models.PROTECT)
    crime_ref = models.CharField(max_length=40, blank=True)
    rationale = models.TextField(blank=True)
    cdi_suggestion = models.CharField(max_length=10, blank=True)
    cdi = models.CharField(max_length=10, choices=Cdi.choices, blank=True, default=Cdi.NONE)

    class Meta:
        ordering = ["-decided_at", "-id"]

    def __str__(self) -> str:
        return f"{self.outcome} on incident {self.incident_id}"


class Task(models.Model):
    """Work for the neighbourhood policing team on an incident."""

    class Kind(models.TextChoices):
        CALL_BACK = "call_back", "Call-back"
        REASSURANCE = "reassurance", "Reassurance visit"
        VULNERABILITY = "vulnerability", "Vulnerability assessment"

    incident = models.ForeignKey("incidents.Incident", on_delete=models.CASCADE, related_name="tasks")
    district = models.ForeignKey("areas.District", null=True, blank=True, on_delete=models.PROTECT)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="review_tasks",
    )
    due = models.DateField()
    automatic = models.BooleanField(default=False, help_text="Created because the caller asked for contact")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["due", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["incident", "kind"],
                condition=models.Q(completed_at__isnull=True),
                name="review_one_open_task_per_kind",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} due {self.due}"


class SupervisoryReview(models.Model):
    """A supervisor's review of a medium or high-risk case, due on the configured cadence."""

    class Rank(models.TextChoices):
        SERGEANT = "sergeant", "Sergeant"
        INSPECTOR = "inspector", "Inspector"
        CHIEF_INSPECTOR = "chief_inspector", "Chief inspector"

    incident = models.ForeignKey(
        "incidents.Incident", on_delete=models.CASCADE, related_name="supervisory_reviews"
    )
    district = models.ForeignKey("areas.District", null=True, blank=True, on_delete=models.PROTECT)
    assessment = models.ForeignKey(
        RiskAssessment, on_delete=models.CASCADE, related_name="supervisory_reviews"
    )
    rank = models.CharField(max_length=20, choices=Rank.choices)
    due = models.DateField(db_index=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["due", "id"]

    def __str__(self) -> str:
        return f"{self.rank} review due {self.due}"


class Intervention(models.Model):
    """An intervention plan, partnership referral or (high risk) case conference."""

    class Kind(models.TextChoices):
        PLAN = "plan", "Intervention plan"
        REFERRAL = "referral", "Partnership referral"
        CASE_CONFERENCE = "case_conference", "Case conference"

    incident = models.ForeignKey("incidents.Incident", on_delete=models.CASCADE, related_name="interventions")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    organisation = models.ForeignKey("accounts.Organisation", null=True, blank=True, on_delete=models.PROTECT)
    date = models.DateField(null=True, blank=True, help_text="Case conference date")
    notes = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.kind} on incident {self.incident_id}"

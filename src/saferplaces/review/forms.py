"""Forms of the review workflow. The risk form is built from the engine's configurable questionnaire."""

from __future__ import annotations

from typing import Any

from django import forms

from saferplaces.accounts.models import Organisation, Role, User
from saferplaces.analytics.review.risk import Questionnaire
from saferplaces.areas.models import District
from saferplaces.incidents.models import Incident
from saferplaces.reference.models import OffenceCode
from saferplaces.review.models import CrimeDecision, Intervention, ReviewItem, Risk, Task

VULNERABILITY = (
    ("disability", "Physical disability or long-term illness"),
    ("mental_health", "Mental health"),
    ("age", "Age (young or elderly)"),
    ("isolation", "Lives alone or is isolated"),
    ("other_support", "Needs support from another agency"),
)


class QueueFilterForm(forms.Form):
    status = forms.ChoiceField(
        required=False,
        choices=[("todo", "Waiting or being reviewed"), ("open", "Waiting"), ("mine", "Claimed by me"),
                 ("claimed", "Being reviewed"), ("done", "Reviewed")],
    )  # fmt: skip
    risk = forms.ChoiceField(required=False, choices=[("", "Any risk"), *Risk.choices])
    reason = forms.ChoiceField(
        required=False,
        choices=[("", "Any reason"), ("repeat_victim", "Repeat victim"),
                 ("repeat_location", "Repeat location"), ("cdi", "Possible crime (CDI)")],
    )  # fmt: skip
    district = forms.ModelChoiceField(
        required=False, queryset=District.objects.none(), empty_label="All my districts"
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from saferplaces.accounts.permissions import visible_districts

        self.fields["district"].queryset = visible_districts(user)  # type: ignore[attr-defined]


class RiskAssessmentForm(forms.Form):
    """One yes/no field per questionnaire question, then the personal vulnerability assessment."""

    def __init__(self, *args: Any, questionnaire: Questionnaire, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.questionnaire = questionnaire
        for q in questionnaire.questions:
            self.fields[f"q_{q.id}"] = forms.TypedChoiceField(
                label=q.text, choices=[("yes", "Yes"), ("no", "No")], widget=forms.RadioSelect,
                coerce=lambda v: v == "yes",
            )  # fmt: skip
        for key, label in VULNERABILITY:
            self.fields[f"v_{key}"] = forms.BooleanField(label=label, required=False)

    def answers(self) -> dict[str, bool]:
        return {q.id: bool(self.cleaned_data[f"q_{q.id}"]) for q in self.questionnaire.questions}

    def vulnerability(self) -> dict[str, bool]:
        found = {k: True for k, _ in VULNERABILITY if self.cleaned_data.get(f"v_{k}")}
        return found

    def question_fields(self) -> list[forms.BoundField]:
        return [self[f"q_{q.id}"] for q in self.questionnaire.questions]

    def vulnerability_fields(self) -> list[forms.BoundField]:
        return [self[f"v_{k}"] for k, _ in VULNERABILITY]


class CrimeDecisionForm(forms.Form):
    outcome = forms.ChoiceField(choices=CrimeDecision.Outcome.choices, widget=forms.RadioSelect)
    # A text field, not a select: the Home Office list has hundreds of codes (and a select of them
    # costs more to render than the rest of the review page).
    offence_code = forms.CharField(max_length=20, required=False, label="Offence code (e.g. 9A)")
    crime_ref = forms.CharField(max_length=40, required=False, label="Crime reference")
    rationale = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        code = (data.get("offence_code") or "").strip().upper()
        data["offence_code"] = OffenceCode.objects.filter(code=code).first() if code else None
        if code and data["offence_code"] is None:
            self.add_error("offence_code", f"{code} is not a Home Office offence code.")
            return data
        if data.get("outcome") == CrimeDecision.Outcome.CRIME:
            if not data.get("offence_code"):
                self.add_error("offence_code", "Give the offence code of the crime recorded.")
            if not (data.get("crime_ref") or "").strip():
                self.add_error("crime_ref", "Give the crime reference.")
        elif (
            data.get("outcome") == CrimeDecision.Outcome.NON_CRIME
            and not (data.get("rationale") or "").strip()
        ):
            self.add_error("rationale", "Say why this is not a crime.")
        return data


class TaskForm(forms.Form):
    kind = forms.ChoiceField(choices=Task.Kind.choices, label="Task")
    due = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    assigned_to = forms.ModelChoiceField(
        queryset=User.objects.none(), required=False, empty_label="The neighbourhood team (unassigned)",
        label="Officer",
    )  # fmt: skip

    def __init__(self, *args: Any, incident: Incident, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assigned_to"].queryset = User.objects.filter(  # type: ignore[attr-defined]
            role=Role.NPT_OFFICER, districts=incident.district_id, is_active=True
        ).order_by("username")


class ShareForm(forms.Form):
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.exclude(kind=Organisation.Kind.POLICE)
    )


class InterventionForm(forms.Form):
    kind = forms.ChoiceField(choices=Intervention.Kind.choices)
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.exclude(kind=Organisation.Kind.POLICE), required=False,
        label="Organisation (for a referral)",
    )  # fmt: skip
    date = forms.DateField(
        required=False, widget=forms.DateInput(attrs={"type": "date"}), label="Date (case conference)"
    )
    notes = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args: Any, item: ReviewItem, current_risk: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.current_risk = current_risk

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("kind") == Intervention.Kind.REFERRAL and not data.get("organisation"):
            self.add_error("organisation", "Choose the organisation the case is referred to.")
        if data.get("kind") == Intervention.Kind.CASE_CONFERENCE:
            if self.current_risk != Risk.HIGH:
                self.add_error("kind", "A case conference is for high-risk cases.")
            if not data.get("date"):
                self.add_error("date", "Give the date of the case conference.")
        return data


class CompletionForm(forms.Form):
    notes = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), label="Notes")

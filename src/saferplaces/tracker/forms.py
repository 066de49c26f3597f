"""Forms for the victim's pages (GOV.UK wording) and the staff pages."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.utils import timezone

from saferplaces.accounts.models import User
from saferplaces.accounts.permissions import visible_districts
from saferplaces.areas.models import District
from saferplaces.tracker import codes
from saferplaces.tracker.models import (
    REFERENCE_PATTERN,
    CodeEvent,
    EnhancedReason,
    Status,
    TrackedCrime,
    normalise_reference,
)
from saferplaces.tracker.queries import officer_choices

MESSAGE_MAX = 2000


def sign_in_failed_message(lockout_minutes: int) -> str:
    """One message for an unknown reference, a wrong code and a locked crime alike."""
    return (
        "The crime reference or access code is not right. Check both and try again. If they are "
        f"right and you still cannot sign in, wait {lockout_minutes} minutes or ask the officer in "
        "charge for a new code."
    )


# Victim's pages -------------------------------------------------------------------------------


class SignInForm(forms.Form):
    reference = forms.CharField(
        label="Crime reference",
        max_length=40,
        help_text="For example, 13/123456/25. It is in the letter or message the police sent you.",
        error_messages={"required": "Enter your crime reference"},
    )
    code = forms.CharField(
        label="Access code",
        max_length=40,
        help_text="12 letters and numbers, for example 7KQ2-M9XD-4TRW. Capital or small letters both work.",
        error_messages={"required": "Enter your access code"},
    )

    def clean_reference(self) -> str:
        value = normalise_reference(self.cleaned_data["reference"])
        if not re.fullmatch(REFERENCE_PATTERN, value):
            raise forms.ValidationError(
                "Crime reference must only include letters, numbers and slashes, like 13/123456/25"
            )
        return value

    def clean_code(self) -> str:
        value = codes.normalise_code(self.cleaned_data["code"])
        if len(value) != codes.CODE_LENGTH:
            raise forms.ValidationError("Access code must be 12 letters and numbers, like 7KQ2-M9XD-4TRW")
        return value


class MessageForm(forms.Form):
    body = forms.CharField(
        label="Send a message to the officer’s team",
        max_length=MESSAGE_MAX,
        widget=forms.Textarea,
        help_text="Do not include bank details or passwords. You can enter up to 2,000 characters.",
        error_messages={
            "required": "Enter your message",
            "max_length": "Your message must be 2,000 characters or fewer",
        },
    )


class PropertyForm(forms.Form):
    item = forms.CharField(
        label="What is the item?",
        max_length=100,
        help_text="For example, mobile phone, bicycle or front door",
        error_messages={
            "required": "Enter what the item is",
            "max_length": "Item must be 100 characters or fewer",
        },
    )
    description = forms.CharField(
        label="Describe it and say whether it was lost, stolen or damaged",
        required=False,
        max_length=1000,
        widget=forms.Textarea,
        help_text="Make, model, colour and anything that would help identify it",
        error_messages={"max_length": "Description must be 1,000 characters or fewer"},
    )
    value = forms.CharField(
        label="Value in pounds (optional)",
        required=False,
        max_length=20,
        help_text="What it would cost to replace or repair, for example 120 or 120.50",
    )
    serial_number = forms.CharField(
        label="Serial number or IMEI (optional)",
        required=False,
        max_length=100,
        error_messages={"max_length": "Serial number must be 100 characters or fewer"},
    )

    def clean_value(self) -> Decimal | None:
        raw = self.cleaned_data["value"].strip().replace("£", "").replace(",", "")
        if not raw:
            return None
        try:
            value = Decimal(raw)
        except InvalidOperation:
            raise forms.ValidationError("Value must be a number of pounds, like 120 or 120.50") from None
        if not value.is_finite() or value < 0:
            raise forms.ValidationError("Value must be a number of pounds, like 120 or 120.50")
        if value >= Decimal("10000000"):
            raise forms.ValidationError("Value must be less than £10,000,000")
        if value != value.quantize(Decimal("0.01")):
            raise forms.ValidationError("Value must be in pounds and pence, like 120.50")
        return value.quantize(Decimal("0.01"))


# Staff pages ----------------------------------------------------------------------------------


class OfficerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        user: User = obj
        parts = [user.get_full_name() or user.username]
        if user.collar_number:
            parts.append(f"collar {user.collar_number}")
        if user.team:
            parts.append(user.team)
        return " · ".join(parts)


class TrackedCrimeForm(forms.Form):
    crime_reference = forms.CharField(
        label="Crime reference", max_length=30, help_text="For example, 13/123456/25"
    )
    district = forms.ModelChoiceField(queryset=District.objects.none())
    victim_name = forms.CharField(label="Victim's name", max_length=200)
    victim_email = forms.EmailField(label="Victim's email address", required=False)
    victim_phone = forms.CharField(label="Victim's phone number", max_length=30, required=False)
    enhanced_reason = forms.ChoiceField(
        label="Enhanced rights under the Victims' Code",
        choices=EnhancedReason.choices,
        required=False,
        help_text="Updates are then due within 1 working day rather than 5",
    )
    officer = OfficerChoiceField(queryset=User.objects.none(), label="Officer in charge")

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["district"].queryset = visible_districts(user)  # type: ignore[attr-defined]
        self.fields["officer"].queryset = officer_choices(user)  # type: ignore[attr-defined]

    def clean_crime_reference(self) -> str:
        value = normalise_reference(self.cleaned_data["crime_reference"])
        if not re.fullmatch(REFERENCE_PATTERN, value):
            raise forms.ValidationError("Use letters, numbers, slashes and hyphens only, like 13/123456/25")
        if TrackedCrime.objects.filter(crime_reference=value).exists():
            raise forms.ValidationError("This crime is already tracked")
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        officer: User | None = data.get("officer")
        district: District | None = data.get("district")
        if officer and district and not officer.districts.filter(pk=district.pk).exists():
            self.add_error("officer", f"This officer does not work in {district.name}")
        if data.get("victim_name") and not (data.get("victim_email") or data.get("victim_phone")):
            self.add_error("victim_email", "Give an email address or a phone number for the victim")
        return data


class StatusForm(forms.Form):
    status = forms.ChoiceField(choices=Status.choices)
    note = forms.CharField(
        label="Note for the victim",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
        help_text="Shown on the victim's tracker with the new status",
    )


class CodeEventForm(forms.Form):
    kind = forms.ChoiceField(label="What happened", choices=CodeEvent.Kind.choices)
    occurred_on = forms.DateField(label="Date it happened", widget=forms.DateInput(attrs={"type": "date"}))
    update_text = forms.CharField(
        label="Update for the victim (optional)",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
        help_text="Fill this in if you have told the victim; it appears on their tracker",
    )

    def clean_occurred_on(self) -> date:
        value: date = self.cleaned_data["occurred_on"]
        if value > timezone.localdate():
            raise forms.ValidationError("The date must not be in the future")
        return value


class UpdateForm(forms.Form):
    update_text = forms.CharField(
        label="Update for the victim",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text="Appears on the victim's tracker",
    )


class ReplyForm(forms.Form):
    body = forms.CharField(
        label="Reply to the victim", widget=forms.Textarea(attrs={"rows": 4}), max_length=MESSAGE_MAX
    )


class FindForm(forms.Form):
    crime_reference = forms.CharField(label="Crime reference", max_length=40)

    def clean_crime_reference(self) -> str:
        return normalise_reference(self.cleaned_data["crime_reference"])

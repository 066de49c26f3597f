"""Forms for Bus Safety Feedback: the public report, one question per page, and the staff side."""

from __future__ import annotations

import re
from datetime import datetime, time
from typing import Any

from django import forms
from django.utils import timezone

from saferplaces.analytics.geo import in_uk_bounds
from saferplaces.bussafety.models import BusReport, BusRoute, ConcernType, Reply
from saferplaces.casereviews.govuk import GovukDateField, GovukForm, TelInput

TEXT_LIMIT = 3000
_TIME = re.compile(r"^(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm)?$")


def parse_time(text: str) -> time:
    """``8:15am``, ``8.15 pm``, ``17:40``, ``9pm``, ``midday``, ``midnight`` -> a time of day."""
    value = " ".join(text.lower().split())
    if value in ("midday", "noon", "12 noon"):
        return time(12, 0)
    if value == "midnight":
        return time(0, 0)
    match = _TIME.match(value)
    if not match:
        raise ValueError(text)
    hour, minute, half = int(match.group(1)), int(match.group(2) or 0), match.group(3)
    if half:
        if not 1 <= hour <= 12:
            raise ValueError(text)
        hour = hour % 12 + (12 if half == "pm" else 0)
    elif match.group(2) is None:
        raise ValueError(text)  # "8" alone could be morning or evening
    if hour > 23 or minute > 59:
        raise ValueError(text)
    return time(hour, minute)


class RouteForm(GovukForm):
    page_heading = "route"

    route = forms.ModelChoiceField(
        label="Which bus route was it?",
        queryset=BusRoute.objects.filter(active=True),
        required=False,
        empty_label="Choose a route",
        help_text="If it happened at a bus stop, choose the route you were waiting for",
    )
    route_text = forms.CharField(
        label="If the route is not in the list, or you are not sure, tell us what you know",
        required=False,
        max_length=100,
        help_text="For example, the number on the bus or where it was going",
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("route") and not data.get("route_text", "").strip() and "route" not in self.errors:
            self.add_error(
                "route", "Choose the bus route, or tell us what you know about it in the box below"
            )
        return data


class WhereForm(GovukForm):
    page_heading = "place"

    place = forms.CharField(
        label="Where did it happen?",
        max_length=200,
        help_text=(
            "The bus stop, street or landmark, or where on the bus. For example, Vicar Lane stop, or top deck"
        ),
        error_messages={"required": "Enter where it happened"},
    )
    latitude = forms.FloatField(required=False, widget=forms.HiddenInput)
    longitude = forms.FloatField(required=False, widget=forms.HiddenInput)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        lat, lon = data.get("latitude"), data.get("longitude")
        if (lat is None) != (lon is None) or (lat is not None and not in_uk_bounds(lat, lon)):  # type: ignore[arg-type]
            # A hidden field cannot take focus, so the error goes on the question itself.
            self.add_error(
                "place", "The point picked on the map could not be used: pick it again or clear it"
            )
            data["latitude"] = data["longitude"] = None
        return data


class WhenForm(GovukForm):
    page_heading = "occurred_on"

    occurred_on = GovukDateField(
        label="When did it happen?",
        noun="the date it happened",
        help_text="For example, 27 3 2025",
    )
    occurred_time = forms.CharField(
        label="What time? (optional)",
        required=False,
        max_length=20,
        help_text="For example, 8:15am or 17:40",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10", "spellcheck": "false"}),
    )

    def clean_occurred_time(self) -> time | None:
        text = str(self.cleaned_data.get("occurred_time", "")).strip()
        if not text:
            return None
        try:
            return parse_time(text)
        except ValueError:
            raise forms.ValidationError("Enter the time like 8:15am or 17:40") from None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        day, at = data.get("occurred_on"), data.get("occurred_time")
        if day and at and timezone.make_aware(datetime.combine(day, at)) > timezone.now():
            self.add_error("occurred_time", "The time must be in the past")
        return data


class WhatForm(GovukForm):
    page_heading = "concerns"

    concerns = forms.ModelMultipleChoiceField(
        label="What happened?",
        queryset=ConcernType.objects.filter(active=True),
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply",
        error_messages={"required": "Select what happened"},
    )
    description = forms.CharField(
        label="Tell us more (optional)",
        required=False,
        max_length=TEXT_LIMIT,
        help_text="What happened, and what the people involved looked like if you can say",
        widget=forms.Textarea(attrs={"rows": 5}),
    )


class ReplyForm(GovukForm):
    page_heading = "wants_reply"

    wants_reply = forms.ChoiceField(
        label="Do you want a reply?",
        choices=[("yes", "Yes, I would like a reply"), ("no", "No, I want to stay anonymous")],
        widget=forms.RadioSelect,
        help_text="Your report is anonymous unless you ask for a reply",
        error_messages={"required": "Select whether you want a reply"},
    )


class ContactForm(GovukForm):
    """Asked only of passengers who want a reply."""

    contact_name = forms.CharField(
        label="Your name (optional)",
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "name", "spellcheck": "false"}),
    )
    contact_email = forms.EmailField(
        label="Email address",
        required=False,
        help_text="We only use your details to reply to this report",
        error_messages={"invalid": "Enter an email address in the correct format, like name@example.com"},
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )
    contact_phone = forms.CharField(
        label="Phone number",
        required=False,
        max_length=40,
        help_text="Give an email address, a phone number, or both",
        widget=TelInput(attrs={"autocomplete": "tel", "class": "govuk-input--width-20"}),
    )

    def clean_contact_phone(self) -> str:
        phone = str(self.cleaned_data.get("contact_phone", "")).strip()
        digits = re.sub(r"\D", "", phone)
        if phone and not (10 <= len(digits) <= 15 and re.fullmatch(r"[\d\s+()-]+", phone)):
            raise forms.ValidationError("Enter a phone number, like 01632 960 001 or 07700 900 982")
        return phone

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("contact_email") and not data.get("contact_phone") and not self.errors:
            self.add_error("contact_email", "Enter an email address or a phone number so we can reply")
        return data


# --- staff ----------------------------------------------------------------------------------------------
class QueueFilterForm(forms.Form):
    route = forms.ModelChoiceField(queryset=BusRoute.objects.all(), required=False, empty_label="All routes")
    concern = forms.ModelChoiceField(
        label="Type", queryset=ConcernType.objects.all(), required=False, empty_label="All types"
    )
    status = forms.ChoiceField(choices=[("", "Any status"), *BusReport.Status.choices], required=False)
    date_from = forms.DateField(
        label="Happened from", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label="Happened to", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            raise forms.ValidationError("The 'from' date must not be after the 'to' date.")
        return data


class NoteForm(forms.Form):
    text = forms.CharField(
        label="Follow-up note", widget=forms.Textarea(attrs={"rows": 3}), max_length=TEXT_LIMIT
    )


class ReplyRecordForm(forms.Form):
    channel = forms.ChoiceField(label="How you replied", choices=Reply.Channel.choices)
    text = forms.CharField(label="Reply", widget=forms.Textarea(attrs={"rows": 4}), max_length=TEXT_LIMIT)


class StatusForm(forms.Form):
    status = forms.ChoiceField(label="Status", choices=BusReport.Status.choices)


class SummaryForm(forms.Form):
    month = forms.DateField(
        label="Month",
        input_formats=["%Y-%m"],
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
    )

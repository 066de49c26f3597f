from __future__ import annotations

from typing import Any

from django import forms

from saferplaces.accounts.models import User
from saferplaces.accounts.permissions import visible_districts
from saferplaces.areas.models import District
from saferplaces.reference.models import AsbCategory


class IncidentSearchForm(forms.Form):
    q = forms.CharField(
        label="Search",
        required=False,
        max_length=100,
        help_text="Reference, crime reference, postcode, or words in the location or narrative",
    )
    district = forms.ModelChoiceField(
        queryset=District.objects.none(), required=False, empty_label="All districts"
    )
    category = forms.ModelChoiceField(
        queryset=AsbCategory.objects.all(),
        required=False,
        empty_label="All ASB categories",
        label="ASB category",
    )
    crime = forms.ChoiceField(
        choices=[("", "Crime and non-crime"), ("crime", "Crime recorded"), ("noncrime", "Non-crime")],
        required=False,
        label="Recording",
    )
    date_from = forms.DateField(
        required=False, label="Received from", widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        required=False, label="Received to", widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["district"].queryset = visible_districts(user)  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            raise forms.ValidationError("The 'received from' date must not be after the 'received to' date.")
        return data

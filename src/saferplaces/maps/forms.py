"""The map's filters: source, type, period in months, district (the user's only), grid, method."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms

from saferplaces.accounts.models import User
from saferplaces.areas.models import District
from saferplaces.maps import queries
from saferplaces.maps.models import HotspotAccuracy, Source
from saferplaces.maps.services import COVERAGES, MAX_MONTHS, METHOD_LABELS, METHODS, MapFilters

MONTH_FORMAT = "%Y-%m"


class MonthInput(forms.DateInput):
    input_type = "month"

    def __init__(self) -> None:
        super().__init__(format=MONTH_FORMAT)


class MonthField(forms.DateField):
    """A month as ``YYYY-MM`` (the first day of it once cleaned)."""

    widget = MonthInput
    input_formats = [MONTH_FORMAT]

    def to_python(self, value: Any) -> date | None:
        d = super().to_python(value)
        return d.replace(day=1) if d else None


def _months_between(first: date, last: date) -> int:
    return (last.year - first.year) * 12 + last.month - first.month + 1


class MapFilterForm(forms.Form):
    source = forms.ChoiceField(choices=Source.choices, label="Source")
    type = forms.ChoiceField(
        required=False,
        label="Type",
        help_text="A police.uk crime type, or an ASB category for incident logs",
    )
    month_from = MonthField(label="From month")
    month_to = MonthField(label="To month")
    district: forms.ModelChoiceField[District] = forms.ModelChoiceField(
        queryset=District.objects.none(), required=False, empty_label="All your districts"
    )
    grid = forms.ChoiceField(choices=HotspotAccuracy.Grid.choices, label="Grid (200 m cells)")
    method = forms.ChoiceField(choices=[(m, METHOD_LABELS[m]) for m in METHODS], label="Hotspot method")
    coverage = forms.TypedChoiceField(
        choices=[(f"{c:g}", f"{c:g}% of the area") for c in COVERAGES], coerce=float, label="Hotspot coverage"
    )
    measure = forms.ChoiceField(choices=HotspotAccuracy.Value.choices, label="Colour and rank by")

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["district"].queryset = queries.user_districts(user)  # type: ignore[attr-defined]
        self.policeuk_types = queries.crime_types()
        self.incident_types = queries.asb_categories()
        self.fields["type"].choices = [  # type: ignore[attr-defined]
            ("", "All types"),
            ("police.uk crime type", [(t, t) for t in self.policeuk_types]),
            ("Incident log ASB category", self.incident_types),
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        first, last = data.get("month_from"), data.get("month_to")
        if first and last:
            if first > last:
                raise forms.ValidationError("The 'from' month must not be after the 'to' month.")
            if _months_between(first, last) > MAX_MONTHS:
                raise forms.ValidationError(f"Choose at most {MAX_MONTHS} months.")
        kind, source = data.get("type") or "", data.get("source")
        if kind and source == Source.POLICEUK and kind not in self.policeuk_types:
            self.add_error("type", "That is an ASB category: police.uk records have crime types.")
        if kind and source == Source.INCIDENTS and kind not in {c for c, _ in self.incident_types}:
            self.add_error("type", "That is a police.uk crime type: incident logs have ASB categories.")
        return data

    def filters(self) -> MapFilters:
        """The cleaned filters (call only when the form is valid)."""
        d = self.cleaned_data
        return MapFilters(
            source=d["source"],
            kind=d.get("type") or "",
            month_from=d["month_from"],
            month_to=d["month_to"],
            district_id=d["district"].pk if d.get("district") else None,
            grid=d["grid"],
            method=d["method"],
            coverage=d["coverage"],
            measure=d["measure"],
        )


def default_data(user: User, scope: queries.Scope, source: str | None = None) -> dict[str, str]:
    """Filters for what the address leaves out: incident logs if the user has any (else police.uk),
    and the last 6 months with data of the source.
    """
    if source not in Source.values:
        source = Source.INCIDENTS if queries.has_incidents(user, scope) else Source.POLICEUK
    last = queries.latest_month(user, source, scope) or date.today().replace(day=1)
    y, m = divmod(last.year * 12 + last.month - 1 - 5, 12)
    return {
        "source": source,
        "type": "",
        "month_from": date(y, m + 1, 1).strftime(MONTH_FORMAT),
        "month_to": last.strftime(MONTH_FORMAT),
        "district": "",
        "grid": "square",
        "method": "blend",
        "coverage": "1",
        "measure": "count",
    }

"""The report page's choices (tables, period, baseline, area) and the supplied-data upload."""

from __future__ import annotations

import re
from typing import Any

from django import forms

from saferplaces.accounts.models import User
from saferplaces.accounts.permissions import visible_districts
from saferplaces.areas.models import District
from saferplaces.reports.models import SuppliedUpload
from saferplaces.reports.tables import TABLE_LABELS, PanelRequest, TableKey, baseline_problem

_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
MONTH_LENGTHS = [(12, "12 months"), (6, "6 months"), (3, "3 months"), (1, "1 month")]
MAX_UPLOAD_BYTES = 5 * 1024 * 1024


def parse_month(text: str) -> tuple[int, int]:
    """``2023-01`` as (2023, 1).

    Raises:
        forms.ValidationError: when it is not a month written YYYY-MM between 1900 and 2100.
    """
    match = _MONTH.match(text.strip())
    if not match or not 1 <= int(match.group(2)) <= 12 or not 1900 <= int(match.group(1)) <= 2100:
        raise forms.ValidationError("Enter a month as YYYY-MM, for example 2023-01.")
    return int(match.group(1)), int(match.group(2))


class MonthInput(forms.TextInput):
    """A native month picker (``<input type="month">``; browsers without one accept YYYY-MM text)."""

    input_type = "month"


class PanelForm(forms.Form):
    tables = forms.MultipleChoiceField(
        label="Tables",
        choices=[(key.value, label) for key, label in TABLE_LABELS.items()],
        widget=forms.CheckboxSelectMultiple,
        initial=[key.value for key in TableKey],
    )
    end = forms.CharField(
        label="Period ends in",
        widget=MonthInput(attrs={"placeholder": "YYYY-MM"}),
        help_text="The month the rolling period ends in, e.g. 2023-01 for the 12 months to January 2023.",
    )
    months = forms.TypedChoiceField(
        label="Rolling period length", choices=MONTH_LENGTHS, coerce=int, initial=12
    )
    baseline = forms.CharField(
        label="Baseline ends in (optional)",
        required=False,
        widget=MonthInput(attrs={"placeholder": "YYYY-MM"}),
        help_text="A period of the same length ending in this month, e.g. 2019-06 for 12m to June 2019.",
    )
    district = forms.ModelChoiceField(
        label="Area", queryset=District.objects.none(), required=False, empty_label="Whole force"
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["district"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = visible_districts(user)

    def clean_end(self) -> tuple[int, int]:
        return parse_month(self.cleaned_data["end"])

    def clean_baseline(self) -> tuple[int, int] | None:
        text = self.cleaned_data.get("baseline") or ""
        return parse_month(text) if text.strip() else None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        end, baseline, months = data.get("end"), data.get("baseline"), data.get("months")
        if end and baseline and months and (problem := baseline_problem(end, baseline, months)):
            self.add_error("baseline", problem)
        return data

    def panel_request(self) -> PanelRequest:
        """The validated choices (call after ``is_valid()``)."""
        data = self.cleaned_data
        return PanelRequest(
            end_year=data["end"][0],
            end_month=data["end"][1],
            months=data["months"],
            baseline=data["baseline"],
            tables=tuple(TableKey(t) for t in data["tables"]),
            district=data["district"],
        )


class SuppliedUploadForm(forms.Form):
    kind = forms.ChoiceField(label="What the file holds", choices=SuppliedUpload.Kind.choices)
    file = forms.FileField(label="CSV file", help_text="UTF-8 CSV, at most 5 MB; the formats are below.")

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError("The file is larger than 5 MB.")
        return upload

    def text(self) -> str:
        """The uploaded file's text.

        Raises:
            forms.ValidationError: when it is not UTF-8.
        """
        raw = self.cleaned_data["file"].read()
        try:
            return str(raw.decode("utf-8-sig"))
        except UnicodeDecodeError as exc:
            raise forms.ValidationError("The file is not UTF-8 text: save it as 'CSV UTF-8'.") from exc

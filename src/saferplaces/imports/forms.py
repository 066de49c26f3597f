from __future__ import annotations

from django import forms

from saferplaces.analytics.sources.boundaries import LEVELS
from saferplaces.imports.models import ImportRun

MAX_UPLOAD_BYTES = 200 * 1024 * 1024


class ImportUploadForm(forms.Form):
    kind = forms.ChoiceField(choices=ImportRun.Kind.choices, label="What the file holds")
    file = forms.FileField(help_text="CSV, TSV or GeoJSON; gzipped (.gz) is fine")
    force = forms.CharField(
        required=False,
        max_length=100,
        help_text="police.uk reduced table only: the force the rows fall within",
    )
    level = forms.ChoiceField(
        choices=[
            ("", "Detect from the file"),
            *[(x, x.upper() if x == "lsoa" else x.title()) for x in LEVELS],
        ],
        required=False,
        help_text="Boundaries only",
    )
    district = forms.CharField(
        required=False, max_length=100, help_text="Boundaries only: district of every ward"
    )

    def clean_file(self) -> object:
        f = self.cleaned_data["file"]
        if f.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                "The file is larger than 200 MB: import it with the command line instead."
            )
        return f

"""Django forms rendered with the GOV.UK Design System's markup, for the public pages.

Each field is drawn by a template under ``casereviews/govuk/`` (label or legend, hint, error message,
the input with ``aria-describedby``), chosen from its widget; the error summary links to the first
input of each field in error. The markup follows govuk-frontend's own Nunjucks templates. Shared by
the bus safety and case review journeys (crispy-forms-gds would need settings this app cannot change).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date
from typing import Any

from django import forms
from django.forms.boundfield import BoundField
from django.utils import timezone

TEMPLATES = "casereviews/govuk/"
ALL_PARTS = ("day", "month", "year")


class TelInput(forms.TextInput):
    input_type = "tel"


class GovukDateWidget(forms.MultiWidget):
    """Day, month and year boxes (the GOV.UK date input)."""

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(
            {"day": forms.TextInput(), "month": forms.TextInput(), "year": forms.TextInput()}, attrs
        )

    def decompress(self, value: Any) -> list[Any]:
        if isinstance(value, date):
            return [value.day, value.month, value.year]
        return [None, None, None]


class GovukDateField(forms.MultiValueField):
    """A date typed as day, month and year, with the Design System's error messages.

    Args:
        past_only: refuse dates after today (Europe/London).
        noun: how messages name the date, e.g. "the date of the complaint".

    ``error_parts`` names the boxes to highlight after a failed clean; the summary links to the first.
    """

    widget = GovukDateWidget

    def __init__(
        self,
        *,
        past_only: bool = True,
        noun: str = "the date",
        **kwargs: Any,
    ) -> None:
        self.past_only = past_only
        self.noun = noun
        self.error_parts: tuple[str, ...] = ALL_PARTS
        parts = (
            forms.CharField(required=False),
            forms.CharField(required=False),
            forms.CharField(required=False),
        )
        kwargs.setdefault("error_messages", {"required": f"Enter {noun}", "incomplete": f"Enter {noun}"})
        super().__init__(parts, require_all_fields=False, **kwargs)

    def _fail(self, message: str, *parts: str) -> forms.ValidationError:
        self.error_parts = parts or ALL_PARTS
        return forms.ValidationError(message)

    def compress(self, data_list: Sequence[str | None]) -> date | None:
        if not data_list or not any(data_list):
            return None
        day, month, year = (str(v or "").strip() for v in data_list)
        subject = self.noun[0].upper() + self.noun[1:]
        for part, value in (("day", day), ("month", month), ("year", year)):
            if not value:
                raise self._fail(f"{subject} must include a {part}", part)
        if not (day.isdigit() and month.isdigit() and year.isdigit()):
            raise self._fail(f"{subject} must be a real date")
        if len(year) != 4:
            raise self._fail("Year must include 4 numbers", "year")
        try:
            result = date(int(year), int(month), int(day))
        except ValueError:
            raise self._fail(f"{subject} must be a real date") from None
        if self.past_only and result > timezone.localdate():
            raise self._fail(f"{subject} must be today or in the past")
        return result


def _template_for(field: forms.Field) -> str:
    widget = field.widget
    if isinstance(widget, GovukDateWidget):
        return TEMPLATES + "date.html"
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return TEMPLATES + "checkboxes.html"
    if isinstance(widget, forms.RadioSelect):
        return TEMPLATES + "radios.html"
    if isinstance(widget, forms.Select):
        return TEMPLATES + "select.html"
    if isinstance(widget, forms.CheckboxInput):
        return TEMPLATES + "checkbox.html"
    if isinstance(widget, forms.Textarea):
        return TEMPLATES + "textarea.html"
    if isinstance(widget, forms.HiddenInput):
        return TEMPLATES + "hidden.html"
    return TEMPLATES + "input.html"


class GovukFormMixin:
    """Give a form the GOV.UK field templates and an error summary.

    ``page_heading`` names the field whose label or legend is the page's ``<h1>`` (one question per
    page). There are no conditionally revealed questions: govuk-frontend marks such radios with
    ``aria-expanded``, which axe-core reports as a serious fault, so a follow-up question gets its own
    page instead (see ``journey.Step.applies``).
    """

    page_heading: str = ""

    fields: dict[str, forms.Field]
    errors: Any

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if getattr(field, "template_name", None) is None:
                field.template_name = _template_for(field)  # type: ignore[attr-defined]

    def __getitem__(self, name: str) -> BoundField:  # for mypy: forms.Form provides it
        return super().__getitem__(name)  # type: ignore[misc]

    def top_fields(self) -> Iterator[BoundField]:
        """The fields in page order (hidden ones are drawn as hidden inputs by their template)."""
        for name in self.fields:
            yield self[name]

    def error_links(self) -> list[tuple[str, str]]:
        """(anchor, message) for the error summary, in the order the fields appear on the page."""
        links: list[tuple[str, str]] = []
        names = list(self.fields)
        for message in self.errors.get("__all__", []):
            links.append((f"#{self[names[0]].auto_id}", message))
        for name in names:
            for message in self.errors.get(name, []):
                links.append((f"#{input_id(self[name])}", message))
        return links


def input_id(bound: BoundField) -> str:
    """The id of the first input of a field: the one an error summary link moves focus to."""
    field = bound.field
    if isinstance(field, GovukDateField):
        return f"{bound.auto_id}_{field.error_parts[0]}"
    return str(bound.auto_id)


class GovukForm(GovukFormMixin, forms.Form):
    pass

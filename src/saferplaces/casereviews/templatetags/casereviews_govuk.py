"""Template filters behind the GOV.UK field templates (see saferplaces.casereviews.govuk)."""

from __future__ import annotations

from typing import Any

from django import template
from django.forms.boundfield import BoundField
from django.forms.utils import flatatt
from django.utils.safestring import SafeString, mark_safe

from saferplaces.casereviews.govuk import ALL_PARTS, GovukDateField

register = template.Library()


@register.filter
def is_page_heading(field: BoundField) -> bool:
    return field.name == getattr(field.form, "page_heading", "")


@register.filter
def describedby(field: BoundField) -> SafeString:
    """` aria-describedby="..."` naming the field's hint and error message, or nothing."""
    ids = []
    if field.help_text:
        ids.append(f"{field.auto_id}-hint")
    if field.errors:
        ids.append(f"{field.auto_id}-error")
    return flatatt({"aria-describedby": " ".join(ids)}) if ids else mark_safe("")


@register.filter
def extra_attrs(field: BoundField) -> SafeString:
    """The widget's own attributes (autocomplete, spellcheck, inputmode...) except its classes."""
    attrs = {k: v for k, v in field.field.widget.attrs.items() if k not in ("class", "label_class")}
    return flatatt(attrs)


@register.filter
def item_id(field: BoundField, position: int) -> str:
    """Ids of radio and checkbox items: the first is the field's own id, so summary links reach it."""
    return str(field.auto_id) if position == 1 else f"{field.auto_id}-{position}"


@register.filter
def item_hint(field: BoundField, value: object) -> str:
    """A checkbox or radio item's hint: the choice's model ``hint`` if it has one."""
    instance = getattr(value, "instance", None)
    return str(getattr(instance, "hint", "") or "")


@register.filter
def date_parts(field: BoundField) -> list[dict[str, Any]]:
    """Day, month and year boxes with their names, ids, values and whether each is in error."""
    f = field.field
    values = field.value()
    if not isinstance(values, list | tuple):
        values = f.widget.decompress(values)
    failing = f.error_parts if (field.errors and isinstance(f, GovukDateField)) else ()
    return [
        {
            "part": part,
            "label": part.capitalize(),
            "name": f"{field.html_name}_{part}",
            "id": f"{field.auto_id}_{part}",
            "value": "" if value is None else value,
            "width": 4 if part == "year" else 2,
            "error": part in failing,
        }
        for part, value in zip(ALL_PARTS, values, strict=True)
    ]

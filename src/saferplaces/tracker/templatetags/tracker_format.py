"""Dates and times as GOV.UK writes them: "3 March 2025", "3 March 2025 at 2:15pm" (UK local time)."""

from __future__ import annotations

from datetime import date, datetime

from django import template
from django.utils import timezone

register = template.Library()


@register.filter
def gov_date(value: date | datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
    return f"{value.day} {value:%B %Y}"


@register.filter
def gov_datetime(value: datetime | None) -> str:
    if value is None:
        return ""
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    hour = local.hour % 12 or 12
    suffix = "am" if local.hour < 12 else "pm"
    clock = "midday" if (local.hour, local.minute) == (12, 0) else f"{hour}:{local.minute:02d}{suffix}"
    return f"{local.day} {local:%B %Y} at {clock}"

"""Number formats for the map page: rates as percentages, figures with a fixed number of decimals."""

from __future__ import annotations

import math

from django import template

register = template.Library()


@register.filter
def percent(value: float | None, decimals: int = 1) -> str:
    """A fraction as a percentage (0.441 -> "44.1%"); a dash when missing."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    return f"{float(value) * 100:.{int(decimals)}f}%"


@register.filter
def fixed(value: float | None, decimals: int = 1) -> str:
    """A number with thousands separators and ``decimals`` places; a dash when missing."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    return f"{float(value):,.{int(decimals)}f}"

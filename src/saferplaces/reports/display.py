"""Lay a built Panel table out for the HTML page: header, cells with classes, and its SVG chart.

The page uses the same frame as the downloads, so what is read on screen is what is written to the
pack. Classes (not style attributes, which the Content-Security-Policy forbids) mark numbers, the
direction of travel and significant changes for reports.css.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.safestring import SafeString, mark_safe

from saferplaces.analytics.performance.significance import Verdict
from saferplaces.analytics.performance.writers import format_value, svg_bar_chart
from saferplaces.reports.tables import PanelTable

_SIGNIFICANT = {
    Verdict.SIGNIFICANT_INCREASE.value,
    Verdict.SIGNIFICANT_DECREASE.value,
    Verdict.ABOVE_UPPER_LIMIT.value,
    Verdict.BELOW_LOWER_LIMIT.value,
}


@dataclass(frozen=True)
class Cell:
    """One cell: its text, CSS classes, and whether it heads its row."""

    text: str
    classes: str = ""
    row_header: bool = False


@dataclass(frozen=True)
class TableView:
    """What the template needs for one table."""

    title: str
    subtitle: str
    problem: str
    notes: tuple[str, ...]
    header: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    chart: SafeString
    anchor: str


def _classes(column: str, value: object, numeric: bool) -> str:
    classes = ["num"] if numeric else []
    text = str(value) if value is not None else ""
    if column.endswith(" direction") and text:
        classes.append(f"dir dir-{text.replace(' ', '-')}")
    elif column.endswith(" significance") and text in _SIGNIFICANT:
        classes.append("sig-yes")
    elif column.endswith(" assessment") and text in ("better", "worse"):
        classes.append(text)
    return " ".join(classes)


def table_view(table: PanelTable, index: int) -> TableView:
    """The layout of ``table`` (the ``index``-th on the page, for its anchor)."""
    anchor = f"table-{index}"
    if table.report is None:
        return TableView(
            table.title, table.subtitle, table.problem, table.notes, (), (), mark_safe(""), anchor
        )
    frame = table.report.frame
    numeric = [dtype.is_numeric() for dtype in frame.dtypes]
    rows = tuple(
        tuple(
            Cell(format_value(value), _classes(column, value, numeric[i]), row_header=i == 0)
            for i, (column, value) in enumerate(zip(frame.columns, record, strict=True))
        )
        for record in frame.iter_rows()
    )
    # The SVG is built by the writers with every text escaped; it has no scripts or style attributes.
    chart = mark_safe(svg_bar_chart(table.report))  # noqa: S308
    return TableView(table.title, table.subtitle, "", table.notes, tuple(frame.columns), rows, chart, anchor)

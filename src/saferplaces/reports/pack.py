"""Write a built Panel pack to XLSX, DOCX, HTML or CSV, with charts where the format allows.

The writers of :mod:`saferplaces.analytics.performance.writers` do the tables: XLSX gets native Excel
bar charts and HTML inline SVG. python-docx cannot draw charts, so for DOCX each chart is drawn as a
PNG with Matplotlib (the Agg renderer: no display, no fonts to install) and placed after its table's
notes, before the next table's heading.
"""

from __future__ import annotations

import math
import tempfile
import textwrap
from io import BytesIO
from pathlib import Path

from saferplaces.analytics.performance import ReportTable, write_tables
from saferplaces.reports.tables import Panel, PanelRequest

FORMATS = ("xlsx", "docx", "html", "csv")
CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "html": "text/html; charset=utf-8",
    "csv": "text/csv; charset=utf-8",
}
# The same colours as the XLSX and SVG charts (GOV.UK palette: blue, orange, green, purple...).
_PALETTE = ("#1d70b8", "#f47738", "#00703c", "#912b88", "#b58840", "#5694ca")
_CHART_WIDTH_INCHES = 6.5


def png_bar_chart(table: ReportTable) -> bytes | None:
    """A clustered bar chart of ``table.chart`` as PNG bytes; None when there is nothing to draw."""
    if table.chart is None:
        return None
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    chart = table.chart.data(table.frame)
    series = list(chart.columns[1:])
    values = [[v if isinstance(v, int | float) else math.nan for v in chart[s].to_list()] for s in series]
    if not chart.height or all(math.isnan(v) for column in values for v in column):
        return None
    # Wrapped labels read better than slanted ones when there are few clusters.
    labels = [str(c) for c in chart[chart.columns[0]].to_list()]
    slanted = chart.height > 8 and max(len(label) for label in labels) > 5
    categories = [textwrap.fill(label, 14 if slanted else 18, max_lines=3) for label in labels]
    lines = max(label.count("\n") + 1 for label in categories)
    figure = Figure(figsize=(8, 4), dpi=100)
    FigureCanvasAgg(figure)
    # Fixed margins rather than tight_layout, which costs about a second per chart.
    figure.subplots_adjust(left=0.08, right=0.98, top=0.8, bottom=0.34 if slanted else 0.08 + 0.06 * lines)
    axes = figure.add_subplot()
    width = 0.8 / len(series)
    for s, (name, column) in enumerate(zip(series, values, strict=True)):
        positions = [i - 0.4 + width * (s + 0.5) for i in range(len(categories))]
        axes.bar(positions, column, width=width, label=name, color=_PALETTE[s % len(_PALETTE)])
    axes.set_xticks(
        range(len(categories)),
        categories,
        rotation=35 if slanted else 0,
        ha="right" if slanted else "center",
        fontsize=8,
    )
    axes.tick_params(axis="y", labelsize=8)
    axes.axhline(0, color="#0b0c0c", linewidth=0.8)
    axes.spines[["top", "right"]].set_visible(False)
    figure.suptitle(table.title, fontsize=11, y=0.98)
    # The legend sits between the title and the plot, where it cannot cover a bar.
    figure.legend(loc="upper center", bbox_to_anchor=(0.5, 0.92), ncol=len(series), fontsize=8, frameon=False)
    buffer = BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()


def add_docx_charts(path: Path, tables: list[ReportTable]) -> int:
    """Put each table's chart after its notes in a DOCX written by ``write_tables``; returns how many.

    The writer starts every table with one heading, so the chart of table ``i`` goes just before
    heading ``i + 1`` (or at the end for the last table).
    """
    from docx import Document
    from docx.shared import Inches

    document = Document(str(path))
    headings = [p for p in document.paragraphs if p.style is not None and p.style.name.startswith("Heading")]
    if len(headings) != len(tables):
        raise ValueError(f"{path.name}: expected {len(tables)} table headings, found {len(headings)}")
    added = 0
    for index, table in enumerate(tables):
        png = png_bar_chart(table)
        if png is None:
            continue
        paragraph = (
            headings[index + 1].insert_paragraph_before()
            if index + 1 < len(headings)
            else document.add_paragraph()
        )
        paragraph.add_run().add_picture(BytesIO(png), width=Inches(_CHART_WIDTH_INCHES))
        added += 1
    document.save(str(path))
    return added


def write_pack(panel: Panel, path: str | Path) -> Path:
    """Write the pack in the format of ``path``'s extension (.xlsx, .docx, .html or .csv)."""
    target = Path(path)
    tables = panel.report_tables()
    write_tables(tables, target)
    if target.suffix.lower() == ".docx":
        add_docx_charts(target, tables)
    return target


def pack_bytes(panel: Panel, fmt: str) -> bytes:
    """The pack as a file's bytes, for a download."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}")
    with tempfile.TemporaryDirectory(prefix="panel-pack-") as folder:
        return write_pack(panel, Path(folder) / f"pack.{fmt}").read_bytes()


def pack_filename(request: PanelRequest, fmt: str) -> str:
    """``panel-pack-2023-01.xlsx`` (with the district's name when there is one)."""
    area = f"-{request.district.name.lower().replace(' ', '-')}" if request.district else ""
    return f"panel-pack-{request.end_year}-{request.end_month:02d}{area}.{fmt}"

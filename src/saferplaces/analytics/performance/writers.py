"""Write report tables to CSV, XLSX, DOCX or HTML, chosen by the file extension.

A :class:`ReportTable` is a title, a Polars DataFrame, notes to print under it and an optional bar
chart. The writers know nothing about police data, so the same code writes a comparison, a STATS19
table or anything else a Panel pack needs.

* **CSV**: one table is written as a plain CSV (machine-readable); several are stacked, each under a
  title line and separated by a blank line. Notes are not written to CSV.
* **XLSX** (openpyxl): one sheet per table with title, header, numbers as numbers, notes and a native
  Excel clustered bar chart drawn from a chart-data block under the notes.
* **DOCX** (python-docx): a heading, a grid table and the notes per table, landscape when wide.
  python-docx cannot draw charts, so DOCX has none.
* **HTML**: one self-contained page (no scripts, no external assets) with each table, its notes and
  an inline SVG bar chart.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

WRITABLE = (".csv", ".xlsx", ".docx", ".html", ".htm")
_PALETTE = ("#1d70b8", "#f47738", "#00703c", "#912b88", "#b58840", "#5694ca")


@dataclass(frozen=True)
class ChartSpec:
    """A clustered bar chart: one cluster per row, one bar per value column.

    Attributes:
        category_column: Column whose values label the clusters.
        value_columns: Numeric columns drawn as bars (e.g. the periods).
        rows: Category values to draw, in order; all rows when empty.
    """

    category_column: str
    value_columns: tuple[str, ...]
    rows: tuple[str, ...] = ()

    def data(self, frame: pl.DataFrame) -> pl.DataFrame:
        """The rows and columns to draw, with missing values as nulls."""
        chosen = frame.select(self.category_column, *self.value_columns)
        if self.rows:
            order = {name: i for i, name in enumerate(self.rows)}
            chosen = chosen.filter(pl.col(self.category_column).is_in(list(self.rows)))
            chosen = chosen.sort(pl.col(self.category_column).replace_strict(order, return_dtype=pl.Int64))
        return chosen


@dataclass(frozen=True)
class ReportTable:
    """A titled table ready to write.

    Attributes:
        title: Printed above the table (and used as the sheet name in XLSX).
        frame: The table itself.
        notes: Sentences printed under the table: definitions, sources, methods.
        chart: Optional bar chart drawn from the frame.
    """

    title: str
    frame: pl.DataFrame
    notes: tuple[str, ...] = field(default=())
    chart: ChartSpec | None = None


def format_value(value: object) -> str:
    """Text for one cell: thousands separators, decimals as computed, tiny numbers in e-notation."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        if value != value:
            return ""
        if value != 0 and abs(value) < 0.001:
            return f"{value:.2g}"
        text = repr(value)
        if "e" in text:
            return f"{value:,.6g}"
        decimals = len(text.split(".")[1]) if "." in text and not text.endswith(".0") else 0
        return f"{value:,.{decimals}f}"
    return str(value)


def write_tables(tables: Sequence[ReportTable], path: str | Path) -> Path:
    """Write ``tables`` to ``path`` in the format its extension names.

    Raises:
        ValueError: for an extension other than .csv, .xlsx, .docx, .html or .htm, or no tables.
    """
    target = Path(path)
    suffix = target.suffix.lower()
    if suffix not in WRITABLE:
        raise ValueError(f"cannot write {target.name!r}: use one of {', '.join(WRITABLE)}")
    if not tables:
        raise ValueError("nothing to write")
    target.parent.mkdir(parents=True, exist_ok=True)
    if suffix == ".csv":
        write_csv(tables, target)
    elif suffix == ".xlsx":
        write_xlsx(tables, target)
    elif suffix == ".docx":
        write_docx(tables, target)
    else:
        write_html(tables, target)
    return target


def write_csv(tables: Sequence[ReportTable], path: Path) -> None:
    """Plain CSV for one table; titled sections for several."""
    if len(tables) == 1:
        tables[0].frame.write_csv(path)
        return
    with path.open("w", encoding="utf-8", newline="") as handle:
        for index, table in enumerate(tables):
            if index:
                handle.write("\n")
            handle.write(pl.DataFrame({"title": [table.title]}).write_csv(include_header=False))
            handle.write(table.frame.write_csv())


_SHEET_BAD = re.compile(r"[\[\]:*?/\\]")


def _sheet_name(title: str, used: set[str]) -> str:
    base = _SHEET_BAD.sub(" ", title).strip()[:31] or "Table"
    name, number = base, 2
    while name.lower() in used:
        suffix = f" ({number})"
        name, number = base[: 31 - len(suffix)] + suffix, number + 1
    used.add(name.lower())
    return name


def write_xlsx(tables: Sequence[ReportTable], path: Path) -> None:
    """One sheet per table, numbers kept numeric, with notes and a native bar chart."""
    from openpyxl import Workbook
    from openpyxl.chart import BarChart, Reference
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    book.remove(book.active) if book.active is not None else None
    used: set[str] = set()
    for table in tables:
        sheet = book.create_sheet(_sheet_name(table.title, used))
        sheet.cell(row=1, column=1, value=table.title).font = Font(bold=True, size=13)
        header_row = 3
        for col, name in enumerate(table.frame.columns, start=1):
            cell = sheet.cell(row=header_row, column=col, value=name)
            cell.font = Font(bold=True)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        for r, record in enumerate(table.frame.iter_rows(), start=header_row + 1):
            for col, value in enumerate(record, start=1):
                cell = sheet.cell(row=r, column=col, value=value)
                if isinstance(value, int) and not isinstance(value, bool):
                    cell.number_format = "#,##0"
        row = header_row + table.frame.height + 2
        for note in table.notes:
            sheet.cell(row=row, column=1, value=note).font = Font(italic=True, size=9)
            row += 1
        for col, name in enumerate(table.frame.columns, start=1):
            width = max(
                [len(name) // 2 + 2, *(len(format_value(v)) + 2 for v in table.frame[name].to_list())]
            )
            sheet.column_dimensions[get_column_letter(col)].width = min(max(width, 8), 45)
        sheet.freeze_panes = sheet.cell(row=header_row + 1, column=2)
        if table.chart is not None:
            data = table.chart.data(table.frame)
            if data.height:
                start = row + 1
                sheet.cell(row=start, column=1, value="Chart data").font = Font(bold=True)
                for col, name in enumerate(data.columns, start=1):
                    sheet.cell(row=start + 1, column=col, value=name)
                for r, record in enumerate(data.iter_rows(), start=start + 2):
                    for col, value in enumerate(record, start=1):
                        sheet.cell(row=r, column=col, value=value)
                chart = BarChart()
                chart.type = "col"
                chart.title = table.title[:80]
                chart.height, chart.width = 9, max(16, 1.2 * data.height)
                values = Reference(
                    sheet, min_col=2, max_col=data.width, min_row=start + 1, max_row=start + 1 + data.height
                )
                categories = Reference(sheet, min_col=1, min_row=start + 2, max_row=start + 1 + data.height)
                chart.add_data(values, titles_from_data=True)
                chart.set_categories(categories)
                sheet.add_chart(chart, f"{get_column_letter(data.width + 2)}{start}")
    book.save(path)


def write_docx(tables: Sequence[ReportTable], path: Path) -> None:
    """A Word document: heading, grid table and notes per table; landscape when the table is wide."""
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    document = Document()
    widest = max(t.frame.width for t in tables)
    if widest > 7:
        section = document.sections[0]
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = section.page_height, section.page_width
    size = Pt(9) if widest <= 10 else Pt(7) if widest <= 18 else Pt(5.5)
    for table in tables:
        document.add_heading(table.title, level=2)
        grid = document.add_table(rows=1 + table.frame.height, cols=table.frame.width)
        grid.style = "Table Grid"
        numeric = [dtype.is_numeric() for dtype in table.frame.dtypes]
        for col, name in enumerate(table.frame.columns):
            paragraph = grid.cell(0, col).paragraphs[0]
            run = paragraph.add_run(name)
            run.bold = True
            run.font.size = size
        for r, record in enumerate(table.frame.iter_rows(), start=1):
            for col, value in enumerate(record):
                paragraph = grid.cell(r, col).paragraphs[0]
                paragraph.add_run(format_value(value)).font.size = size
                if numeric[col]:
                    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        for note in table.notes:
            run = document.add_paragraph().add_run(note)
            run.italic = True
            run.font.size = Pt(8)
    document.save(str(path))


def svg_bar_chart(table: ReportTable) -> str:
    """The table's bar chart as an inline SVG element (empty when it has none); no scripts or styles."""
    if table.chart is None:
        return ""
    data = table.chart.data(table.frame)
    series = list(data.columns[1:])
    values = [data[s].to_list() for s in series]
    numbers = [float(v) for column in values for v in column if isinstance(v, int | float)]
    if not data.height or not numbers:
        return ""
    top = max(max(numbers), 0.0) or 1.0
    bottom = min(min(numbers), 0.0)
    bar, gap, left, plot_height, label_space = 12, 14, 60, 220, 90
    cluster = bar * len(series) + gap
    width = left + cluster * data.height + 20
    height = plot_height + label_space + 20 + 16 * len(series)

    def y(value: float) -> float:
        return 10 + (top - value) / (top - bottom) * plot_height

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="Arial, sans-serif" font-size="11">',
        f"<title>{html.escape(table.title)}: bar chart</title>",
        f'<line x1="{left}" y1="{y(0):.1f}" x2="{width - 10}" y2="{y(0):.1f}" stroke="#0b0c0c"/>',
        f'<text x="{left - 6}" y="{y(top) + 4:.1f}" text-anchor="end">'
        f"{html.escape(format_value(top))}</text>",
        f'<text x="{left - 6}" y="{y(0) + 4:.1f}" text-anchor="end">0</text>',
    ]
    for i, category in enumerate(data[data.columns[0]].to_list()):
        x0 = left + gap / 2 + i * cluster
        for s, column in enumerate(values):
            value = column[i]
            if not isinstance(value, int | float):
                continue
            y_top, y_base = sorted((y(float(value)), y(0)))
            parts.append(
                f'<rect x="{x0 + s * bar:.1f}" y="{y_top:.1f}" width="{bar - 1}" '
                f'height="{y_base - y_top:.1f}" '
                f'fill="{_PALETTE[s % len(_PALETTE)]}"><title>{html.escape(str(category))}, '
                f"{html.escape(series[s])}: {html.escape(format_value(value))}</title></rect>"
            )
        label_x = x0 + bar * len(series) / 2
        label_y = plot_height + 24
        parts.append(
            f'<text x="{label_x:.1f}" y="{label_y}" text-anchor="end" '
            f'transform="rotate(-40 {label_x:.1f} {label_y})">{html.escape(str(category))[:28]}</text>'
        )
    for s, name in enumerate(series):
        legend_y = plot_height + label_space + 14 + 16 * s
        parts.append(
            f'<rect x="{left}" y="{legend_y - 10}" width="10" height="10" '
            f'fill="{_PALETTE[s % len(_PALETTE)]}"/>'
            f'<text x="{left + 16}" y="{legend_y}">{html.escape(name)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


_CSS = """
body { font-family: Arial, sans-serif; color: #0b0c0c; margin: 2em; }
table { border-collapse: collapse; margin: 1em 0; font-size: 0.85em; }
th, td { border: 1px solid #b1b4b6; padding: 0.3em 0.5em; vertical-align: top; }
th { background: #f3f2f1; text-align: left; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
caption { text-align: left; font-weight: bold; font-size: 1.2em; padding-bottom: 0.4em; }
p.note { font-size: 0.85em; color: #505a5f; max-width: 60em; }
figure { margin: 1em 0 2em; }
"""


def write_html(tables: Sequence[ReportTable], path: Path) -> None:
    """One self-contained HTML page: each table with a caption, its notes and an SVG chart."""
    title = tables[0].title if len(tables) == 1 else "Performance tables"
    body: list[str] = []
    for table in tables:
        numeric = [dtype.is_numeric() for dtype in table.frame.dtypes]
        head = "".join(f'<th scope="col">{html.escape(c)}</th>' for c in table.frame.columns)
        rows = []
        for record in table.frame.iter_rows():
            cells = []
            for col, value in enumerate(record):
                text = html.escape(format_value(value))
                if col == 0:
                    cells.append(f'<th scope="row">{text}</th>')
                else:
                    cells.append(f'<td class="num">{text}</td>' if numeric[col] else f"<td>{text}</td>")
            rows.append(f"<tr>{''.join(cells)}</tr>")
        body.append(
            f"<section><table><caption>{html.escape(table.title)}</caption>"
            f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
        )
        body.extend(f'<p class="note">{html.escape(note)}</p>' for note in table.notes)
        chart = svg_bar_chart(table)
        if chart:
            body.append(f"<figure>{chart}<figcaption>{html.escape(table.title)}</figcaption></figure>")
        body.append("</section>")
    page = (
        '<!DOCTYPE html>\n<html lang="en-GB"><head><meta charset="utf-8">'
        f"<title>{html.escape(title)}</title><style>{_CSS}</style></head>"
        f"<body><h1>{html.escape(title)}</h1>{''.join(body)}</body></html>\n"
    )
    path.write_text(page, encoding="utf-8")

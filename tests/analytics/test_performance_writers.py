"""Writers: each format reads back with the expected table, notes and chart."""

from __future__ import annotations

import zipfile
from html.parser import HTMLParser
from pathlib import Path

import polars as pl
import pytest
from docx import Document
from openpyxl import load_workbook

from saferplaces.analytics.performance.compare import compare, read_compare_csv
from saferplaces.analytics.performance.writers import (
    ChartSpec,
    ReportTable,
    format_value,
    write_tables,
)

PAPERS = Path(__file__).resolve().parents[1] / "fixtures" / "papers"


@pytest.fixture(scope="module")
def crime() -> ReportTable:
    rows = read_compare_csv(PAPERS / "2023_neighbourhood_crime.csv")
    return compare(rows, title="Recorded neighbourhood crime <West Yorkshire>").report_table()


def test_format_value() -> None:
    assert format_value(40584) == "40,584"
    assert format_value(-43.2) == "-43.2"
    assert format_value(20.52) == "20.52"
    assert format_value(22.0) == "22"
    assert format_value(1.2e-92) == "1.2e-92"
    assert format_value(None) == ""


def test_csv_is_the_frame(tmp_path: Path, crime: ReportTable) -> None:
    path = write_tables([crime], tmp_path / "crime.csv")
    back = pl.read_csv(path)
    assert back.columns == crime.frame.columns
    assert (
        back.filter(measure="Residential burglary")["12m to Jan 2023 vs 12m to June 2019 change"].item()
        == -45.6
    )


def test_csv_stacks_several_tables_under_titles(tmp_path: Path) -> None:
    tables = [ReportTable("One", pl.DataFrame({"a": [1]})), ReportTable("Two", pl.DataFrame({"b": [2]}))]
    text = write_tables(tables, tmp_path / "two.csv").read_text(encoding="utf-8")
    assert text == "One\na\n1\n\nTwo\nb\n2\n"


def test_xlsx_holds_numbers_notes_and_a_chart(tmp_path: Path, crime: ReportTable) -> None:
    path = write_tables([crime], tmp_path / "crime.xlsx")
    sheet = load_workbook(path)[crime.title[:31]]
    assert sheet["A1"].value == crime.title
    header = [cell.value for cell in sheet[3]]
    assert header[: len(crime.frame.columns)] == crime.frame.columns
    burglary = [cell.value for cell in sheet[4]]
    assert burglary[0] == "Residential burglary" and burglary[2] == 18493  # numbers stay numbers
    change = header.index("12m to Jan 2023 vs 12m to Jan 2022 change")
    assert burglary[change] == 8.2
    texts = [cell.value for row in sheet.iter_rows() for cell in row if isinstance(cell.value, str)]
    assert any(text.startswith("Counts: two-sided exact Poisson test") for text in texts)
    with zipfile.ZipFile(path) as archive:
        chart = archive.read("xl/charts/chart1.xml").decode("utf-8")
    assert "<barChart>" in chart and '<grouping val="clustered"/>' in chart


def test_docx_holds_the_table(tmp_path: Path, crime: ReportTable) -> None:
    path = write_tables([crime], tmp_path / "crime.docx")
    document = Document(str(path))
    assert document.paragraphs[0].text == crime.title
    grid = document.tables[0]
    assert [cell.text for cell in grid.rows[0].cells] == crime.frame.columns
    assert grid.rows[1].cells[0].text == "Residential burglary"
    assert grid.rows[1].cells[2].text == "18,493"
    assert any(p.text.startswith("Counts: two-sided exact Poisson test") for p in document.paragraphs)


class _Cells(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.cells: list[str] = []
        self.svg = 0
        self._in_cell = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._in_cell = tag in ("td", "th")
        self.svg += tag == "svg"
        if self._in_cell:
            self.cells.append("")

    def handle_endtag(self, tag: str) -> None:
        self._in_cell = False

    def handle_data(self, data: str) -> None:
        if self._in_cell:
            self.cells[-1] += data


def test_html_escapes_text_and_draws_a_chart(tmp_path: Path, crime: ReportTable) -> None:
    page = write_tables([crime], tmp_path / "crime.html").read_text(encoding="utf-8")
    assert "&lt;West Yorkshire&gt;" in page and "<West Yorkshire>" not in page
    parser = _Cells()
    parser.feed(page)
    assert parser.svg == 1
    assert "Residential burglary" in parser.cells and "18,493" in parser.cells
    # The chart leaves out the total rows, which would dwarf the rest.
    assert "Total neighbourhood crime, 12m to Jan 2023" not in page
    assert "Residential burglary, 12m to Jan 2023: 10,056" in page


def test_chart_rows_follow_the_spec() -> None:
    frame = pl.DataFrame({"m": ["a", "b", "c"], "x": [1, 2, 3]})
    assert ChartSpec("m", ("x",), ("c", "a")).data(frame)["m"].to_list() == ["c", "a"]


def test_unknown_extension(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="use one of"):
        write_tables([ReportTable("t", pl.DataFrame({"a": [1]}))], tmp_path / "t.pdf")

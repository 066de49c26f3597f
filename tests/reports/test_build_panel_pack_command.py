"""``saferplaces build_panel_pack`` writes the page's pack unattended, in every format asked for."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from docx import Document
from openpyxl import load_workbook

pytestmark = pytest.mark.django_db
NO_STATS19 = (
    "Cannot be computed for 12m to Jan 2023: "
    "no DfT STATS19 road casualty data are held for Feb 2022–Jan 2023."
)


def test_the_command_writes_the_same_pack_as_xlsx_docx_and_html(
    panel_data: Any, tmp_path: Path, capsys: Any
) -> None:
    outs = [tmp_path / f"pack.{ext}" for ext in ("xlsx", "docx", "html")]
    call_command(
        "build_panel_pack",
        "--end=2023-01",
        "--baseline=2019-06",
        "--tables=outcomes,staffing,ksi",
        *(f"--out={o}" for o in outs),
        "--quiet",
    )
    printed = capsys.readouterr().out.splitlines()
    assert printed == [
        f"{outs[0]}: 4 tables",
        f"{outs[1]}: 4 tables",
        f"{outs[2]}: 4 tables",
        f"  KSI road casualties: {NO_STATS19}",
        f"  KSI casualties by district: {NO_STATS19}",
    ]
    book = load_workbook(outs[0])
    assert book.sheetnames == [
        "About this pack",
        "Neighbourhood crime outcomes",
        "Neighbourhood staffing",
        "KSI road casualties",
        "KSI casualties by district",
    ]
    outcomes = book["Neighbourhood crime outcomes"]
    assert [outcomes["A4"].value, outcomes["C4"].value, outcomes["E4"].value] == [
        "Outcome rate (outcomes 1-8)",
        6.3,
        12.8,
    ]
    document = Document(str(outs[1]))
    assert len(document.tables) == 5
    assert len(document.inline_shapes) == 2  # outcomes and staffing have charts; KSI has no figures
    page = outs[2].read_text(encoding="utf-8")
    assert page.count("<svg") == 2 and "Snapshot for Dec 2022" in page


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--end=2023-13", "--out=x.xlsx"], "'2023-13': write a month as YYYY-MM"),
        (["--end=2023-01", "--out=x.pdf"], "x.pdf: the pack is written as .xlsx, .docx, .html, .csv"),
        (["--end=2023-01", "--tables=asb,crime", "--out=x.xlsx"], "unknown table(s) crime; choose from"),
        (["--end=2023-01", "--district=Narnia", "--out=x.xlsx"], "no district named or coded 'Narnia'"),
        (
            ["--end=2023-01", "--baseline=2022-01", "--out=x.xlsx"],
            "--baseline: The baseline must end before the previous period does (2022-01)",
        ),
    ],
)
def test_bad_arguments_are_explained(districts: None, arguments: list[str], message: str) -> None:
    with pytest.raises(CommandError) as error:
        call_command("build_panel_pack", *arguments, "--quiet")
    assert message in str(error.value)

"""`compare` and `saferplaces report compare`: input format, errors, totals, rounding, CLI."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import polars as pl
import pytest

from saferplaces.analytics.performance.cli import main
from saferplaces.analytics.performance.compare import (
    CompareInputError,
    Direction,
    Rounding,
    Unit,
    compare,
    parse_figure,
    read_compare_csv,
    round_fraction,
)
from saferplaces.analytics.performance.significance import Verdict

PAPERS = Path(__file__).resolve().parents[1] / "fixtures" / "papers"


def write(tmp_path: Path, text: str, name: str = "in.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def table_of(text: str, tmp_path: Path) -> pl.DataFrame:
    return read_compare_csv(write(tmp_path, text))


# --- reading cells -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "value", "percent"),
    [
        ("1967", Fraction(1967), False),
        ("40,584", Fraction(40584), False),
        ("+1.48", Fraction("1.48"), False),
        ("£503,493", Fraction(503493), False),
        ("82.5%", Fraction("82.5"), True),
        ("1442/33154", Fraction(144200, 33154), True),
        (1264, Fraction(1264), False),
        (20.52, Fraction("20.52"), False),
    ],
)
def test_cells_are_read_exactly(cell: object, value: Fraction, percent: bool) -> None:
    figure, marked = parse_figure(cell, "here")
    assert figure is not None and figure.value == value and marked is percent


@pytest.mark.parametrize("cell", ["", "-", "n/a", "..", None, float("nan")])
def test_missing_cells(cell: object) -> None:
    assert parse_figure(cell, "here") == (None, False)


def test_round_fraction_modes() -> None:
    assert str(round_fraction(Fraction("37.25"), 1)) == "37.3"
    assert str(round_fraction(Fraction("37.25"), 1, Rounding.HALF_EVEN)) == "37.2"
    assert str(round_fraction(Fraction("-0.25"), 1)) == "-0.3"
    assert str(round_fraction(Fraction("-0.25"), 1, Rounding.HALF_EVEN)) == "-0.2"
    assert str(round_fraction(Fraction(2, 3), 0)) == "1"
    # 1/3 of a percent is not a tie, however close a float would come.
    assert str(round_fraction(Fraction(1, 3), 2)) == "0.33"


def test_rounding_option_changes_only_ties(tmp_path: Path) -> None:
    # 4000 -> 3990 is exactly -0.25%.
    rows = table_of("measure,2021,2022\nA,4000,3990\n", tmp_path)
    assert compare(rows).to_frame()["2022 vs 2021 change"].item() == -0.3
    assert compare(rows, rounding="half-even").to_frame()["2022 vs 2021 change"].item() == -0.2


# --- errors ----------------------------------------------------------------------------------------


def test_missing_measure_column(tmp_path: Path) -> None:
    with pytest.raises(CompareInputError, match=r"first column must be 'measure' \(found 'Force'\)"):
        compare(table_of("Force,2021,2022\nA,1,2\n", tmp_path))


def test_non_numeric_cell_names_row_and_column(tmp_path: Path) -> None:
    rows = table_of("measure,2021,2022\nJan,3463,1967\nFeb,3533,lots\n", tmp_path)
    with pytest.raises(
        CompareInputError, match=r"data row 2 \(measure 'Feb'\), column '2022': cannot read 'lots'"
    ):
        compare(rows)


def test_fewer_than_two_periods(tmp_path: Path) -> None:
    with pytest.raises(CompareInputError, match="at least 2 period columns are needed to compare, found 1"):
        compare(table_of("measure,unit,2022\nA,count,2\n", tmp_path))


def test_other_input_errors(tmp_path: Path) -> None:
    with pytest.raises(CompareInputError, match="appears twice"):
        compare(table_of("measure,2021,2022\nA,1,2\nA,3,4\n", tmp_path))
    with pytest.raises(CompareInputError, match="not one of count, percent, number"):
        compare(table_of("measure,unit,2021,2022\nA,pints,1,2\n", tmp_path))
    with pytest.raises(CompareInputError, match="a count must be a whole number"):
        compare(table_of("measure,unit,2021,2022\nA,count,1.5,2\n", tmp_path))
    with pytest.raises(CompareInputError, match="percentages cannot be added"):
        compare(table_of("measure,part_of,2021,2022\nA,T,5%,6%\n", tmp_path))
    with pytest.raises(CompareInputError, match="loop back"):
        compare(table_of("measure,part_of,2021,2022\nA,B,1,2\nB,A,1,2\n", tmp_path))
    with pytest.raises(CompareInputError, match="'better': use 'higher' or 'lower'"):
        compare(table_of("measure,better,2021,2022\nA,up,1,2\n", tmp_path))
    with pytest.raises(CompareInputError, match="heading '2021' appears twice"):
        read_compare_csv(write(tmp_path, "measure,2021,2021\nA,1,2\n"))
    with pytest.raises(CompareInputError, match="data row 1 has 2 cells but the header has 3"):
        read_compare_csv(write(tmp_path, "measure,2021,2022\nA,1\n"))
    with pytest.raises(CompareInputError, match="column 3 has no heading"):
        read_compare_csv(write(tmp_path, "measure,2021,,2022\nA,1,5,2\n"))


def test_a_spreadsheets_trailing_empty_column_and_byte_order_mark_are_ignored(tmp_path: Path) -> None:
    path = tmp_path / "excel.csv"
    path.write_bytes("\ufeffmeasure,2021,2022,\r\nA,1,2,\r\n".encode())
    assert read_compare_csv(path).columns == ["measure", "2021", "2022"]


# --- units, totals, rates --------------------------------------------------------------------------


def test_units_are_inferred(tmp_path: Path) -> None:
    table = compare(table_of("measure,a,b\nCount,1,2\nShare,5%,6%\nFTE,1.5,2\n", tmp_path))
    assert [m.unit for m in table.measures] == [Unit.COUNT, Unit.PERCENT, Unit.NUMBER]
    assert table.change("Share", "a").change == 1 and table.change("Share", "a").change_unit == "pp"
    assert table.change("Share", "a").volume is None


def test_a_row_called_total_collects_the_other_rows(tmp_path: Path) -> None:
    table = compare(table_of("measure,2021,2022\nA,1,2\nB,3,4\nTotal,4,7\n", tmp_path))
    total = table.measure("Total")
    assert total.is_total and "2022: given 7, parts add to 6" in total.note
    assert [m.is_total for m in table.measures] == [False, False, True]


def test_totals_of_subtotals(tmp_path: Path) -> None:
    # B is given and is itself part of All, which is not given: All is computed after its last part.
    text = "measure,part_of,2021,2022\nA,All,1,2\nB1,B,3,4\nB2,B,5,6\nC,All,7,8\nB,All,8,10\n"
    table = compare(table_of(text, tmp_path))
    assert [m.name for m in table.measures] == ["A", "B1", "B2", "C", "B", "All"]
    assert table.measure("B").is_total and table.measure("B").note == ""
    assert table.measure("All").computed
    assert [f.value for f in table.measure("All").figures if f] == [16, 20]


def test_a_missing_subtotal_is_computed_after_its_parts(tmp_path: Path) -> None:
    table = compare(table_of("measure,part_of,2021,2022\nB1,B,3,4\nB2,B,5,6\nC,,7,8\n", tmp_path))
    assert [m.name for m in table.measures] == ["B1", "B2", "B", "C"]
    assert [f.value for f in table.measure("B").figures if f] == [8, 10]
    assert table.measure("B").note == "total computed from its parts"


def test_missing_figures_are_not_compared(tmp_path: Path) -> None:
    table = compare(table_of("measure,2020,2021,2022\nA,,5,6\n", tmp_path))
    change = table.change("A", "2020")
    assert change.change is None and change.direction is None
    assert change.significance.method == "not testable: missing figure"
    assert table.change("A", "2021").direction is Direction.UP


def test_change_from_zero_has_direction_but_no_percentage(tmp_path: Path) -> None:
    table = compare(table_of("measure,2021,2022\nA,0,4\n", tmp_path))
    change = table.change("A", "2021")
    assert change.change is None and change.volume == 4 and change.direction is Direction.UP


def test_period_lengths_from_headings_and_leap_years(tmp_path: Path) -> None:
    table = compare(table_of("measure,2020,2021\nFeb,29,28\nTotal,366,365\n", tmp_path))
    # One a day in each: same rate, so no change however the counts look.
    assert table.change("Feb", "2020").significance.p_value == pytest.approx(1.0)
    assert table.per_day["Feb"] == 1 and table.per_day["Total"] == 1


def test_period_lengths_unknown_means_equal_and_no_per_day(tmp_path: Path) -> None:
    table = compare(table_of("measure,before,after\nA,10,2\n", tmp_path))
    assert table.per_day == {}
    assert table.change("A", "before").significance.p_value == pytest.approx(158 / 4096)
    assert any("taken as equal" in note for note in table.notes)
    told = compare(table_of("measure,before,after\nA,10,2\n", tmp_path), days={"before": 10, "after": 2})
    assert told.change("A", "before").significance.p_value == pytest.approx(1.0)


def test_percentages_with_denominators_get_fisher(tmp_path: Path) -> None:
    table = compare(table_of("measure,a,b\nRate,1/4,3/4\n", tmp_path))
    change = table.change("Rate", "a")
    assert change.change == 50 and change.significance.p_value == pytest.approx(34 / 70)


def test_control_chart_option(tmp_path: Path) -> None:
    rows = table_of("measure,m1,m2,m3,m4,m5\nA,4,6,5,5,12\nB,4,6,5,5,6\nP,5%,5%,5%,5%,5%\n", tmp_path)
    table = compare(rows, control_chart=True)
    assert table.controls["A"].verdict is Verdict.ABOVE_UPPER_LIMIT
    assert table.controls["B"].verdict is Verdict.WITHIN_LIMITS
    assert "P" not in table.controls
    frame = table.to_frame()
    assert frame["m5 control chart"].to_list() == ["above upper control limit", "within control limits", None]


def test_frame_layout(tmp_path: Path) -> None:
    frame = compare(read_compare_csv(PAPERS / "2023_asb_by_month.csv")).to_frame()
    assert frame.columns == [
        "measure",
        "unit",
        "2021",
        "2022",
        "2022 per day",
        "change unit",
        "2022 vs 2021 change",
        "2022 vs 2021 volume",
        "2022 vs 2021 direction",
        "2022 vs 2021 p-value",
        "2022 vs 2021 significance",
        "2022 vs 2021 detail",
        "significance method",
        "notes",
    ]
    total = frame.filter(measure="Total").row(0, named=True)
    assert total["2021"] == 40584 and total["2022 vs 2021 change"] == -31.2 and total["2022 per day"] == 76.5
    assert "p < 1e-300" in total["2022 vs 2021 detail"]


# --- command line ----------------------------------------------------------------------------------


def test_cli_writes_every_format(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = PAPERS / "2023_asb_by_month.csv"
    for suffix in (".csv", ".xlsx", ".docx", ".html"):
        out = tmp_path / f"asb{suffix}"
        assert main(["compare", "--input", str(source), "--out", str(out), "--quiet"]) == 0
        assert out.stat().st_size > 0
    assert capsys.readouterr().err == ""
    frame = pl.read_csv(tmp_path / "asb.csv")
    assert frame.filter(measure="Apr")["2022 vs 2021 change"].item() == -37.4


def test_cli_reports_bad_input_without_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = write(tmp_path, "measure,2021,2022\nJan,1,two\n")
    assert main(["compare", "--input", str(bad), "--out", str(tmp_path / "o.csv")]) == 2
    err = capsys.readouterr().err
    assert "error: data row 1 (measure 'Jan'), column '2022': cannot read 'two' as a number" in err
    assert main(["compare", "--input", str(tmp_path / "absent.csv"), "--out", str(tmp_path / "o.csv")]) == 2
    assert "No such file" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["compare", "--input", str(bad), "--out", str(tmp_path / "o.txt")])
    assert "must end in" in capsys.readouterr().err


def test_cli_period_days_and_summary(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = write(tmp_path, "measure,before,after\nA,10,2\n")
    out = tmp_path / "o.csv"
    assert main(["compare", "--input", str(source), "--out", str(out), "--period-days", "10,2"]) == 0
    assert "1 measures, 1 comparisons, 0 significant at 0.05" in capsys.readouterr().err
    assert pl.read_csv(out)["after per day"].item() == 1.0
    assert main(["compare", "--input", str(source), "--out", str(out), "--period-days", "10"]) == 2
    assert "gives 1 lengths for 2 period columns" in capsys.readouterr().err

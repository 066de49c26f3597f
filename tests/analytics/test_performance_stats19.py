"""STATS19: counts by severity equal the source files'; KSI adjusted uses the probability columns."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from saferplaces.analytics.performance.cli import main
from saferplaces.analytics.performance.compare import compare
from saferplaces.analytics.performance.stats19 import (
    Stats19,
    Stats19Error,
    district_ksi_table,
    district_names_from_csv,
    ksi_casualties,
    read_collisions,
    read_stats19,
    road_safety_table,
    severity_counts,
)

DATA = Path(__file__).resolve().parents[2] / "data"
WY_2024 = DATA / "stats19-west-yorkshire-2024"
LOOKUP = DATA / "west-yorkshire-lsoa21-boundaries" / "west_yorkshire_lsoa21_lookup_population.csv"


@pytest.fixture(scope="module")
def west_yorkshire() -> Stats19:
    return read_stats19(WY_2024)


def test_severity_counts_equal_the_source_files(west_yorkshire: Stats19) -> None:
    # Published with the extract (PROVENANCE.md): collisions 4,060 (35 / 1,164 / 2,861),
    # casualties 5,240 (40 / 1,278 / 3,922).
    counts = {row["level"]: row for row in severity_counts(west_yorkshire).to_dicts()}
    assert counts["collisions"] == {
        "level": "collisions",
        "fatal": 35,
        "serious": 1164,
        "slight": 2861,
        "ksi": 1199,
        "total": 4060,
    }
    assert counts["casualties"] == {
        "level": "casualties",
        "fatal": 40,
        "serious": 1278,
        "slight": 3922,
        "ksi": 1318,
        "total": 5240,
    }


def test_ksi_adjusted_equals_unadjusted_for_injury_based_2024(west_yorkshire: Stats19) -> None:
    # Every 2024 casualty was recorded injury-based (CRASH), so the adjustment probabilities are 0 or 1.
    row = ksi_casualties(west_yorkshire).filter(group="all").row(0, named=True)
    assert row["year"] == 2024
    assert (row["killed"], row["seriously_injured"], row["ksi_unadjusted"]) == (40, 1278, 1318)
    assert row["ksi_adjusted"] == pytest.approx(1318.0)


def test_district_table_adds_up_and_uses_names(west_yorkshire: Stats19) -> None:
    names = district_names_from_csv(LOOKUP)
    table = district_ksi_table(west_yorkshire, names)
    assert table["district"].to_list() == [
        "Bradford",
        "Calderdale",
        "Kirklees",
        "Leeds",
        "Wakefield",
        "Total",
    ]
    total = table.filter(district="Total").row(0, named=True)
    assert total["ksi_unadjusted"] == 1318 and total["casualties"] == 5240
    districts = table.filter(pl.col("district") != "Total")
    for column in ("killed", "seriously_injured", "child_ksi", "pedal_cyclist_ksi"):
        assert districts[column].sum() == total[column]
    # Collisions by district as published with the extract.
    by_code = west_yorkshire.collisions["local_authority_ons_district"].value_counts()
    assert dict(by_code.iter_rows()) == {
        "E08000035": 1463,
        "E08000032": 1030,
        "E08000034": 605,
        "E08000036": 589,
        "E08000033": 373,
    }


def _tiny() -> Stats19:
    collisions = pl.DataFrame(
        {
            "collision_index": ["c1", "c2", "c3"],
            "collision_year": [2019, 2019, 2019],
            "police_force": [13, 13, 13],
            "collision_severity": [1, 3, 3],
            "local_authority_ons_district": ["E1", "E1", "E2"],
            "collision_adjusted_severity_serious": [0.0, 0.4, 0.1],
            "date": [None, None, None],
        },
        schema_overrides={"date": pl.Date},
    )
    casualties = pl.DataFrame(
        {
            "collision_index": ["c1", "c1", "c2", "c3", "c3"],
            "casualty_severity": [1, 2, 3, 3, 2],
            "age_of_casualty": [40, 12, 9, -1, 30],
            "casualty_type": [9, 1, 0, 1, 1],
            "casualty_class": [1, 2, 3, 1, 1],
            # A fatal casualty's serious probability is ignored; police-recorded serious casualties
            # before CRASH carry a probability below 1.
            "casualty_adjusted_severity_serious": [0.0, 0.9, 0.25, 0.5, 0.75],
        }
    )
    return Stats19(collisions, casualties)


def test_ksi_adjusted_sums_the_serious_probabilities() -> None:
    rows = {r["group"]: r for r in ksi_casualties(_tiny(), by=("district",)).filter(district="E1").to_dicts()}
    everyone = rows["all"]
    assert (everyone["killed"], everyone["seriously_injured"], everyone["ksi_unadjusted"]) == (1, 1, 2)
    # fatal (1) + serious probabilities of the non-fatal casualties in E1: 0.9 + 0.25.
    assert everyone["ksi_adjusted"] == pytest.approx(2.15)
    assert rows["child"]["ksi_unadjusted"] == 1 and rows["child"]["ksi_adjusted"] == pytest.approx(1.15)
    assert rows["pedal cyclist"]["ksi_unadjusted"] == 1  # the 12-year-old cyclist


def test_unknown_age_is_not_a_child() -> None:
    rows = ksi_casualties(_tiny(), by=("district",)).filter(district="E2")
    assert "child" not in rows["group"].to_list()
    cyclists = rows.filter(group="pedal cyclist").row(0, named=True)
    assert cyclists["casualties"] == 2 and cyclists["ksi_adjusted"] == pytest.approx(1.25)


def test_road_safety_table_feeds_compare() -> None:
    table = road_safety_table(_tiny(), adjusted_decimals=1)
    assert table.columns == ["measure", "unit", "2019"]
    rows = dict(zip(table["measure"].to_list(), table["2019"].to_list(), strict=True))
    assert rows["KSI casualties (unadjusted)"] == 3
    # 1 fatal + serious probabilities 0.9 + 0.25 + 0.5 + 0.75 of the four non-fatal casualties.
    assert rows["KSI casualties (adjusted)"] == pytest.approx(3.4)
    assert table.filter(measure="KSI casualties (adjusted)")["unit"].item() == "number"
    assert rows["KSI collisions"] == 1 and rows["All injury collisions"] == 3
    two_years = table.with_columns(pl.col("2019").alias("2020"))
    assert compare(two_years).change("KSI collisions", "2019").volume == 0


def test_missing_columns_are_reported(tmp_path: Path) -> None:
    path = tmp_path / "accidents.csv"
    path.write_text("collision_index,collision_severity\nx,1\n", encoding="utf-8")
    with pytest.raises(Stats19Error, match="missing column"):
        read_collisions(path)
    with pytest.raises(Stats19Error, match="no casualt"):
        read_stats19(tmp_path)


def test_cli_writes_the_stats19_pack(tmp_path: Path) -> None:
    out = tmp_path / "road.xlsx"
    assert (
        main(["stats19", "--data", str(WY_2024), "--out", str(out), "--districts", str(LOOKUP), "--quiet"])
        == 0
    )
    from openpyxl import load_workbook

    book = load_workbook(out)
    assert book.sheetnames == [
        "Collisions and casualties by se",
        "Road safety measures by year",
        "KSI casualties by district",
    ]

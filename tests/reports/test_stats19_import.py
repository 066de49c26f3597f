"""STATS19 West Yorkshire 2024 through the database equals the DfT's files, and feeds the KSI tables."""

from __future__ import annotations

import gzip
import shutil
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from django.core.management import CommandError, call_command

from saferplaces.analytics.performance.stats19 import (
    Stats19Error,
    ksi_casualties,
    read_stats19,
    severity_counts,
)
from saferplaces.reports import data
from saferplaces.reports.actions import import_stats19
from saferplaces.reports.models import Stats19Casualty, Stats19Collision, Stats19Vehicle
from saferplaces.reports.tables import PanelRequest, TableKey, build_panel

pytestmark = pytest.mark.django_db
STATS19 = Path(__file__).resolve().parents[2] / "data" / "stats19-west-yorkshire-2024"


def test_west_yorkshire_2024_through_the_database_equals_the_source_files(
    districts: None, capsys: Any
) -> None:
    result = import_stats19(STATS19)
    assert (result.collisions, result.vehicles, result.casualties, result.years) == (
        4_060,
        7_355,
        5_240,
        (2024,),
    )
    assert (
        Stats19Collision.objects.count(),
        Stats19Vehicle.objects.count(),
        Stats19Casualty.objects.count(),
    ) == (
        4_060,
        7_355,
        5_240,
    )
    period = PanelRequest(2024, 12).latest
    stored = data.stats19_data(period)
    counts = severity_counts(stored).to_dicts()
    assert counts == [
        {"level": "collisions", "fatal": 35, "serious": 1_164, "slight": 2_861, "ksi": 1_199, "total": 4_060},
        {"level": "casualties", "fatal": 40, "serious": 1_278, "slight": 3_922, "ksi": 1_318, "total": 5_240},
    ]
    files = read_stats19(STATS19)
    assert counts == severity_counts(files).to_dicts()
    by_group = ["year", "group"]
    assert ksi_casualties(stored).sort(by_group).equals(ksi_casualties(files).sort(by_group))

    # Importing the same folder again (here by the command) replaces the collisions, never doubles them.
    call_command("import_stats19", str(STATS19), "--quiet")
    assert capsys.readouterr().out.strip() == (
        "stats19-west-yorkshire-2024: 4,060 collisions, 7,355 vehicles, 5,240 casualties for 2024 "
        "(4,060 collisions replaced)"
    )
    assert Stats19Casualty.objects.count() == 5_240


def test_the_ksi_tables_for_2024(districts: None) -> None:
    import_stats19(STATS19)
    ksi, by_district = build_panel(PanelRequest(2024, 12, tables=(TableKey.KSI,))).tables
    assert not ksi.compared  # only 2024 is held
    figures = {r["measure"]: r["12m to Dec 2024"] for r in ksi.report.frame.iter_rows(named=True)}  # type: ignore[union-attr]
    files = ksi_casualties(read_stats19(STATS19)).filter(pl.col("year") == 2024)
    expected = {r["group"]: r["ksi_unadjusted"] for r in files.iter_rows(named=True)}
    assert figures["KSI casualties (unadjusted)"] == 1_318
    # All of 2024 is recorded injury-based, so the adjustment changes nothing.
    assert figures["KSI casualties (adjusted)"] == 1_318
    assert figures["Child KSI casualties (unadjusted)"] == expected["child"]
    assert figures["Pedal cyclist KSI casualties (unadjusted)"] == expected["pedal cyclist"]
    assert (figures["KSI collisions"], figures["All injury collisions"]) == (1_199, 4_060)
    assert (
        "12m to Dec 2023 left out: no DfT STATS19 road casualty data are held for Jan 2023–Dec 2023."
        in ksi.notes
    )

    table = {r["District"]: r for r in by_district.report.frame.iter_rows(named=True)}  # type: ignore[union-attr]
    # Districts loaded here are named; the others keep their ONS code.
    assert set(table) == {"Bradford", "Leeds", "E08000033", "E08000034", "E08000036", "Total"}
    assert table["Total"]["KSI (unadjusted)"] == 1_318
    assert table["Total"]["All casualties"] == 5_240
    assert sum(r["KSI (unadjusted)"] for d, r in table.items() if d != "Total") == 1_318


def test_a_casualty_without_its_collision_stops_the_import(tmp_path: Path, districts: None) -> None:
    for name in ("stats19_wy_2024_accidents.csv.gz", "stats19_wy_2024_vehicles.csv.gz"):
        shutil.copy(STATS19 / name, tmp_path / name)
    with gzip.open(STATS19 / "stats19_wy_2024_casualties.csv.gz", "rt") as source:
        header, first = source.readline(), source.readline()
    (tmp_path / "casualties.csv").write_text(header + "2024999999999" + first[first.index(",") :])
    with pytest.raises(Stats19Error, match=r"casualties.csv: 1 row\(s\) name a collision_index not in"):
        import_stats19(tmp_path)
    assert Stats19Collision.objects.count() == 0


def test_the_command_refuses_a_folder_without_the_files(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="no collision or accident CSV"):
        call_command("import_stats19", str(tmp_path), "--quiet")
    with pytest.raises(CommandError, match="no such folder"):
        call_command("import_stats19", str(tmp_path / "missing"), "--quiet")

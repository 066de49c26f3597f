"""Each Panel table from the database: exact figures, changes and verdicts, and plain words where a
period has no data (never a zero in its place)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from saferplaces.reports.tables import Panel, PanelRequest, PanelTable, TableKey, build_panel

pytestmark = pytest.mark.django_db

VS_PREVIOUS = "12m to Jan 2023 vs 12m to Jan 2022"
VS_BASELINE = "12m to Jan 2023 vs 12m to Jun 2019"


def panel_for(*tables: TableKey, end: tuple[int, int] = (2023, 1), **options: Any) -> Panel:
    return build_panel(PanelRequest(end[0], end[1], tables=tables, **{"baseline": (2019, 6), **options}))


def rows(table: PanelTable) -> dict[str, dict[str, Any]]:
    assert table.report is not None, table.problem
    return {r["measure"]: r for r in table.report.frame.iter_rows(named=True)}


def test_neighbourhood_crime_against_the_previous_year_and_the_baseline(panel_data: Any) -> None:
    (table,) = panel_for(TableKey.NEIGHBOURHOOD_CRIME).tables
    figures = rows(table)
    assert [
        (m, r["12m to Jun 2019"], r["12m to Jan 2022"], r["12m to Jan 2023"]) for m, r in figures.items()
    ] == [
        ("Burglary", 20, 10, 12),
        ("Robbery", 8, 4, 6),
        ("Theft from the person", 5, 5, 3),
        ("Vehicle crime", 30, 15, 18),
        ("Total neighbourhood crime", 63, 34, 39),
    ]
    total = figures["Total neighbourhood crime"]
    # 39 against 34 is +14.7%; against the baseline's 63, -38.1%.
    assert (total[f"{VS_PREVIOUS} change"], total[f"{VS_PREVIOUS} direction"]) == (14.7, "up")
    assert (total[f"{VS_BASELINE} change"], total[f"{VS_BASELINE} direction"]) == (-38.1, "down")
    assert total[f"{VS_BASELINE} volume"] == -24
    assert total[f"{VS_BASELINE} assessment"] == "better"
    # Exact Poisson test with the periods' days (365 each): 39 against 63 is a real fall, +5 is noise.
    assert total[f"{VS_BASELINE} significance"] == "significant decrease"
    assert total[f"{VS_BASELINE} p-value"] == 0.0223
    assert total[f"{VS_PREVIOUS} significance"] == "no significant change"
    assert figures["Burglary"][f"{VS_PREVIOUS} change"] == 20.0
    assert table.notes[1] == "Source: police.uk street-level records: Jul 2018–Jun 2019, Feb 2021–Jan 2023."
    assert table.subtitle == (
        "12m to Jan 2023 (Feb 2022–Jan 2023) against the previous 12 months "
        "and the baseline 12m to Jun 2019; Whole force"
    )


def test_outcome_rates_by_group_are_percentages_of_crimes_with_percentage_point_changes(
    panel_data: Any,
) -> None:
    (table,) = panel_for(TableKey.OUTCOMES).tables
    figures = rows(table)
    rate = figures["Outcome rate (outcomes 1-8)"]
    # 5 of 39 crimes (3 cautions, 2 charges); 2 of 34; 4 of 63.
    assert (rate["12m to Jun 2019"], rate["12m to Jan 2022"], rate["12m to Jan 2023"]) == (6.3, 5.9, 12.8)
    assert (rate[f"{VS_PREVIOUS} change"], rate["change unit"]) == (6.9, "pp")
    assert rate["significance method"] == "Fisher's exact test (two proportions)"
    assert rate[f"{VS_PREVIOUS} significance"] == "no significant change"
    assert figures["Outcome group: Out-of-court (formal)"]["12m to Jan 2023"] == 7.7  # 3/39
    assert figures["Outcome group: Charge/summons"]["12m to Jan 2023"] == 5.1  # 2/39
    assert figures["Outcome group: Investigation complete - no suspect identified"]["12m to Jan 2023"] == 87.2


def test_victim_satisfaction_leaves_out_the_baseline_it_has_no_survey_for(panel_data: Any) -> None:
    (table,) = panel_for(TableKey.SATISFACTION).tables
    figures = rows(table)
    assert "12m to Jun 2019" not in table.report.frame.columns  # type: ignore[union-attr]
    assert (figures["Burglary"]["12m to Jan 2022"], figures["Burglary"]["12m to Jan 2023"]) == (80.0, 70.0)
    assert figures["Burglary"][f"{VS_PREVIOUS} change"] == -10.0
    assert figures["Burglary"][f"{VS_PREVIOUS} assessment"] == "worse"
    assert figures["Vehicle crime"][f"{VS_PREVIOUS} change"] == 10.0
    assert (
        "12m to Jun 2019 left out: no victim satisfaction survey counts supplied by the force are held for "
        "Jul 2018–Jun 2019."
    ) in table.notes


def test_staffing_deficits_from_the_march_2023_snapshot(panel_data: Any) -> None:
    (table,) = panel_for(TableKey.STAFFING, end=(2023, 3)).tables
    assert table.subtitle == "Snapshot for Mar 2023"
    deficit = {m: r["Actual vs Budgeted volume"] for m, r in rows(table).items()}
    # The paper prints PCSO -38.1 and an actual total of 875.01: the parts give -38.19 and 874.92
    # (512.10 would explain both). The table adds up the parts; it does not copy the misprint.
    assert deficit == {"Insp": 1.48, "Sgts": 2.9, "PC": -47.94, "PCSO": -38.19, "Total": -81.75}
    assert rows(table)["Total"]["Actual"] == 874.92


def test_staffing_uses_the_latest_snapshot_before_the_month_and_says_so(panel_data: Any) -> None:
    (table,) = panel_for(TableKey.STAFFING).tables
    assert table.subtitle == "Snapshot for Dec 2022 (the latest supplied at or before Jan 2023)"
    (early,) = panel_for(TableKey.STAFFING, end=(2022, 6)).tables
    assert early.report is None
    assert early.problem == (
        "Cannot be computed for Jun 2022: no neighbourhood staffing figures supplied by the force are held "
        "for Jun 2022 or any earlier month."
    )


def test_asb_by_month_compares_the_last_whole_year_with_the_one_before(panel_data: Any) -> None:
    (table,) = panel_for(TableKey.ASB).tables
    figures = rows(table)
    assert [figures[m]["2022"] for m in ("Jan", "Apr", "Dec")] == [2, 3, 1]
    assert (figures["Total"]["2021"], figures["Total"]["2022"]) == (37, 27)
    assert figures["Total"]["2022 vs 2021 change"] == -27.0
    assert figures["Total"]["2022 vs 2021 volume"] == -10
    assert figures["Apr"]["2022 vs 2021 change"] == -25.0


def test_asb_per_day_rates_use_each_months_own_days_when_only_one_year_is_held(loader: Any) -> None:
    for month in range(1, 13):
        days = (date(2022 + month // 12, month % 12 + 1, 1) - date(2022, month, 1)).days
        loader.asb(date(2022, month, 10), 2 * days)  # two a day, every month
    loader.asb(date(2022, 2, 10), 1)  # one more in February: 57 over 28 days
    (table,) = panel_for(TableKey.ASB, end=(2022, 12)).tables
    figures = rows(table)
    assert not table.compared
    assert (figures["Jan"]["2022"], figures["Jan"]["2022 per day"]) == (62, 2.0)
    assert (figures["Feb"]["2022"], figures["Feb"]["2022 per day"]) == (57, 2.0)  # 2.04 to 1 dp
    assert (figures["Total"]["2022"], figures["Total"]["2022 per day"]) == (731, 2.0)
    assert "No comparison: only 2022 has figures." in table.notes
    assert "2021 left out: no incident logs are held for Jan 2021–Dec 2021." in table.notes


def test_ksi_says_plainly_that_it_cannot_be_computed_without_stats19(panel_data: Any) -> None:
    ksi, by_district = panel_for(TableKey.KSI).tables
    assert ksi.report is None and by_district.report is None
    assert ksi.problem == (
        "Cannot be computed for 12m to Jan 2023: "
        "no DfT STATS19 road casualty data are held for Feb 2022–Jan 2023."
    )
    assert ksi.for_pack().frame.to_dicts() == [{"status": ksi.problem}]


def test_serious_violence_compares_four_periods_and_blanks_what_police_uk_does_not_hold(
    panel_data: Any,
) -> None:
    (table,) = panel_for(TableKey.SERIOUS_VIOLENCE).tables
    figures = rows(table)
    sharp = figures["Assault with a sharp object"]
    assert [sharp[f"12m to Jan {y}"] for y in (2020, 2021, 2022, 2023)] == [24, 24, 24, 12]
    assert sharp["12m to Jan 2023 vs 12m to Jan 2020 change"] == -50.0
    robbery = figures["Robbery (police.uk)"]
    assert [robbery[f"12m to Jan {y}"] for y in (2020, 2021, 2022, 2023)] == [None, None, 4, 6]
    assert robbery["12m to Jan 2023 vs 12m to Jan 2021 significance"] == "not testable"
    assert (
        "Blank cells for 12m to Jan 2020: "
        "police.uk street-level records lack Jul 2019–Jan 2020 (7 of its 12 months)." in table.notes
    )


def test_a_period_with_no_data_is_never_shown_as_zero(panel_data: Any) -> None:
    crime, outcomes = panel_for(
        TableKey.NEIGHBOURHOOD_CRIME, TableKey.OUTCOMES, end=(2024, 1), baseline=None
    ).tables
    for table in (crime, outcomes):
        assert table.report is None
        assert table.problem == (
            "Cannot be computed for 12m to Jan 2024: "
            "no police.uk street-level records are held for Feb 2023–Jan 2024."
        )
    # Half a period held is still no figure for it.
    (partial,) = panel_for(TableKey.NEIGHBOURHOOD_CRIME, end=(2023, 7), baseline=None).tables
    assert partial.problem == (
        "Cannot be computed for 12m to Jul 2023: police.uk street-level records lack Feb 2023–Jul 2023 "
        "(6 of its 12 months)."
    )


def test_a_district_counts_only_its_own_crimes_and_refuses_force_wide_tables(panel_data: Any) -> None:
    from saferplaces.areas.models import District

    bradford = District.objects.get(name="Bradford")
    panel_data.street(date(2022, 5, 1), "Burglary", 3, district=bradford)
    crime, satisfaction = panel_for(
        TableKey.NEIGHBOURHOOD_CRIME, TableKey.SATISFACTION, district=bradford
    ).tables
    total = rows(crime)["Total neighbourhood crime"]
    assert (total["12m to Jun 2019"], total["12m to Jan 2022"], total["12m to Jan 2023"]) == (0, 0, 3)
    # No percentage change from a zero base; the direction and volume still stand.
    assert (total[f"{VS_PREVIOUS} change"], total[f"{VS_PREVIOUS} volume"]) == (None, 3)
    assert satisfaction.problem == (
        "Cannot be computed for Bradford: the victim satisfaction survey counts supplied by the force "
        "cover the whole force, not districts."
    )


def test_shorter_rolling_periods_use_their_own_labels(panel_data: Any) -> None:
    (table,) = panel_for(TableKey.NEIGHBOURHOOD_CRIME, months=3, baseline=(2018, 9)).tables
    total = rows(table)["Total neighbourhood crime"]
    # Nov 2022–Jan 2023 holds none of the latest crimes (they are in Feb 2022), Jul–Sep 2018 all 63.
    assert (total["3m to Sep 2018"], total["3m to Oct 2022"], total["3m to Jan 2023"]) == (63, 0, 0)


def test_the_about_table_says_what_each_source_holds(panel_data: Any) -> None:
    about = dict(panel_for(TableKey.ASB).about().frame.iter_rows())
    assert about["Period"] == "12m to Jan 2023 (Feb 2022–Jan 2023)"
    assert about["Data held: incident logs"] == "Jan 2021–Dec 2022"
    assert about["Data held: DfT STATS19 road casualty data"] == "none"
    assert about["Tables"] == "ASB incidents by month"

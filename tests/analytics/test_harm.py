"""Harm weights: CCHI and CSS tables, category normalisation, joins and their reports."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from saferplaces.analytics.harm import (
    ASB,
    apply_harm,
    load_cchi,
    load_css,
    normalise_category,
    read_offence_reference,
)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Violence and sexual offences", "Violence and Sexual Offences"),
        ("Public order", "Public Order"),
        ("Criminal damage and arson", "Criminal Damage & Arson"),
        ("Anti-social behaviour", "anti social  behaviour"),
        ("Anti-social behaviour", "ASB"),
        ("Violence and sexual offences", "Violent crime"),
        ("Possession of weapons", " possession of WEAPONS "),
    ],
)
def test_category_spellings_fold_to_one_key(a: str, b: str) -> None:
    assert normalise_category(a) == normalise_category(b)


def test_different_categories_stay_different() -> None:
    assert normalise_category("Other theft") != normalise_category("Theft from the person")
    assert normalise_category(None) == ""


def test_offence_reference_splits_multi_code_cells() -> None:
    refs = {r.code: r for r in read_offence_reference()}
    assert {"1", "4.1", "4.10", "4.2"} <= set(refs)
    assert refs["4.1"].subgroup == "Homicide"
    assert refs["8L"].category == "Violence and Sexual Offences"


def test_cchi_weights_by_code_use_the_subgroup_median() -> None:
    w = load_cchi()
    assert w.unit == "days"
    assert w.for_offence_code("9a") == 7.5  # Public order offences
    assert w.for_offence_code("28E") == 273.5  # Domestic -> Residential burglary (renamed subgroup)
    assert w.for_offence_code("30C") == 183.5  # Non-domestic -> Non-residential burglary
    assert w.for_offence_code("48") == 5.0  # Theft of a motor vehicle -> Vehicle offences
    assert w.for_offence_code("1") == 5475.0  # Homicide
    assert w.for_offence_code("58A") == 2.0
    assert w.for_offence_code("ZZZ") is None


def test_cchi_category_weight_is_the_count_weighted_mean_of_its_subgroups() -> None:
    w = load_cchi()
    burglary = (273.5 * 166316 + 183.5 * 78332) / (166316 + 78332)
    assert w.for_category("Burglary") == pytest.approx(burglary)
    assert w.for_category("Public Order") == 7.5
    assert w.for_category("Shoplifting") == 1.0
    violence = w.for_category("Violence and Sexual Offences")
    assert violence is not None and 10.0 < violence < 365.0


def test_codes_without_a_cchi_subgroup_take_their_category_and_say_so() -> None:
    w = load_cchi()
    # Fraud has no CCHI median in the table: it takes the "Other crime" weight, noted.
    assert w.for_offence_code("AF") == w.for_category("Other crime") == 10.0
    assert any(n.startswith("offence AF") for n in w.notes)


def test_asb_floor_is_configurable() -> None:
    assert load_cchi().for_category("Anti-social behaviour") == 1.0
    assert load_cchi(asb_floor=0.5).for_category("anti-social behaviour") == 0.5
    assert load_cchi(asb_floor=2).by_category[ASB] == 2.0


def test_apply_harm_prefers_code_then_category_and_reports_unmatched() -> None:
    points = pl.DataFrame(
        {
            "category": [
                "Violence and Sexual Offences",
                "Public Order",
                "public order",
                "Anti-social behaviour",
                "Public disorder and weapons",  # pre-2013 police.uk name: no single weight
                None,
                None,
            ],
            "offence_code": [None, None, "58A", None, None, "9A", "XX9"],
        }
    )
    out, report = apply_harm(points, load_cchi(asb_floor=1.5))
    harm = out["harm"].to_list()
    assert harm[1] == 7.5 and harm[2] == 2.0  # the code (criminal damage) wins over the category
    assert harm[3] == 1.5
    assert harm[4] is None and harm[6] is None
    assert harm[5] == 7.5
    assert out.height == points.height  # nothing dropped
    assert report.by_offence_code == 2
    assert report.by_category == 3
    assert report.unmatched == {"Public disorder and weapons": 1, "code:XX9": 1}
    assert report.rows_unmatched == 2


def test_apply_harm_can_zero_or_refuse_unmatched_rows() -> None:
    points = pl.DataFrame({"category": ["Shoplifting", "Mystery"], "offence_code": [None, None]})
    zeroed, _ = apply_harm(points, load_cchi(), unmatched="zero")
    assert zeroed["harm"].to_list() == [1.0, 0.0]
    with pytest.raises(ValueError, match="Mystery"):
        apply_harm(points, load_cchi(), unmatched="error")


def test_css_table_from_a_force(tmp_path: Path) -> None:
    table = tmp_path / "css.csv"
    table.write_text("Offence_Code,Weight\n8L,100\n8M,300\n9a,20\n58A,50\n")
    volumes = tmp_path / "prc.csv"
    volumes.write_text("Offence_Code,Number_of_Offences\n8L,3\n8M,1\n9A,5\n58A,2\n")
    w = load_css(table, volumes=volumes, asb_floor=1.0)
    assert w.unit == "CSS weight"
    assert w.for_offence_code("9A") == 20.0
    # Category weight: volume-weighted over the codes the force gave (8L x3, 8M x1).
    assert w.for_category("Violence and sexual offences") == pytest.approx((100 * 3 + 300 * 1) / 4)
    assert w.for_category("Public order") == 20.0
    assert w.for_category("Anti-social behaviour") == 1.0
    assert any("not in the CSS table" in n for n in w.notes)


def test_css_table_needs_its_columns(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("code,score\n8L,1\n")
    with pytest.raises(ValueError, match="offence_code,weight"):
        load_css(bad)

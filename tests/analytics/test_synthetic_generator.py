"""The synthetic generator end to end, on a small run (scale 0.05: about 5,000 incidents a year).

At that scale about 2,800 people own a mobile, so the 1,000-number mobile drama range is exhausted and
overflow numbers are in use: the phone tests below exercise both.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections import Counter
from datetime import date, datetime
from pathlib import Path

import numpy as np
import polars as pl
import pytest
from rapidfuzz import fuzz

from saferplaces.analytics.geo import AreaIndex, in_uk_bounds, read_geojson
from saferplaces.analytics.synthetic import GeneratedData, GeneratorConfig, generate, write
from saferplaces.analytics.synthetic import cli as synthetic_cli
from saferplaces.analytics.synthetic import config as C
from saferplaces.analytics.synthetic.phones import DRAMA_RANGES
from saferplaces.analytics.synthetic.reference import CodeList, read_offence_codes

REPO = Path(__file__).resolve().parents[2]
FORMAT_DOC = REPO / "docs" / "formats" / "incident-log.md"
POSTCODE = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]?[0-9][A-Z]{2}$")
DRAMA = {r.area + local for r in DRAMA_RANGES for local in r.locals().tolist()}
# Overflow numbers: 07700 followed by six digits outside the drama block.
OVERFLOW = re.compile(r"^07700\d{6}$")


@pytest.fixture(scope="module")
def data() -> GeneratedData:
    return generate(GeneratorConfig(years=1, start=date(2025, 1, 1), seed=7, scale=0.05))


@pytest.fixture(scope="module")
def joined(data: GeneratedData) -> pl.DataFrame:
    return data.incidents.join(data.truth, on="incident_ref", how="left")


def _tags(joined: pl.DataFrame) -> tuple[Counter[str], int]:
    named = joined.filter(pl.col("person_id") != "")
    counts: Counter[str] = Counter()
    for t in named["caller_variations"].to_list():
        counts.update(t.split(";") if t else [])
    return counts, named.height


def test_same_seed_gives_byte_identical_files_and_another_seed_does_not(tmp_path: Path) -> None:
    config = GeneratorConfig(years=1, start=date(2025, 6, 1), seed=11, scale=0.005)
    a = write(generate(config), tmp_path / "a")
    b = write(generate(config), tmp_path / "b")
    c = write(
        generate(GeneratorConfig(years=1, start=date(2025, 6, 1), seed=12, scale=0.005)), tmp_path / "c"
    )
    for x, y in zip(a, b, strict=True):
        assert x.read_bytes() == y.read_bytes()
    assert a[0].read_bytes() != c[0].read_bytes()


def test_cli_output_does_not_depend_on_the_number_of_threads(tmp_path: Path) -> None:
    """The CLI writes both files; Polars runs the string work on its thread pool, and one thread
    must give the same bytes as several."""
    args = ["--years", "1", "--start", "2025-11-01", "--seed", "2", "--scale", "0.005", "--quiet"]
    assert synthetic_cli.main([*args, "--out", str(tmp_path / "many")]) == 0
    incidents = pl.read_csv(tmp_path / "many" / "incidents.csv", infer_schema=False)
    truth = pl.read_csv(tmp_path / "many" / "truth.csv", infer_schema=False)
    assert incidents.height == truth.height > 0
    assert incidents["received_at"].min() >= "2025-11-01"
    env = {**os.environ, "POLARS_MAX_THREADS": "1"}
    cli = [sys.executable, "-m", "saferplaces.analytics.synthetic.cli"]
    subprocess.run([*cli, *args, "--out", str(tmp_path / "one")], check=True, env=env)
    for name in ("incidents.csv", "truth.csv"):
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "many" / name).read_bytes()


def test_columns_are_exactly_the_interchange_format_plus_victim_and_suspect(data: GeneratedData) -> None:
    documented = re.findall(r"^\| `([a-z_]+)`(?:, `([a-z_]+)`)? \|", FORMAT_DOC.read_text(), flags=re.M)
    names = [n for pair in documented for n in pair if n]
    extra = [
        f"{role}_{f}"
        for role in ("victim", "suspect")
        for f in ("name", "phone", "dob", "address", "postcode")
    ]
    assert data.incidents.columns == names + extra
    assert len(names) == 20


def test_values_parse_as_the_format_requires(data: GeneratedData) -> None:
    df = data.incidents
    codes = CodeList.read(C.DEFAULT_CODES)
    offences = read_offence_codes(C.DEFAULT_OFFENCES)
    assert df["incident_ref"].n_unique() == df.height
    assert df["incident_ref"].str.len_chars().max() <= 40
    received = df["received_at"].str.to_datetime("%Y-%m-%dT%H:%M:%S")
    closed = df["closed_at"].str.to_datetime("%Y-%m-%dT%H:%M:%S")
    assert (closed >= received).all()
    assert received.min() >= datetime(2025, 1, 1) and received.max() < datetime(2026, 1, 1)
    assert set(df["opening_code"]) <= set(codes.codes)
    assert set(df["closing_code"]) <= set(codes.codes)
    assert set(df["asb_category"]) <= {"", "personal", "nuisance", "environmental"}
    assert set(df["offence_code"]) - {""} <= offences
    assert ((df["crime_ref"] == "") == (df["offence_code"] == "")).all()
    asb = df.filter(pl.col("closing_code").is_in(list(codes.asb_closing.values())))
    for category, code in codes.asb_closing.items():
        assert set(asb.filter(pl.col("closing_code") == code)["asb_category"]) == {category}
    assert set(df["contact_requested"]) <= {"Y", "N", ""}
    assert set(df["district"]) == {"Bradford", "Calderdale", "Kirklees", "Leeds", "Wakefield"}
    both = df.select(pl.col("latitude").is_null() == pl.col("longitude").is_null()).to_series()
    assert both.all()
    for lat, lon in df.drop_nulls("latitude").select("latitude", "longitude").iter_rows():
        assert in_uk_bounds(lat, lon)
    for col in ("postcode", "caller_postcode", "victim_postcode", "suspect_postcode"):
        for pc in df[col].to_list():
            if pc:
                assert POSTCODE.match(pc.replace(" ", "").upper()), pc
    for col in ("caller_dob", "victim_dob", "suspect_dob"):
        for dob in df[col].to_list():
            if dob:
                d = datetime.strptime(dob, "%d/%m/%Y" if "/" in dob else "%Y-%m-%d").date()
                assert d < date(2025, 1, 1)


def _digits(phone: str) -> str:
    """A recorded number as dialled nationally: +44 -> 0, a dropped leading 0 restored."""
    digits = re.sub(r"\D", "", phone.replace("+44", "0"))
    return "0" + digits if digits.startswith("7700") else digits


def test_phone_numbers_are_drama_numbers_then_overflow_numbers(data: GeneratedData) -> None:
    held = [x for col in ("mobile", "landline") for x in data.persons[col].to_list() if x]
    assert held and all(x in DRAMA or (OVERFLOW.match(x) and x not in DRAMA) for x in held)
    assert data.stats["phones_overflow"] > 0  # the mobile drama range is exhausted at this scale
    assert sum(x in DRAMA for x in data.persons["mobile"].to_list()) == 1_000
    ranges = {x[:-3] for x in DRAMA}
    for col in ("caller_phone", "victim_phone", "suspect_phone"):
        for phone in data.incidents[col].to_list():
            digits = _digits(phone)
            if phone and len(digits) >= 10:  # "496 0123" (local part only) cannot be checked
                assert digits[:-3] in ranges or OVERFLOW.match(digits), phone


def test_no_two_households_share_a_phone_number(data: GeneratedData, joined: pl.DataFrame) -> None:
    persons = data.persons
    mobiles = persons.filter(pl.col("mobile") != "")["mobile"]
    assert mobiles.n_unique() == mobiles.len()  # every person's mobile is their own
    landlines = (
        persons.filter(pl.col("landline") != "").group_by("landline").agg(pl.col("household_id").n_unique())
    )
    assert (landlines["household_id"] == 1).all()  # a landline belongs to one household
    assert not set(mobiles.to_list()) & set(landlines["landline"].to_list())
    assert data.stats["phones_shared_between_households"] == 0
    # In the log itself: a correctly typed caller number always leads to the same household.
    calls = joined.filter(
        (pl.col("caller_phone") != "") & ~pl.col("caller_variations").str.contains("phone_typo")
    )
    by_number: dict[str, set[str]] = {}
    for phone, household in calls.select("caller_phone", "household_id").iter_rows():
        digits = _digits(phone)
        if len(digits) >= 10:
            by_number.setdefault(digits, set()).add(household)
    assert len(by_number) > 1_000
    assert all(len(h) == 1 for h in by_number.values())


def test_truth_has_one_row_per_incident_in_the_same_order(data: GeneratedData) -> None:
    assert data.truth["incident_ref"].to_list() == data.incidents["incident_ref"].to_list()
    assert set(data.truth["risk"]) <= {"standard", "medium", "high"}
    assert set(data.truth["cdi_should_record"]) == {"Y", "N"}


def test_anonymous_calls_have_no_caller_identity_at_all(joined: pl.DataFrame) -> None:
    anonymous = joined.filter(pl.col("person_id") == "")
    assert anonymous.height > 0
    caller_cols = ["caller_name", "caller_phone", "caller_dob", "caller_address", "caller_postcode"]
    assert (anonymous.select(caller_cols) == "").to_numpy().all()
    assert (anonymous["household_id"] == "").all()


def test_repeat_callers_share_a_person_id_and_look_like_one_person(
    data: GeneratedData, joined: pl.DataFrame
) -> None:
    persons = data.persons
    assert set(data.truth["person_id"]) - {""} <= set(persons["person_id"])
    repeat = joined.filter(pl.col("person_id") != "").filter(pl.len().over("person_id") >= 3)
    assert repeat["person_id"].n_unique() >= 30
    true = {r["person_id"]: r for r in persons.iter_rows(named=True)}
    scores = []
    for pid, name, dob, tags in repeat.select(
        "person_id", "caller_name", "caller_dob", "caller_variations"
    ).iter_rows():
        p = true[pid]
        if dob and not re.search(r"dob_(swap|year|day|uk_format)", tags):
            assert dob == p["dob"].isoformat()
        if name:
            given = {p["first_name"], p["known_as"], p["nickname"]} - {""}
            surnames = {p["surname"], p["new_surname"], p["middle_name"]} - {""}
            best = max(
                fuzz.token_set_ratio(name.lower(), f"{g} {s}".lower()) for g in given for s in surnames
            )
            scores.append(best)
    # Nicknames, typos, spelling variants and initials lower some scores; most records stay close.
    assert np.mean(np.array(scores) >= 70) > 0.9


def test_variation_types_appear_near_their_documented_rates(joined: pl.DataFrame) -> None:
    counts, named = _tags(joined)
    rates = dict(C.NAME_FORMATS)
    for tag in ("title_surname", "initial_surname", "last_comma_first", "name_missing"):
        key = "missing" if tag == "name_missing" else tag
        assert abs(counts[tag] / named - rates[key]) < 0.025, tag
    assert abs(counts["upper"] / named - C.P_UPPER) < 0.025
    assert abs(counts["typo"] / named - C.P_NAME_TYPO * (1 - rates["missing"])) < 0.025
    dob_missing = counts["dob_missing"] / named
    assert abs(dob_missing - (1 - C.P_DOB_RECORDED)) < 0.03
    assert counts["phone_missing"] / named >= C.P_PHONE_MISSING - 0.02
    present = (
        "nickname spelling swapped landline phone_format dob_swap dob_year street_abbrev flat_omitted "
        "postcode_no_space town address_missing known_as"
    )
    for tag in present.split():
        assert counts[tag] > 0, tag


def test_households_share_address_and_landline_but_not_person(
    data: GeneratedData, joined: pl.DataFrame
) -> None:
    callers = joined.filter(pl.col("person_id") != "")
    multi = (
        callers.group_by("household_id")
        .agg(pl.col("person_id").n_unique().alias("n"))
        .filter(pl.col("n") > 1)
    )
    assert multi.height > 0
    landline = data.persons.filter(pl.col("landline") != "")
    shared = landline.group_by("household_id").agg(
        pl.len().alias("n"), pl.col("landline").n_unique().alias("u")
    )
    assert shared.filter(pl.col("n") > 1).height > 0
    assert (shared["u"] == 1).all()  # one landline per household


def test_volumes_and_mix_match_the_model(data: GeneratedData) -> None:
    df = data.incidents
    expected = C.ANNUAL_INCIDENTS * 0.05
    assert abs(df.height - expected) / expected < 0.1
    asb_share = df["closing_code"].is_in(["ASBP", "ASBN", "ASBE"]).mean()
    assert 0.33 < asb_share < 0.45
    contact = (df["contact_requested"] == "Y").mean()
    assert 0.25 <= contact <= 0.35


def test_seasonality_summer_peak_evening_peak_weekend_peak(data: GeneratedData) -> None:
    t = data.incidents["received_at"].str.to_datetime("%Y-%m-%dT%H:%M:%S")
    month = Counter(t.dt.month().to_list())
    assert month[6] + month[7] + month[8] > 1.4 * (month[11] + month[12] + month[1])
    assert month[12] == min(month.values())
    hour = Counter(t.dt.hour().to_list())
    assert sum(hour[h] for h in range(18, 22)) > 3 * sum(hour[h] for h in range(2, 6))
    dow = Counter(t.dt.weekday().to_list())  # Monday = 1
    assert dow[5] + dow[6] > dow[1] + dow[2]


def test_hard_negatives_exist_and_are_never_cdi(joined: pl.DataFrame) -> None:
    negatives = joined.filter(pl.col("hard_negative") == "Y")
    assert negatives.height > 100
    assert (negatives["cdi_should_record"] == "N").all()
    text = " ".join(negatives["narrative"].str.to_lowercase().to_list())
    for phrase in ("no damage", "no threats made", "not bothered", "no offences disclosed"):
        assert phrase in text, phrase


def test_narratives_fill_every_slot_and_match_the_recorded_outcome(joined: pl.DataFrame) -> None:
    assert not joined["narrative"].str.contains(r"[{}]").any()  # no unfilled {slot}
    no_crime = joined.filter(
        pl.col("closing_code").is_in(["CDAM", "PORD", "HARA"]) & (pl.col("crime_ref") == "")
    )
    assert no_crime.height > 0
    assert not no_crime["narrative"].str.to_lowercase().str.contains("crime recorded|crime report").any()
    recorded = joined.filter(pl.col("crime_ref") != "")
    assert all(ref in text for ref, text in recorded.select("crime_ref", "narrative").iter_rows())


def test_cdi_flags_crimes_described_in_non_crime_logs(joined: pl.DataFrame) -> None:
    asb = joined.filter(pl.col("closing_code").is_in(["ASBP", "ASBN", "ASBE"]))
    cdi = joined.filter(pl.col("cdi_should_record") == "Y")
    assert 0.04 < (asb["cdi_should_record"] == "Y").mean() < 0.2
    assert (cdi["crime_ref"] == "").all()
    assert (cdi["cdi_offence"] == cdi["narrative_offence"]).all()
    assert cdi["cdi_offence"].is_in(["8L", "8M", "9A", "9B", "3B", "58A", "58B", "58C", "58D", "58J"]).all()
    recorded = joined.filter(pl.col("crime_ref") != "")
    assert (recorded["narrative_offence"] == recorded["offence_code"]).all()


def test_repeat_counts_and_risk_follow_the_documented_rules(joined: pl.DataFrame) -> None:
    t = joined.with_columns(pl.col("received_at").str.to_datetime("%Y-%m-%dT%H:%M:%S").alias("ts"))
    sample = t.filter(pl.col("person_id") != "").sort("ts")
    by_person: dict[str, list[datetime]] = {}
    for pid, ts, count in sample.select("person_id", "ts", "caller_calls_12m").iter_rows():
        seen = by_person.setdefault(pid, [])
        seen.append(ts)
        assert count == sum(1 for s in seen if (ts - s).days < 365)
    personal = (pl.col("asb_category") == "personal") | pl.col("narrative_offence").is_in(
        ["8L", "8M", "8Q", "8R", "9A", "9B", "3B", "105A", "105B"]
    )
    n = pl.col("victim_incidents_12m")
    score = (
        personal.cast(pl.Int64)
        + pl.when(n >= 6).then(2).when(n >= 3).then(1).otherwise(0)
        + (pl.col("vulnerability") == "Y").cast(pl.Int64) * 2
        + (pl.col("hate") == "Y").cast(pl.Int64) * 2
        + pl.when(pl.col("narrative_offence") == "3B")
        .then(2)
        .when(pl.col("threat") == "Y")
        .then(1)
        .otherwise(0)
    )
    checked = joined.with_columns(score.alias("expected"))
    assert (checked["expected"] == checked["risk_score"]).all()
    assert set(checked["risk"]) == {"standard", "medium", "high"}


def test_no_two_dwellings_share_an_address(data: GeneratedData) -> None:
    dwellings = data.locations.filter(pl.col("kind") == "dwelling").with_columns(
        outward=pl.col("postcode").str.split(" ").list.first()
    )
    assert dwellings.height > 500
    assert dwellings.select("name", "outward").is_unique().all()


def test_true_places_lie_inside_their_lsoa(data: GeneratedData) -> None:
    features = read_geojson(C.DEFAULT_BOUNDARIES)["features"]
    index = AreaIndex.from_features(features, "lsoa21cd")
    locs = data.locations
    found = index.locate(locs["longitude"].to_list(), locs["latitude"].to_list())
    same = np.mean([a == b for a, b in zip(found, locs["lsoa21cd"].to_list(), strict=True)])
    # Coordinates are written to 5 decimals (about 1 m): a point on a boundary may round across it.
    assert same > 0.995

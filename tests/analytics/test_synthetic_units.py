"""Unit tests of the synthetic generator's parts, on tiny hand-made inputs with exact answers."""

from __future__ import annotations

import random
from datetime import date

import numpy as np
import polars as pl
import shapely
from rapidfuzz.distance import OSA

from saferplaces.analytics.synthetic import config as C
from saferplaces.analytics.synthetic import namecodes as K
from saferplaces.analytics.synthetic.names import SPELLING_VARIANTS, feminine_surname
from saferplaces.analytics.synthetic.noise import POSTCODE_STYLES, postcodes, typo
from saferplaces.analytics.synthetic.people import Population, resolve_slots
from saferplaces.analytics.synthetic.phones import (
    DRAMA_RANGES,
    GEOGRAPHIC,
    NON_GEOGRAPHIC,
    allocate,
    format_phones,
    overflow_locals,
)
from saferplaces.analytics.synthetic.places import Places, sample_points
from saferplaces.analytics.synthetic.reference import Areas
from saferplaces.analytics.synthetic.sampling import Categorical, GroupedWeights, Mix
from saferplaces.analytics.synthetic.timeline import Timeline, spring_forward_hours, to_seconds
from saferplaces.analytics.synthetic.truth import risk_scores, rolling_counts

DAY = 86_400
DRAMA = {r.area + local for r in DRAMA_RANGES for local in r.locals().tolist()}


def test_a_typo_is_exactly_one_edit_or_none() -> None:
    rng = random.Random(3)
    distances = [OSA.distance(w, typo(w, rng)) for w in ["Robinson", "Hussain", "Kowalska"] * 200]
    assert set(distances) <= {0, 1}
    assert distances.count(1) > 500  # 0 only when the substitution has no neighbour or letters repeat


def test_short_words_are_not_mistyped() -> None:
    assert typo("Al", random.Random(1)) == "Al"


def test_postcode_styles() -> None:
    styles = ["standard", "no_space", "lower", "spaced", "typo"]
    out = postcodes(
        pl.Series(["LS9"] * 5),
        pl.Series(["8AB"] * 5),
        np.array([POSTCODE_STYLES.index(s) for s in styles]),
        np.random.default_rng(1),
    ).to_list()
    assert out[:4] == ["LS9 8AB", "LS98AB", "ls9 8ab", "LS9  8AB"]
    assert out[4].startswith("LS9 8") and out[4] != "LS9 8AB" and len(out[4]) == 7


def _formatted(area: str, local: str, styles: list[str]) -> list[str]:
    n = len(styles)
    return format_phones(pl.DataFrame({"a": [area] * n, "l": [local] * n, "s": styles})).to_list()


def test_phone_styles_for_every_shape_of_number() -> None:
    assert _formatted(
        "07700", "900123", ["07700 900123", "+447700900123", "+44 7700 900123", "07700 900 123"]
    ) == [
        "07700 900123",
        "+447700900123",
        "+44 7700 900123",
        "07700 900 123",
    ]
    assert _formatted("0113", "4960123", ["0113 496 0123", "(0113) 496 0123", "496 0123"]) == [
        "0113 496 0123",
        "(0113) 496 0123",
        "496 0123",
    ]
    assert _formatted("01632", "960123", ["0113 496 0123", "+44 113 496 0123"]) == [
        "01632 960123",
        "+44 1632 960123",
    ]
    assert _formatted("020", "79460123", ["0113 496 0123", "01134960123"]) == ["020 7946 0123", "02079460123"]


def test_every_drama_range_holds_1000_distinct_numbers() -> None:
    assert len(DRAMA_RANGES) == 20
    assert len(DRAMA) == 20_000
    assert "07700900000" in DRAMA and "01134960999" in DRAMA and "02079460123" in DRAMA
    assert "02896496000" in DRAMA and "01914980500" in DRAMA and "08081570999" in DRAMA


def test_overflow_numbers_are_distinct_and_outside_the_drama_block() -> None:
    locals_ = overflow_locals(100_500, np.random.default_rng(2))
    assert len(set(locals_.tolist())) == 100_500
    values = np.array(locals_.tolist(), dtype=np.int64)
    assert not ((values >= 900_000) & (values <= 900_999)).any()
    assert (values[:99_000] >= 901_000).all()  # 07700 9xxxxx first
    assert (values[99_000:] < 900_000).all()  # then 07700 8xxxxx


def test_mobiles_use_the_drama_range_first_then_distinct_overflow_numbers() -> None:
    first = np.arange(1_005, dtype=np.float64)[::-1].copy()  # the last person appears first
    first[3] = np.inf  # no mobile (or never appears)
    out = allocate(first, np.full(2, np.inf), np.zeros(2, dtype=bool), np.random.default_rng(0))
    numbers = out.mobile_area + out.mobile_local
    assert numbers[3] == "" and not out.has_mobile[3]
    held = [x for x in numbers.to_list() if x]
    assert len(held) == len(set(held)) == 1_004
    by_appearance = numbers.gather(np.argsort(first)[:1_004]).to_list()
    assert set(by_appearance[:1_000]) <= DRAMA  # the first 1,000 to appear get drama numbers
    assert all(x.startswith("077009") and x not in DRAMA for x in by_appearance[1_000:])
    assert out.overflow == 4


def test_landlines_prefer_their_area_then_other_ranges_then_overflow() -> None:
    n = 25_000
    leeds = np.arange(n) % 3 == 0
    first = np.random.default_rng(1).random(n)
    out = allocate(np.full(10, np.inf), first, leeds, np.random.default_rng(0))
    area = out.landline_area.to_numpy()
    numbers = (out.landline_area + out.landline_local).to_list()
    assert len(set(numbers)) == n  # no two households share a number
    order = np.argsort(first)
    assert set(area[order][leeds[order]][:1000]) == {"0113"}
    assert set(area[order][~leeds[order]][:1000]) == {"01632"}
    used = set(area.tolist())
    assert {r.area for r in GEOGRAPHIC + NON_GEOGRAPHIC} <= used
    assert sum(x in DRAMA for x in numbers) == 19_000  # every landline-type drama number, then overflow
    assert out.overflow == n - 19_000
    assert out.landline_mobile_format.sum() == n - 19_000


def test_rolling_counts_use_a_window_ending_at_each_row() -> None:
    keys = np.array([1, 1, 1, 2, -1, 1])
    times = np.array([0, 10 * DAY, 400 * DAY, 5 * DAY, 6 * DAY, 405 * DAY])
    counts = rolling_counts(keys, times, 365 * DAY)
    assert counts.tolist() == [1, 2, 1, 1, 0, 2]


def test_risk_rule_points_and_bands() -> None:
    score, band = risk_scores(
        personal=np.array([False, True, True, True, False]),
        repeat_count=np.array([1, 3, 6, 1, 1]),
        vulnerability=np.array([False, False, True, False, False]),
        hate=np.array([False, False, False, True, False]),
        threat=np.array([False, False, False, True, True]),
        threat_to_kill=np.array([False, False, False, False, True]),
    )
    assert score.tolist() == [0, 2, 5, 4, 2]
    assert band.to_list() == ["standard", "medium", "high", "high", "medium"]


def test_points_are_sampled_inside_their_polygon() -> None:
    triangle = shapely.Polygon([(0, 0), (1, 0), (0, 1)])
    square = shapely.box(10, 10, 11, 11)
    geoms = np.array([triangle, square], dtype=object)
    which = np.array([0] * 500 + [1] * 500)
    lon, lat = sample_points(geoms, which, np.random.default_rng(1))
    assert shapely.contains_xy(triangle, lon[:500], lat[:500]).all()
    assert shapely.contains_xy(square, lon[500:], lat[500:]).all()


def test_spring_forward_hour_is_the_last_sunday_of_march_at_one() -> None:
    assert spring_forward_hours(2025, 2025) == [to_seconds(date(2025, 3, 30)) + 3600]
    assert spring_forward_hours(2024, 2024) == [to_seconds(date(2024, 3, 31)) + 3600]


def test_episode_starts_and_later_calls_fall_in_burn_in_or_period() -> None:
    tl = Timeline(date(2025, 1, 1), 1)
    rng = np.random.default_rng(0)
    starts = tl.sample_starts(2000, rng)
    assert starts.min() >= tl.origin_s and starts.max() < tl.end_s
    later = tl.next_times(starts, 10.0, rng)
    finite = np.isfinite(later)
    assert finite.mean() > 0.9
    assert (later[finite] >= starts[finite] + 0.02 * DAY).all()  # never before the previous call
    assert (later[finite] < tl.end_s).all()


def test_categorical_draws_in_proportion() -> None:
    cat = Categorical(["a", "b"], [3.0, 1.0])
    draws = cat.draw(np.random.default_rng(5).random(8000))
    assert 0.72 < (draws == "a").mean() < 0.78
    assert Mix(["only"], [1.0]).draw(random.Random(1)) == "only"


def test_grouped_weights_draw_within_the_row_group_in_proportion() -> None:
    group = np.array([1, 0, 1, 1, 2])
    weights = np.array([1.0, 5.0, 2.0, 1.0, 1.0])
    gw = GroupedWeights(group, weights, 4)
    assert gw.has_items(np.array([0, 1, 2, 3])).tolist() == [True, True, True, False]
    rng = np.random.default_rng(3)
    picks = gw.draw(np.full(20_000, 1), rng.random(20_000))
    assert set(picks.tolist()) == {0, 2, 3}
    assert 0.47 < (picks == 2).mean() < 0.53  # weight 2 of 4
    assert set(gw.draw(np.array([0, 2, 0]), rng.random(3)).tolist()) == {1, 4}


def test_reused_slots_take_an_earlier_household_of_the_same_lsoa() -> None:
    rng = np.random.default_rng(4)
    lsoa = rng.integers(0, 30, 5_000)
    reusable = rng.random(5_000) < 0.8
    household, is_new = resolve_slots(lsoa, reusable, rng)
    assert (household[is_new] == np.arange(is_new.sum())).all()  # new households in slot order
    assert is_new[~reusable].all()
    creator = np.flatnonzero(is_new)  # household h was created by slot creator[h]
    reused = np.flatnonzero(~is_new)
    assert (creator[household[reused]] < reused).all()
    assert (lsoa[creator[household[reused]]] == lsoa[reused]).all()
    assert 0.08 < (~is_new).sum() / reusable.sum() < 0.16  # about P_REUSE_CALLER
    _, first = np.unique(lsoa, return_index=True)
    assert is_new[first].all()  # an LSOA's first slot always creates a household


def test_dwellings_are_unique_and_neighbours_live_next_door() -> None:
    areas = Areas.read(C.DEFAULT_BOUNDARIES, C.DEFAULT_LOOKUP)
    rng = np.random.default_rng(6)
    places = Places(areas, rng, random.Random(6))
    population = Population(areas, date(2025, 1, 1), (0.0, 1e9), 1.0)
    # 2,000 households over 50 LSOAs, plus 1,500 more in LSOA 0 than its streets have numbers.
    lsoa = np.concatenate((rng.integers(0, 50, 2_000), np.zeros(1_500, dtype=np.int64)))
    n = len(lsoa)
    people = population.draw(lsoa, rng)
    near = np.where((np.arange(n) > 0) & (rng.random(n) < 0.3), np.arange(n) - 1, -1)
    before = list(places.streets.houses)
    places.allocate_dwellings(people, near, np.zeros(n))
    a = places.finish()
    dwellings = np.concatenate((people.hh_dwelling, people.hh_new_dwelling[people.hh_new_dwelling >= 0]))
    assert len(np.unique(dwellings)) == len(dwellings)  # one dwelling per household (and per move)
    key = pl.DataFrame({"s": a.street[dwellings], "n": a.number[dwellings], "f": a.flat[dwellings]})
    assert key.is_unique().all()  # no two dwellings share street, number and flat
    flats = key.filter(pl.col("f") > 0).group_by("s", "n").agg(pl.col("f").max(), pl.len())
    assert (flats["f"] == flats["len"]).all()  # flats of a building are numbered 1..k
    houses = key.filter(pl.col("f") == 0).group_by("s", "n").len()
    assert not set(houses.select("s", "n").rows()) & set(flats.select("s", "n").rows())
    assert 0.1 < len(flats) / len(houses) < 0.3
    grown = [s for s in places.streets_by_lsoa[0] if places.streets.houses[s] > before[s]]
    assert grown  # LSOA 0's streets are full, so they grew
    free = np.flatnonzero(near < 0)
    assert (a.lsoa[people.hh_dwelling[free]] == lsoa[free]).all()  # in the household's own LSOA
    # Next door: same street within 4 numbers (or the same building), unless the street is full.
    has = np.flatnonzero(near[:2_000] >= 0)
    mine, ref = people.hh_dwelling[has], people.hh_dwelling[near[has]]
    adjacent = (a.street[mine] == a.street[ref]) & (np.abs(a.number[mine] - a.number[ref]) <= 4)
    assert adjacent.mean() > 0.9


def test_names_tables() -> None:
    assert feminine_surname("Kowalski") == "Kowalska"
    assert feminine_surname("Nowak") == "Nowak"
    assert "Muhammad" in SPELLING_VARIANTS["Mohammed"]
    code = K.CODE
    assert K.VOCAB[K.FEMININE[code["Kowalski"]]] == "Kowalska"
    assert K.VOCAB[K.FOLDED[code["Paweł"]]] == "Pawel"
    assert K.VOCAB[K.PUNCT_JOINED[code["O'Brien"]]] == "OBrien"
    nicks = K.option(
        K.NICK_START, K.NICK_COUNT, K.NICK_FLAT, np.full(300, code["Robert"]), np.linspace(0, 0.999, 300)
    )
    assert set(K.VOCAB[nicks].tolist()) == {"Bob", "Rob", "Bobby"}
    assert K.strings(np.array([code["Smith"], 0])).to_list() == ["Smith", ""]


def test_every_episode_kind_mix_is_a_distribution() -> None:
    assert abs(sum(k.share for k in C.EPISODE_KINDS) - 1.0) < 1e-9
    for kind in C.EPISODE_KINDS:
        assert abs(sum(w for _, w in kind.outcomes) - 1.0) < 1e-9, kind.name
        assert set(kind.openings) == {"asb", "crime", "other"}
    assert abs(sum(w for _, w in C.NAME_FORMATS) - 1.0) < 1e-9

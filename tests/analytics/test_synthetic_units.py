"""Unit tests of the synthetic generator's parts, on tiny hand-made inputs with exact answers."""

from __future__ import annotations

import random
from datetime import date

import numpy as np
import shapely
from rapidfuzz.distance import OSA

from saferplaces.analytics.synthetic import config as C
from saferplaces.analytics.synthetic.names import SPELLING_VARIANTS, feminine_surname
from saferplaces.analytics.synthetic.noise import postcode_text, typo
from saferplaces.analytics.synthetic.phones import Phone, allocate, format_phone
from saferplaces.analytics.synthetic.places import sample_points
from saferplaces.analytics.synthetic.sampling import Mix, pick
from saferplaces.analytics.synthetic.timeline import Timeline, spring_forward_hours, to_seconds
from saferplaces.analytics.synthetic.truth import risk_scores, rolling_counts

DAY = 86_400


def test_a_typo_is_exactly_one_edit_or_none() -> None:
    rng = random.Random(3)
    distances = [OSA.distance(w, typo(w, rng)) for w in ["Robinson", "Hussain", "Kowalska"] * 200]
    assert set(distances) <= {0, 1}
    assert distances.count(1) > 500  # 0 only when the substitution has no neighbour or letters repeat


def test_short_words_are_not_mistyped() -> None:
    assert typo("Al", random.Random(1)) == "Al"


def test_postcode_styles() -> None:
    rng = random.Random(1)
    assert postcode_text("LS9", "8AB", "standard", rng) == "LS9 8AB"
    assert postcode_text("LS9", "8AB", "no_space", rng) == "LS98AB"
    assert postcode_text("LS9", "8AB", "lower", rng) == "ls9 8ab"
    assert postcode_text("LS9", "8AB", "spaced", rng) == "LS9  8AB"
    wrong = postcode_text("LS9", "8AB", "typo", rng)
    assert wrong.startswith("LS9 8") and wrong != "LS9 8AB" and len(wrong) == 7


def test_phone_styles() -> None:
    mobile = Phone("07700", "900123")
    assert format_phone(mobile, "07700 900123") == "07700 900123"
    assert format_phone(mobile, "+447700900123") == "+447700900123"
    assert format_phone(mobile, "+44 7700 900123") == "+44 7700 900123"
    assert format_phone(mobile, "07700 900 123") == "07700 900 123"
    leeds = Phone("0113", "4960123")
    assert format_phone(leeds, "0113 496 0123") == "0113 496 0123"
    assert format_phone(leeds, "(0113) 496 0123") == "(0113) 496 0123"
    assert format_phone(leeds, "496 0123") == "496 0123"
    fiction = Phone("01632", "960123")
    assert format_phone(fiction, "0113 496 0123") == "01632 960123"
    assert format_phone(fiction, "+44 113 496 0123") == "+44 1632 960123"


def test_phones_stay_distinct_while_the_pool_lasts_then_recycle_oldest() -> None:
    first = [0.0, 1.0, 2.0, 10.0, float("inf")]
    last = [5.0, 20.0, 3.0, 11.0, float("-inf")]
    out = allocate(first, last, "07700", ["900001", "900002", "900003"], random.Random(0))
    numbers = out.numbers
    assert numbers[4] is None  # never appears
    assert len({numbers[0], numbers[1], numbers[2]}) == 3  # all active together: distinct
    # Holder 3 starts at 10: holder 2 (last seen 3) freed its number first, so 3 gets it.
    assert numbers[3] == numbers[2]
    assert out.shared_while_active == 0
    crowded = allocate([0.0, 1.0], [9.0, 9.0], "07700", ["900001"], random.Random(0))
    assert crowded.shared_while_active == 1


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
    assert band.tolist() == ["standard", "medium", "high", "high", "medium"]


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


def test_episode_starts_fall_in_burn_in_or_period() -> None:
    tl = Timeline(date(2025, 1, 1), 1)
    starts = tl.sample_starts(2000, np.random.default_rng(0))
    assert starts.min() >= tl.origin_s and starts.max() < tl.end_s


def test_mix_draws_in_proportion() -> None:
    rng = random.Random(5)
    mix = Mix(["a", "b"], [3.0, 1.0])
    draws = [mix.draw(rng) for _ in range(8000)]
    assert 0.72 < draws.count("a") / 8000 < 0.78
    assert pick(rng, (("only", 1.0),)) == "only"


def test_names_tables() -> None:
    assert feminine_surname("Kowalski") == "Kowalska"
    assert feminine_surname("Nowak") == "Nowak"
    assert "Muhammad" in SPELLING_VARIANTS["Mohammed"]


def test_every_episode_kind_mix_is_a_distribution() -> None:
    assert abs(sum(k.share for k in C.EPISODE_KINDS) - 1.0) < 1e-9
    for kind in C.EPISODE_KINDS:
        assert abs(sum(w for _, w in kind.outcomes) - 1.0) < 1e-9, kind.name
        assert set(kind.openings) == {"asb", "crime", "other"}
    assert abs(sum(w for _, w in C.NAME_FORMATS) - 1.0) < 1e-9

"""Significance verdicts checked against answers worked out by hand or taken from textbooks."""

from __future__ import annotations

import math

import numpy as np
import pytest

from saferplaces.analytics.performance.significance import (
    FISHER_METHOD,
    POISSON_METHOD,
    Verdict,
    control_chart_check,
    control_limits,
    not_testable,
    poisson_rate_test,
    two_proportion_test,
)


def test_poisson_test_matches_the_binomial_sum_worked_by_hand() -> None:
    # 10 events against 2 in equal periods: given 12 events, the current count is Binomial(12, 1/2).
    # P(X >= 10) = (C(12,10) + C(12,11) + C(12,12)) / 2^12 = 79 / 4096; two-sided by symmetry: 158/4096.
    result = poisson_rate_test(10, 2)
    assert result.method == POISSON_METHOD
    assert result.p_value == pytest.approx(158 / 4096, rel=1e-12)
    assert result.verdict is Verdict.SIGNIFICANT_INCREASE
    assert poisson_rate_test(2, 10).verdict is Verdict.SIGNIFICANT_DECREASE
    # 9 against 3: 2 * (C(12,9)+C(12,10)+C(12,11)+C(12,12)) / 4096 = 2 * 299 / 4096 = 0.146: noise.
    noise = poisson_rate_test(9, 3)
    assert noise.p_value == pytest.approx(2 * 299 / 4096, rel=1e-12)
    assert noise.verdict is Verdict.NO_SIGNIFICANT_CHANGE


def test_poisson_test_accounts_for_unequal_period_lengths() -> None:
    # 20 events in 2 weeks against 10 in 1 week is the same rate: the observed count is the binomial
    # mode, so the two-sided p-value is exactly 1 and the rate ratio exactly 1.
    same_rate = poisson_rate_test(20, 10, current_exposure=2, earlier_exposure=1)
    assert same_rate.p_value == pytest.approx(1.0)
    assert same_rate.verdict is Verdict.NO_SIGNIFICANT_CHANGE
    assert same_rate.detail.startswith("rate ratio 1 ")
    # Ignoring the lengths would call the same counts a doubling.
    assert poisson_rate_test(20, 10).p_value == pytest.approx(0.0987, abs=1e-3)


def test_poisson_test_with_unequal_exposure_by_hand() -> None:
    # 3 events in 1 day against 0 in 2 days: X ~ Binomial(3, 1/3). P(X=3) = 1/27; the other outcomes
    # (8/27, 12/27, 6/27) are all more likely, so the two-sided p-value is 1/27.
    result = poisson_rate_test(3, 0, current_exposure=1, earlier_exposure=2)
    assert result.p_value == pytest.approx(1 / 27, rel=1e-9)
    assert result.verdict is Verdict.SIGNIFICANT_INCREASE
    assert "rate ratio inf" in result.detail


def test_poisson_test_of_no_events_is_no_change() -> None:
    result = poisson_rate_test(0, 0)
    assert result.p_value == 1.0 and result.verdict is Verdict.NO_SIGNIFICANT_CHANGE


def test_poisson_test_rejects_impossible_counts() -> None:
    with pytest.raises(ValueError, match="whole number"):
        poisson_rate_test(-1, 3)
    with pytest.raises(ValueError, match="exposures"):
        poisson_rate_test(1, 3, current_exposure=0)


def test_poisson_test_holds_its_size_and_finds_a_real_change() -> None:
    # Under the null (both periods Poisson with mean 40) an exact test rejects at most 5% of the time;
    # with a doubling (80 against 40) it should reject almost every time.
    rng = np.random.default_rng(20230601)
    null = [poisson_rate_test(int(a), int(b)).p_value for a, b in rng.poisson(40, size=(300, 2))]
    size = np.mean([p is not None and p < 0.05 for p in null])
    assert size <= 0.05 + 2 * math.sqrt(0.05 * 0.95 / 300)
    rises = [
        poisson_rate_test(int(a), int(b)).significant
        for a, b in zip(rng.poisson(80, 100), rng.poisson(40, 100), strict=True)
    ]
    assert np.mean(rises) > 0.9


def test_fisher_exact_test_matches_the_tea_tasting_experiment() -> None:
    # Fisher's lady tasting tea: 3 of 4 cups right against 1 of 4. Two-sided p = (1 + 16 + 16 + 1) / 70.
    result = two_proportion_test(3, 4, 1, 4)
    assert result.method == FISHER_METHOD
    assert result.p_value == pytest.approx(34 / 70, rel=1e-9)
    assert result.verdict is Verdict.NO_SIGNIFICANT_CHANGE


def test_fisher_exact_test_finds_a_large_difference() -> None:
    # 10/10 against 0/10: p = 2 / C(20,10) = 2 / 184756.
    result = two_proportion_test(10, 10, 0, 10)
    assert result.p_value == pytest.approx(2 / 184756, rel=1e-9)
    assert result.verdict is Verdict.SIGNIFICANT_INCREASE


def test_two_proportion_test_rejects_bad_fractions() -> None:
    with pytest.raises(ValueError, match="exceed"):
        two_proportion_test(5, 4, 1, 4)
    assert two_proportion_test(0, 0, 1, 4).verdict is Verdict.NOT_TESTABLE


def test_c_chart_limits() -> None:
    # Mean 5 events per period: limits 5 +/- 3 * sqrt(5) = (0 after flooring, 11.708).
    limits = control_limits([4, 6, 5, 5])
    assert limits.kind == "c-chart"
    assert limits.centre == pytest.approx(5.0)
    assert limits.upper == pytest.approx(5 + 3 * math.sqrt(5))
    assert limits.lower == 0.0
    assert control_chart_check(12, limits).verdict is Verdict.ABOVE_UPPER_LIMIT
    assert control_chart_check(11, limits).verdict is Verdict.WITHIN_LIMITS


def test_u_chart_limits_scale_with_exposure() -> None:
    # 100 events in 50 days and 200 in 100 days: 2 a day. A 25-day period expects 50 +/- 3 * sqrt(50).
    limits = control_limits([100, 200], [50, 100], exposure=25)
    assert limits.kind == "u-chart"
    assert limits.centre == pytest.approx(50.0)
    assert (limits.lower, limits.upper) == pytest.approx((50 - 3 * math.sqrt(50), 50 + 3 * math.sqrt(50)))
    assert control_chart_check(20, limits).verdict is Verdict.BELOW_LOWER_LIMIT
    with pytest.raises(ValueError, match="two earlier"):
        control_limits([5])


def test_not_testable_says_why() -> None:
    result = not_testable("no denominators")
    assert result.method == "not testable: no denominators"
    assert not result.testable and not result.significant and result.p_value is None

"""Is a change real or noise? Tests for counts and for percentages, and control-chart limits.

Methods (all two-sided, with SciPy doing the arithmetic):

* **Counts: exact Poisson test, conditional form.** If the current count ``a`` over exposure ``t_a``
  and the earlier count ``b`` over exposure ``t_b`` come from Poisson processes with the same rate,
  then given ``n = a + b``, ``a`` is Binomial(n, t_a / (t_a + t_b)). ``scipy.stats.binomtest`` gives
  the exact two-sided p-value (probabilities no larger than the observed one). Exposure is the
  period length in days, so a 29-day February is compared fairly with a 28-day one. The rate ratio
  and its exact (Clopper-Pearson) 95% interval come from the same binomial.
* **Counts: c-chart / u-chart (Shewhart).** Centre line = the mean rate of the earlier periods
  (events per unit exposure, u-bar); 3-sigma limits for a period of exposure ``t`` are
  ``t * u_bar +/- 3 * sqrt(t * u_bar)`` events, the lower limit floored at zero. With equal exposures
  this is the c-chart ``c_bar +/- 3 sqrt(c_bar)``.
* **Percentages with known numerators and denominators: Fisher's exact test** on the 2x2 table
  (``scipy.stats.fisher_exact``).
* **Percentages without denominators** (e.g. a satisfaction rate published without the number of
  respondents) are **not testable**, and the result says so rather than guess a sample size.

Assumptions, stated once: the Poisson tests assume events occur independently at a steady rate within
each period. Crime and ASB counts are usually over-dispersed (repeat victims, seasonality, recording
changes), so with large counts almost any change is "significant" under Poisson; the control chart
and the size of the change should be read alongside the p-value. Multiple comparisons are not
adjusted for: with 20 measures, about one will pass at the 5% level by chance.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from scipy.stats import binomtest, fisher_exact

POISSON_METHOD = "exact Poisson test (conditional binomial)"
FISHER_METHOD = "Fisher's exact test (two proportions)"
CONTROL_METHOD = "control chart (3-sigma limits)"


class Verdict(StrEnum):
    """What a test concluded, in words a Panel member can read."""

    SIGNIFICANT_INCREASE = "significant increase"
    SIGNIFICANT_DECREASE = "significant decrease"
    NO_SIGNIFICANT_CHANGE = "no significant change"
    ABOVE_UPPER_LIMIT = "above upper control limit"
    BELOW_LOWER_LIMIT = "below lower control limit"
    WITHIN_LIMITS = "within control limits"
    NOT_TESTABLE = "not testable"


@dataclass(frozen=True)
class SignificanceResult:
    """The outcome of one significance check.

    Attributes:
        method: Name of the method, or ``"not testable: <reason>"``.
        verdict: See :class:`Verdict`.
        p_value: Two-sided p-value, or None for control charts and untestable cases.
        detail: Effect size and interval, or control limits, as text.
    """

    method: str
    verdict: Verdict
    p_value: float | None = None
    detail: str = ""

    @property
    def testable(self) -> bool:
        """False when no statistical test could be applied."""
        return self.verdict is not Verdict.NOT_TESTABLE

    @property
    def significant(self) -> bool:
        """True for a significant change or a point outside the control limits."""
        return self.verdict in {
            Verdict.SIGNIFICANT_INCREASE,
            Verdict.SIGNIFICANT_DECREASE,
            Verdict.ABOVE_UPPER_LIMIT,
            Verdict.BELOW_LOWER_LIMIT,
        }


def not_testable(reason: str) -> SignificanceResult:
    """A result that says why no test applies, e.g. ``not_testable("no denominators")``."""
    return SignificanceResult(method=f"not testable: {reason}", verdict=Verdict.NOT_TESTABLE)


def _verdict(p_value: float, increased: bool, alpha: float) -> Verdict:
    if p_value < alpha:
        return Verdict.SIGNIFICANT_INCREASE if increased else Verdict.SIGNIFICANT_DECREASE
    return Verdict.NO_SIGNIFICANT_CHANGE


def _check_count(value: int, name: str) -> None:
    if value < 0 or int(value) != value:
        raise ValueError(f"{name} must be a whole number of events, not {value!r}")


def poisson_rate_test(
    current: int,
    earlier: int,
    current_exposure: float = 1.0,
    earlier_exposure: float = 1.0,
    alpha: float = 0.05,
) -> SignificanceResult:
    """Exact test that two Poisson counts share one rate per unit exposure.

    Args:
        current: Events in the current period.
        earlier: Events in the period compared against.
        current_exposure: Length of the current period (any unit; days in reports).
        earlier_exposure: Length of the earlier period, in the same unit.
        alpha: Significance level for the verdict.

    Returns:
        The two-sided p-value of the conditional binomial test, a verdict and the rate ratio
        (current over earlier, per unit exposure) with its exact 95% confidence interval.
    """
    _check_count(current, "current")
    _check_count(earlier, "earlier")
    if current_exposure <= 0 or earlier_exposure <= 0:
        raise ValueError("exposures must be positive")
    total = int(current) + int(earlier)
    if total == 0:
        return SignificanceResult(
            POISSON_METHOD, Verdict.NO_SIGNIFICANT_CHANGE, 1.0, "no events in either period"
        )
    share = current_exposure / (current_exposure + earlier_exposure)
    result = binomtest(int(current), total, share, alternative="two-sided")
    p_value = float(result.pvalue)
    interval = result.proportion_ci(confidence_level=0.95, method="exact")
    odds = earlier_exposure / current_exposure

    def ratio(proportion: float) -> float:
        return math.inf if proportion >= 1.0 else proportion / (1.0 - proportion) * odds

    rate_ratio = ratio(current / total)
    detail = f"rate ratio {rate_ratio:.3g} (95% CI {ratio(interval.low):.3g} to {ratio(interval.high):.3g})"
    if p_value == 0.0:
        # binomtest's p-value underflows for very large changes; say so rather than print "0".
        detail += "; p < 1e-300"
    expected = total * share
    return SignificanceResult(POISSON_METHOD, _verdict(p_value, current > expected, alpha), p_value, detail)


def two_proportion_test(
    current_successes: int,
    current_total: int,
    earlier_successes: int,
    earlier_total: int,
    alpha: float = 0.05,
) -> SignificanceResult:
    """Fisher's exact test that two proportions are equal.

    Args:
        current_successes: Numerator in the current period (e.g. crimes with an outcome 1-8).
        current_total: Denominator in the current period (e.g. crimes recorded).
        earlier_successes: Numerator in the earlier period.
        earlier_total: Denominator in the earlier period.
        alpha: Significance level for the verdict.

    Returns:
        Two-sided p-value and the difference in percentage points as detail.
    """
    for value, name in (
        (current_successes, "current numerator"),
        (current_total, "current denominator"),
        (earlier_successes, "earlier numerator"),
        (earlier_total, "earlier denominator"),
    ):
        _check_count(value, name)
    if current_successes > current_total or earlier_successes > earlier_total:
        raise ValueError("a numerator cannot exceed its denominator")
    if current_total == 0 or earlier_total == 0:
        return not_testable("zero denominator")
    table = [
        [current_successes, current_total - current_successes],
        [earlier_successes, earlier_total - earlier_successes],
    ]
    p_value = float(fisher_exact(table, alternative="two-sided").pvalue)
    current_rate = current_successes / current_total
    earlier_rate = earlier_successes / earlier_total
    detail = f"{100 * current_rate:.3g}% against {100 * earlier_rate:.3g}%"
    return SignificanceResult(
        FISHER_METHOD, _verdict(p_value, current_rate > earlier_rate, alpha), p_value, detail
    )


@dataclass(frozen=True)
class ControlLimits:
    """Shewhart limits for one period's count.

    Attributes:
        centre: Expected events for the period at the baseline mean rate.
        lower: Lower control limit in events (never below zero).
        upper: Upper control limit in events.
        baseline_periods: Number of earlier periods the mean rate came from.
        kind: ``"c-chart"`` when all exposures were equal, else ``"u-chart"``.
    """

    centre: float
    lower: float
    upper: float
    baseline_periods: int
    kind: str


def control_limits(
    baseline_counts: Sequence[int],
    baseline_exposures: Sequence[float] | None = None,
    exposure: float | None = None,
    sigmas: float = 3.0,
) -> ControlLimits:
    """c-chart or u-chart limits for a new period, from the counts of earlier periods.

    Args:
        baseline_counts: Event counts of the earlier periods.
        baseline_exposures: Their lengths (e.g. days); equal lengths when omitted.
        exposure: Length of the period being judged; the mean baseline length when omitted.
        sigmas: Width of the limits in standard deviations (Shewhart: 3).

    Returns:
        Centre line and limits, in events for a period of length ``exposure``.
    """
    if len(baseline_counts) < 2:
        raise ValueError("control limits need at least two earlier periods")
    exposures = list(baseline_exposures) if baseline_exposures is not None else [1.0] * len(baseline_counts)
    if len(exposures) != len(baseline_counts) or min(exposures) <= 0:
        raise ValueError("one positive exposure is needed per baseline count")
    for count in baseline_counts:
        _check_count(count, "baseline count")
    rate = sum(baseline_counts) / sum(exposures)
    length = sum(exposures) / len(exposures) if exposure is None else exposure
    centre = rate * length
    spread = sigmas * math.sqrt(centre)
    equal = len(set(exposures)) == 1 and (exposure is None or exposure == exposures[0])
    return ControlLimits(
        centre,
        max(0.0, centre - spread),
        centre + spread,
        len(baseline_counts),
        "c-chart" if equal else "u-chart",
    )


def control_chart_check(count: float, limits: ControlLimits) -> SignificanceResult:
    """Whether ``count`` falls outside the control limits (a "special cause") or within them."""
    if count > limits.upper:
        verdict = Verdict.ABOVE_UPPER_LIMIT
    elif count < limits.lower:
        verdict = Verdict.BELOW_LOWER_LIMIT
    else:
        verdict = Verdict.WITHIN_LIMITS
    detail = (
        f"centre {limits.centre:.1f}, limits {limits.lower:.1f} to {limits.upper:.1f} "
        f"({limits.kind} from {limits.baseline_periods} earlier periods)"
    )
    return SignificanceResult(CONTROL_METHOD, verdict, None, detail)

"""Derived truth: rolling repeat counts and the documented risk rule.

Repeat counts are over a rolling window that ends at (and includes) each incident, so they use only
what was known when the call came in. The risk rule is additive; its points and bands are in
`config` (RISK_POINTS, RISK_MEDIUM_AT, RISK_HIGH_AT) and docs/synthetic-data.md.
"""

from __future__ import annotations

import numpy as np
import polars as pl
from numpy.typing import NDArray

from saferplaces.analytics.synthetic import config as C


def rolling_counts(keys: NDArray[np.int64], times: NDArray[np.int64], window_s: int) -> NDArray[np.int64]:
    """For each row, the number of rows with the same key in ``(t - window_s, t]`` (itself included).

    Rows with a negative key get 0. Vectorised: rows are sorted by (key, time) and each row's window
    start is found with one ``searchsorted`` on a composite key that keeps groups apart.
    """
    keys = np.asarray(keys, dtype=np.int64)
    times = np.asarray(times, dtype=np.int64)
    n = len(keys)
    out = np.zeros(n, dtype=np.int64)
    if n == 0:
        return out
    order = np.lexsort((times, keys))
    k = keys[order]
    t = times[order] - times.min() + window_s  # >= window_s, so t - window_s stays in its own group
    span = int(t.max()) + 1
    comp = k * span + t
    lo = np.searchsorted(comp, comp - window_s, side="right")
    counts = np.arange(n) - lo + 1
    out[order] = counts
    out[keys < 0] = 0
    return out


def risk_scores(
    personal: NDArray[np.bool_],
    repeat_count: NDArray[np.int64],
    vulnerability: NDArray[np.bool_],
    hate: NDArray[np.bool_],
    threat: NDArray[np.bool_],
    threat_to_kill: NDArray[np.bool_],
) -> tuple[NDArray[np.int64], pl.Series]:
    """Risk points (NumPy) and band (standard / medium / high, a Polars column) per incident.

    Points: personal ASB or an offence against the person +1; the victim's (or caller's) 3rd to 5th
    incident in 12 months +1, 6th or later +2; a vulnerability marker in the narrative +2; hate
    motivation +2; a threat of violence +1, a threat to kill +2 (instead of +1). Bands: 0-1
    standard, 2-3 medium, 4 or more high.
    """
    pts = C.RISK_POINTS
    score = (
        personal.astype(np.int64) * pts["personal"]
        + np.where(repeat_count >= 6, pts["repeat_6_plus"], np.where(repeat_count >= 3, pts["repeat_3_5"], 0))
        + vulnerability.astype(np.int64) * pts["vulnerability"]
        + hate.astype(np.int64) * pts["hate"]
        + np.where(threat_to_kill, pts["threat_to_kill"], np.where(threat, pts["threat"], 0))
    )
    level = (score >= C.RISK_MEDIUM_AT).astype(np.int64) + (score >= C.RISK_HIGH_AT).astype(np.int64)
    band = pl.Series("risk", ["standard", "medium", "high"], dtype=pl.String).gather(level)
    return score.astype(np.int64), band

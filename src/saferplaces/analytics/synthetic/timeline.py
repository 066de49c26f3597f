"""When incidents happen: month, day-of-week and hour-of-day intensity over the period.

Times are seconds since 1970-01-01 on the UK local wall clock (no offset; the writer moves the few
times that fall in the spring-forward hour). The intensity of an hour is
``month_share / days_in_month x dow_weight x hour_weight`` with the profiles in `config`.
Episode starts are drawn from it directly; an episode's later incidents follow exponential gaps
thinned by the day's relative intensity, so repeat calls keep the seasonal shape.
"""

from __future__ import annotations

import calendar
import math
from datetime import date, datetime, timedelta

import numpy as np
from numpy.typing import NDArray

from saferplaces.analytics.synthetic import config as C

DAY_S = 86_400
# Shortest gap between two incidents of an episode (about half an hour).
MIN_GAP_DAYS = 0.02
EPOCH = datetime(1970, 1, 1)


def to_seconds(d: date) -> int:
    """Seconds since 1970-01-01 00:00 (wall clock) of midnight on ``d``."""
    return int((datetime(d.year, d.month, d.day) - EPOCH).total_seconds())


def add_years(d: date, years: int) -> date:
    try:
        return d.replace(year=d.year + years)
    except ValueError:  # 29 February
        return d.replace(year=d.year + years, day=28)


def month_shares() -> NDArray[np.float64]:
    """Monthly shares: the mean of the normalised 2021 and 2022 West Yorkshire ASB profiles."""
    a = np.array(C.MONTH_PROFILE_2021, dtype=np.float64)
    b = np.array(C.MONTH_PROFILE_2022, dtype=np.float64)
    s = (a / a.sum() + b / b.sum()) / 2
    return np.asarray(s / s.sum(), dtype=np.float64)


class Timeline:
    """The period and its intensity.

    Args:
        start: first day of the period.
        years: length in years.
        burn_in_days: days before ``start`` in which episodes may already begin.
    """

    def __init__(self, start: date, years: int, burn_in_days: int = C.BURN_IN_DAYS) -> None:
        self.start_s = to_seconds(start)
        self.end_s = to_seconds(add_years(start, years))
        self.origin_s = self.start_s - burn_in_days * DAY_S
        n_days = (self.end_s - self.origin_s) // DAY_S
        days = self.origin_s // DAY_S + np.arange(n_days)
        dates = days.astype("datetime64[D]")
        months = dates.astype("datetime64[M]").astype(np.int64) % 12
        years_ = dates.astype("datetime64[Y]").astype(np.int64) + 1970
        dim = np.array(
            [calendar.monthrange(int(y), int(m) + 1)[1] for y, m in zip(years_, months, strict=True)]
        )
        dow = (days + 3) % 7  # 1970-01-01 was a Thursday; Monday = 0
        day_w = month_shares()[months] / dim * np.array(C.DOW_WEIGHTS)[dow]
        self.day_weight = day_w / day_w.max()  # relative intensity of each day, max 1
        self.weekend = dow >= 5
        hw = np.array(C.HOUR_WEIGHTS_WEEKDAY, dtype=np.float64)
        he = np.array(C.HOUR_WEIGHTS_WEEKEND, dtype=np.float64)
        self._hour_cum = (np.cumsum(hw / hw.sum()), np.cumsum(he / he.sum()))
        hour_w = np.where(self.weekend[:, None], he[None, :] / he.sum(), hw[None, :] / hw.sum())
        self._grid = (day_w[:, None] * hour_w).ravel()
        self._grid_cum = np.cumsum(self._grid / self._grid.sum())

    def sample_starts(self, n: int, rng: np.random.Generator) -> NDArray[np.float64]:
        """``n`` episode start times (seconds) drawn from the hourly intensity, burn-in included."""
        hours = np.searchsorted(self._grid_cum, rng.random(n), side="right")
        hours = np.minimum(hours, len(self._grid_cum) - 1)
        return np.asarray(self.origin_s + hours * 3600 + rng.integers(0, 3600, n), dtype=np.float64)

    def next_times(
        self, t: NDArray[np.float64], mean_gap_days: float, rng: np.random.Generator
    ) -> NDArray[np.float64]:
        """Each episode's next incident after ``t`` (seconds), or ``inf`` past the period end.

        Days advance by exponential gaps (mean ``mean_gap_days``, plus ``MIN_GAP_DAYS`` so that calls
        are never seconds apart) and a day is accepted with its relative intensity (thinning), so later
        calls keep the seasonal and weekly shape; the hour follows the day's hourly profile (a call
        landing on the previous call's day is kept at least ``MIN_GAP_DAYS`` after it).
        Vectorised: each round redraws only the rows whose candidate day was rejected.
        """
        t = np.asarray(t, dtype=np.float64)
        n = len(t)
        day = (t - self.origin_s) / DAY_S
        n_days = len(self.day_weight)
        chosen = np.full(n, -1, dtype=np.int64)
        todo = np.arange(n)
        while todo.size:
            day[todo] += rng.exponential(mean_gap_days, todo.size) + MIN_GAP_DAYS
            d = day[todo].astype(np.int64)
            past = d >= n_days
            keep = ~past & (rng.random(todo.size) < self.day_weight[np.minimum(d, n_days - 1)])
            chosen[todo[keep]] = d[keep]
            todo = todo[~past & ~keep]
        out = np.full(n, math.inf)
        ok = np.flatnonzero(chosen >= 0)
        d = chosen[ok]
        u = rng.random(ok.size)
        hour = np.where(
            self.weekend[d],
            np.searchsorted(self._hour_cum[1], u, side="right"),
            np.searchsorted(self._hour_cum[0], u, side="right"),
        )
        hour = np.minimum(hour, 23)
        out[ok] = self.origin_s + d * DAY_S + hour * 3600 + rng.integers(0, 3600, ok.size)
        # A call on the same day as the previous one is never before it: at least the minimum gap after.
        out[ok] = np.maximum(out[ok], t[ok] + MIN_GAP_DAYS * DAY_S)
        return out

    def in_period(self, t: NDArray[np.float64]) -> NDArray[np.bool_]:
        return np.asarray((t >= self.start_s) & (t < self.end_s))


def spring_forward_hours(first_year: int, last_year: int) -> list[int]:
    """Start (seconds, wall clock) of the non-existent 01:00-02:00 hour of each year's UK clock change.

    The UK moves to summer time at 01:00 GMT on the last Sunday of March.
    """
    out = []
    for y in range(first_year, last_year + 1):
        last = date(y, 3, 31)
        last -= timedelta(days=(last.weekday() - 6) % 7)
        out.append(to_seconds(last) + 3600)
    return out

"""When incidents happen: month, day-of-week and hour-of-day intensity over the period.

Times are seconds since 1970-01-01 on the UK local wall clock (no offset; the writer moves the few
times that fall in the spring-forward hour). The intensity of an hour is
``month_share / days_in_month x dow_weight x hour_weight`` with the profiles in `config`.
Episode starts are drawn from it directly; an episode's later incidents follow exponential gaps
thinned by the day's relative intensity, so repeat calls keep the seasonal shape.
"""

from __future__ import annotations

import bisect
import calendar
import itertools
import math
import random
from datetime import date, datetime, timedelta

import numpy as np
from numpy.typing import NDArray

from saferplaces.analytics.synthetic import config as C

DAY_S = 86_400
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
        self._hour_cum = (
            list(itertools.accumulate(hw / hw.sum())),
            list(itertools.accumulate(he / he.sum())),
        )
        hour_w = np.where(self.weekend[:, None], he[None, :] / he.sum(), hw[None, :] / hw.sum())
        self._grid = (day_w[:, None] * hour_w).ravel()
        self._grid_cum = np.cumsum(self._grid / self._grid.sum())

    def sample_starts(self, n: int, rng: np.random.Generator) -> NDArray[np.float64]:
        """``n`` episode start times (seconds) drawn from the hourly intensity, burn-in included."""
        hours = np.searchsorted(self._grid_cum, rng.random(n), side="right")
        hours = np.minimum(hours, len(self._grid_cum) - 1)
        return np.asarray(self.origin_s + hours * 3600 + rng.integers(0, 3600, n), dtype=np.float64)

    def next_time(self, t: float, mean_gap_days: float, prng: random.Random) -> float:
        """The time of an episode's next incident after ``t``, or ``math.inf`` past the period end."""
        day = (t - self.origin_s) / DAY_S
        n_days = len(self.day_weight)
        while True:
            day += prng.expovariate(1.0 / mean_gap_days) + 0.02
            d = int(day)
            if d >= n_days:
                return math.inf
            if prng.random() < self.day_weight[d]:
                break
        cum = self._hour_cum[1 if self.weekend[d] else 0]
        hour = min(bisect.bisect_right(cum, prng.random()), 23)
        return float(self.origin_s + d * DAY_S + hour * 3600 + prng.randrange(3600))

    def in_period(self, t: float) -> bool:
        return self.start_s <= t < self.end_s


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

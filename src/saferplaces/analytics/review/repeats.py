"""Repeat victims and repeat locations over a rolling window.

There is no national definition (docs/domain.md): the default is 3 or more incidents in a rolling
365 days, with 3 in 91 days offered beside it; both window and count are configuration.

Method: for each incident, count the incidents of the same entity (person or location) received in
the window ending at this incident's receipt time, this one included, i.e. in ``(t - window, t]``.
The count is vectorised: entities and times are packed into one sorted int64 key so that a single
``numpy.searchsorted`` finds every window start at once.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl


@dataclass(frozen=True)
class RepeatRule:
    """``min_incidents`` or more incidents within ``window_days`` (rolling) make a repeat."""

    window_days: int
    min_incidents: int

    @property
    def label(self) -> str:
        return f"{self.min_incidents} in {self.window_days} days"


def rolling_counts(
    frame: pl.DataFrame, entity: str, time: str = "received_at", window_days: int = 365
) -> pl.Series:
    """Incidents of the same entity in the ``window_days`` ending at each incident (inclusive).

    Args:
        frame: one row per incident with ``entity`` (null: not counted) and ``time`` (datetime).
        entity: column naming the person or location.
        time: receipt time column.
        window_days: window length in days.

    Returns:
        UInt32 series aligned with ``frame`` (0 where the entity is null).
    """
    n = frame.height
    if n == 0:
        return pl.Series("count", [], dtype=pl.UInt32)
    codes = frame[entity].cast(pl.String).rank("dense").fill_null(0).to_numpy().astype(np.int64)
    valid = (frame[entity].is_not_null() & frame[time].is_not_null()).to_numpy()
    seconds = frame[time].dt.epoch("s").fill_null(0).to_numpy().astype(np.int64)
    out = np.zeros(n, dtype=np.uint32)
    idx = np.flatnonzero(valid)
    if idx.size == 0:
        return pl.Series("count", out)
    t = seconds[idx]
    t = t - t.min()
    span = int(t.max()) + window_days * 86_400 + 1
    key = codes[idx].astype(np.int64) * span + t
    order = np.argsort(key, kind="stable")
    sorted_key = key[order]
    # Window (t - w, t]: the first row with key > key - w is the window's first member; ties on the
    # same second all count (searchsorted side='right' for the end).
    starts = np.searchsorted(sorted_key, sorted_key - window_days * 86_400, side="right")
    ends = np.searchsorted(sorted_key, sorted_key, side="right")
    counts = np.empty(idx.size, dtype=np.uint32)
    counts[order] = (ends - starts).astype(np.uint32)
    out[idx] = counts
    return pl.Series("count", out)


def repeat_flags(
    frame: pl.DataFrame,
    entity: str,
    rules: tuple[RepeatRule, ...],
    time: str = "received_at",
) -> pl.DataFrame:
    """Per incident: the count in each rule's window, whether any rule is met, and which.

    Returns:
        ``{entity}_count_{window}d`` per rule, ``is_repeat`` (bool) and ``repeat_rules`` (text,
        e.g. ``3 in 365 days``), aligned with ``frame``.
    """
    cols: dict[str, pl.Series] = {}
    met: list[pl.Series] = []
    labels: list[pl.Expr] = []
    for rule in rules:
        c = rolling_counts(frame, entity, time, rule.window_days)
        name = f"{entity}_count_{rule.window_days}d"
        cols[name] = c.alias(name)
        hit = c >= rule.min_incidents
        met.append(hit)
        labels.append(pl.when(pl.lit(hit)).then(pl.lit(rule.label)))
    out = pl.DataFrame(cols)
    any_hit = met[0]
    for m in met[1:]:
        any_hit = any_hit | m
    return out.with_columns(
        pl.Series("is_repeat", any_hit),
        pl.concat_str(labels, separator="; ", ignore_nulls=True).alias("repeat_rules"),
    )

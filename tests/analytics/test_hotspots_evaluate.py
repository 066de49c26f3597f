"""Rolling-origin evaluation: exact hit rates, PAI and ceiling; no method sees its test month."""

from __future__ import annotations

from datetime import date
from typing import Any

import numpy as np
import polars as pl
import pytest
import shapely
from numpy.typing import NDArray

from saferplaces.analytics.hotspots.evaluate import evaluate_methods, histories
from saferplaces.analytics.hotspots.grid import CellArea, SquareGrid
from saferplaces.analytics.hotspots.history import History
from saferplaces.analytics.hotspots.methods import NaiveCounts

X0, Y0 = 350000.0, 430000.0


def _area() -> CellArea:
    # 10 x 10 cells of 200 m: 1% of the area is 1 cell, 5% is 5 cells.
    return CellArea.from_boundary(SquareGrid(200), shapely.box(X0 + 1, Y0 + 1, X0 + 1999, Y0 + 1999))


def _points(spec: dict[str, dict[tuple[int, int], int]]) -> pl.DataFrame:
    rows = []
    for month, cells in spec.items():
        for (i, j), k in cells.items():
            rows += [(date.fromisoformat(month + "-01"), X0 + 200 * i + 100, Y0 + 200 * j + 100)] * k
    return pl.DataFrame(
        {"month": [r[0] for r in rows], "easting": [r[1] for r in rows], "northing": [r[2] for r in rows]},
        schema={"month": pl.Date, "easting": pl.Float64, "northing": pl.Float64},
    )


SPEC = {
    "2022-01": {(0, 0): 5, (1, 1): 3, (2, 2): 1},
    "2022-02": {(0, 0): 4, (1, 1): 4, (3, 3): 2},
    # test month 1: (0,0)=2, (1,1)=6, (5,5)=2  -> total 10
    "2022-03": {(0, 0): 2, (1, 1): 6, (5, 5): 2},
    # test month 2 (history Feb, Mar): (1,1)=1, (3,3)=3, (9,9)=4  -> total 8
    "2022-04": {(1, 1): 1, (3, 3): 3, (9, 9): 4},
}


def test_naive_hit_rates_pai_and_ceiling_are_exact() -> None:
    result = evaluate_methods(_points(SPEC), _area(), [NaiveCounts()], train_months=2, coverages=[1, 5])
    assert result["test_months"] == ["2022-03", "2022-04"]
    assert result["cells_selected"] == {"1": 1, "5": 5}
    march, april = result["methods"]["naive"]["per_month"]
    # March: history Jan+Feb -> (0,0)=9, (1,1)=7, (3,3)=2, (2,2)=1. Top 1 = (0,0): 2 of 10.
    assert march["hit_rate"]["1"] == pytest.approx(0.2)
    assert march["pai"]["1"] == pytest.approx(20.0)
    # Top 5 = those four cells + one of the 96 empty ones: (0,0)+(1,1) = 8 of 10, plus 1/96 of
    # the 2 incidents at (5,5), which sits among the tied empty cells.
    assert march["hit_rate"]["5"] == pytest.approx((8 + 2 / 96) / 10)
    # April: history Feb+Mar -> (1,1)=10, (0,0)=6, (3,3)=2, (5,5)=2. Top 1 = (1,1): 1 of 8.
    assert april["hit_rate"]["1"] == pytest.approx(1 / 8)
    # Top 5: the four cells + 1 of 96 empty ones: (1,1)+(3,3) = 4 of 8, plus 4/96 for (9,9).
    assert april["hit_rate"]["5"] == pytest.approx((4 + 4 / 96) / 8)
    mean = result["methods"]["naive"]["mean"]
    assert mean["hit_rate"]["1"] == pytest.approx((0.2 + 0.125) / 2)
    assert mean["pai"]["5"] == pytest.approx(((8 + 2 / 96) / 10 + (4 + 4 / 96) / 8) / 2 / 0.05)
    ceiling = result["ceiling"]["per_month"]
    assert ceiling[0]["hit_rate"]["1"] == pytest.approx(0.6)
    assert ceiling[1]["hit_rate"]["1"] == pytest.approx(0.5)
    assert ceiling[1]["hit_rate"]["5"] == pytest.approx(1.0)
    assert result["methods"]["naive"]["vs_baseline"]["1"] == pytest.approx(1.0)
    assert result["best"] == {"1": "naive", "5": "naive"}


class _Spy:
    """Records what it was shown; scores cells by the last month of its window."""

    name = "spy"

    def __init__(self) -> None:
        self.seen: list[tuple[date, list[date], float]] = []

    def params(self) -> dict[str, Any]:
        return {}

    def score(self, history: History) -> NDArray[np.float64]:
        self.seen.append((history.target, list(history.months), float(history.counts.sum())))
        return np.asarray(history.counts[:, -1], dtype=np.float64)


def test_no_method_sees_its_test_month() -> None:
    spy = _Spy()
    evaluate_methods(_points(SPEC), _area(), [spy], train_months=2, coverages=[1])
    assert [(t, ms) for t, ms, _ in spy.seen] == [
        (date(2022, 3, 1), [date(2022, 1, 1), date(2022, 2, 1)]),
        (date(2022, 4, 1), [date(2022, 2, 1), date(2022, 3, 1)]),
    ]
    # Changing April's incidents changes nothing a method is shown for April.
    changed = dict(SPEC, **{"2022-04": {(7, 7): 50}})
    spy2 = _Spy()
    evaluate_methods(_points(changed), _area(), [spy2], train_months=2, coverages=[1])
    assert spy2.seen == spy.seen


def test_history_windows_and_events_match_the_counts() -> None:
    origins = histories(_points(SPEC), _area(), train_months=2)
    assert len(origins) == 2
    history, actual = origins[0]
    assert history.counts.shape == (100, 2)
    assert actual.sum() == 10
    assert history.events.weight.sum() == history.counts.sum() == 19
    assert set(history.events.age.tolist()) == {1, 2}


def test_evaluation_needs_enough_months_and_unique_names() -> None:
    with pytest.raises(ValueError, match="more than 4 months"):
        evaluate_methods(_points(SPEC), _area(), [NaiveCounts()], train_months=4)
    with pytest.raises(ValueError, match="unique"):
        evaluate_methods(_points(SPEC), _area(), [NaiveCounts(), NaiveCounts(window=1)], train_months=2)

"""The censoring-aware time to fill (``weeks_to_fill_rmst.*``): a Kaplan–Meier restricted mean."""

from __future__ import annotations

import numpy as np

from sim.outputs.measures import _rmst


def _km_rmst(weeks: np.ndarray, filled: np.ndarray, horizon: float) -> float:
    """Textbook product-limit estimator, one event time at a time (the reference)."""
    surv, last, area = 1.0, 0.0, 0.0
    for t in np.unique(weeks[filled]):
        if t > horizon:
            break
        area += surv * (t - last)
        surv *= 1.0 - np.count_nonzero((weeks == t) & filled) / np.count_nonzero(weeks >= t)
        last = t
    return area + surv * (horizon - last)


def test_rmst_matches_the_textbook_kaplan_meier_estimator():
    rng = np.random.default_rng(3)
    for _ in range(200):
        n = int(rng.integers(1, 60))
        weeks = rng.integers(0, 50, n).astype(float)
        filled = rng.random(n) < 0.5
        assert np.isclose(_rmst(weeks, filled, 39.0), _km_rmst(weeks, filled, 39.0))


def test_rmst_without_censoring_is_the_mean_of_the_capped_durations():
    weeks = np.array([0.0, 3.0, 7.0, 12.0, 45.0])
    assert np.isclose(_rmst(weeks, np.ones(5, dtype=bool), 39.0), np.minimum(weeks, 39).mean())


def test_seats_that_never_fill_count_the_whole_window():
    assert _rmst(np.array([5.0, 10.0]), np.array([False, False]), 39.0) == 39.0
    assert np.isnan(_rmst(np.array([]), np.array([], dtype=bool), 39.0))
    # Censoring early does not shorten the estimate the way dropping unfilled seats does.
    weeks, filled = np.array([2.0, 4.0, 30.0, 30.0]), np.array([True, True, False, False])
    assert _rmst(weeks, filled, 39.0) > np.median(weeks[filled])

"""Resource estimates grow with the market's size and the number of runs (issue 17 #6)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sim.config import SimConfig
from sim.experiments.estimates import estimate_resources

sizes = st.tuples(st.integers(0, 2_000_000), st.floats(0.0, 20.0), st.integers(1, 520))


def _cfg(n_ml: int, general: float, weeks: int) -> SimConfig:
    return SimConfig().with_overrides({"candidates.n_ml": n_ml,
                                       "candidates.general_per_ml": general,
                                       "market.weeks": weeks})


@given(a=sizes, b=sizes, runs=st.integers(0, 10_000_000), more=st.integers(0, 1000))
@settings(max_examples=50, deadline=None)
def test_estimate_is_monotone_in_size_and_runs(a, b, runs, more):
    small, big = sorted((a, b))
    big = (big[0], max(big[1], small[1]), max(big[2], small[2]))  # larger on every axis
    lo = estimate_resources(_cfg(*small), runs)
    hi = estimate_resources(_cfg(*big), runs)
    assert lo.seconds <= hi.seconds and lo.peak_bytes_per_run <= hi.peak_bytes_per_run
    again = estimate_resources(_cfg(*small), runs + more)
    assert again.seconds >= lo.seconds
    assert again.peak_bytes_per_run == lo.peak_bytes_per_run  # memory is per run


def test_default_run_is_a_fraction_of_a_second_and_the_largest_market_is_huge():
    one = estimate_resources(SimConfig())
    assert 0.05 < one.seconds < 2.0  # measured 0.21-0.24 s (docs/performance.md)
    assert one.peak_gb_per_run < 1.0
    largest = estimate_resources(_cfg(2_000_000, 20.0, 104))
    assert largest.peak_gb_per_run > 5.0  # the issue: over 5 GB before failing


def test_negative_runs_are_refused():
    with pytest.raises(ValueError, match="runs"):
        estimate_resources(SimConfig(), -1)

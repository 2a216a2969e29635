"""Honest intervals: every metric's interval stays within the bounds its unit implies."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sim.experiments.stats import interval, mean_ci, metric_interval, summarise
from sim.outputs.registry import METHODS, REGISTRY, Metric, unit_bounds

FAST = settings(max_examples=60, deadline=None)

shares = st.lists(st.floats(0.0, 1.0), min_size=0, max_size=30)
outcomes = st.lists(st.sampled_from([0.0, 1.0]), min_size=0, max_size=30)
counts = st.lists(st.floats(0.0, 1e6), min_size=0, max_size=30)


def _within(iv, low: float | None, high: float | None) -> None:
    if iv.n < 2:
        assert math.isnan(iv.low) and math.isnan(iv.high)
        return
    assert iv.low <= iv.high
    tol = 1e-12 * max(1.0, abs(iv.mean))  # a float mean may pass the data's range by an ulp
    assert iv.low <= iv.mean + tol and iv.mean <= iv.high + tol
    if low is not None:
        assert iv.low >= low
    if high is not None:
        assert iv.high <= high


def _with_nans(values: list[float], holes: int) -> list[float]:
    return values + [math.nan] * holes


@FAST
@given(shares, st.integers(0, 3))
def test_a_share_interval_stays_in_0_1(values: list[float], holes: int) -> None:
    iv = interval(_with_nans(values, holes), "bootstrap", 0.0, 1.0)
    _within(iv, 0.0, 1.0)
    assert (iv.n, iv.missing) == (len(values), holes)


@FAST
@given(outcomes)
def test_a_0_1_outcome_gets_wilson_within_0_1(values: list[float]) -> None:
    iv = metric_interval("focal.survived", values)
    assert iv.method == "wilson"
    _within(iv, 0.0, 1.0)


@FAST
@given(counts)
def test_a_count_interval_is_never_negative(values: list[float]) -> None:
    _within(metric_interval("focal.hires", values), 0.0, None)


@FAST
@given(st.integers(2, 200), st.lists(st.booleans(), min_size=1, max_size=30),
       st.lists(st.floats(0.0, 1.0), min_size=30, max_size=30))
def test_a_censored_time_stays_within_the_horizon_and_counts_never(
        horizon: int, never: list[bool], at: list[float]) -> None:
    # A run either has the event at a week within the horizon, or records horizon + 1.
    values = [horizon + 1.0 if no else math.floor(a * horizon)
              for no, a in zip(never, at, strict=False)]
    iv = metric_interval("focal.weeks_to_first_hire", values, horizon=horizon)
    assert iv.method == "rmst-bootstrap"
    assert iv.never == sum(never)
    _within(iv, 0.0, horizon + 1.0)


@pytest.mark.parametrize("value", [0.0, 1.0])
def test_all_equal_shares_give_a_point_interval_at_the_value(value: float) -> None:
    iv = metric_interval("fill_rate.role.mlops", [value] * 5)
    assert (iv.low, iv.high) == (value, value)
    wilson = metric_interval("focal.survived", [value] * 5)
    assert wilson.low <= value <= wilson.high and wilson.high - wilson.low > 0.4


def test_the_issue_examples_are_now_within_bounds() -> None:
    # Issue 16: t-intervals gave [-0.13, 0.33] hires and [0.90, 1.04] survival.
    hires = metric_interval("focal.hires", [0, 0, 0, 0, 1, 0, 0, 0, 0, 0])
    assert hires.low >= 0 and mean_ci(np.array([0, 0, 0, 0, 1, 0, 0, 0, 0, 0.]))[1] < 0
    survived = metric_interval("focal.survived", [1] * 9 + [0])
    assert survived.high <= 1 and mean_ci(np.array([1.0] * 9 + [0]))[2] > 1
    weeks = metric_interval("focal.weeks_to_first_hire", [79, 79, 79, 40, 79], horizon=78)
    assert weeks.high <= 79 and weeks.never == 4


def test_the_same_values_give_the_same_interval() -> None:
    values = np.random.default_rng(1).uniform(0, 1, 12)
    first = metric_interval("fill_rate", values)
    assert metric_interval("fill_rate", values.copy()) == first
    assert metric_interval("fill_rate", values[::-1]).mean == pytest.approx(first.mean)


def test_every_registered_metric_has_bounds_consistent_with_its_unit() -> None:
    for name, m in REGISTRY.items():
        assert m.method in METHODS, name
        assert (m.low, m.high) == unit_bounds(m.unit), name  # no entry overrides today
        if m.unit in ("share", "0/1"):
            assert (m.low, m.high) == (0.0, 1.0), name
        else:
            assert m.low == 0.0 and m.high is None, f"{name}: unit {m.unit!r} is not a count"
        assert m.method != "t", f"{name}: a bounded metric needs a bounded interval"
        assert m.method == "rmst-bootstrap" if m.censored else m.method != "rmst-bootstrap"
    assert {n for n, m in REGISTRY.items() if m.censored} == {
        "focal.weeks_to_first_hire", "focal.weeks_to_milestone"}


def test_an_entry_may_override_the_derived_bounds_and_method() -> None:
    m = Metric("x.diff", "a difference", "weeks", low=None, high=None, method="t")
    assert (m.low, m.high, m.method) == (None, None, "t")
    assert Metric("x.gain", "a gain", "index").method == "t"  # unknown unit: unbounded
    with pytest.raises(ValueError, match="interval method"):
        Metric("x", "y", "share", method="normal")


def test_summarise_names_the_method_and_counts_missing_runs() -> None:
    runs = pd.DataFrame({"fill_rate.bigtech": [0.5, math.nan, 0.7],
                         "focal.weeks_to_first_hire": [5.0, 11.0, 11.0]})
    table = summarise(runs, horizon=10).set_index("metric")
    assert table.loc["fill_rate.bigtech", "method"] == "bootstrap"
    assert (table.loc["fill_rate.bigtech", "n"], table.loc["fill_rate.bigtech", "missing"]) == \
        (2, 1)
    assert table.loc["focal.weeks_to_first_hire", "never"] == 2
    assert math.isnan(table.loc["fill_rate.bigtech", "never"])
    assert REGISTRY["fill_rate.bigtech"].missing_reason.startswith("no seat")

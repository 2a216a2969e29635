"""When each seat fills (issue 14, item 2): product-limit curves against the runs' own frames.

A small market (400 ML candidates, 40 startups, 30 weeks) and a plan of one senior
inference seat (a scarce role, so that some runs leave it open at the horizon): the seat's
fill week is the focal startup's hire week in the run's event log, so the curve
can be checked against the frames. A well-funded startup is followed to the horizon (no
censoring before it); one with little cash fails in week 18-26, and its unfilled seat
leaves the risk set then.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from sim.experiments.fill_curves import seat_fill
from sim.experiments.runs import replication_seeds, run_one
from sim.experiments.scenarios import load_scenario
from sim.experiments.stats import curve_quantile, product_limit, wilson_ci
from sim.experiments.strategy_lab import Strategy, apply_strategy, compare_strategies

WEEKS, REPS = 30, 8
SMALL = {"candidates.n_ml": 400, "startups.n": 40, "bigtech.n_bigtech": 3,
         "bigtech.n_labs": 2, "market.weeks": WEEKS}
PLAN = Strategy("one_seat", "", {"strategy": "stage_aligned", "lean_process": True,
                                 "seats": [{"role": "ml_inference", "seniority": "senior",
                                            "week": 0}]})


def _scenario(cash_musd: float):
    return load_scenario("baseline").config.with_overrides(
        {**SMALL, "focal": {"stage": "seed", "cash_musd": cash_musd, "other_burn": 30.0}})


def _frames(cfg):
    """Per run, from its own frames: the focal hire week and the week cash went below 0."""
    hires, cash_out = [], []
    for seed in replication_seeds(0, REPS):
        res = run_one(apply_strategy(cfg, PLAN), seed)
        ev = res.events
        weeks = ev.loc[(ev["event"] == "hire") & (ev["firm"] == 0), "week"]
        hires.append(float(weeks.min()) if len(weeks) else np.nan)
        below = res.weekly.loc[res.weekly["focal_cash_kusd"] < 0, "week"]
        cash_out.append(float(below.min()) if len(below) else np.nan)
    return np.array(hires), np.array(cash_out)


@pytest.fixture(scope="module")
def rich():
    cfg = _scenario(50.0)
    return compare_strategies(cfg, [PLAN], replications=REPS), *_frames(cfg)


@pytest.fixture(scope="module")
def poor():
    cfg = _scenario(0.6)
    return compare_strategies(cfg, [PLAN], replications=REPS), *_frames(cfg)


def _curve(res):
    c = res.fill.curves
    return c[c["seat"] == "senior ml_inference"].set_index("week")


def test_without_censoring_the_curve_is_the_empirical_cdf_of_the_hire_weeks(rich):
    res, hires, cash_out = rich
    assert np.isnan(cash_out).all()  # followed to the horizon: censored only there
    assert res.fill.seats == ["senior ml_inference"]
    curve = _curve(res)
    filled = np.isfinite(hires)
    assert 0 < filled.sum() < REPS  # some runs fill the seat, some do not: a real curve
    for w in range(1, WEEKS + 1):
        k = int((hires <= w).sum())
        assert curve.loc[w, "p_filled"] == pytest.approx(k / REPS)
        assert (curve.loc[w, "p_low"], curve.loc[w, "p_high"]) == pytest.approx(
            wilson_ci(k, REPS))
        assert curve.loc[w, "at_risk"] == int(np.sum(~(hires < w)))
    summary = res.fill.summary.iloc[0]
    assert summary["filled"] == filled.sum() and summary["opened"] == REPS
    assert summary["p_by_13w"] == pytest.approx(np.mean(hires <= 13))


def test_runs_whose_startup_failed_leave_the_risk_set_in_that_week(poor):
    res, hires, cash_out = poor
    assert np.isfinite(cash_out).all() and (cash_out < WEEKS).all()
    runs = res.focal_runs.sort_values("replication")
    # The startup fails in the week its cash first goes below zero (weekly frame).
    assert np.array_equal(runs["failed_week"].to_numpy(), cash_out)
    assert not runs["cash_out_projected"].any()
    time = np.where(np.isfinite(hires), hires, cash_out)
    curve = _curve(res)
    for w in range(1, WEEKS + 1):
        assert curve.loc[w, "at_risk"] == int((time >= w).sum())
        assert curve.loc[w, "censored"] == int(((time == w) & ~np.isfinite(hires)).sum())
    assert curve.loc[WEEKS, "at_risk"] == 0
    # The product-limit estimate, as scipy computes it from the same frames.
    km = stats.ecdf(stats.CensoredData(uncensored=hires[np.isfinite(hires)],
                                       right=cash_out[~np.isfinite(hires)]))
    assert np.allclose(curve["p_filled"], km.cdf.evaluate(np.arange(1, WEEKS + 1)))


def test_p_productive_counts_fills_with_time_to_ramp_up_before_the_cash_ran_out(poor):
    res, hires, cash_out = poor
    planned, runs = res.planned, res.focal_runs
    for ramp in (0.0, 4.0, 8.0):
        row = seat_fill(planned, runs, ["one_seat"], ramp_weeks=ramp).summary.iloc[0]
        expected = np.mean(np.isfinite(hires) & (hires + ramp < cash_out))
        assert row["p_productive"] == pytest.approx(expected)
        assert 0.0 <= row["p_productive_low"] <= row["p_productive"] <= row["p_productive_high"]
    assert seat_fill(planned, runs, ["one_seat"], ramp_weeks=52).summary.iloc[0][
        "p_productive"] == 0.0
    runway = res.fill.runway.iloc[0]
    assert runway["ran_out"] == REPS and runway["cash_out_week"] == np.median(cash_out)
    assert not runway["projected"]
    with pytest.raises(ValueError, match="ramp_weeks"):
        seat_fill(planned, runs, ["one_seat"], ramp_weeks=-1)


def test_an_alive_startup_projects_its_cash_out_past_the_horizon(rich):
    res = rich[0]
    runs = res.focal_runs.sort_values("replication")
    assert runs["cash_out_projected"].all()
    expected = WEEKS + res.runs.sort_values("replication")["focal.runway_weeks"].to_numpy()
    assert np.allclose(runs["cash_out_week"], expected)
    assert res.fill.runway.iloc[0]["projected"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.integers(1, 40), st.booleans()), min_size=1, max_size=60),
       st.integers(1, 40))
def test_product_limit_intervals_stay_within_0_1_and_around_the_estimate(data, horizon):
    times = np.array([t for t, _ in data], dtype=float)
    events = np.array([e for _, e in data])
    c = product_limit(times, events, horizon)
    assert len(c) == horizon and list(c["week"]) == list(range(1, horizon + 1))
    assert ((c["low"] >= 0) & (c["low"] <= c["p"]) & (c["p"] <= c["high"])
            & (c["high"] <= 1)).all()
    assert (np.diff(c["p"]) >= -1e-12).all() and (np.diff(c["at_risk"]) <= 0).all()
    clipped = np.minimum(times, horizon)
    assert list(c["at_risk"]) == [int((clipped >= w).sum()) for w in range(1, horizon + 1)]
    observed = events & (times <= horizon)
    km = stats.ecdf(stats.CensoredData(uncensored=times[observed], right=clipped[~observed]))
    assert np.allclose(c["p"], km.cdf.evaluate(c["week"].to_numpy()))
    if observed.all():  # no censoring: the empirical CDF with Wilson's interval
        for _, row in c.iterrows():
            k = int((times <= row["week"]).sum())
            assert row["p"] == pytest.approx(k / len(times))
            assert (row["low"], row["high"]) == pytest.approx(wilson_ci(k, len(times)))
    week, low, high = curve_quantile(c)
    if np.isfinite(week):
        # Within curve_quantile's 1e-12: a product of shares can land a hair under 0.5
        # (1 − 0.8 × 0.625 = 0.4999999999999999).
        assert c.loc[c["week"] == week, "p"].iloc[0] >= 0.5 - 1e-12 > max(
            c.loc[c["week"] < week, "p"].tolist(), default=0.0)
        assert low <= week and (np.isnan(high) or week <= high)

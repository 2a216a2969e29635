"""Invariants hold every week, in ordinary runs and in random configurations (Hypothesis)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sim.config import SimConfig
from sim.model.invariants import InvariantError, check_market
from sim.model.market import Market
from tests.conftest import small_config

FOCAL_AND_SHOCKS = {
    "focal": {"stage": "seed", "seats": [{"role": "ml_engineer", "week": 0},
                                         {"role": "ml_inference", "progress": 0.3}]},
    "shocks": [{"kind": "layoff_wave", "week": 4, "size": 0.5, "ml_share": 0.1},
               {"kind": "funding_freeze", "week": 2, "size": 0.9, "duration": 10},
               {"kind": "pay_gap_change", "week": 6, "size": 0.2}],
}


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_invariants_hold_every_week_in_a_default_shaped_market(seed):
    m = Market(small_config(), seed=seed, check_invariants=True).run()
    assert m.week == 30
    assert m.events["kind"].size > 0  # something happened


def test_invariants_hold_with_focal_plan_and_every_shock():
    cfg = small_config(**FOCAL_AND_SHOCKS)
    Market(cfg, seed=3, check_invariants=True).run()


def test_invariant_checker_catches_a_broken_cash_ledger():
    m = Market(small_config(**{"market.weeks": 3}), seed=0).run()
    m.firms.cash[0] += 1.0  # money from nowhere
    with pytest.raises(InvariantError, match="cash accounting"):
        check_market(m)


def test_invariant_checker_catches_a_double_job():
    m = Market(small_config(**{"market.weeks": 3}), seed=0).run()
    staff = np.flatnonzero(m.cands.employer >= 0)[0]
    m.cands.employer_kind[staff] = 1 - m.cands.employer_kind[staff]
    with pytest.raises(InvariantError, match="employer kind"):
        check_market(m)


configs = st.fixed_dictionaries({
    "market.weeks": st.integers(1, 12),
    "market.demand_supply_ratio": st.sampled_from([0.1, 0.5, 1.0, 3.0, 20.0]),
    "candidates.n_ml": st.integers(1, 250),
    "candidates.general_per_ml": st.sampled_from([0.0, 0.5, 3.0]),
    "candidates.active_share": st.floats(0.0, 1.0),
    "candidates.max_processes": st.floats(1.0, 6.0),
    "startups.n": st.integers(0, 25),
    "startups.share_deliberate": st.floats(0.0, 1.0),
    "startups.share_managed_infra": st.floats(0.0, 1.0),
    "bigtech.n_bigtech": st.integers(0, 3),
    "bigtech.n_labs": st.integers(0, 2),
    "hiring.signal_noise": st.floats(0.0, 3.0),
    "valuation.decision_noise": st.floats(0.0, 60.0),
})


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(overrides=configs, seed=st.integers(0, 2**31 - 1), with_focal=st.booleans())
def test_random_valid_configs_keep_every_invariant(overrides, seed, with_focal):
    cfg = SimConfig().with_overrides(overrides)
    if with_focal:
        cfg = cfg.with_overrides({"focal": {"stage": "pre_seed", "cash_musd": 0.2}})
    m = Market(cfg, seed=seed, check_invariants=True).run()
    assert len(m.recorder.rows) == cfg.market.weeks


@pytest.mark.parametrize("overrides", [
    {"candidates.n_ml": 1, "candidates.general_per_ml": 0.0, "startups.n": 0},
    {"candidates.n_ml": 1, "startups.n": 1, "bigtech.n_bigtech": 0, "bigtech.n_labs": 0},
    {"market.demand_supply_ratio": 0.1},
    {"market.demand_supply_ratio": 20.0},
    {"candidates.n_ml": 0, "candidates.general_per_ml": 0.0},
])
def test_extreme_markets_run_and_keep_invariants(overrides):
    Market(small_config(**overrides), seed=7, check_invariants=True).run()

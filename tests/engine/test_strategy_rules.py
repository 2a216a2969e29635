"""Hiring strategies pick seats by their profile (M6); the table grows as it should."""

from __future__ import annotations

import numpy as np

from sim.config import SimConfig
from sim.params import ROLES
from sim.strategy import (
    AHEAD_OF_STAGE,
    GENERALISTS_ONLY,
    STAGE_ALIGNED,
    draw_seniority,
    next_roles,
)
from sim.table import Table


def test_each_strategy_picks_its_profiles_largest_gap():
    cfg = SimConfig()
    strategy = np.array([STAGE_ALIGNED, AHEAD_OF_STAGE, GENERALISTS_ONLY, STAGE_ALIGNED])
    stage = np.array([1, 1, 3, 3])  # seed, seed, series B, series B
    target = np.array([3, 3, 12, 12])
    have = np.zeros((4, 5))
    roles = [ROLES[r] for r in next_roles(cfg, strategy, stage, target, have,
                                          np.zeros(4, dtype=bool))]
    assert roles[0] == "ml_engineer"  # seed needs an end-to-end generalist
    assert roles[1] in ("ml_inference", "mlops", "ml_infra")  # ahead: Series B specialists
    assert roles[2] == "ml_engineer"  # generalists only, whatever the stage
    assert roles[3] == "ml_inference"  # Series B's largest need


def test_managed_infrastructure_lowers_the_need_for_infra_hires():
    cfg = SimConfig()
    have = np.zeros((2, 5))
    have[:, ROLES.index("ml_engineer")] = 3
    have[:, ROLES.index("ai_engineer")] = 2
    picks = next_roles(cfg, np.array([0, 0]), np.array([2, 2]), np.array([6, 6]), have,
                       np.array([False, True]))
    assert ROLES[picks[0]] == "mlops"
    assert ROLES[picks[1]] != "mlops"


def test_ahead_of_stage_hires_more_senior_people():
    rng = np.random.default_rng(0)
    ahead = draw_seniority(np.full(5000, AHEAD_OF_STAGE), rng)
    aligned = draw_seniority(np.full(5000, STAGE_ALIGNED), rng)
    assert ahead.mean() > aligned.mean() + 0.2


def test_table_appends_in_batches_and_grows():
    t = Table({"a": np.int32, "b": np.float64}, capacity=2)
    t.append(a=np.arange(3), b=1.5)
    t.append(n=2, a=7)
    assert len(t) == 5
    assert t["a"].tolist() == [0, 1, 2, 7, 7]
    assert t["b"].tolist() == [1.5, 1.5, 1.5, 0.0, 0.0]

"""Hiring strategies pick seats by their profile (M6); the table grows as it should."""

from __future__ import annotations

import numpy as np

from sim.config import SimConfig
from sim.config.params import ROLES
from sim.model.rules.next_hire import (
    AHEAD_OF_STAGE,
    GENERALISTS_ONLY,
    STAGE_ALIGNED,
    draw_seniority,
    next_roles,
)
from sim.model.state.table import Table


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
    # A seed startup hiring ahead of stage (to Series B's profile, where generalists'
    # reach is penalised) with one inference engineer: MLOps is its largest gap, unless
    # it buys managed infrastructure before Series B (M11).
    cfg = SimConfig()
    have = np.zeros((2, 5))
    have[:, ROLES.index("ml_inference")] = 1
    picks = next_roles(cfg, np.array([AHEAD_OF_STAGE] * 2), np.array([1, 1]),
                       np.array([3, 3]), have, np.array([False, True]))
    assert ROLES[picks[0]] == "mlops"
    assert ROLES[picks[1]] != "mlops"


def test_next_seat_counts_the_cover_of_generalists_already_on_the_team():
    # A seed team with one end-to-end generalist: by heads the AI-engineer need
    # (0.3 × 3 = 0.9) looks largest, but the generalist covers 0.6 of it, so the
    # stage-aligned rule hires a second generalist (M6, DESIGN §3.5); at Series B the
    # generalist's reach is penalised and a specialist comes first.
    cfg = SimConfig()
    have = np.zeros((2, 5))
    have[:, ROLES.index("ml_engineer")] = 1
    picks = next_roles(cfg, np.array([STAGE_ALIGNED] * 2), np.array([1, 3]),
                       np.array([3, 12]), have, np.zeros(2, dtype=bool))
    assert ROLES[picks[0]] == "ml_engineer"
    assert ROLES[picks[1]] == "ml_inference"
    # A role nobody can fill is passed over.
    exclude = np.zeros((2, 5), dtype=bool)
    exclude[:, ROLES.index("ml_engineer")] = True
    exclude[1, ROLES.index("ml_inference")] = True
    picks = next_roles(cfg, np.array([STAGE_ALIGNED] * 2), np.array([1, 3]),
                       np.array([3, 12]), have, np.zeros(2, dtype=bool), exclude=exclude)
    assert ROLES[picks[0]] != "ml_engineer"
    assert ROLES[picks[1]] not in ("ml_engineer", "ml_inference")


def test_ahead_of_stage_hires_more_senior_people():
    rng = np.random.default_rng(0)
    ahead = draw_seniority(np.full(5000, AHEAD_OF_STAGE), rng.random(5000))
    aligned = draw_seniority(np.full(5000, STAGE_ALIGNED), rng.random(5000))
    assert ahead.mean() > aligned.mean() + 0.2


def test_table_appends_in_batches_and_grows():
    t = Table({"a": np.int32, "b": np.float64}, capacity=2)
    t.append(a=np.arange(3), b=1.5)
    t.append(n=2, a=7)
    assert len(t) == 5
    assert t["a"].tolist() == [0, 1, 2, 7, 7]
    assert t["b"].tolist() == [1.5, 1.5, 1.5, 0.0, 0.0]

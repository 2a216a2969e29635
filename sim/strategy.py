"""Hiring strategies (M6): which role and seniority a startup hires next.

A strategy is a rule for the next seat: the role whose capacity falls furthest short
of a *profile* of needs, and a seniority mix.

- ``stage_aligned`` hires to the current stage's needs (generalists early, applied ML
  at Series A, inference/MLOps/platform specialists at Series B);
- ``ahead_of_stage`` hires to the needs two stages ahead (senior infrastructure
  specialists before the product needs them);
- ``generalists_only`` hires only ML generalists, whatever the stage.

The seniority mixes are ASSUMPTION: the article says ahead-of-stage hiring means
*senior* specialists, and that firms prefer experienced hires.
"""

from __future__ import annotations

import numpy as np

from sim.codes import ML_ENGINEER, ML_INFRA, MLOPS, N_ROLES, SERIES_B
from sim.config import SimConfig

STAGE_ALIGNED, AHEAD_OF_STAGE, GENERALISTS_ONLY = 0, 1, 2

SENIORITY_MIX = np.array(
    [
        [0.0, 0.35, 0.5, 0.15],  # stage_aligned
        [0.0, 0.1, 0.5, 0.4],  # ahead_of_stage: senior specialists
        [0.1, 0.4, 0.4, 0.1],  # generalists_only
    ]
)
"""Probability of hiring junior/mid/senior/staff for each strategy (ASSUMPTION)."""

SENIORITY_CUM = np.cumsum(SENIORITY_MIX, axis=1)


def need_matrix(cfg: SimConfig) -> np.ndarray:
    """Stage × role need profile (rows sum to 1)."""
    return cfg.progress.need


def hiring_profile(cfg: SimConfig, strategy: np.ndarray, stage: np.ndarray) -> np.ndarray:
    """Role profile each firm hires toward (firms × roles)."""
    needs = need_matrix(cfg)
    ahead = np.minimum(stage + 2, SERIES_B)
    prof = np.where((strategy == AHEAD_OF_STAGE)[:, None], needs[ahead], needs[stage])
    generalist = np.zeros(N_ROLES)
    generalist[ML_ENGINEER] = 1.0
    return np.where((strategy == GENERALISTS_ONLY)[:, None], generalist, prof)


def next_roles(
    cfg: SimConfig, strategy: np.ndarray, stage: np.ndarray, target: np.ndarray,
    have: np.ndarray, managed: np.ndarray,
) -> np.ndarray:
    """The role of the next seat for each firm: the largest shortfall against its profile.

    Args:
        cfg: The configuration (need profiles, managed-infrastructure capacity).
        strategy: Strategy code per firm.
        stage: Stage code per firm.
        target: ML headcount target per firm.
        have: Firms × roles: current staff plus open requisitions.
        managed: Per firm, True if it buys managed infrastructure (less infra to hire).

    """
    want = hiring_profile(cfg, strategy, stage) * target[:, None].astype(float)
    relief = np.where(managed & (stage < SERIES_B), cfg.startups.managed_infra_capacity / 2, 0.0)
    want[:, MLOPS] -= relief
    want[:, ML_INFRA] -= relief
    return np.argmax(want - have, axis=1).astype(np.int8)


def draw_seniority(strategy: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Seniority of each new seat, from its firm's strategy mix."""
    cum = SENIORITY_CUM[strategy]
    return (rng.random(len(strategy))[:, None] > cum).sum(axis=1).clip(0, 3).astype(np.int8)

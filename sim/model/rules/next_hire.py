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

from sim.config import SimConfig
from sim.config.codes import ML_ENGINEER, ML_INFRA, MLOPS, N_ROLES, SERIES_B

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
    have: np.ndarray, managed: np.ndarray, exclude: np.ndarray | None = None,
) -> np.ndarray:
    """The role of the next seat for each firm: the largest shortfall against its profile.

    The shortfall is counted in capacity, not in heads: the team's people (and the seats
    already open) cover their own role in full and every other role at their reach, as
    in product progress (:func:`sim.model.phases.progress.team_capacity`, DESIGN §3.5).
    So a seed team of end-to-end generalists does not open an AI-engineer seat for work
    its generalists already do, and stage-aligned hiring follows the article's sequence (M6).

    Args:
        cfg: The configuration (need profiles, reach, managed-infrastructure capacity).
        strategy: Strategy code per firm.
        stage: Stage code per firm.
        target: ML headcount target per firm.
        have: Firms × roles: current staff plus open requisitions.
        managed: Per firm, True if it buys managed infrastructure (less infra to hire).
        exclude: Firms × roles, True where the role must not be chosen (nobody to hire).

    """
    want = hiring_profile(cfg, strategy, stage) * target[:, None].astype(float)
    relief = np.where(managed & (stage < SERIES_B), cfg.startups.managed_infra_capacity / 2, 0.0)
    want[:, MLOPS] -= relief
    want[:, ML_INFRA] -= relief
    gap = want - (have + spill_over(cfg, strategy, stage, have))
    if exclude is not None:
        gap = np.where(exclude, -np.inf, gap)
    return gap.argmax(axis=1).astype(np.int8)


def spill_over(cfg: SimConfig, strategy: np.ndarray, stage: np.ndarray,
               have: np.ndarray) -> np.ndarray:
    """Capacity (FTE, firms × roles) a team gives to the roles *other* than each person's own.

    Specialists reach other roles at ``progress.specialist_reach``; ML generalists
    (``ml_engineer``) at ``progress.generalist_reach`` for a person of median breadth,
    less the scaling penalty at Series B — judged at the stage the strategy hires for
    (two ahead for ahead-of-stage hiring). The same coefficients as progress.
    """
    g = cfg.progress
    planned = np.where(strategy == AHEAD_OF_STAGE, np.minimum(stage + 2, SERIES_B), stage)
    reach_gen = np.minimum(g.generalist_reach * np.where(
        planned == SERIES_B, 1.0 - g.generalist_scaling_penalty, 1.0), 1.0)
    reach = np.full(have.shape, g.specialist_reach)
    reach[:, ML_ENGINEER] = reach_gen
    given = have * reach  # what each role's people give to every other role
    return given.sum(axis=1, keepdims=True) - given


def draw_seniority(strategy: np.ndarray, u: np.ndarray) -> np.ndarray:
    """Seniority of each new seat, from its firm's strategy mix and a uniform per seat."""
    cum = SENIORITY_CUM[strategy]
    return np.minimum((u[:, None] > cum).sum(axis=1), 3).astype(np.int8)

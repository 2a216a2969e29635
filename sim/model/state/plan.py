"""The focal startup's custom hiring plan as arrays (one row per planned seat)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sim.config import SimConfig
from sim.config.params import ROLES, SENIORITIES, STAGES


@dataclass
class SeatTable:
    """Planned seats: triggers, and the requisition currently open for each."""

    role: np.ndarray  # int8
    seniority: np.ndarray  # int8
    week: np.ndarray  # int32: earliest week (0 if no week trigger)
    stage: np.ndarray  # int8: earliest stage (-1 if no stage trigger)
    progress: np.ndarray  # float: progress threshold (0 if none)
    stage_at_start: int  # a progress threshold counts within the starting stage only
    req: np.ndarray  # int64: current requisition id, -1 before the seat opens
    filled: np.ndarray  # bool
    active: np.ndarray  # bool per firm: True for the firm the plan drives

    @property
    def n(self) -> int:
        """Number of planned seats."""
        return len(self.role)


def build_plan(cfg: SimConfig, n_firms: int) -> SeatTable:
    """Seat table for ``cfg.focal.seats`` (empty when there is no custom plan)."""
    seats = cfg.focal.seats if cfg.focal is not None else ()
    active = np.zeros(n_firms, dtype=bool)
    if seats:
        active[0] = True
    start_stage = STAGES.index(cfg.focal.stage) if cfg.focal is not None else 0
    return SeatTable(
        role=np.array([ROLES.index(s.role) for s in seats], dtype=np.int8),
        seniority=np.array([SENIORITIES.index(s.seniority) for s in seats], dtype=np.int8),
        week=np.array([s.week or 0 for s in seats], dtype=np.int32),
        stage=np.array([STAGES.index(s.stage) if s.stage else -1 for s in seats], dtype=np.int8),
        progress=np.array([s.progress or 0.0 for s in seats], dtype=float),
        stage_at_start=start_stage,
        req=np.full(len(seats), -1, dtype=np.int64),
        filled=np.zeros(len(seats), dtype=bool),
        active=active,
    )

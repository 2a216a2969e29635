"""Phase 2: candidate flow — entrants, employed people turning open to moves, attrition."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from sim.config.codes import (
    BIGTECH,
    EV_ATTRITION,
    GENERAL,
    SEARCH_FOREVER,
    STARTUP,
    UNEMPLOYED,
)
from sim.model.ops import start_looking
from sim.model.rules.next_hire import need_matrix
from sim.model.state.population import aged_frustration

if TYPE_CHECKING:
    from sim.config import SimConfig
    from sim.model.market import Market

INVOLUNTARY_SHARE = 0.2
"""Share of departures that leave a person unemployed (cal §8 #51: 0.15–0.29)."""

MISFIT_NEED = 0.05
"""A hire whose role the current stage needs less than this share counts as a misfit."""


def weekly_hazard(annual: float | np.ndarray) -> np.ndarray:
    """Convert an annual probability to a weekly one."""
    return 1.0 - (1.0 - np.asarray(annual)) ** (1.0 / 52.0)


def attrition_hazards(cfg: SimConfig) -> np.ndarray:
    """Weekly leaving hazards by firm kind × (operator, misfit) combination.

    Rows: startup, big tech, lab; columns: neither, operator, misfit, both. The
    run's constants, computed once (:class:`~sim.model.market.Market` keeps them).
    """
    s = cfg.startups
    return weekly_hazard(np.minimum(np.array([
        s.attrition_annual, cfg.bigtech.attrition_annual, cfg.bigtech.lab_attrition_annual,
    ])[:, None] * np.array([1.0, s.operator_attrition_mult, s.misfit_attrition_mult,
                            s.operator_attrition_mult * s.misfit_attrition_mult]), 0.99))


def candidate_flow(m: Market) -> None:
    """Entrants join; employed people turn open to moves; some staff leave.

    Frustration with progression at big tech makes people likelier to look (M10).
    """
    _admit_entrants(m)
    _turn_open(m)
    _attrition(m)


def _admit_entrants(m: Market) -> None:
    c, cfg = m.cands, m.cfg.candidates
    k = m.draws.count("entrants", "poisson", cfg.entry_rate / 52.0 * cfg.n_ml)
    new = np.arange(m.next_entrant, min(m.next_entrant + k, c.n))
    m.next_entrant += len(new)
    m.entrants += len(new)
    c.entered[new] = True
    c.employer[new] = UNEMPLOYED
    c.searching[new] = True
    c.search_start[new] = m.week
    c.search_until[new] = SEARCH_FOREVER
    c.hired_week[new] = m.week


def _turn_open(m: Market) -> None:
    c, cfg = m.cands, m.cfg.candidates
    employed = c.entered & (c.employer != UNEMPLOYED)
    content = (employed & ~c.searching).nonzero()[0]
    p = cfg.open_hazard + cfg.frustration_hazard * aged_frustration(c, content, m.week, m.cfg)
    start_looking(m, content[m.draws.uniform("turn_open", content) < p])
    give_up = employed & c.searching & (c.search_until <= m.week)
    c.searching[give_up] = False


def _attrition(m: Market) -> None:
    """Staff leave firms; operators in builder teams and stage misfits leave sooner."""
    c, f, cfg = m.cands, m.firms, m.cfg
    staff = (c.employer >= 0).nonzero()[0]
    if len(staff) == 0:
        return
    firm = c.employer[staff].astype(np.intp)  # an intp index gathers ~3x faster than int32
    # Firm-level conditions on the few hundred firms, then one look-up per person.
    startup = f.kind == STARTUP
    stage = np.maximum(f.stage, 0)  # stage codes are -1 (big tech) to 3
    early = startup & (stage <= 1)
    low_need = startup[:, None] & (need_matrix(cfg)[stage] < MISFIT_NEED)  # firms × roles
    operator = early[firm] & (c.builder[staff] < cfg.hiring.builder_screen_bar)
    role = np.minimum(c.role[staff], 4)
    # 2-D look-ups by flat index: a gather by one index array costs a third of a 2-D
    # fancy index by two (row × width + column, then the raveled table).
    misfit = (low_need.ravel()[firm * low_need.shape[1] + role]
              | (startup[firm] & (c.hire_fit[staff] < 0.5)))
    kind = f.kind[firm]
    hazards = m.attrition_hazards  # firm kind × (operator + 2 × misfit)
    cell = kind * np.intp(hazards.shape[1]) + operator + 2 * misfit  # intp: no int8 wrap
    go = m.draws.uniform("attrition", staff) < hazards.ravel()[cell]
    leave, left = staff[go], firm[go]
    if len(leave) == 0:
        return
    involuntary = m.draws.uniform("attrition.involuntary", leave) < INVOLUNTARY_SHARE
    # Big tech and labs backfill their ML leavers (M1, rules/tightness.py).
    m.bigtech_departures += int(np.count_nonzero((kind[go] >= BIGTECH)
                                                 & (c.role[leave] != GENERAL)))
    m.recorder.log(kind=EV_ATTRITION, firm=left, firm_kind=kind[go], cand=leave,
                   cand_role=c.role[leave], weeks=m.week - c.hired_week[leave],
                   stage=f.stage[left])
    m.leave_employer(leave, unemployed=involuntary)

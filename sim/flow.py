"""Phase 2: candidate flow — entrants, employed people turning open to moves, attrition."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from sim.codes import BIGTECH, EV_ATTRITION, LAB, STARTUP, UNEMPLOYED
from sim.strategy import need_matrix

if TYPE_CHECKING:
    from sim.market import Market

INVOLUNTARY_SHARE = 0.2
"""Share of departures that leave a person unemployed (cal §8 #51: 0.15–0.29)."""

MISFIT_NEED = 0.05
"""A hire whose role the current stage needs less than this share counts as a misfit."""


def weekly_hazard(annual: float | np.ndarray) -> np.ndarray:
    """Convert an annual probability to a weekly one."""
    return 1.0 - (1.0 - np.asarray(annual)) ** (1.0 / 52.0)


def candidate_flow(m: Market) -> None:
    """Entrants join; tenure breeds frustration; some turn open to moves; some leave."""
    _admit_entrants(m)
    _age_big_tech_staff(m)
    _turn_open(m)
    _attrition(m)


def _admit_entrants(m: Market) -> None:
    c, cfg = m.cands, m.cfg.candidates
    k = m.streams["flow"].poisson(cfg.entry_rate / 52.0 * cfg.n_ml)
    new = np.arange(m.next_entrant, min(m.next_entrant + k, c.n))
    m.next_entrant += len(new)
    m.entrants += len(new)
    c.entered[new] = True
    c.employer[new] = UNEMPLOYED
    c.searching[new] = True
    c.search_until[new] = np.iinfo(np.int32).max
    c.hired_week[new] = m.week


def _age_big_tech_staff(m: Market) -> None:
    """Big-tech tenure raises progression frustration and the operator trait (M7, M10)."""
    c, cfg = m.cands, m.cfg.candidates
    bt = (c.employer_kind == BIGTECH) | (c.employer_kind == LAB)
    c.frustration[bt] += cfg.frustration_per_year / 52.0
    c.builder[bt] = np.maximum(c.builder[bt] - cfg.operator_drift_per_year / 52.0, 0.0)


def _turn_open(m: Market) -> None:
    c, cfg, rng = m.cands, m.cfg.candidates, m.streams["flow"]
    employed = c.entered & (c.employer != UNEMPLOYED)
    content = np.flatnonzero(employed & ~c.searching)
    p = cfg.open_hazard + cfg.frustration_hazard * c.frustration[content]
    start = content[rng.random(len(content)) < p]
    c.searching[start] = True
    c.search_until[start] = m.week + rng.geometric(1.0 / cfg.search_weeks, size=len(start))
    give_up = employed & c.searching & (c.search_until <= m.week)
    c.searching[give_up] = False


def _attrition(m: Market) -> None:
    """Staff leave firms; operators in builder teams and stage misfits leave sooner."""
    c, f, cfg, rng = m.cands, m.firms, m.cfg, m.streams["flow"]
    staff = np.flatnonzero(c.employer >= 0)
    if len(staff) == 0:
        return
    firm = c.employer[staff]
    kind = f.kind[firm]
    s = cfg.startups
    annual = np.where(kind == STARTUP, s.attrition_annual,
                      np.where(kind == LAB, cfg.bigtech.lab_attrition_annual,
                               cfg.bigtech.attrition_annual))
    stage = np.clip(f.stage[firm], 0, 3)
    early = (kind == STARTUP) & (stage <= 1)
    operator = early & (c.builder[staff] < cfg.hiring.builder_screen_bar)
    role = np.minimum(c.role[staff], 4)
    misfit = (kind == STARTUP) & ((need_matrix(cfg)[stage, role] < MISFIT_NEED)
                                  | (c.hire_fit[staff] < 0.5))
    mult = np.where(operator, s.operator_attrition_mult, 1.0) * np.where(
        misfit, s.misfit_attrition_mult, 1.0)
    leave = staff[rng.random(len(staff)) < weekly_hazard(np.minimum(annual * mult, 0.99))]
    if len(leave) == 0:
        return
    involuntary = rng.random(len(leave)) < INVOLUNTARY_SHARE
    m.recorder.log(kind=EV_ATTRITION, firm=c.employer[leave], firm_kind=f.kind[c.employer[leave]],
                   cand=leave, cand_role=c.role[leave], weeks=m.week - c.hired_week[leave],
                   stage=f.stage[c.employer[leave]])
    m.leave_employer(leave[involuntary], unemployed=True)
    m.leave_employer(leave[~involuntary], unemployed=False)

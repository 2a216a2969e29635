"""Phase 7: startups make product progress, pay their burn, raise rounds or fail (DESIGN §3.5).

Weekly progress rises with the team's fit to the stage's need profile, with
diminishing returns within a role. A broad ML generalist covers other roles' needs
in part — less so on Series B scaling work (M6). Operators produce less in pre-seed
and seed teams (M7). Managed infrastructure supplies MLOps and infra capacity before
Series B, at a weekly price (M11). A startup at its milestone raises its next round
with a market probability; one whose cash runs out fails and its people return to
the pool.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from sim.config.codes import (
    EV_FAILURE,
    EV_RAISE,
    GENERAL,
    ML_ENGINEER,
    ML_INFRA,
    MLOPS,
    N_ROLES,
    REQ_OPEN,
    SERIES_B,
    STARTUP,
)
from sim.model.ops import close_requisitions
from sim.model.rules.next_hire import need_matrix

if TYPE_CHECKING:
    from sim.model.market import Market


OPERATOR_WEIGHT = np.array([1.0, 1.0, 0.5, 0.0])
"""How much the operator penalty applies at each stage: fully early, half at Series A
(ASSUMPTION: the article's builder environments are the earliest teams)."""


def team_capacity(m: Market) -> np.ndarray:
    """Effective capacity per firm and needed role (firms × roles), in FTE."""
    c, f, cfg = m.cands, m.firms, m.cfg
    g, h = cfg.progress, cfg.hiring
    staff = (c.employer_kind == STARTUP).nonzero()[0]
    firm = c.employer[staff].astype(np.intp)  # an intp index gathers ~3x faster than int32
    stage = np.maximum(f.stage[firm], 0)
    role = c.role[staff]
    # Productivity: talent (skill, adjacent-field fit) less the operator penalty early on.
    prod = c.talent[staff] * (1.0 - g.operator_penalty * OPERATOR_WEIGHT[stage]
                              * (1.0 - c.builder[staff]))
    generalist = g.generalist_reach * (0.5 + c.breadth[staff]) * np.where(
        stage == SERIES_B, 1.0 - g.generalist_scaling_penalty, 1.0)
    other = np.where(role == GENERAL, h.general_fit, g.specialist_reach)
    reach = np.minimum(np.where(role == ML_ENGINEER, generalist, other), 1.0)
    # Everyone covers every role at their reach; their own role they cover in full:
    # cap[f, r] = Σ prod·reach + Σ_{own role r} prod·(1 − reach).
    # (bincount of an empty input is integer-typed even with weights: cast explicitly)
    shared = np.bincount(firm, weights=prod * reach, minlength=f.n).astype(float)
    own = role < N_ROLES
    cap = np.bincount(firm[own] * N_ROLES + role[own], weights=(prod * (1.0 - reach))[own],
                      minlength=f.n * N_ROLES).reshape(f.n, N_ROLES) + shared[:, None]  # float
    managed = f.managed_infra & (f.kind == STARTUP)
    supply = np.where(f.stage == SERIES_B, 0.5, 1.0) * cfg.startups.managed_infra_capacity / 2
    bought = np.where(managed, supply, 0.0)
    cap[:, MLOPS] += bought
    cap[:, ML_INFRA] += bought
    return cap


def team_fit(m: Market, cap: np.ndarray) -> np.ndarray:
    """Fit of each firm's team to its stage's needs, 0–1 (founders alone give a floor)."""
    f, g = m.firms, m.cfg.progress
    stage = np.maximum(f.stage, 0)
    need = need_matrix(m.cfg)[stage]
    wanted = need * np.maximum(f.team_target, 1)[:, None]
    cover = np.where(need > 0, np.minimum(cap / np.maximum(wanted, 1e-9), 1.0), 0.0)
    fit = (need * cover**g.returns_exponent).sum(axis=1)
    return g.founder_fit + (1.0 - g.founder_fit) * fit


def advance_startups(m: Market) -> None:
    """Progress, burn, rounds and failures for every live startup."""
    f, s = m.firms, m.cfg.startups
    live = (f.kind == STARTUP) & f.alive
    fit = team_fit(m, team_capacity(m))
    weeks = m.cfg.progress.weeks_to_milestone.arr[np.maximum(f.stage, 0)]
    f.progress[live] = np.minimum(f.progress[live] + fit[live] / weeks[live], 1.0)
    burn = np.where(live, m.weekly_burn(), 0.0)
    f.cash -= burn
    f.cash_out += burn
    m.recorder.set_fit(fit)

    at_milestone = live & (f.progress >= 1.0)
    f.milestone_week[at_milestone & (f.milestone_week < 0)] = m.week
    u = m.draws.uniform("funding", np.arange(f.n))
    raising = (at_milestone & (u < s.p_raise_weekly * m.funding_mult)).nonzero()[0]
    if len(raising):
        # The next round's size by current stage, kUSD (np.append: np.r_ costs ~60 µs).
        rounds = np.append(s.round_size_musd.arr[1:], s.next_round_musd) * 1000.0
        amount = rounds[f.stage[raising]]
        for i, cash in zip(raising.tolist(), amount.tolist(), strict=True):
            m.firm_agents[i].raise_round(cash)  # a rare event: the agent acts
        m.recorder.log(kind=EV_RAISE, firm=raising, firm_kind=STARTUP, stage=f.stage[raising],
                       value=amount)
    failing = (live & (f.cash < 0)).nonzero()[0]
    if len(failing):
        _fail(m, failing)


def _fail(m: Market, firms: np.ndarray) -> None:
    """Startups out of cash close: seats close and their people return to the pool."""
    for i in firms.tolist():
        m.firm_agents[i].fail(m.week)
    r, c = m.reqs, m.cands
    failed = np.zeros(m.firms.n, dtype=bool)
    failed[firms] = True
    # Look only among open seats and startup staff (a fraction of all seats and people).
    open_idx = (r["status"] == REQ_OPEN).nonzero()[0]
    close_requisitions(m, open_idx[failed[r["firm"][open_idx]]])
    at_startups = (c.employer_kind == STARTUP).nonzero()[0]
    staff = at_startups[failed[c.employer[at_startups]]]
    m.recorder.log(kind=EV_FAILURE, firm=firms, firm_kind=STARTUP, stage=m.firms.stage[firms],
                   weeks=np.bincount(c.employer[staff], minlength=m.firms.n)[firms])
    m.leave_employer(staff, unemployed=True)

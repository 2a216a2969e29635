"""Staffing at the start of a run: who works where at week 0, and what they earn."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from sim.config.codes import BIGTECH, GENERAL, N_ROLES, OUTSIDE, STARTUP
from sim.model.rules.next_hire import draw_seniority, next_roles
from sim.model.rules.valuation import market_pay, value_offers

if TYPE_CHECKING:
    from sim.model.market import Market


def staff_initial_firms(m: Market) -> None:
    """Place big-tech staff at big-tech firms, give startups their initial teams, set pay."""
    c, rng = m.cands, m.streams["population"]
    bt_ids = m.bigtech_ids
    at_bt = np.flatnonzero(c.employer_kind == BIGTECH)
    if len(bt_ids) == 0:
        c.employer_kind[at_bt] = -1
    else:
        firm = bt_ids[rng.integers(0, len(bt_ids), size=len(at_bt))]
        c.employer[at_bt] = firm
        c.employer_kind[at_bt] = m.firms.kind[firm]
    _staff_startups(m, rng)
    _staff_focal(m, rng)
    _set_initial_pay(m)


def _staff_startups(m: Market, rng: np.random.Generator) -> None:
    """Give each background startup part of its team, seat by seat by its strategy's rule.

    The seats are chosen as the strategy chooses new seats later in the run
    (:func:`sim.model.rules.next_hire.next_roles`), so a stage-aligned seed startup starts with its
    generalists, not with specialists drawn at random from the need profile (M6); then
    each role's seats go to people of that role who work outside the simulated firms.
    """
    c, f = m.cands, m.firms
    su = np.flatnonzero((f.kind == STARTUP) & ~f.focal)
    if len(su) == 0:
        return
    n_init = np.floor(f.team_target[su] * rng.uniform(0.3, 1.0, size=len(su))).astype(int)
    have = np.zeros((len(su), N_ROLES))
    seat_firm, seat_role = [], []
    for k in range(int(n_init.max(initial=0))):  # a few rounds: one seat per firm each
        i = np.flatnonzero(n_init > k)
        role = next_roles(m.cfg, f.strategy[su[i]], f.stage[su[i]], f.team_target[su[i]],
                          have[i], f.managed_infra[su[i]])
        have[i, role] += 1
        seat_firm.append(su[i])
        seat_role.append(role)
    if not seat_firm:
        return
    seat_firm, seat_role = np.concatenate(seat_firm), np.concatenate(seat_role)
    free = (c.employer == OUTSIDE) & ~c.searching & c.entered & (c.role != GENERAL)
    for role in range(N_ROLES):
        seats = seat_firm[seat_role == role]
        pool = np.flatnonzero(free & (c.role == role))
        pool = rng.permutation(pool)[: len(seats)]
        seats = seats[: len(pool)]
        c.employer[pool] = seats
        c.employer_kind[pool] = STARTUP


def _staff_focal(m: Market, rng: np.random.Generator) -> None:
    """The focal startup's existing team: seat by seat, by its strategy's rule."""
    focal = m.cfg.focal
    if focal is None or focal.initial_team == 0:
        return
    c, f = m.cands, m.firms
    have = np.zeros((1, N_ROLES))
    blocked = np.zeros((1, N_ROLES), dtype=bool)  # nobody free to fill: take the next gap
    target = np.array([max(int(f.team_target[0]), focal.initial_team)])
    hired = 0
    while hired < focal.initial_team and not blocked.all():
        role = int(next_roles(m.cfg, f.strategy[:1], f.stage[:1], target, have,
                              f.managed_infra[:1], exclude=blocked)[0])
        free = (c.employer == OUTSIDE) & ~c.searching & c.entered & (c.role == role)
        level = free & (c.seniority == draw_seniority(f.strategy[:1], rng.random(1))[0])
        pool = np.flatnonzero(level if level.any() else free)
        if len(pool) == 0:
            blocked[0, role] = True
            continue
        hired += 1
        who = pool[rng.integers(0, len(pool))]
        c.employer[who] = 0
        c.employer_kind[who] = STARTUP
        have[0, role] += 1


def _set_initial_pay(m: Market) -> None:
    """Employees' pay and non-pay as if they had accepted their employer's offer."""
    c, cfg = m.cands, m.cfg
    at_firm = np.flatnonzero(c.employer >= 0)
    outside = np.flatnonzero((c.employer == OUTSIDE) & c.entered)
    ref = market_pay(cfg, c.seniority[outside])
    c.pay[outside] = 1.15 * ref  # other employers pay a little above the startup band
    c.salary[outside] = 0.0
    c.nonpay[outside] = cfg.valuation.nonpay_scale * 0.4 * (
        c.w_own[outside] + c.w_impact[outside] + c.w_speed[outside])
    zeros = np.zeros(len(at_firm))
    vals = value_offers(cfg, c, m.firms, at_firm, c.employer[at_firm], c.seniority[at_firm],
                        zeros, zeros, 1.0)
    c.pay[at_firm] = vals.cash
    c.nonpay[at_firm] = vals.nonpay
    c.salary[at_firm] = vals.base

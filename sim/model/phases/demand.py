"""Phase 3: firms open and close requisitions.

Startups hire toward their stage's ML headcount by their strategy (M6), while cash
allows. Big tech and labs backfill their departures and open seats while the ratio of
open seats to active ML seekers is below its setting; above it, people employed outside
the simulated firms start looking (M1, :mod:`sim.model.rules.tightness`), so the
realised ratio tracks the setting.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from sim.config.codes import (
    LAB,
    N_ROLES,
    REQ_CLOSED,
    REQ_FILLED,
    REQ_OPEN,
    STARTUP,
)
from sim.model.keyed_draws import seat_key
from sim.model.ops import close_requisitions, start_looking
from sim.model.rules.next_hire import draw_seniority, next_roles
from sim.model.rules.stale_seats import respond_to_stale_seats, seat_apply_chances
from sim.model.rules.tightness import active_seekers, bigtech_openings, outside_seekers

if TYPE_CHECKING:
    from sim.config import SimConfig
    from sim.model.market import Market
    from sim.model.state.firms import FirmTable


def update_requisitions(m: Market) -> None:
    """Close seats open too long, respond to stale ones (M14), then open new seats."""
    r = m.reqs
    stale = ((r["status"] == REQ_OPEN)
             & (r["opened"] <= m.week - m.cfg.market.req_max_open_weeks)).nonzero()[0]
    close_requisitions(m, stale)
    respond_to_stale_seats(m)
    _open_startup_reqs(m)
    _open_planned_seats(m)
    _balance_bigtech_reqs(m)


def apply_chances(cfg: SimConfig, f: FirmTable) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per firm, the chance that a candidate who sees one of its seats applies (M4, M8).

    For a candidate of the seat's role, of another ML role, and a general engineer: how
    the seat is advertised decides who applies (see applications.py). Titles and JDs
    are a firm's for the whole run, so the market computes these once.
    """
    return seat_apply_chances(cfg.hiring, f.jd_reqs, f.precise)


def open_requisitions(m: Market, firm: np.ndarray, role: np.ndarray, seniority: np.ndarray) -> None:
    """Open one requisition per entry, with the firm's title, JD, process and posted pay."""
    f = m.firms
    own, other, general = m.apply_chances
    m.reqs.append(
        key=seat_key(firm, _nth_seats(m, firm)),
        # The market pay index per role (M15; exactly 1.0 while it is off).
        posted_base=posted_base(m, firm, seniority) * m.pay_index[role],
        apply_own=own[firm], apply_other=other[firm], apply_general=general[firm],
        firm=firm, firm_kind=f.kind[firm], stage=f.stage[firm], role=role, seniority=seniority,
        precise=f.precise[firm], jd_reqs=f.jd_reqs[firm], opened=m.week,  # open: the fill
        posted=m.week,
        n_stages=f.n_stages[firm],
        weeks_per_stage=f.weeks_per_stage[firm], deadline=f.deadline[firm],
    )


def _nth_seats(m: Market, firm: np.ndarray) -> np.ndarray:
    """How many seats each new seat's firm opened before it (firms may repeat)."""
    order = np.argsort(firm, kind="stable")
    ranked = firm[order]
    rank = np.empty(len(firm), dtype=np.int64)
    rank[order] = np.arange(len(firm)) - ranked.searchsorted(ranked, side="left")
    nth = m.seats_opened[firm] + rank
    np.add.at(m.seats_opened, firm, 1)
    return nth


def _open_startup_reqs(m: Market) -> None:
    """Each live startup below its headcount target opens one seat a week, runway allowing."""
    f, s = m.firms, m.cfg.startups
    r = m.reqs
    n = f.n
    open_mask = r["status"] == REQ_OPEN
    seats = np.bincount(r["firm"][open_mask] * N_ROLES + r["role"][open_mask],
                        minlength=n * N_ROLES).reshape(n, N_ROLES)
    have = (m.ml_staff + seats).astype(float)  # people and open seats, per role
    n_open = np.bincount(r["firm"][open_mask], minlength=n)
    stage = np.maximum(f.stage, 0)  # stage codes are -1 (big tech) to 3: clip the floor
    runway = f.cash / np.maximum(m.weekly_burn(), 1e-9)
    can = (
        (f.kind == STARTUP) & f.alive & ~m.plan.active
        & (have.sum(axis=1) < f.team_target)
        & (n_open < s.max_open_reqs.arr[stage])
        & (runway >= s.min_runway_weeks)
    )
    firm = can.nonzero()[0]
    if len(firm) == 0:
        return
    role = next_roles(m.cfg, f.strategy[firm], stage[firm], f.team_target[firm], have[firm],
                      f.managed_infra[firm])
    sen = draw_seniority(f.strategy[firm], m.draws.uniform("seat_level", firm))
    open_requisitions(m, firm, role, sen)


def _balance_bigtech_reqs(m: Market) -> None:
    """Big tech backfills and grows toward the target ratio; above it, seekers join (M1)."""
    bt = m.bigtech_ids
    active = active_seekers(m)  # nobody starts or stops looking in between
    k = bigtech_openings(m, active) if len(bt) else 0
    if k > 0:  # the j-th seat this week draws the same firm, role and level whatever k is
        cfg, nth = m.cfg, np.arange(k)
        firm = bt[(m.draws.uniform("bigtech_seat.firm", nth) * len(bt)).astype(np.intp)]
        role = _draw(cfg.bigtech.role_demand.arr, m.draws.uniform("bigtech_seat.role", nth))
        sen = _draw(cfg.bigtech.seniority_demand.arr, m.draws.uniform("bigtech_seat.level", nth))
        open_requisitions(m, firm, role, sen)
    start_looking(m, outside_seekers(m, active))


def _draw(weights: np.ndarray, u: np.ndarray) -> np.ndarray:
    """Category codes drawn in proportion to ``weights``, one per uniform."""
    cum = weights.cumsum()
    return cum.searchsorted(u * cum[-1], side="right").astype(np.int8)


def _open_planned_seats(m: Market) -> None:
    """The focal startup's custom plan: open each unfilled seat once its trigger is met."""
    plan, f, r = m.plan, m.firms, m.reqs
    if not np.count_nonzero(plan.active) or not f.alive[0]:  # (.any() has a Python wrapper)
        return
    current = plan.req
    has_req = current >= 0
    status = np.where(has_req, r["status"][np.maximum(current, 0)], -1)
    plan.filled |= status == REQ_FILLED
    waiting = ~plan.filled & (~has_req | (status == REQ_CLOSED))
    due = waiting & (m.week >= plan.week) & (f.stage[0] >= plan.stage) \
        & ((f.progress[0] >= plan.progress) | (f.stage[0] > plan.stage_at_start))
    runway = f.cash[0] / max(float(m.weekly_burn()[0]), 1e-9)
    seats = due.nonzero()[0]
    if len(seats) == 0 or runway < m.cfg.startups.min_runway_weeks:
        return
    first = len(r)
    open_requisitions(m, np.zeros(len(seats), dtype=np.int64), plan.role[seats],
                      plan.seniority[seats])
    plan.req[seats] = np.arange(first, first + len(seats))


def posted_base(m: Market, firm: np.ndarray, seniority: np.ndarray) -> np.ndarray:
    """Base salary a new seat advertises (kUSD/yr): the startup band, or big tech's base."""
    f, cfg = m.firms, m.cfg
    su = f.kind[firm] == STARTUP
    stage = np.maximum(f.stage[firm], 0)  # big tech's -1 → 0 (its branch ignores it)
    su_base = (cfg.startups.base_pay.arr[stage] * cfg.startups.pay_by_seniority.arr[seniority]
               * f.pay_mult[firm])
    tc = (cfg.bigtech.total_comp.arr[seniority] * cfg.bigtech.pay_gap_mult * m.bigtech_pay_mult
          * np.where(f.kind[firm] == LAB, cfg.bigtech.lab_pay_mult, 1.0))
    return np.where(su, su_base, tc * cfg.bigtech.base_share)

"""Phase 4: candidates apply to open requisitions, up to their process limit (M4, M5, M8).

Each active candidate with free slots looks at open requisitions, drawn in proportion
to the employer's pull (big tech's brand), and applies with a chance that depends on
how the seat is advertised: a precise title draws mostly its own role, a blanket
"ML Engineer" title draws other ML roles and general engineers too (M4, M12), and an
overloaded job description deters the relevant candidates (M8).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from sim.codes import GENERAL, INTERVIEWING, LAB, N_ROLES, REQ_OPEN, STARTUP
from sim.processes import stage_weeks

if TYPE_CHECKING:
    from sim.market import Market

LOOKS_PER_SLOT = 3
"""Requisitions a candidate looks at per free process slot each week (ASSUMPTION)."""

MAX_LOOKS_PER_WEEK = 8
"""Cap on requisitions one candidate looks at in a week (ASSUMPTION: search takes time)."""


def posted_base(m: Market, req: np.ndarray) -> np.ndarray:
    """Base salary advertised for each requisition (kUSD/yr)."""
    r, f, cfg = m.reqs, m.firms, m.cfg
    firm, sen = r["firm"][req], r["seniority"][req]
    su = r["firm_kind"][req] == STARTUP
    stage = np.clip(r["stage"][req], 0, 3)
    su_base = (cfg.startups.base_pay.arr[stage]
               * cfg.startups.pay_by_seniority.arr[sen] * f.pay_mult[firm])
    tc = cfg.bigtech.total_comp.arr[sen] * cfg.bigtech.pay_gap_mult \
        * m.bigtech_pay_mult * np.where(r["firm_kind"][req] == LAB, cfg.bigtech.lab_pay_mult, 1.0)
    return np.where(su, su_base, tc * cfg.bigtech.base_share)


def apply(m: Market) -> None:
    """Create this week's new processes: applications by active seekers, then sourcing."""
    r = m.reqs
    open_idx = np.flatnonzero(r["status"] == REQ_OPEN)
    if len(open_idx) == 0:
        return
    free = free_slots(m)
    cand, req = _looks(m, open_idx, free)
    keep = m.streams["applications"].random(len(cand)) < _apply_probability(m, cand, req)
    _start_processes(m, cand[keep], req[keep], free)
    cand, req = _sourcing(m, open_idx)
    _start_processes(m, cand, req, free_slots(m), sourced=True)


def free_slots(m: Market) -> np.ndarray:
    """Processes each candidate may still start: their limit minus those running."""
    p = m.procs
    running = np.bincount(p["cand"][p["live"]], minlength=m.cands.n)
    return m.cands.max_procs.astype(np.int64) - running


def _looks(m: Market, open_idx: np.ndarray, free: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Seats each active seeker looks at, drawn in proportion to the employer's pull.

    A big-tech or lab seat is ``brand_weight`` times likelier to be seen than a startup
    seat: draw the kind of employer first, then a seat of that kind uniformly.
    """
    c, r, rng = m.cands, m.reqs, m.streams["applications"]
    seekers = np.flatnonzero(c.entered & c.searching & (free > 0))
    cand = np.repeat(seekers, np.minimum(LOOKS_PER_SLOT * free[seekers], MAX_LOOKS_PER_WEEK))
    is_su = r["firm_kind"][open_idx] == STARTUP
    su, bt = open_idx[is_su], open_idx[~is_su]
    weight_bt = m.cfg.bigtech.brand_weight * len(bt)
    p_su = len(su) / (len(su) + weight_bt) if len(su) + weight_bt > 0 else 0.0
    u = rng.random(len(cand))
    at_su = u < p_su
    # Reuse the uniform draw within each branch (rescaled) so one draw picks the seat.
    pos_su = np.minimum((u / max(p_su, 1e-300) * len(su)).astype(np.int64), len(su) - 1)
    pos_bt = np.minimum(((u - p_su) / max(1.0 - p_su, 1e-300) * len(bt)).astype(np.int64),
                        len(bt) - 1)
    req = np.where(at_su, su[np.maximum(pos_su, 0)] if len(su) else -1,
                   bt[np.maximum(pos_bt, 0)] if len(bt) else -1)
    return cand, req


def _apply_probability(m: Market, cand: np.ndarray, req: np.ndarray) -> np.ndarray:
    """Chance a candidate who sees a seat applies: title, JD, level and pay (M2, M4, M8)."""
    c, r, h = m.cands, m.reqs, m.cfg.hiring
    crole, precise = c.role[cand], r["precise"][req]
    own = crole == r["role"][req]
    general = crole == GENERAL
    excess_reqs = np.maximum(r["jd_reqs"][req] - h.jd_focused_requirements, 0)
    p = np.where(
        own, np.exp(-h.jd_relevant_decay * excess_reqs)
        * np.where(precise, 1.0, h.blanket_relevant_apply),
        np.where(general, np.where(precise, 0.0, h.general_apply_blanket),
                 np.where(precise, h.offrole_apply_precise, h.offrole_apply_blanket)))
    level_gap = np.abs(c.seniority[cand].astype(int) - r["seniority"][req])
    p = p * np.where(level_gap <= 1, 1.0, 0.2)
    return p * _pay_appeal(m, cand, req)


def _pay_appeal(m: Market, cand: np.ndarray, req: np.ndarray) -> np.ndarray:
    """A posted base far below what a candidate earns now puts them off (M2)."""
    floor = m.cfg.hiring.pay_floor_share * m.cands.pay[cand]
    return np.minimum(posted_base(m, req) / np.maximum(floor, 1e-9), 1.0) ** 4


def _sourcing(m: Market, open_idx: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Open seats approach passive ML candidates of the seat's role; some engage.

    A blanket title is sourced by keyword, so its recruiter reaches any ML role (M4).
    """
    c, r, h = m.cands, m.reqs, m.cfg.hiring
    rng = m.streams["applications"]
    rate = np.where(r["firm_kind"][open_idx] == STARTUP, h.sourcing_rate_startup,
                    h.sourcing_rate_bigtech)
    req = np.repeat(open_idx, rng.poisson(rate))
    passive = np.flatnonzero(c.entered & ~c.searching & (c.role != GENERAL) & (c.employer >= -2)
                             & (c.employer != -1))
    if len(req) == 0 or len(passive) == 0:
        return np.empty(0, np.int64), np.empty(0, np.int64)
    # Candidates sorted by role, so a seat's recruiter draws within its role's block.
    by_role = passive[np.argsort(c.role[passive], kind="stable")]
    starts = np.searchsorted(c.role[by_role], np.arange(N_ROLES + 1))
    role = np.where(r["precise"][req], r["role"][req], rng.integers(0, N_ROLES, len(req)))
    size = starts[role + 1] - starts[role]
    ok = size > 0
    req, role, size = req[ok], role[ok], size[ok]
    cand = by_role[starts[role] + (rng.random(len(req)) * size).astype(np.int64)]
    engage = rng.random(len(req)) < h.sourced_response * _pay_appeal(m, cand, req)
    return cand[engage], req[engage]


def _start_processes(m: Market, cand: np.ndarray, req: np.ndarray, free: np.ndarray,
                     sourced: bool = False) -> None:
    """Open one process per new (candidate, seat) pair, within each candidate's slots."""
    c, r, p, h = m.cands, m.reqs, m.procs, m.cfg.hiring
    # One process per (candidate, requisition): drop repeats and pairs already in process.
    key = np.sort((cand.astype(np.int64) << 32) | req.astype(np.int64))
    key = key[np.r_[True, key[1:] != key[:-1]]] if len(key) else key
    live_key = np.sort((p["cand"][p["live"]].astype(np.int64) << 32) | p["req"][p["live"]])
    pos = np.minimum(np.searchsorted(live_key, key), max(len(live_key) - 1, 0))
    if len(live_key):
        key = key[live_key[pos] != key]
    cand, req = (key >> 32).astype(np.int64), (key & 0xFFFFFFFF).astype(np.int64)
    # Respect the slot limit when one candidate drew several requisitions (cand is sorted).
    rank = np.arange(len(cand)) - np.searchsorted(cand, cand, side="left")
    ok = rank < free[cand]
    cand, req = cand[ok], req[ok]
    if len(cand) == 0:
        return
    if sourced:  # an engaged passive candidate is now open to moves
        c.searching[cand] = True
        c.search_until[cand] = m.week + m.streams["applications"].geometric(
            1.0 / m.cfg.candidates.search_weeks, size=len(cand))
    own = c.role[cand] == r["role"][req]
    general = c.role[cand] == GENERAL
    fit = np.where(own, c.fit_mult[cand], np.where(general, h.general_fit, h.offrole_fit))
    np.add.at(r["applicants"], req, 1)
    np.add.at(r["relevant"], req, own.astype(np.int32))
    m.procs.append(
        cand=cand, req=req, firm=r["firm"][req], stage=0,
        due=m.week + stage_weeks(r["weeks_per_stage"][req], m.streams["applications"]),
        started=m.week, hidden=~own, fit=fit, quality=2.0 * fit - 1.0 + 0.3 * c.skill[cand],
        score=0.0, status=INTERVIEWING, deadline=-1, value=0.0, value_x=0.0, cash=0.0,
        nonpay=0.0, base=0.0, live=True,
    )
    m.recorder.count("applications", len(cand))

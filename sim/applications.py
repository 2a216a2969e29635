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

from sim.codes import GENERAL, INTERVIEWING, REQ_OPEN, STARTUP
from sim.processes import stage_weeks

if TYPE_CHECKING:
    from sim.market import Market

MAX_LOOKS_PER_WEEK = 2
"""Requisitions one candidate considers per week (ASSUMPTION: search takes time)."""


def apply(m: Market) -> None:
    """Create this week's new processes."""
    c, r, p = m.cands, m.reqs, m.procs
    h, rng = m.cfg.hiring, m.streams["applications"]
    free = (c.max_procs - c.n_procs).astype(np.int64)
    seekers = np.flatnonzero(c.entered & c.searching & (free > 0))
    open_idx = np.flatnonzero(r["status"] == REQ_OPEN)
    if len(seekers) == 0 or len(open_idx) == 0:
        return
    cand = np.repeat(seekers, np.minimum(free[seekers], MAX_LOOKS_PER_WEEK))
    pull = np.where(r["firm_kind"][open_idx] == STARTUP, 1.0, m.cfg.bigtech.brand_weight)
    cum = np.cumsum(pull)
    req = open_idx[np.searchsorted(cum, rng.random(len(cand)) * cum[-1], side="right")]

    crole, rrole, precise = c.role[cand], r["role"][req], r["precise"][req]
    own = crole == rrole
    general = crole == GENERAL
    excess_reqs = np.maximum(r["jd_reqs"][req] - h.jd_focused_requirements, 0)
    p_apply = np.where(
        own, np.exp(-h.jd_relevant_decay * excess_reqs),
        np.where(general, np.where(precise, 0.0, h.general_apply_blanket),
                 np.where(precise, h.offrole_apply_precise, h.offrole_apply_blanket)))
    level_gap = np.abs(c.seniority[cand].astype(int) - r["seniority"][req])
    p_apply = p_apply * np.where(level_gap <= 1, 1.0, 0.2)
    keep = rng.random(len(cand)) < p_apply
    cand, req, own, general = cand[keep], req[keep], own[keep], general[keep]

    # One process per candidate and requisition.
    key = (cand.astype(np.int64) << 32) | req.astype(np.int64)
    live_key = (p["cand"][p["live"]].astype(np.int64) << 32) | p["req"][p["live"]]
    key, first = np.unique(key, return_index=True)
    fresh = first[~np.isin(key, live_key)]
    cand, req, own, general = cand[fresh], req[fresh], own[fresh], general[fresh]
    # Respect the slot limit when one candidate drew several requisitions.
    order = np.argsort(cand, kind="stable")
    cand, req, own, general = cand[order], req[order], own[order], general[order]
    rank = np.arange(len(cand)) - np.searchsorted(cand, cand, side="left")
    ok = rank < free[cand]
    cand, req, own, general = cand[ok], req[ok], own[ok], general[ok]
    if len(cand) == 0:
        return

    fit = np.where(own, c.fit_mult[cand], np.where(general, h.general_fit, h.offrole_fit))
    quality = 2.0 * fit - 1.0 + 0.3 * c.skill[cand]
    np.add.at(r["applicants"], req, 1)
    np.add.at(r["relevant"], req, own.astype(np.int32))
    np.add.at(c.n_procs, cand, 1)
    m.procs.append(
        cand=cand, req=req, firm=r["firm"][req], stage=0,
        due=m.week + stage_weeks(r["weeks_per_stage"][req], rng), started=m.week,
        hidden=~own, fit=fit, quality=quality, score=0.0, status=INTERVIEWING, deadline=-1,
        value=0.0, value_x=0.0, cash=0.0, nonpay=0.0, base=0.0, live=True,
    )
    m.recorder.count("applications", len(cand))

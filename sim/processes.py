"""Phase 5: hiring processes advance one week (M4, M7, M8, M9).

A process is a candidate in one requisition's pipeline. At each stage's due week the
interviewers read the candidate's true quality with noise (more noise for an
overloaded JD, M8); a role mismatch hidden by a blanket title tends to surface only
at the later, technical stages (M4); a startup that screens for builders rejects most
operators (M7). Passing the last stage puts the candidate in line for an offer.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from sim.codes import (
    AWAITING_OFFER,
    EV_PROCESS_END,
    INTERVIEWING,
    OFFER_HELD,
    ROLE_MISALIGNMENT,
    SCREENED_OUT,
    STARTUP,
)
from sim.records import compact
from sim.table import Table

if TYPE_CHECKING:
    from sim.market import Market


def stage_weeks(weeks_per_stage: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Whole weeks a stage takes: a fractional mean is rounded up or down at random."""
    return np.maximum(np.floor(weeks_per_stage + rng.random(len(weeks_per_stage))), 1).astype(
        np.int32)


def end_processes(m: Market, rows: np.ndarray, cause: int | np.ndarray,
                  **extra: np.ndarray) -> None:
    """End live processes: log why, free the candidate's slot and the req's offer."""
    rows = rows[m.procs["live"][rows]]
    if len(rows) == 0:
        return
    p, r = m.procs, m.reqs
    cand, req = p["cand"][rows], p["req"][rows]
    had_offer = rows[p["status"][rows] == OFFER_HELD]
    r["offer_out"][p["req"][had_offer]] = False
    p["live"][rows] = False
    np.subtract.at(m.cands.n_procs, cand, 1)
    m.recorder.log(
        kind=EV_PROCESS_END, cause=cause, firm=p["firm"][rows], firm_kind=r["firm_kind"][req],
        cand=cand, req=req, role=r["role"][req], cand_role=m.cands.role[cand],
        weeks=m.week - p["started"][rows], stage=p["stage"][rows],
        value=np.where(p["status"][rows] == OFFER_HELD, p["value"][rows], np.nan), **extra)


def advance(m: Market) -> None:
    """Evaluate every process whose current stage is due this week."""
    p, r, f, c = m.procs, m.reqs, m.firms, m.cands
    h, rng = m.cfg.hiring, m.streams["screening"]
    rows = np.flatnonzero(p["live"] & (p["status"] == INTERVIEWING) & (p["due"] <= m.week))
    if len(rows) == 0:
        return
    req, firm, cand = p["req"][rows], p["firm"][rows], p["cand"][rows]
    stage = p["stage"][rows].astype(np.int64)
    last = r["n_stages"][req].astype(np.int64) - 1

    # Role mismatch (M4): a precise title lets the first screen catch it; otherwise it
    # surfaces with rising odds as the stages get more technical.
    depth = np.where(last > 0, stage / np.maximum(last, 1), 1.0)
    p_catch = np.where(stage == 0, np.where(r["precise"][req], h.mismatch_catch_precise, 0.0),
                       h.mismatch_catch_late * depth)
    caught = p["hidden"][rows] & (rng.random(len(rows)) < p_catch)

    # Builder screen (M7) at the second stage (the first if there is only one).
    screen_stage = np.minimum(1, last)
    operator_caught = (f.builder_screen[firm] & (stage == screen_stage)
                       & (c.builder[cand] < h.builder_screen_bar)
                       & (rng.random(len(rows)) < h.builder_screen_accuracy))

    # A noisy read of true quality against the bar (M8: more listed requirements, more noise).
    sd = h.signal_noise + h.jd_noise_per_requirement * r["jd_reqs"][req]
    bar = h.pass_bar + np.where(r["firm_kind"][req] != STARTUP,
                                np.asarray(m.cfg.bigtech.experience_bar.as_tuple())[
                                    c.seniority[cand]], 0.0)
    score = p["quality"][rows] + sd * rng.standard_normal(len(rows))
    passed = (score > bar) & ~caught & ~operator_caught
    p["score"][rows] = score

    end_processes(m, rows[caught], ROLE_MISALIGNMENT)
    end_processes(m, rows[~caught & ~passed], SCREENED_OUT)
    go_on = rows[passed & (stage < last)]
    p["stage"][go_on] += 1
    p["due"][go_on] = m.week + stage_weeks(r["weeks_per_stage"][p["req"][go_on]], rng)
    p["status"][rows[passed & (stage >= last)]] = AWAITING_OFFER


def drop_ended(procs: Table) -> Table:
    """Compact away processes that ended this week."""
    live = procs["live"]
    return procs if live.all() else compact(procs, live)

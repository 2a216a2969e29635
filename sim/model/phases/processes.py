"""Phase 5: hiring processes advance one week (M4, M7, M8, M9).

A process is a candidate in one requisition's pipeline. At each stage's due week the
interviewers read the candidate's true quality with noise (more noise for an
overloaded JD, M8) and pass them while the mean of the reads so far clears the bar.
A role mismatch hidden by a blanket title tends to surface only at the later,
technical stages (M4); a startup that screens for builders rejects most operators
(M7). Passing the last stage puts the candidate in line for an offer.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from sim.config.codes import (
    AWAITING_OFFER,
    INTERVIEWING,
    ROLE_MISALIGNMENT,
    SCREENED_OUT,
    STARTUP,
    WITHDREW,
)
from sim.model.ops import end_processes, loops_running, stage_weeks
from sim.model.state.population import aged_builder

if TYPE_CHECKING:
    from sim.model.market import Market


def advance(m: Market) -> None:
    """Evaluate every process whose current stage is due this week."""
    p, r, f, c = m.procs, m.reqs, m.firms, m.cands
    h, draws = m.cfg.hiring, m.draws
    rows = (p["live"] & (p["status"] == INTERVIEWING) & (p["due"] <= m.week)).nonzero()[0]
    if len(rows) == 0:
        return
    req, firm, cand = p["req"][rows], p["firm"][rows], p["cand"][rows]
    key = p["draw_key"][rows]
    stage = p["stage"][rows]  # int8 is enough: a handful of stages
    last = r["n_stages"][req] - 1

    # Role mismatch (M4): a precise title lets the first screen catch it; otherwise it
    # surfaces with rising odds as the stages get more technical.
    depth = np.where(last > 0, stage / np.maximum(last, 1), 1.0)
    p_catch = np.where(stage == 0, np.where(r["precise"][req], h.mismatch_catch_precise, 0.0),
                       h.mismatch_catch_late * depth)
    # Keyed draws: drawing only where a draw can matter leaves everyone's numbers as they are.
    caught = p["hidden"][rows] & (p_catch > 0)
    at = caught.nonzero()[0]
    caught[at] = draws.uniform("mismatch_caught", key[at]) < p_catch[at]

    # Builder screen (M7) at the second stage (the first if there is only one).
    screen_stage = np.minimum(1, last)
    operator_caught = f.builder_screen[firm] & (stage == screen_stage)
    at = operator_caught.nonzero()[0]
    operator_caught[at] = ((aged_builder(c, cand[at], m.week, m.cfg) < h.builder_screen_bar)
                           & (draws.uniform("builder_screen", key[at])
                              < h.builder_screen_accuracy))

    # A noisy read of true quality against the bar (M8: more listed requirements, more noise).
    sd = h.signal_noise + h.jd_noise_per_requirement * r["jd_reqs"][req]
    # A seat whose firm relaxed its bar (M14, rules/stale_seats.py) takes bar_shift off.
    bar = h.pass_bar + np.where(r["firm_kind"][req] != STARTUP,
                                m.cfg.bigtech.experience_bar.arr[
                                    c.seniority[cand]], 0.0) - r["bar_shift"][req]
    # Evidence accumulates: each stage adds a read, and the decision rests on the mean of
    # the reads so far, so a longer process is slower but also better informed.
    read = p["quality"][rows] + sd * draws.normal("interview_read", key)
    score = (p["score"][rows] * stage + read) / (stage + 1)
    passed = (score > bar) & ~caught & ~operator_caught
    p["score"][rows] = score

    end_processes(m, rows[caught], ROLE_MISALIGNMENT)
    end_processes(m, rows[~caught & ~passed], SCREENED_OUT)
    if not m.cfg.candidates.screen_holds_slot:  # a passed screen needs a free loop
        passed &= ~_withdraw_beyond_loops(m, rows, passed & (stage == 0))
    go_on = rows[passed & (stage < last)]
    p["stage"][go_on] += 1
    p["due"][go_on] = m.week + stage_weeks(m, r["weeks_per_stage"][p["req"][go_on]],
                                           p["draw_key"][go_on])
    p["status"][rows[passed & (stage >= last)]] = AWAITING_OFFER


def _withdraw_beyond_loops(m: Market, rows: np.ndarray, screened: np.ndarray) -> np.ndarray:
    """Candidates through more screens than free interview loops drop the weakest.

    Applications are cheap while they wait on a screen, but a candidate runs at most
    ``max_procs`` interview loops: of the processes passing their screen this week,
    each candidate keeps as many as they have free loops, best-read first, and
    withdraws from the rest. Returns the withdrawn rows' mask over ``rows``.
    """
    p, c = m.procs, m.cands
    out = np.zeros(len(rows), dtype=bool)
    if not screened.any():
        return out
    idx = screened.nonzero()[0]
    cand = p["cand"][rows[idx]]
    # Only candidates through more screens than their free loops choose; most are not.
    free = c.max_procs[cand] - loops_running(m)[cand]
    over = np.bincount(cand, minlength=c.n)[cand] > free
    if not over.any():
        return out
    idx, cand = idx[over], cand[over]
    order = np.lexsort((-p["score"][rows[idx]], cand))  # by candidate, best read first
    idx, cand = idx[order], cand[order]
    rank = np.arange(len(cand)) - np.searchsorted(cand, cand, side="left")
    drop = idx[rank >= free[over][order]]
    out[drop] = True
    end_processes(m, rows[drop], WITHDREW)
    return out

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

from sim.codes import (
    AWAITING_OFFER,
    EV_PROCESS_END,
    INTERVIEWING,
    OFFER_HELD,
    ROLE_MISALIGNMENT,
    SCREENED_OUT,
    STARTUP,
)
from sim.population import aged_builder
from sim.records import compact

if TYPE_CHECKING:
    from sim.market import Market


def stage_weeks(weeks_per_stage: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Whole weeks a stage takes: a fractional mean is rounded up or down at random."""
    return np.maximum(np.floor(weeks_per_stage + rng.random(len(weeks_per_stage))), 1).astype(
        np.int32)


def end_processes(m: Market, rows: np.ndarray, cause: int | np.ndarray,
                  **extra: np.ndarray) -> None:
    """End live processes: free the seat's offer; log why at the end of the week."""
    if len(rows) == 0:
        return
    p = m.procs
    live = p["live"][rows]
    if np.count_nonzero(live) < len(rows):  # (count_nonzero: no Python-level wrapper)
        rows = rows[live]
        extra = {k: v[live] for k, v in extra.items()}
        if len(rows) == 0:
            return
    had_offer = p["status"][rows] == OFFER_HELD
    m.reqs["offer_out"][p["req"][rows[had_offer]]] = False
    p["live"][rows] = False
    m.ended.append((rows, cause, extra))


EXTRA_DEFAULTS = (("explained_would_accept", False), ("took_kind", -1))
"""Event columns only some ends give (offer decisions), and their value for the rest."""


def log_ended(m: Market) -> None:
    """Write this week's ended processes to the event log in one batch."""
    if not m.ended:
        return
    p, r = m.procs, m.reqs
    ended, m.ended = m.ended, []
    rows = np.concatenate([e[0] for e in ended])
    # Each ended batch's cause (a code, or one per process) and decision columns, written
    # into its slice of the week's columns; the rest keep EXTRA_DEFAULTS.
    cause = np.empty(len(rows), dtype=np.int8)
    extras = {name: np.full(len(rows), default) for name, default in EXTRA_DEFAULTS
              if any(name in e[2] for e in ended)}
    start = 0
    for batch, why, extra in ended:
        stop = start + len(batch)
        cause[start:stop] = why
        for name, values in extra.items():
            extras[name][start:stop] = values
        start = stop
    cand, req = p["cand"][rows], p["req"][rows]
    m.recorder.log(
        kind=EV_PROCESS_END, cause=cause, firm=p["firm"][rows], firm_kind=r["firm_kind"][req],
        cand=cand, req=req, role=r["role"][req], cand_role=m.cands.role[cand],
        weeks=m.week - p["started"][rows], stage=p["stage"][rows],
        value=np.where(p["status"][rows] == OFFER_HELD, p["value"][rows], np.nan), **extras)


def advance(m: Market) -> None:
    """Evaluate every process whose current stage is due this week."""
    p, r, f, c = m.procs, m.reqs, m.firms, m.cands
    h, rng = m.cfg.hiring, m.streams["screening"]
    rows = (p["live"] & (p["status"] == INTERVIEWING) & (p["due"] <= m.week)).nonzero()[0]
    if len(rows) == 0:
        return
    req, firm, cand = p["req"][rows], p["firm"][rows], p["cand"][rows]
    stage = p["stage"][rows]  # int8 is enough: a handful of stages
    last = r["n_stages"][req] - 1

    # Role mismatch (M4): a precise title lets the first screen catch it; otherwise it
    # surfaces with rising odds as the stages get more technical.
    depth = np.where(last > 0, stage / np.maximum(last, 1), 1.0)
    p_catch = np.where(stage == 0, np.where(r["precise"][req], h.mismatch_catch_precise, 0.0),
                       h.mismatch_catch_late * depth)
    caught = p["hidden"][rows] & (rng.random(len(rows)) < p_catch)

    # Builder screen (M7) at the second stage (the first if there is only one).
    screen_stage = np.minimum(1, last)
    operator_caught = (f.builder_screen[firm] & (stage == screen_stage)
                       & (aged_builder(c, cand, m.week, m.cfg) < h.builder_screen_bar)
                       & (rng.random(len(rows)) < h.builder_screen_accuracy))

    # A noisy read of true quality against the bar (M8: more listed requirements, more noise).
    sd = h.signal_noise + h.jd_noise_per_requirement * r["jd_reqs"][req]
    bar = h.pass_bar + np.where(r["firm_kind"][req] != STARTUP,
                                m.cfg.bigtech.experience_bar.arr[
                                    c.seniority[cand]], 0.0)
    # Evidence accumulates: each stage adds a read, and the decision rests on the mean of
    # the reads so far, so a longer process is slower but also better informed.
    read = p["quality"][rows] + sd * rng.standard_normal(len(rows))
    score = (p["score"][rows] * stage + read) / (stage + 1)
    passed = (score > bar) & ~caught & ~operator_caught
    p["score"][rows] = score

    end_processes(m, rows[caught], ROLE_MISALIGNMENT)
    end_processes(m, rows[~caught & ~passed], SCREENED_OUT)
    go_on = rows[passed & (stage < last)]
    p["stage"][go_on] += 1
    p["due"][go_on] = m.week + stage_weeks(r["weeks_per_stage"][p["req"][go_on]], rng)
    p["status"][rows[passed & (stage >= last)]] = AWAITING_OFFER


COMPACT_AT = 0.5
"""Compact the process table once this share of its rows has ended (amortises copying;
0.5 measured ~3% faster than 0.25 on the default market: the weekly scans of dead rows
cost less than copying every column almost every week)."""


def drop_ended(m: Market) -> None:
    """Log the processes that ended this week; compact the table when enough have ended."""
    log_ended(m)
    live = m.procs["live"]
    if len(live) and np.count_nonzero(~live) > COMPACT_AT * len(live):
        m.procs = compact(m.procs, live)

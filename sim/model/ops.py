"""Operations several weekly phases share: end processes, close requisitions, log ends.

Phases import these and the state, never one another (DESIGN §5), so that each phase
module can be read on its own. Every function acts on the :class:`Market`'s arrays.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from sim.config.codes import (
    EV_PROCESS_END,
    INTERVIEWING,
    OFFER_HELD,
    REQ_CLOSED,
    REQ_CLOSED_CAUSE,
)

if TYPE_CHECKING:
    from sim.model.market import Market


def stage_weeks(m: Market, weeks_per_stage: np.ndarray, draw_key: np.ndarray) -> np.ndarray:
    """Whole weeks a stage takes: a fractional mean is rounded up or down at random.

    Args:
        m: The market (its keyed draws).
        weeks_per_stage: Mean weeks per stage of each process's seat.
        draw_key: Each process's draw key.

    """
    weeks = np.floor(weeks_per_stage)
    frac = (weeks != weeks_per_stage).nonzero()[0]  # a whole mean needs no draw
    weeks[frac] = np.floor(weeks_per_stage[frac] + m.draws.uniform("stage_weeks", draw_key[frac]))
    return np.maximum(weeks, 1).astype(np.int32)


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


EXTRA_DEFAULTS = (("explained_would_accept", False), ("took_kind", -1), ("countered", False))
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


def in_process(m: Market, idx: np.ndarray) -> np.ndarray:
    """Which candidates in ``idx`` are in a live hiring process (a mask over ``idx``)."""
    if len(idx) == 0:
        return np.zeros(0, dtype=bool)
    p = m.procs
    busy = np.zeros(m.cands.n, dtype=bool)  # a scatter: ~40% faster than np.isin here
    busy[p["cand"][p["live"]]] = True
    return busy[idx]


def loop_rows(m: Market) -> np.ndarray:
    """Mask of the process rows that take one of their candidate's interview loops.

    Every live process, or, with ``candidates.screen_holds_slot`` false, only those past
    their first screen (an application waiting on a screen costs the seeker little).
    """
    p = m.procs
    if m.cfg.candidates.screen_holds_slot:
        return p["live"]
    return p["live"] & ((p["stage"] > 0) | (p["status"] != INTERVIEWING))


def loops_running(m: Market) -> np.ndarray:
    """Interview loops each candidate runs now (see :func:`loop_rows`)."""
    return np.bincount(m.procs["cand"][loop_rows(m)], minlength=m.cands.n)


def start_looking(m: Market, idx: np.ndarray) -> None:
    """Employed people turn open to moves now, for a geometric spell of search weeks.

    The search clock (``search_start``, behind ``weeks_on_market.*``) starts now, except
    for people still in a process from an earlier spell: they stopped sending
    applications when that spell ended but never left the market, so their clock keeps
    its start (as it does for someone who loses their job while looking).
    """
    if len(idx) == 0:
        return
    c = m.cands
    c.searching[idx] = True
    c.search_start[idx] = np.where(in_process(m, idx), c.search_start[idx], m.week)
    c.search_until[idx] = m.week + m.draws.geometric(
        "search_weeks", 1.0 / m.cfg.candidates.search_weeks, idx)


def close_requisitions(m: Market, idx: np.ndarray) -> None:
    """Close requisitions unfilled; their processes end as ``req_closed``."""
    if len(idx) == 0:
        return
    r = m.reqs
    r["status"][idx] = REQ_CLOSED
    r["closed_week"][idx] = m.week
    r["offer_out"][idx] = False
    p = m.procs
    closing = np.zeros(len(r), dtype=bool)
    closing[idx] = True
    end_processes(m, (p["live"] & closing[p["req"]]).nonzero()[0], REQ_CLOSED_CAUSE)


COMPACT_AT = 0.5
"""Compact the process table once this share of its rows has ended (amortises copying;
0.5 measured ~3% faster than 0.25 on the default market: the weekly scans of dead rows
cost less than copying every column almost every week)."""


def drop_ended(m: Market) -> None:
    """Log the processes that ended this week; compact the table when enough have ended."""
    log_ended(m)
    live = m.procs["live"]
    if len(live) and np.count_nonzero(~live) > COMPACT_AT * len(live):
        m.procs.keep_rows(live)

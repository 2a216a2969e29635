"""Record tables the market keeps: requisitions, live processes, and the event log."""

from __future__ import annotations

import numpy as np

from sim.config.codes import INTERVIEWING, NO_CAUSE, REQ_OPEN
from sim.model.state.chunked_log import ChunkedLog
from sim.model.state.table import Table

REQUISITION_FILL = {"status": REQ_OPEN, "closed_week": -1, "hired": -1, "offer_out": False,
                    "source_mult": 1.0, "offer_mult": 1.0}
"""A seat opens with these (so opening one does not write them)."""


def pair_key(cand: np.ndarray, req: np.ndarray) -> np.ndarray:
    """One int64 key per (candidate, requisition) pair: ``cand << 32 | req``.

    Both are non-negative row numbers below 2**31, so keys sort by candidate, then by
    requisition, and ``key >> 32`` and ``key & 0xFFFFFFFF`` give the pair back.
    """
    return (cand.astype(np.int64, copy=False) << 32) | req.astype(np.int64, copy=False)


def new_requisitions() -> Table:
    """Every requisition opened (kept for the whole run; fill metrics read it)."""
    return Table(
        {
            "firm": np.int32,
            "firm_kind": np.int8,
            "stage": np.int8,  # the firm's stage when the seat opened (-1: big tech)
            "role": np.int8,
            "seniority": np.int8,
            "precise": np.bool_,
            "jd_reqs": np.int16,
            "opened": np.int32,
            "status": np.int8,
            "closed_week": np.int32,
            "hired": np.int32,
            "offer_out": np.bool_,
            "n_stages": np.int8,
            "weeks_per_stage": np.float64,
            "deadline": np.int8,
            "applicants": np.int32,
            "relevant": np.int32,
            "posted_base": np.float64,  # kUSD/yr advertised when the seat opened
            "apply_own": np.float64,  # chance a matching candidate who sees it applies
            "apply_other": np.float64,  # ... an ML candidate of another role
            "apply_general": np.float64,  # ... a general software engineer
            # A firm's responses to a stale seat (M14; sim/model/rules/stale_seats.py).
            "posted": np.int32,  # week the current posting went up: opened, or a repost
            "source_mult": np.float64,  # × the kind's sourcing rate for this seat
            "bar_shift": np.float64,  # mean interview read taken off the pass bar
            "offer_mult": np.float64,  # × the offer's base salary (raise_offer)
            "reviews": np.int16,  # reviews of this seat as stale (while responses are on)
            "relaxed": np.int8,  # notches the bar has dropped
            "raises": np.int8,  # steps the pay has risen
            "rescoped": np.bool_,  # re-scoped once already
            "key": np.int64,  # the seat's draw key (firm, n-th seat: keyed_draws.seat_key)
        },
        capacity=1024,
        fill=REQUISITION_FILL,
    )


PROCESS_COLUMNS = {
    # intp, not int32: these index other arrays, and numpy casts any other index dtype to
    # intp on every gather (4x the cost of the gather itself on a few hundred rows).
    "cand": np.intp,
    "req": np.intp,
    "firm": np.intp,
    "stage": np.int8,
    "due": np.int32,
    "started": np.int32,
    "hidden": np.bool_,  # a role mismatch not yet surfaced (M4)
    "fit": np.float64,  # true fit of candidate to the requisition's role
    "quality": np.float64,  # true quality the interviewers try to read
    "score": np.float64,  # last interview read
    "status": np.int8,
    "deadline": np.int32,
    "value": np.float64,
    "value_x": np.float64,  # value had the package been explained (counterfactual, M3)
    "cash": np.float64,
    "nonpay": np.float64,
    "base": np.float64,
    "equity": np.float64,  # value of startup equity in the offer (matching reads it, M15)
    "live": np.bool_,
    "draw_key": np.uint64,  # the (candidate, seat) draw key (keyed_draws.pair_draw_key)
}


PROCESS_FILL = {"status": INTERVIEWING, "deadline": -1, "live": True}
"""A process starts with these (and zero stage, score and offer terms)."""


def new_processes() -> Table:
    """Processes in flight; ended rows are compacted away each week."""
    return Table(PROCESS_COLUMNS, capacity=1024, fill=PROCESS_FILL)


EVENT_COLUMNS = {
    "week": np.int32,
    "kind": np.int8,
    "cause": np.int8,
    "firm": np.int32,
    "firm_kind": np.int8,
    "cand": np.int32,
    "req": np.int32,
    "role": np.int8,  # the requisition's role
    "cand_role": np.int8,
    "weeks": np.int32,  # weeks spent (process), tenure (attrition), weeks to fill (hire)
    "search_weeks": np.int32,  # hire: weeks since the hired person began looking; -1 else
    "stage": np.int8,  # interview stage reached, or startup stage
    "explained_would_accept": np.bool_,  # declined, but would accept if explained
    "took_kind": np.int8,  # firm kind of the offer the candidate took instead, -1 if none
    "countered": np.bool_,  # declined: stayed with their employer, who countered (M15)
    "value": np.float64,  # kUSD: offer value, or round size
}


EVENT_FILL = {"cause": NO_CAUSE, "took_kind": -1, "req": -1, "role": -1, "search_weeks": -1,
              "countered": False}
"""An event names no cause, offer taken instead, requisition, role or search, and no
counter-offer, unless given."""


EVENT_STORAGE = {"week": np.int16}
"""Event columns held narrower than they are read. An event's week is at most
``market.weeks`` (≤ 1040, validated) and is appended as a scalar, which numpy refuses
rather than wraps if out of range: 2 bytes an event saved (~1 MB at 10,000 candidates)."""

EVENT_CHUNK_ROWS = 8192
"""Rows per chunk of the event log: 8,192 × 39 stored bytes ≈ 320 KB, the most allocated
ahead of use (about 30 bytes a candidate at 10,000 candidates, which log ~500,000 events
in 104 weeks, ~4,800 a week: a chunk fills about every other week there)."""


def new_events() -> ChunkedLog:
    """The event log: process ends, offers, hires, exits, rounds, failures, layoffs."""
    return ChunkedLog(EVENT_COLUMNS, chunk_rows=EVENT_CHUNK_ROWS, fill=EVENT_FILL,
                      storage=EVENT_STORAGE)

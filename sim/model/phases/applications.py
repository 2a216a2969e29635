"""Phase 4: candidates apply to open requisitions, up to their process limit (M4, M5, M8).

Each active candidate with free slots looks at open requisitions, drawn in proportion
to the employer's pull (big tech's brand) and, within an employer kind, to how new the
posting is, and applies with a chance that depends on
how the seat is advertised: a precise title draws mostly its own role, a blanket
"ML Engineer" title draws other ML roles and general engineers too (M4, M12), and an
overloaded job description deters the relevant candidates (M8).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from sim.config.codes import GENERAL, N_ROLES, REQ_OPEN, STARTUP
from sim.model.keyed_draws import pair_draw_key
from sim.model.ops import loops_running, stage_weeks, start_looking
from sim.model.rules.search import draw_applications, pay_appeal
from sim.model.state.records import pair_key

if TYPE_CHECKING:
    from sim.model.market import Market
    from sim.model.state.population import Candidates

LOOKS_PER_SLOT = 3
"""Requisitions a candidate looks at per free process slot each week (ASSUMPTION)."""

MAX_LOOKS_PER_WEEK = 8
"""Cap on requisitions one candidate looks at in a week (ASSUMPTION: search takes time)."""


def apply(m: Market) -> None:
    """Create this week's new processes: applications by active seekers, then sourcing."""
    r = m.reqs
    open_idx = (r["status"] == REQ_OPEN).nonzero()[0]
    if len(open_idx) == 0:
        return
    free = free_slots(m)
    per_week = m.cfg.candidates.applications_per_week
    if per_week:  # a weekly budget of applications for anyone with a free slot
        free = np.where(free > 0, per_week, 0) if not m.cfg.candidates.screen_holds_slot \
            else np.minimum(free, per_week)  # every application takes a slot
    cand, req = _applications(m, open_idx, free)
    s_cand, s_req = _sourcing(m, open_idx)
    sourced = np.zeros(len(cand) + len(s_cand), dtype=bool)
    sourced[len(cand):] = True
    _start_processes(m, np.concatenate([cand, s_cand]), np.concatenate([req, s_req]), free,
                     sourced)


def free_slots(m: Market) -> np.ndarray:
    """Processes each candidate may still start: their limit minus those running.

    With ``candidates.screen_holds_slot`` false, an application waiting on its first
    screen costs the seeker little (a CV sent, a recruiter call) and holds no slot: only
    processes past the screen count against the interview loops a candidate can run.
    """
    return m.cands.max_procs - loops_running(m)  # int16 - int64: int64


def _applications(m: Market, open_idx: np.ndarray, free: np.ndarray,
                  ) -> tuple[np.ndarray, np.ndarray]:
    """Applications sent this week by active seekers with a free slot: (candidate, seat).

    Each seeker takes ``LOOKS_PER_SLOT`` looks per free slot (at most
    ``max(MAX_LOOKS_PER_WEEK, LOOKS_PER_SLOT × applications_per_week)``); where a look
    goes and whether it becomes an application is :mod:`sim.model.rules.search`, which
    draws the applications directly. The pay appeal (M2) thins them last.
    """
    c = m.cands
    seekers = (c.entered & c.searching & (free > 0)).nonzero()[0]
    most = max(MAX_LOOKS_PER_WEEK, LOOKS_PER_SLOT * m.cfg.candidates.applications_per_week)
    looks = np.minimum(LOOKS_PER_SLOT * free[seekers], most)
    cand, req = draw_applications(m, open_idx, seekers, looks)
    appeal = pay_appeal(m, cand, req)
    keep = appeal >= 1.0
    doubt = (~keep).nonzero()[0]  # keyed draws: only where the pay floor bites
    keep[doubt] = m.draws.uniform("apply.pay", cand[doubt], m.reqs["key"][req[doubt]]) \
        < appeal[doubt]
    return cand[keep], req[keep]


def bigtech_pull(c: Candidates, preference_search: float) -> np.ndarray:
    """Per candidate, the factor on big tech's pull in search: less for startup leaners.

    The traits behind it never change, so the market computes it once per run (three
    logarithms and an exponential per look, weekly, otherwise).
    """
    return np.exp(-preference_search * startup_lean(c, slice(None)))


def startup_lean(c: Candidates, idx: np.ndarray | slice) -> np.ndarray:
    """How much a candidate leans toward startups when searching (0 for the median person).

    The weights on ownership and on impact, and financial security relative to the
    median (all in logs, the last halved so the three spread alike), per the article's
    account of who joins startups (M10).
    """
    return (np.log(c.w_own[idx]) + np.log(c.w_impact[idx])
            + 0.5 * np.log(c.security[idx] / c.security_median))


def _sourcing(m: Market, open_idx: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Open seats approach passive ML candidates of the seat's role; some engage.

    A blanket title is sourced by keyword, so its recruiter reaches any ML role (M4).
    Approaches are Poisson per seat (at ``source_mult`` × the kind's rate for a seat
    whose firm sources harder, M14), each keyed by the seat and its n-th approach this
    week; a drawn candidate who is not passive (looking already, or not employed) is
    skipped.
    """
    c, r, h, draws = m.cands, m.reqs, m.cfg.hiring, m.draws
    rate = np.where(r["firm_kind"][open_idx] == STARTUP, h.sourcing_rate_startup,
                    h.sourcing_rate_bigtech) * r["source_mult"][open_idx]
    seat = r["key"][open_idx]
    n = draws.poisson("source.count", rate, seat)
    req, seat = np.repeat(open_idx, n), np.repeat(seat, n)
    nth = np.arange(len(req)) - np.repeat(np.cumsum(n) - n, n)  # per seat
    # Each approach's (seat, n-th) key hashed once for its three draws: a uniform keyed
    # by pair_draw_key(seat, nth) is the one keyed by (seat, nth).
    key = pair_draw_key(seat, nth)
    by_role, starts = m.role_index
    any_role = (draws.uniform("source.role", key) * N_ROLES).astype(np.intp)
    role = np.where(r["precise"][req], r["role"][req], any_role)
    size = starts[role + 1] - starts[role]
    pick = (draws.uniform("source.who", key) * size).astype(np.int64)
    ok = size > 0
    req, key = req[ok], key[ok]
    cand = by_role[starts[role[ok]] + pick[ok]]
    passive = c.entered[cand] & ~c.searching[cand] & (c.employer[cand] != -1)
    cand, req, key = cand[passive], req[passive], key[passive]
    engage = (draws.uniform("source.engage", key)
              < h.sourced_response * pay_appeal(m, cand, req))
    return cand[engage], req[engage]


def _one_per_firm(m: Market, cand: np.ndarray, req: np.ndarray, sourced: np.ndarray,
                  live: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A firm interviews a candidate once: drop pairs at firms they are in process with.

    Of several new pairs with one firm, the first in list order (lowest requisition,
    and of a repeated pair the application before the sourcing) is kept; the firm
    matches the candidate to a seat through that one loop.
    """
    p, firm = m.procs, m.reqs["firm"][req]
    key = pair_key(cand, firm)
    busy = np.sort(pair_key(p["cand"][live], p["firm"][live]))
    keep = np.ones(len(key), dtype=bool)
    if len(busy):
        pos = np.minimum(busy.searchsorted(key), len(busy) - 1)
        keep &= busy[pos] != key
    # The first of each key in list order (np.unique's return_index, without its wrapper).
    order = np.argsort(key, kind="stable")
    sorted_key = key[order]
    first = np.ones(len(key), dtype=bool)
    first[1:] = sorted_key[1:] != sorted_key[:-1]
    once = np.zeros(len(key), dtype=bool)
    once[order[first]] = True
    keep &= once
    return cand[keep], req[keep], sourced[keep]


def _start_processes(m: Market, cand: np.ndarray, req: np.ndarray, free: np.ndarray,
                     sourced: np.ndarray) -> None:
    """Open one process per new (candidate, seat) pair, within each candidate's slots.

    ``sourced`` marks pairs a recruiter started: the passive candidate turns open to moves.
    """
    c, r, p, h = m.cands, m.reqs, m.procs, m.cfg.hiring
    # Sorting the pair with the sourced flag as its lowest bit keeps, of repeated pairs,
    # the application (listed first) as a stable sort by pair would, without an argsort.
    key = np.sort((pair_key(cand, req) << 1) | sourced)
    pair, sourced = key >> 1, (key & 1).astype(bool)
    live = p["live"]
    if h.one_process_per_firm:  # one per (candidate, firm) implies one per (candidate, seat)
        cand, req, sourced = _one_per_firm(m, pair >> 32, pair & 0xFFFFFFFF, sourced, live)
    else:  # one process per (candidate, seat): drop repeats and pairs already in process
        keep = np.ones(len(pair), dtype=bool)
        keep[1:] = pair[1:] != pair[:-1]
        live_key = np.sort(pair_key(p["cand"][live], p["req"][live]))
        if len(live_key):
            pos = np.minimum(live_key.searchsorted(pair), len(live_key) - 1)
            keep &= live_key[pos] != pair
        pair, sourced = pair[keep], sourced[keep]
        cand, req = pair >> 32, pair & 0xFFFFFFFF
    # Respect the slot limit when one candidate drew several requisitions (cand is sorted).
    rank = np.arange(len(cand)) - cand.searchsorted(cand, side="left")
    ok = rank < free[cand]
    cand, req, sourced = cand[ok], req[ok], sourced[ok]
    if len(cand) == 0:
        return
    # An engaged passive candidate is now open to moves.
    start_looking(m, cand[sourced])
    own = c.role[cand] == r["role"][req]
    general = c.role[cand] == GENERAL
    fit = np.where(own, c.fit_mult[cand], np.where(general, h.general_fit, h.offrole_fit))
    # An int32 one: a Python 1 would send np.add.at down its slow casting path (~10x).
    np.add.at(r["applicants"], req, np.int32(1))
    np.add.at(r["relevant"], req, own.astype(np.int32))
    draw_key = pair_draw_key(cand, r["key"][req])
    m.procs.append(  # the rest start as the process table's fill (records.PROCESS_FILL)
        cand=cand, req=req, firm=r["firm"][req], draw_key=draw_key,
        due=m.week + stage_weeks(m, r["weeks_per_stage"][req], draw_key),
        started=m.week, hidden=~own, fit=fit, quality=2.0 * fit - 1.0 + 0.3 * c.skill[cand],
    )
    m.recorder.count("applications", len(cand))

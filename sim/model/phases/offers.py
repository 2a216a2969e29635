"""Phase 6: offers with deadlines, and candidates' decisions (M2, M3, M9, M10, M12).

A requisition with a candidate through its last stage makes one offer at a time, to
the best-read candidate. A candidate holding offers decides when one reaches its
deadline, when nothing else is pending, or when their patience runs out — so a slow
process loses the candidate to a faster offer (M9). They take the offer they value
most if it beats staying put; taking it ends all their other processes. Offers that
compete on price (M15: matching, counter-offers, the market pay index) act here when
``cfg.pricing`` switches them on (:mod:`sim.model.rules.price_competition`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from sim.config.codes import (
    AWAITING_OFFER,
    BIGTECH,
    EV_HIRE,
    EV_OFFER,
    GENERAL,
    HIRED,
    LOST_TO_FASTER,
    OFFER_DECLINED,
    OFFER_HELD,
    REQ_CLOSED_CAUSE,
    REQ_FILLED,
    REQ_OPEN,
    STARTUP,
)
from sim.model.ops import end_processes
from sim.model.rules.closing import closing_call
from sim.model.rules.price_competition import counter_offers, match_offers
from sim.model.rules.valuation import OfferValues, stay_values, value_offers
from sim.model.sorted_runs import best_other_position, first_per_group, group_of_rows
from sim.model.state.population import settle_traits

if TYPE_CHECKING:
    from sim.model.market import Market


CLOSING_CALLS = 3
"""Finalists a seat may call in one week when closing calls turn some down (M9;
ASSUMPTION: a recruiter works through a short list within the week)."""


def make_offers(m: Market) -> None:
    """Each open requisition with no offer out offers its best waiting candidate.

    With closing calls on (``hiring.closing_check`` or ``closing_check_startup`` above
    0), an offer found to lose is not made and the seat calls its next finalist, up to
    :data:`CLOSING_CALLS` in a week.
    """
    closing = max(m.cfg.hiring.closing_check, m.cfg.hiring.closing_check_startup) > 0
    for _ in range(CLOSING_CALLS if closing else 1):
        rows = _finalists(m)
        if len(rows) == 0:
            return
        vals = _values(m, rows)
        if closing:
            keep = closing_call(m, rows, vals)
            if not keep.all():
                _extend(m, rows[keep], vals.subset(keep))
                continue
        _extend(m, rows, vals)
        return


def _finalists(m: Market) -> np.ndarray:
    """Per open seat with no offer out, its best-read candidate through the last stage."""
    p, r = m.procs, m.reqs
    rows = (p["live"] & (p["status"] == AWAITING_OFFER)).nonzero()[0]
    req = p["req"][rows]
    rows = rows[(r["status"][req] == REQ_OPEN) & ~r["offer_out"][req]]
    if len(rows) == 0:
        return rows
    order = np.lexsort((-p["score"][rows], p["req"][rows]))
    rows = rows[order]
    return rows[first_per_group(p["req"][rows])]


def _values(m: Market, rows: np.ndarray) -> OfferValues:
    """How each finalist values the offer their seat would make."""
    p, r, c = m.procs, m.reqs, m.cands
    req, cand, firm = p["req"][rows], p["cand"][rows], p["firm"][rows]
    taste = m.draws.logistic("taste", m.cfg.valuation.decision_noise, p["draw_key"][rows])
    seniority = r["seniority"][req].astype(np.intp)  # indexes pay vectors: intp is faster
    # The market pay index (M15) scales the offered band; off, it is not applied at all.
    index = m.pay_index[r["role"][req]] if m.cfg.pricing.pay_index_drift > 0 else None
    # A seat whose firm raised its offer (M14, stale-seat response raise_offer) offers that
    # much more pay; seats never raised leave the arithmetic untouched.
    raised = r["offer_mult"][req]
    if np.any(raised != 1.0):
        index = raised if index is None else index * raised
    return value_offers(m.cfg, c, m.firms, cand, firm, seniority,
                        (m.week - p["started"][rows]).astype(float), taste,
                        m.bigtech_pay_mult, index)


def _extend(m: Market, rows: np.ndarray, vals: OfferValues) -> None:
    """Make the offers: each holds its seat's one offer slot until its deadline."""
    if len(rows) == 0:
        return
    p, r, c = m.procs, m.reqs, m.cands
    req, cand, firm = p["req"][rows], p["cand"][rows], p["firm"][rows]
    p["status"][rows] = OFFER_HELD
    p["deadline"][rows] = m.week + r["deadline"][req]
    p["value"][rows], p["value_x"][rows] = vals.value, vals.value_explained
    p["cash"][rows], p["nonpay"][rows], p["base"][rows] = vals.cash, vals.nonpay, vals.base
    p["equity"][rows] = vals.equity
    r["offer_out"][req] = True
    c.first_offer_week[cand] = np.where(c.first_offer_week[cand] < 0, m.week,
                                        c.first_offer_week[cand])
    m.recorder.log(kind=EV_OFFER, firm=firm, firm_kind=m.firms.kind[firm], cand=cand, req=req,
                   role=r["role"][req], cand_role=c.role[cand],
                   weeks=m.week - p["started"][rows], value=vals.value)


def decide(m: Market) -> None:
    """Candidates due to decide take their best offer or turn all of them down."""
    p, c = m.procs, m.cands
    held = (p["live"] & (p["status"] == OFFER_HELD)).nonzero()[0]
    if len(held) == 0:
        return
    pending = np.zeros(c.n, dtype=bool)  # still interviewing or waiting for an offer
    pending[p["cand"][p["live"] & (p["status"] != OFFER_HELD)]] = True
    hc = p["cand"][held]
    patience = m.cfg.candidates.patience_weeks
    due = ((p["deadline"][held] <= m.week) | ~pending[hc]
           | (m.week - c.first_offer_week[hc] >= patience))
    deciders = hc[due]  # may repeat (several offers due): only marked and reset below
    is_decider = np.zeros(c.n, dtype=bool)
    is_decider[deciders] = True
    rows = held[is_decider[hc]]
    rows = rows[np.lexsort((-p["value"][rows], p["cand"][rows]))]
    first = first_per_group(p["cand"][rows])
    pricing = m.cfg.pricing
    if pricing.matching_on:  # M15: the runner-up may raise its offer to beat the best
        rows = match_offers(m, rows, first)
    best = rows[first]
    stay = stay_values(m.cfg, c, p["cand"][best], m.week)
    accept = p["value"][best] > stay
    stayed_kind: np.ndarray | int = -1
    if pricing.counters_on:  # M15: the employer may counter a resignation
        accept, stay, stayed_kind = counter_offers(m, best, accept, stay)
    taken = best[accept]

    # Per decider (one group of ``rows`` each): the firm kind they took (a counter
    # accepted counts as taking the employer's, and is flagged ``countered``), and the
    # value they walked away to (the offer taken, else staying put).
    took_kind = np.where(accept, m.firms.kind[p["firm"][best]], stayed_kind).astype(np.int8)
    countered = ~accept & (stayed_kind >= 0)
    alt = np.where(accept, p["value"][best], stay)
    group = group_of_rows(first, len(rows))
    out = np.ones(len(rows), dtype=bool)
    out[first[accept]] = False
    declined, dg = rows[out], group[out]
    pos, has = best_other_position(first, group)  # each offer's best rival of its run
    other = np.where(has, p["value"][rows][pos], -np.inf)[out]
    base_only = (m.firms.kind[p["firm"][declined]] == STARTUP) & ~m.firms.explained[
        p["firm"][declined]]
    would = base_only & (p["value_x"][declined] > np.maximum(alt[dg], other))
    end_processes(m, declined, OFFER_DECLINED, explained_would_accept=would,
                  took_kind=took_kind[dg], countered=countered[dg])
    c.first_offer_week[deciders] = -1
    _hire(m, taken)


def _hire(m: Market, rows: np.ndarray) -> None:
    """Accepted offers: fill the seat, move the person, end their other processes."""
    if len(rows) == 0:
        return
    p, r, c, f = m.procs, m.reqs, m.cands, m.firms
    cand, req, firm = p["cand"][rows], p["req"][rows], p["firm"][rows]
    r["status"][req] = REQ_FILLED
    r["hired"][req] = cand
    r["closed_week"][req] = m.week
    r["offer_out"][req] = False
    settle_traits(c, cand, m.week, m.cfg)
    # Big tech and labs backfill the ML staff hired away from them (M1).
    m.bigtech_departures += int(np.count_nonzero((c.employer_kind[cand] >= BIGTECH)
                                                 & (c.role[cand] != GENERAL)))
    m.move_payroll(cand, -1.0)  # leave the old employer's payroll ...
    c.employer[cand] = firm
    c.employer_kind[cand] = f.kind[firm]
    c.hired_week[cand] = m.week
    c.hire_fit[cand] = p["fit"][rows]
    c.pay[cand], c.nonpay[cand], c.salary[cand] = p["cash"][rows], p["nonpay"][rows], \
        p["base"][rows]
    m.move_payroll(cand, +1.0)  # ... and join the new one's
    c.searching[cand] = False
    f.first_hire_week[firm] = np.where(f.first_hire_week[firm] < 0, m.week,
                                       f.first_hire_week[firm])
    m.recorder.log(kind=EV_HIRE, firm=firm, firm_kind=f.kind[firm], cand=cand, req=req,
                   role=r["role"][req], cand_role=c.role[cand], weeks=m.week - r["opened"][req],
                   search_weeks=m.week - c.search_start[cand], stage=f.stage[firm],
                   value=p["value"][rows])
    end_processes(m, rows, HIRED)
    # Everything else the hires were in is lost to this faster offer ...
    hired = np.zeros(c.n, dtype=bool)
    hired[cand] = True
    end_processes(m, (p["live"] & hired[p["cand"]]).nonzero()[0], LOST_TO_FASTER)
    # ... and everyone else in the filled seats' pipelines is told the seat is gone.
    filled = np.zeros(len(r), dtype=bool)
    filled[req] = True
    end_processes(m, (p["live"] & filled[p["req"]]).nonzero()[0], REQ_CLOSED_CAUSE)

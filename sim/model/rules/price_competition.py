"""Offers that compete on price (M15): counter-offers and matching.

Phase 6b (``offers.decide``) calls these only when ``cfg.pricing`` switches them on (any
rate above zero, as at the defaults); switched off, nothing is drawn for them.

- **Counter-offers.** A candidate about to resign from a firm in the model for a better
  offer may get a counter: with probability ``counter_offer_rate_<kind>`` the employer
  raises their pay by a uniform 10–30% (``counter_raise_low`` to
  ``counter_raise_high_<kind>``). They stay if staying at the raised pay is now worth
  more than the offer (the same stay value as always, at the new pay). A counter
  accepted leaves the outside seat open and its offer declined.
- **Matching.** A candidate holding two or more offers asks the firm of the runner-up to
  beat the best. That firm adds cash up to ``match_cap_share_<kind>`` of its offered
  base (a startup may also scale its equity up to ``startup_match_equity_mult``) if
  that is enough to win, and then bids just enough (``MATCH_EDGE`` over the best);
  otherwise it does not bid. The candidate then decides as usual.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from sim.config.codes import BIGTECH, EV_COUNTER_OFFER, EV_OFFER_MATCH, HIRED, OFFER_DECLINED
from sim.model.rules.valuation import stay_values

if TYPE_CHECKING:
    from sim.model.market import Market

MATCH_EDGE = 1.0
"""kUSD/yr a matching firm bids above the best offer's value, so its offer wins."""


def counter_offers(m: Market, best: np.ndarray, accept: np.ndarray,
                   stay: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Employers counter resignations; some candidates stay at the raised pay.

    Args:
        m: The market.
        best: Each decider's best offer (process rows).
        accept: Whether each decider is taking ``best`` (about to resign).
        stay: Each decider's value of staying put (kUSD/yr).

    Returns:
        ``accept`` and ``stay`` after counters, and per decider the firm kind of the
        employer whose counter they accepted (-1 if none).

    """
    p, c, pc = m.procs, m.cands, m.cfg.pricing
    stayed_kind = np.full(len(best), -1, dtype=np.int8)
    pos = np.flatnonzero(accept)
    cand, emp = p["cand"][best[pos]], c.employer[p["cand"][best[pos]]]
    # Only an employer inside the model counters (not unemployment, not outside jobs),
    # and not the firm the candidate is moving within.
    at = (emp >= 0) & (emp != p["firm"][best[pos]])
    pos, cand, emp = pos[at], cand[at], emp[at]
    if len(pos) == 0:
        return accept, stay, stayed_kind
    kind = m.firms.kind[emp]
    bt = kind >= BIGTECH  # big tech and labs
    # Two draws per resignation: whether the employer counters, and how high.
    draw = m.draws.uniform("counter_offer", cand)
    share = m.draws.uniform("counter_offer.raise", cand)
    made = draw < np.where(bt, pc.counter_offer_rate_bigtech, pc.counter_offer_rate_startup)
    high = np.where(bt, pc.counter_raise_high_bigtech, pc.counter_raise_high_startup)
    lift = 1.0 + pc.counter_raise_low + share * (high - pc.counter_raise_low)
    pos, cand, emp, kind, lift = pos[made], cand[made], emp[made], kind[made], lift[made]
    if len(pos) == 0:
        return accept, stay, stayed_kind
    old_pay = c.pay[cand].copy()
    c.pay[cand] = old_pay * lift
    new_stay = stay_values(m.cfg, c, cand, m.week)
    keep = new_stay > p["value"][best[pos]]
    c.pay[cand[~keep]] = old_pay[~keep]  # they leave anyway: the raise never happens
    kept = cand[keep]
    m.move_payroll(kept, -1.0)  # the raise reaches payroll (and weekly burn)
    c.salary[kept] *= lift[keep]
    m.move_payroll(kept, +1.0)
    accept = accept.copy()
    stay = stay.copy()
    accept[pos[keep]] = False
    stay[pos[keep]] = new_stay[keep]
    stayed_kind[pos[keep]] = kind[keep]
    req = p["req"][best[pos]]
    m.recorder.log(kind=EV_COUNTER_OFFER, firm=emp, firm_kind=kind, cand=cand, req=req,
                   role=m.reqs["role"][req], cand_role=c.role[cand],
                   cause=np.where(keep, OFFER_DECLINED, HIRED).astype(np.int8),
                   value=old_pay * (lift - 1.0))
    return accept, stay, stayed_kind


def match_offers(m: Market, rows: np.ndarray, first: np.ndarray) -> np.ndarray:
    """Runner-up firms raise their offers to beat the best, within their caps.

    Args:
        m: The market.
        rows: Held offers of the deciders, sorted by candidate, then value descending.
        first: Position in ``rows`` where each candidate's offers start.

    Returns:
        ``rows`` re-sorted by candidate, then value descending, after the raises.

    """
    p, f, pc = m.procs, m.firms, m.cfg.pricing
    size = np.diff(np.append(first, len(rows)))
    two = first[size >= 2]
    if len(two) == 0:
        return rows
    best, second = rows[two], rows[two + 1]
    firm = p["firm"][second]
    su = f.kind[firm] < BIGTECH
    cash_cap = np.where(su, pc.match_cap_share_startup, pc.match_cap_share_bigtech) * \
        p["base"][second]
    equity_cap = np.where(su, (pc.startup_match_equity_mult - 1.0) * p["equity"][second], 0.0)
    gap = p["value"][best] - p["value"][second]
    win = cash_cap + equity_cap > gap
    second, best, firm = second[win], best[win], firm[win]
    if len(second) == 0:
        return rows
    bid = np.minimum(cash_cap[win] + equity_cap[win], gap[win] + MATCH_EDGE)
    cash = np.minimum(bid, cash_cap[win])  # cash first, then equity
    p["value"][second] += bid
    p["value_x"][second] += bid
    p["cash"][second] += bid  # the hire's pay: cash and equity value
    p["base"][second] += cash
    p["equity"][second] += bid - cash
    cand, req = p["cand"][second], p["req"][second]
    m.recorder.log(kind=EV_OFFER_MATCH, firm=firm, firm_kind=f.kind[firm], cand=cand, req=req,
                   role=m.reqs["role"][req], cand_role=m.cands.role[cand], value=bid)
    return rows[np.lexsort((-p["value"][rows], p["cand"][rows]))]

"""The closing call: a firm learns before it offers whether its offer would lose (M9).

Recruiters "close" a finalist before the written offer: they ask what it would take
and what else is on the table. An offer that would lose — to staying put, or to an
offer the candidate already holds — is then usually not made: the candidate withdraws
and the seat moves on to its next finalist instead of waiting out a deadline. This is
why big tech's formal acceptance is high (84%, cal §8 #39) although candidates run
several processes at once. The call is imperfect (``hiring.closing_check``), and it
cannot foresee what comes later: a counter-offer at resignation, or a better offer
that arrives while the candidate decides.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from sim.config.codes import EV_CLOSING_CALL, OFFER_DECLINED, OFFER_HELD, STARTUP
from sim.model.ops import end_processes
from sim.model.rules.valuation import OfferValues, stay_values

if TYPE_CHECKING:
    from sim.model.market import Market


def closing_call(m: Market, rows: np.ndarray, vals: OfferValues) -> np.ndarray:
    """Which of the offers about to be made survive the closing call (a mask over rows).

    A caught finalist declines before the offer is written: the process ends as
    ``offer_declined``, with the decision columns a declined written offer logs (the
    kind of the better offer they hold, or -1 if they would rather stay; whether an
    explained package would have won), and a ``closing_call`` event records it, so
    that acceptance can be read over written offers or over every finalist.
    """
    p, c = m.procs, m.cands
    cand = p["cand"][rows]
    held = (p["live"] & (p["status"] == OFFER_HELD)).nonzero()[0]
    best_held = np.full(c.n, -np.inf)
    np.maximum.at(best_held, p["cand"][held], p["value"][held])
    held_kind = np.full(c.n, -1, dtype=np.int8)
    # The kind of each candidate's best held offer (rows sorted by value: the last wins).
    order = held[np.argsort(p["value"][held], kind="stable")]
    held_kind[p["cand"][order]] = m.firms.kind[p["firm"][order]]
    stay = stay_values(m.cfg, c, cand, m.week)
    rival = np.maximum(stay, best_held[cand])
    caught = vals.value <= rival
    at = caught.nonzero()[0]  # keyed draws: only where the call can change anything
    caught[at] = (m.draws.uniform("closing_call", p["draw_key"][rows[at]])
                  < m.cfg.hiring.closing_check)
    if caught.any():
        ended, who = rows[caught], cand[caught]
        firm = p["firm"][ended]
        base_only = (m.firms.kind[firm] == STARTUP) & ~m.firms.explained[firm]
        would = base_only & (vals.value_explained[caught] > rival[caught])
        took = np.where(best_held[who] > stay[caught], held_kind[who], -1).astype(np.int8)
        end_processes(m, ended, OFFER_DECLINED, explained_would_accept=would, took_kind=took)
        req = p["req"][ended]
        m.recorder.log(kind=EV_CLOSING_CALL, firm=firm, firm_kind=m.firms.kind[firm],
                       cand=who, req=req, role=m.reqs["role"][req], cand_role=c.role[who],
                       weeks=m.week - p["started"][ended], stage=p["stage"][ended],
                       cause=OFFER_DECLINED,
                       took_kind=took, value=vals.value[caught])
    return ~caught

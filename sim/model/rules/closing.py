"""The closing call: a firm learns before it offers whether its offer would lose (M9).

Recruiters "close" a finalist before the written offer: they ask what it would take
and what else is on the table. An offer that would lose — to staying put, or to an
offer the candidate already holds — is then usually not made: the candidate withdraws
and the seat moves on to its next finalist instead of waiting out a deadline. This is
why big tech's formal acceptance is high (84%, cal §8 #39) although candidates run
several processes at once; founders, who close their own hires, catch fewer
(``hiring.closing_check_startup``).

What is on the table includes the other final rounds the candidate finishes this week:
a finalist tells each recruiter about an offer about to be made elsewhere, so of two
offers headed for one candidate in the same week, the one they value less is caught
like an offer that would lose to one in hand. The call is imperfect
(``hiring.closing_check``), and it cannot foresee what comes later: a counter-offer at
resignation, or a better offer that arrives while the candidate decides.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from sim.config.codes import (
    EV_CLOSING_CALL,
    LOST_TO_FASTER,
    OFFER_DECLINED,
    OFFER_HELD,
    STARTUP,
)
from sim.model.ops import end_processes
from sim.model.rules.valuation import OfferValues, stay_values
from sim.model.sorted_runs import best_other_position, first_per_group, group_of_rows

if TYPE_CHECKING:
    from sim.model.market import Market


def closing_call(m: Market, rows: np.ndarray, vals: OfferValues) -> np.ndarray:
    """Which of the offers about to be made survive the closing call (a mask over rows).

    A caught finalist declines before the offer is written: the process ends as
    ``offer_declined``, with the decision columns a declined written offer logs (the
    kind of the better offer they hold or get this week, or -1 if they would rather
    stay; whether an explained package would have won), and a ``closing_call`` event
    records it, so that acceptance can be read over written offers or over every
    finalist. The event's cause is ``lost_to_faster_offer`` when the better offer was
    already in hand, else ``offer_declined``.
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
    firm_kind = m.firms.kind[p["firm"][rows]]
    final_other, final_kind = _best_other_final(cand, vals.value, firm_kind)
    held_value = np.maximum(best_held[cand], final_other)  # in hand or offered this week
    held_by = np.where(final_other > best_held[cand], final_kind, held_kind[cand])
    rival = np.maximum(stay, held_value)
    caught = vals.value <= rival
    at = caught.nonzero()[0]  # keyed draws: only where the call can change anything
    h = m.cfg.hiring
    check = np.where(firm_kind[at] == STARTUP, h.closing_check_startup, h.closing_check)
    caught[at] = m.draws.uniform("closing_call", p["draw_key"][rows[at]]) < check
    if caught.any():
        ended, who = rows[caught], cand[caught]
        firm = p["firm"][ended]
        base_only = (firm_kind[caught] == STARTUP) & ~m.firms.explained[firm]
        would = base_only & (vals.value_explained[caught] > rival[caught])
        took = np.where(held_value[caught] > stay[caught], held_by[caught], -1).astype(np.int8)
        end_processes(m, ended, OFFER_DECLINED, explained_would_accept=would, took_kind=took)
        req = p["req"][ended]
        # The event says what beat the offer: one already in hand came faster
        # (lost_to_faster_offer); staying put, or an offer made the same week, did not.
        faster = (best_held[who] > stay[caught]) & (best_held[who] >= final_other[caught])
        m.recorder.log(kind=EV_CLOSING_CALL, firm=firm, firm_kind=firm_kind[caught],
                       cand=who, req=req, role=m.reqs["role"][req], cand_role=c.role[who],
                       weeks=m.week - p["started"][ended], stage=p["stage"][ended],
                       cause=np.where(faster, LOST_TO_FASTER, OFFER_DECLINED).astype(np.int8),
                       took_kind=took, value=vals.value[caught])
    return ~caught


def _best_other_final(cand: np.ndarray, value: np.ndarray, kind: np.ndarray,
                      ) -> tuple[np.ndarray, np.ndarray]:
    """Per finalist row, the best of the same candidate's other offers this round.

    Returns its value (−inf for a candidate with one final round this week: most rows)
    and its firm kind (−1 where there is none).
    """
    out = np.full(len(cand), -np.inf)
    out_kind = np.full(len(cand), -1, dtype=np.int8)
    order = np.lexsort((-value, cand))  # by candidate, best offer first
    first = first_per_group(cand[order])
    if len(first) == len(cand):  # nobody has two final rounds this week
        return out, out_kind
    pos, has = best_other_position(first, group_of_rows(first, len(cand)))
    rows, best = order[has], order[pos[has]]
    out[rows], out_kind[rows] = value[best], kind[best]
    return out, out_kind

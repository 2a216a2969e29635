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

from sim.config.codes import LOST_TO_FASTER, OFFER_DECLINED, OFFER_HELD, STARTUP
from sim.model.ops import end_processes
from sim.model.rules.valuation import OfferValues, stay_values

if TYPE_CHECKING:
    from sim.model.market import Market


def closing_call(m: Market, rows: np.ndarray, vals: OfferValues) -> np.ndarray:
    """Which of the offers about to be made survive the closing call (a mask over rows).

    A caught offer ends its process before it is made: as ``lost_to_faster_offer`` when
    the candidate holds a better offer, else as ``offer_declined`` (they would rather
    stay), with the same decision columns a declined written offer logs.
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
    caught = (vals.value <= rival) & (
        m.streams["offers"].random(len(rows)) < m.cfg.hiring.closing_check)
    if caught.any():
        firm = p["firm"][rows[caught]]
        base_only = (m.firms.kind[firm] == STARTUP) & ~m.firms.explained[firm]
        would = base_only & (vals.value_explained[caught] > rival[caught])
        to_offer = best_held[cand[caught]] > stay[caught]
        ended = rows[caught]
        end_processes(m, ended[to_offer], LOST_TO_FASTER)
        end_processes(m, ended[~to_offer], OFFER_DECLINED,
                      explained_would_accept=would[~to_offer],
                      took_kind=np.full(np.count_nonzero(~to_offer), -1, dtype=np.int8))
    return ~caught

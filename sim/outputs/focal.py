"""Focal metrics on seats and rounds: each planned seat once, and the round beside the milestone.

A *seat* is one position the focal startup wants filled. When a posting closes unfilled
the startup posts the seat again (a custom plan reopens it; the strategy's rule opens a
new posting for the same need), so one seat can span several postings. Postings are
chained into seats here: a posting continues an earlier seat of the same role and
seniority whose last posting had closed unfilled by the week it opened; otherwise it
starts a new seat. A seat counts as filled if any of its postings was filled.

Reaching the milestone is not raising the round: a startup at its milestone raises
with a weekly probability (phase 7), burning cash meanwhile, so ``focal.raised_round``
and ``focal.weeks_to_round`` sit beside ``focal.weeks_to_milestone``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from sim.config.codes import EV_RAISE, REQ_CLOSED, REQ_FILLED
from sim.outputs.shares import share

if TYPE_CHECKING:
    from sim.model.market import Market


def seat_ids(role: np.ndarray, seniority: np.ndarray, opened: np.ndarray,
             closed: np.ndarray, status: np.ndarray) -> np.ndarray:
    """Seat number (0, 1, …) of each of one firm's postings, given in the order opened.

    Args:
        role: Role (code or name) of each posting.
        seniority: Seniority (code or name) of each posting.
        opened: Week each posting opened.
        closed: Week each posting closed (any value while open).
        status: ``REQ_OPEN``, ``REQ_FILLED`` or ``REQ_CLOSED`` (closed unfilled).

    Returns:
        One seat number per posting; reposts of a seat share its number.

    """
    out = np.empty(len(role), dtype=np.int64)
    waiting: dict[tuple, list[tuple[int, int]]] = {}  # (role, seniority) → (closed, seat)
    n = 0
    for i in range(len(role)):
        key = (role[i], seniority[i])  # codes or names: only equality matters
        queue = waiting.setdefault(key, [])
        k = next((j for j, (c, _) in enumerate(queue) if c <= opened[i]), None)
        if k is None:
            out[i], n = n, n + 1
        else:
            out[i] = queue.pop(k)[1]
        if status[i] == REQ_CLOSED:
            queue.append((int(closed[i]), int(out[i])))
    return out


def focal_extra_metrics(m: Market) -> dict[str, float]:
    """``focal.seats_filled_share``, ``focal.raised_round`` and ``focal.weeks_to_round``."""
    r, e, f = m.reqs, m.events, m.firms
    own = np.flatnonzero(r["firm"] == 0)  # postings in the order opened
    status = r["status"][own]
    seat = seat_ids(r["role"][own], r["seniority"][own], r["opened"][own],
                    r["closed_week"][own], status)
    n_seats = len(np.unique(seat))
    filled = len(np.unique(seat[status == REQ_FILLED]))
    raises = e["week"][(e["kind"] == EV_RAISE) & (e["firm"] == 0)]
    return {
        "focal.seats_filled_share": share(filled, n_seats),
        "focal.raised_round": float(f.raised[0] > 0),
        "focal.weeks_to_round": float(raises.min()) if len(raises) else float(m.week + 1),
    }


__all__ = ["focal_extra_metrics", "seat_ids"]

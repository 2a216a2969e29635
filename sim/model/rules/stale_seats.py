"""Firms' responses to a seat that will not fill (M14), run in phase 3 of the week.

A requisition is a need, not an advert. A seat open ``stale_seats.stale_after_weeks``
without a hire is *stale*; its firm reviews it then and every
``stale_seats.review_every_weeks`` after, while it stays open with no offer out (a seat
with an offer out may fill this week). At a review the firm takes one response:

- ``repost``: the posting goes up again as new (``posted`` = this week; ``opened``, from
  which time to fill counts, stays);
- ``source``: its recruiters source harder for the seat (``source_mult`` rises by
  ``source_step``, up to ``source_max_mult``);
- ``relax``: the pass bar drops one notch (``bar_shift`` += ``relax_step``, at most
  ``relax_max_notches`` times);
- ``raise_offer``: the posted base and the offer rise by ``raise_step``, at most
  ``raise_max_steps`` times (the band's budget); a startup also needs
  ``startups.min_runway_weeks`` of runway with the raised salary on its burn;
- ``rescope``: once per seat, a precise seat becomes a blanket "ML Engineer" generalist
  seat (``rescope_to = "generalist"``) or moves to the adjacent role (``"adjacent"``);
  its apply chances follow the new title;
- ``cancel``: the seat closes unfilled (its processes end as ``req_closed``).

Background firms draw the response by the shares of their kind (``startup_response``,
``bigtech_response``; labs use big tech's), one keyed draw per seat review; the focal
startup follows ``focal.stale_response``, its k-th entry at a seat's k-th review. A
response whose limit is reached does nothing and logs nothing; each one taken logs a
``seat_response`` event whose cause names it. With every share zero and no focal
response, nothing runs and no random number is drawn.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from sim.config.codes import (
    EV_SEAT_RESPONSE,
    ML_ENGINEER,
    REQ_OPEN,
    RESPONSE_CAUSE0,
    STARTUP,
)
from sim.config.params import ROLES
from sim.config.stale_seats import RESPONSES
from sim.model.ops import close_requisitions

if TYPE_CHECKING:
    from sim.config import SimConfig
    from sim.config.hiring import HiringConfig
    from sim.model.market import Market

REPOST, SOURCE, RELAX, RAISE_OFFER, RESCOPE, CANCEL = range(len(RESPONSES))
NONE = -1

_ADJACENT_NAMES = {
    "ml_engineer": "ai_engineer",  # applied ML generalists and LLM-app builders overlap
    "mlops": "ml_infra",  # pipelines and platform: the same tooling
    "ml_infra": "mlops",
    "ml_inference": "ml_infra",  # serving is systems work; inference people are scarcest (M5)
    "ai_engineer": "ml_engineer",
}
ADJACENT_ROLE = np.array([ROLES.index(_ADJACENT_NAMES[r]) for r in ROLES], dtype=np.int8)
"""Per role code, the role a seat re-scoped to an adjacent role moves to (ASSUMPTION)."""


def seat_apply_chances(h: HiringConfig, jd_reqs: np.ndarray, precise: np.ndarray
                       ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Chance that a candidate who sees a seat applies, by how it is advertised (M4, M8).

    For a candidate of the seat's role, of another ML role, and a general engineer; an
    overloaded JD deters the relevant ones. ``demand.apply_chances`` gives these per
    firm; a re-scoped seat gets them anew for its new title.
    """
    excess = np.maximum(jd_reqs - h.jd_focused_requirements, 0)
    own = np.exp(-h.jd_relevant_decay * excess) * np.where(precise, 1.0,
                                                           h.blanket_relevant_apply)
    other = np.where(precise, h.offrole_apply_precise, h.offrole_apply_blanket)
    general = np.where(precise, 0.0, h.general_apply_blanket)
    return own, other, general


def focal_ladder(cfg: SimConfig) -> np.ndarray:
    """The focal startup's responses by review (codes; NONE for 'none'), empty if none."""
    if cfg.focal is None or all(x == "none" for x in cfg.focal.stale_response):
        return np.empty(0, dtype=np.int64)
    return np.array([RESPONSES.index(x) if x != "none" else NONE
                     for x in cfg.focal.stale_response])


def respond_to_stale_seats(m: Market) -> None:
    """Review the stale seats due this week; each firm takes its response (see module doc)."""
    ss = m.cfg.stale_seats
    ladder = focal_ladder(m.cfg)
    background = bool(ss.startup_response.arr.any() or ss.bigtech_response.arr.any())
    if not background and not len(ladder):
        return  # off: no scan, no draw
    r = m.reqs
    age = m.week - r["opened"]
    after = ss.stale_after_weeks
    due = ((r["status"] == REQ_OPEN) & ~r["offer_out"] & (age >= after)
           & ((age - after) % ss.review_every_weeks == 0)).nonzero()[0]
    if len(due) == 0:
        return
    choice = np.full(len(due), NONE, dtype=np.int64)
    is_focal = m.firms.focal[r["firm"][due]]
    if background:
        bg = (~is_focal).nonzero()[0]
        su = r["firm_kind"][due[bg]] == STARTUP
        u = m.draws.uniform("stale_response", r["key"][due[bg]])
        # The responses whose cumulative share is ≤ u (shares are ≥ 0, so the sums only
        # grow): a search in each kind's sums, not a count over a seats × responses mask.
        pick = np.where(su, ss.startup_response.arr.cumsum().searchsorted(u, side="right"),
                        ss.bigtech_response.arr.cumsum().searchsorted(u, side="right"))
        # u past every share's sum (pick == len(RESPONSES)) means no response.
        choice[bg] = np.where(pick < len(RESPONSES), pick, NONE)
    if len(ladder):
        fi = is_focal.nonzero()[0]
        choice[fi] = ladder[np.minimum(r["reviews"][due[fi]], len(ladder) - 1)]
    r["reviews"][due] += 1
    # The responses' events are logged in one batch, in the order the responses run:
    # each seat takes one response, which alone writes the columns its event reads.
    taken: list[tuple[np.ndarray, int, np.ndarray | float]] = []
    for code, act in enumerate(_ACTIONS):
        seats = due[choice == code]
        if len(seats):
            done, value = act(m, seats)
            taken.append((done, RESPONSE_CAUSE0 + code, value))
    if taken:
        _log(m, taken)


def _log(m: Market, taken: list[tuple[np.ndarray, int, np.ndarray | float]]) -> None:
    """One ``seat_response`` event per seat, batch by batch of (seats, cause, value).

    ``weeks`` is the seat's age since opening.
    """
    r = m.reqs
    seats = np.concatenate([batch[0] for batch in taken])
    cause = np.empty(len(seats), dtype=np.int8)
    value = np.empty(len(seats))
    start = 0
    for batch, why, batch_value in taken:
        stop = start + len(batch)
        cause[start:stop], value[start:stop] = why, batch_value
        start = stop
    m.recorder.log(kind=EV_SEAT_RESPONSE, cause=cause, firm=r["firm"][seats],
                   firm_kind=r["firm_kind"][seats], cand=-1, cand_role=-1, req=seats,
                   role=r["role"][seats], stage=r["stage"][seats],
                   weeks=m.week - r["opened"][seats], value=value)


def _repost(m: Market, seats: np.ndarray) -> tuple[np.ndarray, float]:
    """The posting goes up as new: its freshness (applications' look weight) resets."""
    m.reqs["posted"][seats] = m.week
    return seats, np.nan


def _source(m: Market, seats: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Recruiters source harder: the seat's sourcing multiplier rises (value: the new one)."""
    ss, mult = m.cfg.stale_seats, m.reqs["source_mult"]
    seats = seats[mult[seats] < ss.source_max_mult]
    mult[seats] = np.minimum(mult[seats] + ss.source_step, ss.source_max_mult)
    return seats, mult[seats]


def _relax(m: Market, seats: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The pass bar drops one notch (value: the bar's total drop, in mean interview read)."""
    ss, r = m.cfg.stale_seats, m.reqs
    seats = seats[r["relaxed"][seats] < ss.relax_max_notches]
    r["bar_shift"][seats] += ss.relax_step
    r["relaxed"][seats] += 1
    return seats, r["bar_shift"][seats]


def _raise_offer(m: Market, seats: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Posted base and offer rise one step, within budget (value: the new posted base, kUSD/yr).

    The budget is ``raise_max_steps`` steps of the band; a startup must also keep
    ``startups.min_runway_weeks`` of runway with the raised salary added to its weekly
    burn (the same floor it needs to open a seat, demand.py).
    """
    ss, r, f = m.cfg.stale_seats, m.reqs, m.firms
    seats = seats[r["raises"][seats] < ss.raise_max_steps]
    new_base = r["posted_base"][seats] * (1.0 + ss.raise_step)
    firm = r["firm"][seats]
    burn = m.weekly_burn()[firm] + new_base / 52.0  # kUSD/week with the hire on payroll
    runway = f.cash[firm] / np.maximum(burn, 1e-9)
    ok = (f.kind[firm] != STARTUP) | (runway >= m.cfg.startups.min_runway_weeks)
    seats, new_base = seats[ok], new_base[ok]
    r["posted_base"][seats] = new_base
    r["offer_mult"][seats] *= 1.0 + ss.raise_step
    r["raises"][seats] += 1
    return seats, new_base


def _rescope(m: Market, seats: np.ndarray) -> tuple[np.ndarray, float]:
    """Once per seat: a blanket generalist title, or the adjacent role (value: NaN)."""
    ss, r = m.cfg.stale_seats, m.reqs
    if ss.rescope_to == "generalist":
        # Already a blanket generalist seat: nothing to widen.
        seats = seats[~r["rescoped"][seats] & (r["precise"][seats]
                                               | (r["role"][seats] != ML_ENGINEER))]
        r["precise"][seats] = False
        r["role"][seats] = ML_ENGINEER
    else:
        seats = seats[~r["rescoped"][seats]]
        r["role"][seats] = ADJACENT_ROLE[r["role"][seats]]
    r["rescoped"][seats] = True
    own, other, general = seat_apply_chances(m.cfg.hiring, r["jd_reqs"][seats],
                                             r["precise"][seats])
    r["apply_own"][seats], r["apply_other"][seats], r["apply_general"][seats] = (
        own, other, general)
    return seats, np.nan


def _cancel(m: Market, seats: np.ndarray) -> tuple[np.ndarray, float]:
    """The seat closes unfilled; its live processes end as ``req_closed``."""
    close_requisitions(m, seats)
    return seats, np.nan


_ACTIONS = (_repost, _source, _relax, _raise_offer, _rescope, _cancel)
"""Each response by its code (the order of ``RESPONSES``)."""

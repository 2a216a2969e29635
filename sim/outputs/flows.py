"""Flow metrics: how fast seats and seekers turn over (DESIGN §8 "Flows", M14).

A median over filled seats hides the seats that never fill, so the market's pace is
measured as flows over stocks, the way labour statistics measure it:

- *vacancy yield*: hires per open requisition per month (JOLTS' hires ÷ openings);
- *matches per seeker-month*: ML hires per active ML seeker per month;
- *posting weeks*: the mean life of a requisition, filled or not;
- *seat filled by*: the share of seats filled within 13 or 26 weeks of opening, or
  before they close (``life``: within ``market.req_max_open_weeks``).

Rates are taken over the last three quarters of the run: the first quarter lets the
market settle from its initial staffing (for the default 104 weeks, weeks 27–104).
Shares and lives use only the seats observed for their whole window, so a seat still
open at the end never counts as "not filled yet" or as a short life.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np

from sim.config.codes import EV_HIRE, GENERAL, REQ_FILLED, STARTUP
from sim.model.recorder import WEEKLY_COLUMNS
from sim.outputs.shares import share

if TYPE_CHECKING:
    from sim.model.market import Market

WEEKS_PER_MONTH = 52.0 / 12.0
"""Weeks in a month (4.33), to state weekly flows per month as the sources do."""

FILLED_BY_WEEKS = (13, 26)
"""Windows of ``seat_filled_by.*``: a quarter and half a year after opening."""

KINDS = ("all", "startup", "bigtech")


def settle_weeks(weeks: int) -> int:
    """Weeks left out at the start of a run before rates are taken (a quarter of it)."""
    return math.ceil(weeks / 4)


def flow_metrics(m: Market) -> dict[str, float]:
    """Vacancy yield, matches per seeker-month, posting weeks and seats filled by 13/26 weeks.

    Args:
        m: A finished market.

    Returns:
        The ``vacancy_yield.*``, ``matches_per_seeker_month``, ``posting_weeks.*`` and
        ``seat_filled_by.*`` metrics (NaN where nothing was observed, e.g. a run too
        short for any seat to live its whole life).

    """
    out = _rates(m)
    r = m.reqs
    startup = r["firm_kind"] == STARTUP
    for key, mask in (("startup", startup), ("bigtech", ~startup)):
        out[f"posting_weeks.{key}"] = _posting_weeks(m, mask)
        for weeks in FILLED_BY_WEEKS:
            out[f"seat_filled_by.{weeks}w.{key}"] = seat_filled_by(m, mask, weeks)
        # Filled before it closes: the seat's whole life, unlike fill_rate, which counts
        # seats still open at the end of the run as unfilled.
        out[f"seat_filled_by.life.{key}"] = seat_filled_by(m, mask,
                                                           m.cfg.market.req_max_open_weeks)
    return out


def focal_flow_metrics(m: Market) -> dict[str, float]:
    """``focal.seat_filled_by.*``: the focal startup's seats filled within 13 and 26 weeks."""
    mine = m.reqs["firm"] == 0
    return {f"focal.seat_filled_by.{w}w": seat_filled_by(m, mine, w) for w in FILLED_BY_WEEKS}


def seat_filled_by(m: Market, mask: np.ndarray, weeks: int) -> float:
    """Share of the seats in ``mask`` filled within ``weeks`` of opening.

    Only seats opened at least ``weeks`` before the end count: for them the answer is
    known, whether they filled, closed unfilled or are still open.
    """
    r = m.reqs
    seen = mask & (r["opened"] <= m.week - weeks)
    filled = (r["status"] == REQ_FILLED) & (r["closed_week"] - r["opened"] <= weeks)
    return share(np.count_nonzero(seen & filled), np.count_nonzero(seen))


def _posting_weeks(m: Market, mask: np.ndarray) -> float:
    """Mean weeks from opening to filling or closing, over seats that can have ended.

    A seat closes unfilled after ``market.req_max_open_weeks`` at the latest, so every
    seat opened that long before the end has ended: their mean life is unbiased.
    """
    r = m.reqs
    ended = mask & (r["opened"] <= m.week - m.cfg.market.req_max_open_weeks)
    life = (r["closed_week"][ended] - r["opened"][ended]).astype(float)
    return float(life.mean()) if len(life) else float("nan")


def _rates(m: Market) -> dict[str, float]:
    """Hires per open requisition-month by kind, and ML hires per active seeker-month."""
    rows = np.array(m.recorder.rows, dtype=float).reshape(-1, len(WEEKLY_COLUMNS))
    col = {name: i for i, name in enumerate(WEEKLY_COLUMNS)}
    start = settle_weeks(m.cfg.market.weeks)
    window = rows[rows[:, col["week"]] > start]
    open_weeks = {"all": window[:, col["open_reqs"]].sum(),
                  "startup": window[:, col["open_reqs_startup"]].sum(),
                  "bigtech": window[:, col["open_reqs_bigtech"]].sum()}
    hires = {"all": window[:, col["hires"]].sum(),
             "startup": window[:, col["hires_startup"]].sum(),
             "bigtech": window[:, col["hires_bigtech"]].sum()}
    out = {f"vacancy_yield.{k}": share(hires[k], open_weeks[k]) * WEEKS_PER_MONTH
           for k in KINDS}
    e = m.events
    ml_hires = np.count_nonzero((e["kind"] == EV_HIRE) & (e["cand_role"] != GENERAL)
                                & (e["week"] > start))
    seeker_weeks = window[:, col["active_ml_candidates"]].sum()
    out["matches_per_seeker_month"] = share(ml_hires, seeker_weeks) * WEEKS_PER_MONTH
    return out

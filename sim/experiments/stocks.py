"""Stocks and flows of a market, and what Little's law makes of them.

In a steady state an open seat lives on average ``S / (F + C)`` weeks (S open seats; F
seats filled and C closed unfilled per week), and an active ML seeker is hired after
about ``1 / h`` weeks, where ``h = H / A`` is the ML hires per active ML seeker-week. M1
holds ``S ≈ ratio × A``; with F ≈ H a seat therefore lives about ``ratio`` times as long
as a seeker searches, less the share of seats that close unfilled. This is why time to
fill follows from the demand/supply setting and the seekers' hire rate
(docs/validity.md, "Why time to fill is long"). ``scripts/flow_diagnostics.py`` prints
these figures for two configurations.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sim.experiments.runs import Results

DAYS = 7.0


def stocks_and_flows(res: Results, burn_in: int = 26) -> dict[str, float]:
    """Every stock and flow of the Little's-law identity, from one configuration's frames.

    Args:
        res: What :func:`sim.run` returned (frames kept), one configuration, any seeds.
        burn_in: Weeks left out at the start (the market settles from its initial state).

    Returns:
        Weekly means over the weeks after ``burn_in``, pooled over the seeds: stocks
        (active ML seekers, open seats by kind), flows (seats filled and closed unfilled
        per week, ML hires per active seeker-week), seat life predicted by Little's law
        and measured on seats opened early enough to have ended, and the median days of
        the hire's process and of time to fill.

    Raises:
        ValueError: The frames were not kept, or the run is too short to hold a seat's
            whole life after the burn-in (``weeks`` ≤ ``burn_in`` + the longest a seat
            stays open + 1).

    """
    weeks, max_open = res.config.market.weeks, res.config.market.req_max_open_weeks
    if res.weekly.empty or res.requisitions.empty:
        raise ValueError("stocks_and_flows needs the frames: run with keep_frames=True")
    if weeks <= burn_in + max_open + 1:
        raise ValueError(f"market.weeks must exceed burn_in + market.req_max_open_weeks + 1 "
                         f"= {burn_in + max_open + 1} to measure whole seat lives (got {weeks})")
    w = res.weekly[res.weekly.week > burn_in]
    n_weeks = w.groupby("seed").size().mean()
    reqs, ev = res.requisitions, res.events
    ended = reqs[(reqs.closed_week > burn_in)]
    kinds = {"startup": ended.firm_kind == "startup", "bigtech": ended.firm_kind != "startup"}
    per_seed = len(res.runs)
    out: dict[str, float] = {}
    out["active ML seekers A"] = w.active_ml_candidates.mean()
    for k, stock in (("startup", "open_reqs_startup"), ("bigtech", "open_reqs_bigtech")):
        filled = (ended.status == "filled") & kinds[k]
        closed = (ended.status == "closed") & kinds[k]
        f = filled.sum() / per_seed / n_weeks
        c = closed.sum() / per_seed / n_weeks
        out[f"open seats S, {k}"] = w[stock].mean()
        out[f"filled per week F, {k}"] = f
        out[f"closed unfilled per week C, {k}"] = c
        out[f"seat life S/(F+C), weeks, {k}"] = w[stock].mean() / (f + c)
        # Seats opened early enough to have ended by the run's end (life ≤ max_open).
        done = reqs[(reqs.opened_week > burn_in) & (reqs.opened_week < weeks - max_open - 1)
                    & ((reqs.firm_kind == "startup") == (k == "startup"))]
        out[f"seat life measured, weeks, {k}"] = (done.closed_week - done.opened_week).mean()
    hires = ev[(ev.event == "hire") & (ev.week > burn_in) & (ev.candidate_role != "general")]
    h = len(hires) / per_seed / n_weeks / out["active ML seekers A"]
    out["ML hires per active ML seeker-week h"] = h
    out["implied weeks on the market 1/h"] = 1.0 / h
    out["realised ratio S/A"] = (w.open_reqs / w.active_ml_candidates).mean()
    hired_proc = ev[(ev.event == "process_end") & (ev.cause == "hired") & (ev.week > burn_in)]
    for k, sel in (("startup", hired_proc.firm_kind == "startup"),
                   ("big tech", hired_proc.firm_kind == "bigtech"),
                   ("lab", hired_proc.firm_kind == "lab")):
        out[f"hire's process, median days, {k}"] = hired_proc[sel].weeks.median() * DAYS
    opened = reqs[reqs.opened_week > burn_in]
    out["juniors' share of seats opened"] = (opened.seniority == "junior").mean()
    filled = ended[ended.status == "filled"]
    out["time to fill, filled seats, median days"] = (
        (filled.closed_week - filled.opened_week).median() * DAYS)
    return out

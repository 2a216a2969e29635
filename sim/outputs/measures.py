"""Compute one run's summary metrics (named in :mod:`sim.outputs.registry`) from its records."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from sim.config.codes import (
    EV_ATTRITION,
    EV_CLOSING_CALL,
    EV_HIRE,
    EV_OFFER,
    EV_PROCESS_END,
    EV_SEAT_RESPONSE,
    GENERAL,
    HIRED,
    OFFER_DECLINED,
    REQ_FILLED,
    RESPONSE_CAUSE0,
    ROLE_MISALIGNMENT,
    STALL_CAUSES,
    STARTUP,
    WITHDREW,
)
from sim.config.params import ROLES, STAGES
from sim.config.stale_seats import RESPONSES
from sim.model.recorder import WEEKLY_COLUMNS
from sim.model.rules.next_hire import need_matrix
from sim.model.state.records import pair_key
from sim.outputs.flows import flow_metrics, focal_flow_metrics
from sim.outputs.focal import focal_extra_metrics
from sim.outputs.pricing import pricing_metrics
from sim.outputs.process_outcomes import process_outcome_metrics
from sim.outputs.registry import REGISTRY
from sim.outputs.shares import share

if TYPE_CHECKING:
    from sim.model.market import Market

EARLY_WEEKS = 26
MIS_SEQUENCED_NEED = 0.1


def _median(x: np.ndarray) -> float:
    """Median of whole-week durations, interpolated within the median week.

    Durations are counted in whole weeks, so a plain median jumps a week at a time and
    barely moves with the market; the grouped-data median (the lower edge of the median
    week plus the share of that week's count needed to reach half) moves smoothly.
    """
    if not len(x):
        return float("nan")
    mid = float(np.median(x))
    week = np.floor(mid + 0.5)
    below = np.count_nonzero(x < week)
    at = np.count_nonzero(x == week)
    return float(week - 0.5 + (len(x) / 2.0 - below) / at) if at else mid


def _rmst(weeks: np.ndarray, filled: np.ndarray, horizon: float) -> float:
    """Restricted mean weeks to fill: the area under the Kaplan–Meier curve up to ``horizon``.

    The registered ``weeks_to_fill.*`` medians count filled seats only, so a seat type
    that rarely fills can still show a short median (the lucky few). Here every seat
    counts: a seat closed unfilled, or still open at the end, is censored at the weeks it
    was observed open, and the mean of min(weeks to fill, ``horizon``) is estimated from
    the product-limit survival curve. With ``horizon`` = the longest a seat stays open
    (``market.req_max_open_weeks``) a seat that never fills contributes the whole window.

    Args:
        weeks: Weeks each seat was observed: to its fill, its closing, or the end of the
            run (whole weeks, ≥ 0).
        filled: True where the seat was filled (an event), False where censored.
        horizon: Upper limit of the restricted mean, weeks.

    Returns:
        The restricted mean in weeks; NaN if there are no seats.

    """
    if not len(weeks):
        return float("nan")
    order = np.sort(weeks)
    times, events = np.unique(weeks[filled & (weeks <= horizon)], return_counts=True)
    if not len(times):
        return float(horizon)
    at_risk = len(weeks) - np.searchsorted(order, times, side="left")
    surv = np.cumprod(1.0 - events / at_risk)
    edges = np.r_[times, horizon]
    # S(t) is 1 before the first fill, then surv[i] from times[i] to the next fill time.
    return float(times[0] + (surv * np.diff(edges)).sum())


def compute_metrics(m: Market) -> dict[str, float]:
    """All registered metrics for a finished run (NaN where undefined, e.g. no offers)."""
    out: dict[str, float] = {}
    out.update(_requisition_metrics(m))
    out.update(_offer_metrics(m))
    out.update(_process_metrics(m))
    out.update(_startup_metrics(m))
    out.update(_join_metrics(m))
    out.update(_search_metrics(m))
    out.update(flow_metrics(m))
    out.update(process_outcome_metrics(m))
    out.update(pricing_metrics(m))
    if m.cfg.focal is not None:
        out.update(_focal_metrics(m))
        out.update(focal_flow_metrics(m))
        out.update(focal_extra_metrics(m))
    out["demand_supply_ratio"] = _weekly_mean(m, "demand_supply_ratio")
    out["demand_supply_ratio.experienced"] = _weekly_mean(m, "demand_supply_ratio_experienced")
    out["applications_per_week"] = _weekly_mean(m, "applications")
    out.update(_response_metrics(m))
    unknown = set(out) - set(REGISTRY)
    assert not unknown, f"unregistered metrics: {sorted(unknown)}"
    return out


def _weekly_mean(m: Market, column: str) -> float:
    """Mean of a weekly column over the weeks where it is defined (NaN if none is)."""
    at = WEEKLY_COLUMNS.index(column)
    values = np.array([row[at] for row in m.recorder.rows], dtype=float)
    return float(np.nanmean(values)) if np.isfinite(values).any() else float("nan")


def _requisition_metrics(m: Market) -> dict[str, float]:
    r = m.reqs
    filled = r["status"] == REQ_FILLED
    wtf = (r["closed_week"] - r["opened"]).astype(float)
    su = r["firm_kind"] == STARTUP
    out = {
        "fill_rate": share(filled.sum(), len(r)),
        "fill_rate.startup": share((filled & su).sum(), su.sum()),
        "fill_rate.bigtech": share((filled & ~su).sum(), (~su).sum()),
        "weeks_to_fill.median": _median(wtf[filled]),
        "weeks_to_fill.startup": _median(wtf[filled & su]),
        "weeks_to_fill.bigtech": _median(wtf[filled & ~su]),
    }
    for i, role in enumerate(ROLES):
        mask = r["role"] == i
        out[f"fill_rate.role.{role}"] = share((filled & mask).sum(), mask.sum())
        out[f"weeks_to_fill.role.{role}"] = _median(wtf[filled & mask])
    # Censoring-aware time to fill (seats still open at the end are observed to week T).
    seen = (np.where(r["closed_week"] >= 0, r["closed_week"], m.week) - r["opened"]).astype(float)
    horizon = float(m.cfg.market.req_max_open_weeks)
    for key, mask in (("all", np.ones(len(r), dtype=bool)), ("startup", su), ("bigtech", ~su)):
        out[f"weeks_to_fill_rmst.{key}"] = _rmst(seen[mask], filled[mask], horizon)
    for i, role in enumerate(ROLES):
        mask = r["role"] == i
        out[f"weeks_to_fill_rmst.role.{role}"] = _rmst(seen[mask], filled[mask], horizon)
    for i, stage in enumerate(STAGES):
        mask = su & (r["stage"] == i)
        out[f"fill_rate.stage.{stage}"] = share((filled & mask).sum(), mask.sum())
    apps = r["applicants"][su].sum()
    out["applicant_relevance.startup"] = share(r["relevant"][su].sum(), apps)
    return out


def _search_metrics(m: Market) -> dict[str, float]:
    """Weeks on the market of ML hires whose search began after week 0 (the seeker side)."""
    e = m.events
    hire = ((e["kind"] == EV_HIRE) & (e["cand_role"] != GENERAL)
            & (e["week"] - e["search_weeks"] >= 1))
    weeks = e["search_weeks"].astype(float)
    su = e["firm_kind"] == STARTUP
    return {"weeks_on_market.median": _median(weeks[hire]),
            "weeks_on_market.startup": _median(weeks[hire & su]),
            "weeks_on_market.bigtech": _median(weeks[hire & ~su])}


def _offer_metrics(m: Market) -> dict[str, float]:
    e = m.events
    kind, fk = e["kind"], e["firm_kind"]
    offers = kind == EV_OFFER
    ends = kind == EV_PROCESS_END
    hired = ends & (e["cause"] == HIRED)
    declined_su = ends & (e["cause"] == OFFER_DECLINED) & (fk == STARTUP)
    took_bt = (e["took_kind"] != -1) & (e["took_kind"] != STARTUP)
    # Finalists: written offers, and offers turned down at the closing call (M9) before
    # they were written; acceptance over written offers alone hides the latter.
    finalists = offers | (kind == EV_CLOSING_CALL)
    return {
        "offer_acceptance.startup": share((hired & (fk == STARTUP)).sum(),
                                           (offers & (fk == STARTUP)).sum()),
        "offer_acceptance.bigtech": share((hired & (fk != STARTUP)).sum(),
                                           (offers & (fk != STARTUP)).sum()),
        "finalist_acceptance.startup": share((hired & (fk == STARTUP)).sum(),
                                              (finalists & (fk == STARTUP)).sum()),
        "finalist_acceptance.bigtech": share((hired & (fk != STARTUP)).sum(),
                                              (finalists & (fk != STARTUP)).sum()),
        # An accepted offer's process ends "hired" in the week it was decided; its
        # duration there counts to the decision, so compare by the offer's own week.
        **{f"offer_acceptance{name}.{speed}": _offer_acceptance_by_speed(m, speed == "fast",
                                                                          kinds)
           for name, kinds in (("", None), (".startup", (STARTUP,)))
           for speed in ("fast", "slow")},
        "startup_loss_to_bigtech": share((declined_su & took_bt).sum(), declined_su.sum()),
        "offers_declined_unexplained_equity": share(
            (declined_su & e["explained_would_accept"]).sum(), declined_su.sum()),
    }


def _offer_acceptance_by_speed(m: Market, fast: bool,
                               kinds: tuple[int, ...] | None = None) -> float:
    """Acceptance of offers made within (``fast``) or after 3 weeks of first contact.

    Args:
        m: The finished market.
        fast: Offers made at most 3 weeks into the process, else the later ones.
        kinds: Only offers from these firm kinds (all employers if None): speed and
            employer go together (every big-tech offer is slow), so the split by
            employer is the like-for-like reading of the Hired figures (cal §3b).

    """
    e = m.events
    sel = (e["kind"] == EV_OFFER) & ((e["weeks"] <= 3) == fast)
    if kinds is not None:
        sel &= np.isin(e["firm_kind"], kinds)
    hired = (e["kind"] == EV_PROCESS_END) & (e["cause"] == HIRED)
    # One offer per (candidate, requisition): an offer was accepted if that pair was hired.
    offered = np.unique(pair_key(e["cand"][sel], e["req"][sel]))
    took = pair_key(e["cand"][hired], e["req"][hired])
    return share(np.count_nonzero(np.isin(offered, took)), len(offered))


def _process_metrics(m: Market) -> dict[str, float]:
    e = m.events
    stalled = (e["kind"] == EV_PROCESS_END) & (e["cause"] != HIRED)
    n = stalled.sum()
    out = {f"stall_share.{c}": share((stalled & (e["cause"] == i)).sum(), n)
           for i, c in enumerate(STALL_CAUSES)}
    out["stall_share.withdrew"] = share((stalled & (e["cause"] == WITHDREW)).sum(), n)
    mis = stalled & (e["cause"] == ROLE_MISALIGNMENT) & (e["firm_kind"] == STARTUP)
    n_su = int(np.count_nonzero(m.firms.kind == STARTUP))
    out["weeks_lost_to_misalignment"] = share(e["weeks"][mis].sum(), n_su)
    return out


def _startup_metrics(m: Market) -> dict[str, float]:
    f, e, T = m.firms, m.events, m.week
    su = f.kind == STARTUP
    hires = (e["kind"] == EV_HIRE) & (e["firm_kind"] == STARTUP)
    observed = hires & (e["week"] <= T - EARLY_WEEKS)
    left = ((e["kind"] == EV_ATTRITION) & (e["firm_kind"] == STARTUP)
            & (e["weeks"] <= EARLY_WEEKS) & (e["weeks"] < e["week"])
            & (e["week"] - e["weeks"] <= T - EARLY_WEEKS))
    role = np.clip(e["role"][hires], 0, len(ROLES) - 1)
    need = need_matrix(m.cfg)[np.clip(e["stage"][hires], 0, 3), role]
    return {
        "startup.survival": share((su & f.alive).sum(), su.sum()),
        "startup.advanced_stage": share((su & (f.raised > 0)).sum(), su.sum()),
        "startup.milestone_progress": float(np.mean(f.raised[su] + f.progress[su]))
        if su.any() else float("nan"),
        "startup.early_attrition": share(left.sum(), observed.sum()),
        "startup.mis_sequenced_hires": share((need < MIS_SEQUENCED_NEED).sum(), hires.sum()),
        "startup.hires_per_startup": share(hires.sum(), su.sum()),
    }


def _join_metrics(m: Market) -> dict[str, float]:
    c, e = m.cands, m.events
    hires = e["kind"] == EV_HIRE
    who = e["cand"][hires]
    to_su = e["firm_kind"][hires] == STARTUP
    ml = c.entered & (c.role != GENERAL)
    out = {}
    for trait, values in (("security", c.security), ("ownership", c.w_own)):
        mid = np.median(values[ml]) if ml.any() else 0.0
        high = values[who] > mid
        out[f"startup_join_share.{trait}_low"] = share((to_su & ~high).sum(), (~high).sum())
        out[f"startup_join_share.{trait}_high"] = share((to_su & high).sum(), high.sum())
    return out


def _focal_metrics(m: Market) -> dict[str, float]:
    f, e, r, T = m.firms, m.events, m.reqs, m.week
    hires = (e["kind"] == EV_HIRE) & (e["firm"] == 0) & (e["firm_kind"] == STARTUP)
    seats = r["firm"] == 0
    burn = m.weekly_burn()[0]
    spent = f.cash_out[0]
    progress = f.raised[0] + f.progress[0] - (m.cfg.focal.progress if m.cfg.focal else 0.0)
    return {
        "focal.hires": float(hires.sum()),
        "focal.weeks_to_first_hire": float(f.first_hire_week[0]) if f.first_hire_week[0] >= 0
        else float(T + 1),
        "focal.weeks_to_milestone": float(f.milestone_week[0]) if f.milestone_week[0] >= 0
        else float(T + 1),
        "focal.survived": float(f.alive[0]),
        "focal.runway_weeks": float(max(f.cash[0], 0.0) / burn) if f.alive[0] and burn > 0
        else 0.0,
        "focal.fill_rate": share((seats & (r["status"] == REQ_FILLED)).sum(), seats.sum()),
        "focal.progress": float(progress),
        "focal.cash_per_progress": share(spent, progress) if progress > 0 else float("nan"),
    }


def _response_metrics(m: Market) -> dict[str, float]:
    """Stale-seat responses (M14): per 100 seats background firms opened; the focal's count."""
    e, focal = m.events, m.firms.focal
    ev = (e["kind"] == EV_SEAT_RESPONSE).nonzero()[0]
    mine = focal[e["firm"][ev]]
    counts = np.bincount(e["cause"][ev[~mine]] - RESPONSE_CAUSE0, minlength=len(RESPONSES))
    seats = np.count_nonzero(~focal[m.reqs["firm"]])
    out = {f"seat_responses.{x}": share(100.0 * counts[i], seats)
           for i, x in enumerate(RESPONSES)}
    if m.cfg.focal is not None:
        out["focal.seat_responses"] = float(np.count_nonzero(mine))
    return out


__all__ = ["compute_metrics"]

"""When each seat fills, and whether the cash lasts: per seat and strategy, over runs.

A founder's seat is named by its role and level, counted in the order opened: the
first senior ML engineer seat a run opened is ``senior ml_engineer``, the second
``senior ml_engineer #2`` (a seat posted again after closing unfilled stays one seat:
:func:`sim.experiments.focal_seats.planned_seats`). For every strategy and seat,
:func:`sim.experiments.stats.product_limit` estimates P(filled by week w) over the runs:

- a seat filled in week w is an event at w (weeks run 1..``market.weeks``);
- a seat still open at the end, or never opened in that run, is censored at the horizon;
- a seat given up (closed unfilled, not posted again) is censored at that week;
- if the startup ran out of cash first, the seat is censored at that week.

So the curve answers "if the company is still hiring, by when is the seat filled?".
Whether the company is still there is the *runway* beside it: the week its cash runs
out, per run (the week it failed, or, for a startup alive at the end, the horizon plus
its cash ÷ its last week's burn, ``focal.runway_weeks``: a projection that assumes that
burn continues and no round comes). P(productive before the cash runs out) is the share
of runs in which the seat was filled within the horizon and the hire had been on the
team for ``ramp_weeks`` before the cash ran out.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from sim.experiments.stats import curve_quantile, product_limit, wilson_ci

RAMP_WEEKS = 8.0
"""Weeks from a hire's start until they are productive (ASSUMPTION: two months, a common
planning rule for a new engineer; no stored source). The model itself counts a hire's
full contribution to progress from the week they join (phase 7), so this margin changes
only P(productive before the cash runs out), never the simulation."""

BY_WEEKS = (13, 26, 52)
"""Weeks at which P(filled by week w) is reported: a quarter, half a year, a year."""

CURVE_COLUMNS = ("strategy", "seat", "role", "seniority", "week", "at_risk", "filled",
                 "censored", "p_filled", "p_low", "p_high", "runs")
"""Columns of the tidy curve frame: one row per strategy, seat and week."""


@dataclass
class SeatFill:
    """Fill curves, their summary per seat and strategy, and the runway per strategy.

    Attributes:
        curves: Tidy frame with :data:`CURVE_COLUMNS`.
        summary: One row per strategy and seat: runs, runs where the seat opened and
            where it filled, the median week filled with its interval (NaN: not within
            the horizon), P(filled by 13/26/52 weeks) with intervals, P(productive
            before the cash runs out) with its interval.
        runway: One row per strategy: runs, runs that ran out of cash within the horizon,
            the median cash-out week with its interval and whether it is projected.
        seats: Seat labels, in the order they usually open.
        ramp_weeks: The ramp used for P(productive).

    """

    curves: pd.DataFrame
    summary: pd.DataFrame
    runway: pd.DataFrame
    seats: list[str]
    ramp_weeks: float


def focal_run(res: Any, strategy: str, replication: int) -> dict[str, Any]:
    """The focal startup's cash-out week in one run (observed, or projected past the end)."""
    horizon = int(res.config.market.weeks)
    row = res.startups[res.startups["focal"].astype(bool)]
    failed = int(row["failed_week"].iloc[0]) if len(row) else -1
    runway = float(res.metrics.get("focal.runway_weeks", math.nan))
    return {"strategy": strategy, "replication": replication, "horizon": horizon,
            "failed_week": float(failed) if failed >= 0 else math.nan,
            "cash_out_week": float(failed) if failed >= 0 else horizon + runway,
            "cash_out_projected": failed < 0}


def seat_labels(planned: pd.DataFrame) -> pd.Series:
    """``senior ml_engineer``, ``senior ml_engineer #2``, … per seat, in the order opened."""
    order = planned.sort_values(["strategy", "replication", "seat"])
    k = order.groupby(["strategy", "replication", "role", "seniority"]).cumcount() + 1
    label = order["seniority"].astype(str) + " " + order["role"].astype(str)
    return (label + np.where(k > 1, " #" + k.astype(str), "")).reindex(planned.index)


def fill_times(planned: pd.DataFrame, runs: pd.DataFrame) -> pd.DataFrame:
    """Every run × every seat label: the week filled, or the week it stops being observed.

    Args:
        planned: One row per seat (:func:`~sim.experiments.focal_seats.planned_seats`).
        runs: One row per run (:func:`focal_run`).

    Returns:
        Columns ``strategy``, ``replication``, ``seat``, ``role``, ``seniority``,
        ``opened`` (the run opened this seat), ``filled``, ``filled_week``, ``week``
        (the fill week if filled, else the week it was censored).

    """
    seats = planned.assign(label=seat_labels(planned))
    kinds = seats.drop_duplicates("label").set_index("label")[["role", "seniority"]]
    grid = runs[["strategy", "replication", "horizon", "failed_week"]].merge(
        pd.DataFrame({"seat": list(kinds.index)}), how="cross")
    cols = ["strategy", "replication", "label", "filled_week", "closed_unfilled_week"]
    out = grid.merge(seats[cols].rename(columns={"label": "seat"}), how="left",
                     on=["strategy", "replication", "seat"], indicator=True)
    out["opened"] = out.pop("_merge").eq("both")
    out["filled"] = out["filled_week"].notna()
    end = out[["horizon", "failed_week", "closed_unfilled_week"]].min(axis=1)
    out["week"] = out["filled_week"].where(out["filled"], end)
    out["role"] = out["seat"].map(kinds["role"])
    out["seniority"] = out["seat"].map(kinds["seniority"])
    return out[["strategy", "replication", "seat", "role", "seniority", "opened", "filled",
                "filled_week", "week"]]


def fill_curves(times: pd.DataFrame, horizon: int) -> pd.DataFrame:
    """P(filled by week w) per strategy and seat (tidy, :data:`CURVE_COLUMNS`)."""
    frames = []
    for (strategy, seat), g in times.groupby(["strategy", "seat"], sort=False):
        c = product_limit(g["week"].to_numpy(), g["filled"].to_numpy(), horizon)
        frames.append(c.rename(columns={"events": "filled", "p": "p_filled", "low": "p_low",
                                        "high": "p_high"}).assign(
            strategy=strategy, seat=seat, role=g["role"].iloc[0],
            seniority=g["seniority"].iloc[0], runs=len(g)))
    if not frames:
        return pd.DataFrame(columns=list(CURVE_COLUMNS))
    return pd.concat(frames, ignore_index=True)[list(CURVE_COLUMNS)]


def runway_table(runs: pd.DataFrame, strategies: Sequence[str]) -> pd.DataFrame:
    """Per strategy: the median week the cash runs out, with a 95% interval over runs.

    The interval is the distribution-free one for a median (order statistics,
    ``scipy.stats.quantile_test``); NaN where the runs are too few to give 95%.
    """
    from scipy import stats

    rows = []
    for name in strategies:
        r = runs[runs["strategy"] == name]
        x = r["cash_out_week"].to_numpy(dtype=float)
        x = x[np.isfinite(x)]
        median = float(np.median(x)) if len(x) else math.nan
        lo = hi = math.nan
        if len(x) >= 2:
            ci = stats.quantile_test(x, q=median, p=0.5).confidence_interval(0.95)
            lo, hi = (float(v) if np.isfinite(v) else math.nan for v in (ci.low, ci.high))
        horizon = int(r["horizon"].max()) if len(r) else 0
        rows.append({"strategy": name, "runs": len(r),
                     "ran_out": int(r["failed_week"].notna().sum()),
                     "cash_out_week": median, "cash_out_low": lo, "cash_out_high": hi,
                     "horizon": horizon, "projected": bool(median > horizon)})
    return pd.DataFrame(rows)


def seat_fill(planned: pd.DataFrame, runs: pd.DataFrame, strategies: Sequence[str],
              ramp_weeks: float = RAMP_WEEKS) -> SeatFill:
    """Fill curves per seat and strategy, their summary and the runway beside them.

    Args:
        planned: One row per seat and run (``StrategyComparison.planned``).
        runs: One row per strategy and run (:func:`focal_run`).
        strategies: Strategy order.
        ramp_weeks: Weeks a hire needs to become productive (:data:`RAMP_WEEKS`).

    """
    if ramp_weeks < 0:
        raise ValueError(f"ramp_weeks: must be ≥ 0 weeks (got {ramp_weeks})")
    runway = runway_table(runs, strategies)
    if planned.empty:  # no seat opened in any run: nothing to draw
        return SeatFill(pd.DataFrame(columns=list(CURVE_COLUMNS)), pd.DataFrame(), runway, [],
                        float(ramp_weeks))
    horizon = int(runs["horizon"].max())
    labelled = planned.assign(label=seat_labels(planned))
    seats = list(labelled.groupby("label")["opened_week"].median()
                 .sort_values(kind="stable").index)  # the order they usually open
    times = fill_times(planned, runs)
    curves = fill_curves(times, horizon)
    cash = runs.set_index(["strategy", "replication"])["cash_out_week"]
    rows = []
    for name in strategies:
        for seat in seats:
            t = times[(times["strategy"] == name) & (times["seat"] == seat)]
            c = curves[(curves["strategy"] == name) & (curves["seat"] == seat)]
            median, lo, hi = curve_quantile(c.rename(columns={"p_filled": "p", "p_low": "low",
                                                              "p_high": "high"}))
            row = {"strategy": name, "seat": seat, "role": t["role"].iloc[0],
                   "seniority": t["seniority"].iloc[0], "runs": len(t),
                   "opened": int(t["opened"].sum()), "filled": int(t["filled"].sum()),
                   "median_week": median, "median_low": lo, "median_high": hi}
            for w in BY_WEEKS:
                at = c[c["week"] == w]
                row[f"p_by_{w}w"], row[f"p_by_{w}w_low"], row[f"p_by_{w}w_high"] = (
                    (float(at[k].iloc[0]) for k in ("p_filled", "p_low", "p_high"))
                    if len(at) else (math.nan,) * 3)
            out = cash.reindex(list(zip(t["strategy"], t["replication"], strict=True)))
            ok = t["filled"].to_numpy() & (t["filled_week"].to_numpy(dtype=float) + ramp_weeks
                                           < out.to_numpy(dtype=float))
            k, n = int(ok.sum()), len(ok)
            row["p_productive"] = k / n if n else math.nan
            row["p_productive_low"], row["p_productive_high"] = wilson_ci(k, n) if n \
                else (math.nan, math.nan)
            rows.append(row)
    return SeatFill(curves=curves, summary=pd.DataFrame(rows),
                    runway=runway, seats=seats,
                    ramp_weeks=float(ramp_weeks))


__all__ = ["BY_WEEKS", "CURVE_COLUMNS", "RAMP_WEEKS", "SeatFill", "fill_curves",
           "fill_times", "focal_run", "runway_table", "seat_fill", "seat_labels"]

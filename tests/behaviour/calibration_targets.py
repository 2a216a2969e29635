"""The market's pace beside its sourced ranges (DESIGN §8 "Flows"; issue M13, item 5).

One table, used by ``scripts/calibration_check.py`` and by
``tests/behaviour/test_calibration.py``: each row is a model quantity at the shipped
defaults, its mean with a 95% interval over paired replications, and the range the
sources give. The ranges are consistent with one another: at 3:1, seekers' pace is
about three times the vacancy yield. A row outside its range must carry a documented
reason (:data:`OUTSIDE_BECAUSE`, each naming the section of ``docs/validity.md`` that
explains it); the ranges are never widened to fit.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from sim.experiments.stats import interval, metric_interval

DAYS_PER_WEEK = 7.0


@dataclass(frozen=True)
class Target:
    """One calibration row: a metric of one arm, scaled, against a sourced range."""

    label: str
    arm: str
    metric: str
    low: float
    high: float
    source: str
    scale: float = 1.0


RATIO_ARMS: dict[str, float] = {"ratio_1": 1.0, "ratio_2": 2.0, "baseline": 3.0,
                                "ratio_4": 4.0, "ratio_5": 5.0}
"""The ratio sweep (1:1 to 5:1): the control's accuracy and the matching elasticity."""

RATIO_TOLERANCE = 0.05
"""The realised demand/supply ratio lies within ±5% of its setting (issue M13, item 7)."""

TARGETS: tuple[Target, ...] = (
    Target("Vacancy yield, hires per open seat-month", "baseline", "vacancy_yield.all",
           0.2, 0.4, "JOLTS floor 0.57 at 1.8:1; Cobb-Douglas matching at 3:1 (DESIGN §8)"),
    Target("Hires per active ML seeker-month", "baseline", "matches_per_seeker_month",
           0.6, 1.2, "3 × the vacancy yield: one to two months of search (DESIGN §8)"),
    Target("Startup seats filled before they close", "baseline",
           "seat_filled_by.life.startup", 0.6, 1.0,
           "a yield of 0.1 a month fills 60% of seats in 9 months (DESIGN §8)"),
    Target("Big-tech seats filled before they close", "baseline",
           "seat_filled_by.life.bigtech", 0.75, 1.0, "DESIGN §8"),
    Target("Time to fill, filled seats, median days", "baseline", "weeks_to_fill.median",
           44.0, 62.0, "cal §3a (Bersin 44 days; senior engineers 48–62, L)",
           DAYS_PER_WEEK),
    Target("Hired seekers' time on the market, median days", "baseline",
           "weeks_on_market.median", 21.0, 56.0,
           "cal §8 #43 (Hired 16–23 days to accept) + 3–8-week processes", DAYS_PER_WEEK),
    Target("Offer acceptance, startups", "baseline", "offer_acceptance.startup", 0.55, 0.75,
           "cal §8 #39 (Lever, small companies 69%, engineers 59%)"),
    Target("Offer acceptance, big tech and labs", "baseline", "offer_acceptance.bigtech",
           0.70, 0.90, "cal §8 #39 (Saratoga 84%)"),
    Target("Annual attrition, startups", "baseline", "x.attrition_annual.startup", 0.15,
           0.30, "cal §8 #50"),
    Target("Annual attrition, big tech and labs", "baseline", "x.attrition_annual.bigtech",
           0.10, 0.25, "cal §8 #50"),
    *(Target(f"Realised demand/supply ratio at {r:g}:1", arm, "demand_supply_ratio",
             r * (1 - RATIO_TOLERANCE), r * (1 + RATIO_TOLERANCE), "M1: the setting ±5%")
      for arm, r in RATIO_ARMS.items()),
)

ELASTICITY = Target("Matching elasticity with respect to seekers", "ratio sweep",
                    "log(hires/seeker) on log(seats/seeker)", 0.5, 0.7,
                    "Petrongolo & Pissarides 2001")
"""The matching function's elasticity, estimated over the ratio sweep (see
:func:`matching_elasticity`)."""

PACE = "docs/validity.md, 'The market's pace'"
OUTSIDE_BECAUSE: dict[str, str] = {
    "vacancy_yield.all": f"seekers' time per hire is bound by sourced process lengths ({PACE})",
    "matches_per_seeker_month": f"the seeker-side twin of the vacancy yield ({PACE})",
}
"""Rows known to miss their range, each with the reason and where the docs explain it."""


def _values(runs: pd.DataFrame, arm: str, metric: str) -> np.ndarray:
    return runs.loc[runs["arm"] == arm, metric].to_numpy(dtype=float)


def matching_elasticity(runs: pd.DataFrame, resamples: int = 2000,
                        seed: int = 0) -> tuple[float, float, float, int]:
    """Elasticity of matches with respect to seekers, with a bootstrap 95% interval.

    With a constant-returns matching function M = A·U^α·V^(1−α), hires per seeker
    M/U = A·(V/U)^(1−α): regressing log(hires per seeker-month) on log(realised open
    seats per seeker) over the ratio sweep gives the slope 1 − α. Runs are resampled
    within each arm.

    Returns:
        α, its 95% interval, and the number of runs used.

    """
    parts = [runs.loc[runs["arm"] == arm, ["matches_per_seeker_month", "demand_supply_ratio"]]
             for arm in RATIO_ARMS]
    parts = [p[(p > 0).all(axis=1)].to_numpy(dtype=float) for p in parts]
    n = sum(len(p) for p in parts)
    if n < 3:
        return math.nan, math.nan, math.nan, n

    def alpha(xy: np.ndarray) -> float:
        slope = np.polyfit(np.log(xy[:, 1]), np.log(xy[:, 0]), 1)[0]
        return 1.0 - float(slope)

    rng = np.random.default_rng(seed)
    est = alpha(np.concatenate(parts))
    boot = [alpha(np.concatenate([p[rng.integers(0, len(p), len(p))] for p in parts if len(p)]))
            for _ in range(resamples)]
    lo, hi = np.percentile(boot, [2.5, 97.5])
    return est, float(lo), float(hi), n


def calibration_rows(runs: pd.DataFrame) -> list[dict[str, object]]:
    """Every target beside the model: mean, 95% interval, range, inside or why not."""
    rows = []
    for t in TARGETS:
        x = _values(runs, t.arm, t.metric)
        iv = (metric_interval(t.metric, x) if not t.metric.startswith("x.")
              else interval(x, "bootstrap", 0.0, 1.0))
        rows.append(_row(t, iv.mean * t.scale, iv.low * t.scale, iv.high * t.scale, iv.n))
    rows.append(_row(ELASTICITY, *matching_elasticity(runs)))
    return rows


def _row(t: Target, mean: float, lo: float, hi: float, n: int) -> dict[str, object]:
    inside = bool(np.isfinite(mean) and t.low <= mean <= t.high)
    return {"quantity": t.label, "arm": t.arm, "metric": t.metric, "mean": mean,
            "ci95_low": lo, "ci95_high": hi, "n": n, "range_low": t.low,
            "range_high": t.high, "source": t.source, "inside": inside,
            "outside_because": "" if inside else OUTSIDE_BECAUSE.get(t.metric, "")}


def to_markdown(rows: list[dict[str, object]], header: str) -> str:
    """The table as Markdown: a row outside its range shows its documented reason."""
    lines = [header, "",
             "| Quantity | Model mean (95% CI) | Range | Source | Inside? |",
             "|---|---|---|---|---|"]
    for r in rows:
        verdict = "yes" if r["inside"] else (
            f"no: {r['outside_because']}" if r["outside_because"] else "**no**")
        lines.append(f"| {r['quantity']} | {r['mean']:.3g} ({r['ci95_low']:.3g}–"
                     f"{r['ci95_high']:.3g}) | {r['range_low']:g}–{r['range_high']:g} | "
                     f"{r['source']} | {verdict} |")
    return "\n".join(lines)

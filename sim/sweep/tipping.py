"""Where a response curve tips, with a bootstrap interval over replications.

For a sweep over one input (or each slice of a grid, the other inputs held at one of
their values), the response curve is the metric's mean over each point's successful
replications, in the order of the input. Two estimates are read off it:

- **threshold crossing**: the first input value where the curve crosses the threshold,
  by linear interpolation between the two points on either side;
- **breakpoint**: the input value where the slope changes most, as the knot of a
  least-squares fit of two straight lines joined at one point (a hinge,
  ``y = a + b·x + c·max(0, x − k)``), searched over a fine grid of ``k``.

The interval is a percentile bootstrap: replications are resampled with replacement
within each point (the inputs stay where the design put them), the curve is rebuilt
from the resampled means and the estimate is taken again; the 2.5th and 97.5th
percentiles of the re-estimates are the 95% interval. A resample whose curve does not
cross the threshold in the swept range puts its crossing beyond the range's end on the
side the curve is heading, and when that reaches a percentile the interval is "open"
on that side: the crossing may lie outside what was swept.
"""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from sim.sweep.curves import (
    count_crossings,
    crossings,
    hinge_fits,
    resampled_means,
)

RESAMPLES = 2000
"""Bootstrap resamples: enough for stable 2.5th/97.5th percentiles (Efron & Tibshirani
1993, ch. 13, suggest ≥ 1000 for percentile intervals)."""
MIN_BREAKPOINT_VALUES = 4
"""A hinge has three coefficients; with two points on either side of the knot at least."""
CROSSING_METHOD = ("linear interpolation of the point means; 95% percentile bootstrap over "
                   "replications within each point ({b} resamples)")
BREAKPOINT_METHOD = ("least-squares hinge fit (two lines joined at the knot); 95% percentile "
                     "bootstrap over replications within each point ({b} resamples)")
_TIP = re.compile(r"^\s*(?P<metric>[^=<>\s]+)\s*(?:=\s*(?P<value>\S+)\s*)?$")


class TippingError(ValueError):
    """A tipping-point request this sweep cannot answer (bad input): exit 2 in the CLI."""


@dataclass(frozen=True)
class TipRequest:
    """``METRIC=VALUE`` (crossing and breakpoint) or ``METRIC`` (breakpoint only)."""

    text: str
    metric: str
    threshold: float | None = None


def parse_tip(text: str, kept: Sequence[str], registered: Iterable[str] = ()) -> TipRequest:
    """Parse a ``--tip`` expression such as ``fill_rate.startup=0.3``.

    Args:
        text: ``METRIC=VALUE`` or ``METRIC``.
        kept: Metrics the sweep kept.
        registered: Every registered metric, to tell "not kept" from "unknown".

    Raises:
        TippingError: malformed, an unknown or unkept metric, or a threshold outside the
            metric's registered bounds.

    """
    from sim.outputs.registry import REGISTRY

    where = f"--tip {text!r}"
    match = _TIP.match(text)
    if not match:
        raise TippingError(f"{where}: expected METRIC=VALUE, e.g. 'fill_rate.startup=0.3', "
                           "or METRIC alone for the breakpoint")
    metric, raw = match.group("metric"), match.group("value")
    if metric not in kept:
        if metric in set(registered):
            raise TippingError(f"{where}: {metric} is not kept by this sweep "
                               f"(kept: {', '.join(kept)})")
        near = difflib.get_close_matches(metric, sorted({*kept, *registered}), n=3)
        hint = f"nearest: {', '.join(near)}" if near else f"kept: {', '.join(kept)}"
        raise TippingError(f"{where}: unknown metric {metric!r} ({hint})")
    if raw is None:
        return TipRequest(text, metric)
    try:
        value = float(raw)
    except ValueError:
        raise TippingError(f"{where}: threshold {raw!r} is not a number") from None
    if not math.isfinite(value):
        raise TippingError(f"{where}: threshold must be a finite number (got {raw})")
    spec = REGISTRY.get(metric)
    low, high = (spec.low, spec.high) if spec else (None, None)
    if (low is not None and value < low) or (high is not None and value > high):
        bounds = f"[{_num(low)}, {_num(high)}]" if high is not None else f"[{_num(low)}, ∞)"
        raise TippingError(f"{where}: threshold {value:g} is outside what {metric} can be "
                           f"{bounds}")
    return TipRequest(text, metric, value)


@dataclass
class Tipping:
    """Tipping-point estimates of one request over the slices of a sweep.

    Attributes:
        request: What was asked.
        along: The input the curve runs along.
        table: One row per slice and kind (``threshold``, ``breakpoint``); see
            :data:`TABLE_COLUMNS`.
        curves: Slice label → the response curve (``x``, ``mean``, ``low``, ``high``,
            ``n``), its interval the metric's registered one.
        notes: What could not be estimated, and why.

    """

    request: TipRequest
    along: str
    table: pd.DataFrame
    curves: dict[str, pd.DataFrame] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def to_json_dict(self) -> dict[str, Any]:
        """JSON-ready data (NaN → None)."""
        rows = [{k: _clean(v) for k, v in r.items()} for r in self.table.to_dict("records")]
        for row in rows:  # a count, held as float beside the breakpoint rows' NaN
            if row["crossings"] is not None:
                row["crossings"] = int(row["crossings"])
        return {"tip": self.request.text, "metric": self.request.metric,
                "threshold": self.request.threshold, "along": self.along,
                "estimates": rows, "notes": self.notes}


TABLE_COLUMNS = ["slice", "kind", "estimate", "ci95_low", "ci95_high", "open_low",
                 "open_high", "direction", "crossings", "resolved", "slope_before",
                 "slope_after", "points", "replications", "range_low", "range_high",
                 "method", "note"]


def tipping_points(runs: pd.DataFrame, params: Sequence[str], request: TipRequest, *,
                   along: str | None = None, grid: bool = True, resamples: int = RESAMPLES,
                   seed: int = 0) -> Tipping:
    """Estimate where ``request.metric`` tips along one input of a sweep.

    Args:
        runs: One row per run: ``point_id``, the inputs, the metric, ``status``.
        params: The swept inputs.
        request: The metric and, optionally, the threshold.
        along: The input the curve runs along (default: the first swept input).
        grid: Whether the design is a grid: with more than one input, each combination
            of the other inputs' values is one slice; other designs need one input.
        resamples: Bootstrap resamples.
        seed: Seed of the bootstrap (the same data and seed give the same interval).

    Raises:
        TippingError: an unknown ``along``, or several inputs in a design that is not a grid.

    """
    if not params:
        raise TippingError("tipping points need a sweep over at least one input")
    along = along or params[0]
    if along not in params:
        raise TippingError(f"--along {along}: not a swept input (swept: {', '.join(params)})")
    others = [p for p in params if p != along]
    if others and not grid:
        raise TippingError(f"--tip: tipping points need a one-input sweep or a grid; this "
                           f"design varies {len(params)} inputs together (use --where for "
                           "scenario discovery instead)")
    ok = runs[runs["status"] == "ok"] if "status" in runs else runs
    slices = list(ok.groupby(others, sort=True)) if others else [((), ok)]
    streams = np.random.SeedSequence(seed).spawn(len(slices))  # one stream per slice
    out = Tipping(request, along, pd.DataFrame(columns=TABLE_COLUMNS))
    rows: list[dict[str, Any]] = []
    for n, (key, part) in enumerate(slices):
        values = key if isinstance(key, tuple) else (key,)
        label = ", ".join(f"{p}={_num(v)}" for p, v in zip(others, values, strict=True))
        rng = np.random.default_rng(streams[n])
        curve, groups = _curve(part, along, request.metric)
        out.curves[label] = curve
        rows += _estimates(curve, groups, request, rng, resamples, label, out.notes)
    out.table = pd.DataFrame(rows, columns=TABLE_COLUMNS)
    return out


def _curve(part: pd.DataFrame, along: str, metric: str
           ) -> tuple[pd.DataFrame, list[np.ndarray]]:
    """The response curve of one slice and each point's finite run values."""
    from sim.experiments.stats import metric_interval

    rows, groups = [], []
    for x, group in part.groupby(along, sort=True):
        values = group[metric].to_numpy(dtype=float)
        values = values[np.isfinite(values)]
        if not len(values):
            continue
        iv = metric_interval(metric, values)
        rows.append({"x": float(x), "mean": iv.mean, "low": iv.low, "high": iv.high,
                     "n": iv.n})
        groups.append(values)
    return pd.DataFrame(rows, columns=["x", "mean", "low", "high", "n"]), groups


def _estimates(curve: pd.DataFrame, groups: list[np.ndarray], request: TipRequest,
               rng: np.random.Generator, resamples: int, label: str,
               notes: list[str]) -> list[dict[str, Any]]:
    x, y = curve["x"].to_numpy(float), curve["mean"].to_numpy(float)
    reps = [len(g) for g in groups]
    base = {"slice": label, "points": len(x), "replications": min(reps, default=0),
            "range_low": x.min() if len(x) else math.nan,
            "range_high": x.max() if len(x) else math.nan}
    where = f" ({label})" if label else ""
    if len(x) < 2:
        notes.append(f"{request.metric}{where}: fewer than two input values with a value; "
                     "no curve to read")
        return []
    boot = resampled_means(groups, resamples, rng) if max(reps) > 1 else None
    if boot is None:
        notes.append(f"{request.metric}{where}: one replication per point; no interval "
                     "(add replications)")
    rows = []
    if request.threshold is not None:
        rows.append({**base, **_crossing_row(x, y, boot, request.threshold, resamples)})
    if len(x) >= MIN_BREAKPOINT_VALUES:
        rows.append({**base, **_breakpoint_row(x, y, boot, resamples)})
    else:
        notes.append(f"{request.metric}{where}: a breakpoint needs at least "
                     f"{MIN_BREAKPOINT_VALUES} input values (this curve has {len(x)})")
    return rows


def _crossing_row(x: np.ndarray, y: np.ndarray, boot: np.ndarray | None, t: float,
                  resamples: int) -> dict[str, Any]:
    estimate = float(crossings(x, y, t)[0])
    start_above = y[0] > t
    row = {"kind": "threshold", "estimate": estimate, "ci95_low": math.nan,
           "ci95_high": math.nan, "open_low": False, "open_high": False,
           "direction": "falls below" if start_above else "rises above",
           "crossings": count_crossings(y, t), "resolved": math.nan,
           "slope_before": math.nan, "slope_after": math.nan,
           "method": CROSSING_METHOD.format(b=resamples), "note": ""}
    if not math.isfinite(estimate):
        side = "above" if start_above else "below"
        row["note"] = f"stays {side} {t:g} over {_num(x[0])}–{_num(x[-1])}"
        return row
    if row["crossings"] > 1:
        row["note"] = f"crosses {row['crossings']} times; the first crossing is shown"
    if boot is None:
        return row
    found = crossings(x, boot, t)
    # No crossing: beyond the last value if the resample stays on the curve's starting
    # side (it has not tipped yet), before the first value if it starts on the far side.
    stays_start = (boot[:, 0] > t) == start_above
    found = np.where(np.isnan(found), np.where(stays_start, np.inf, -np.inf), found)
    row["resolved"] = float(np.isfinite(found).mean())
    lo, hi = np.quantile(found, [0.025, 0.975], method="inverted_cdf")
    row["open_low"], row["open_high"] = bool(lo == -np.inf), bool(hi == np.inf)
    row["ci95_low"] = float(x[0]) if row["open_low"] else float(lo)
    row["ci95_high"] = float(x[-1]) if row["open_high"] else float(hi)
    return row


def _breakpoint_row(x: np.ndarray, y: np.ndarray, boot: np.ndarray | None,
                    resamples: int) -> dict[str, Any]:
    knot, before, after = hinge_fits(x, y)
    row = {"kind": "breakpoint", "estimate": float(knot[0]), "ci95_low": math.nan,
           "ci95_high": math.nan, "open_low": False, "open_high": False,
           "direction": "", "crossings": math.nan, "resolved": math.nan,
           "slope_before": float(before[0]), "slope_after": float(after[0]),
           "method": BREAKPOINT_METHOD.format(b=resamples), "note": ""}
    if boot is not None:
        knots = hinge_fits(x, boot)[0]
        row["ci95_low"], row["ci95_high"] = (float(v) for v in np.quantile(knots, [0.025, 0.975]))
        row["resolved"] = 1.0
    return row


def _num(v: Any) -> str:
    return f"{v:.4g}" if isinstance(v, float | np.floating) else str(v)


def _clean(v: Any) -> Any:
    if isinstance(v, np.generic):
        v = v.item()
    return None if isinstance(v, float) and not math.isfinite(v) else v

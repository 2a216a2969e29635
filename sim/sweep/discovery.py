"""Scenario discovery: which region of the swept inputs makes a condition on outcomes hold.

:func:`discover` runs PRIM (the Patient Rule Induction Method, Friedman & Fisher 1999,
as used for scenario discovery by Bryant & Lempert 2010) from the ``prim`` package
(Project Platypus' standalone PRIM) on a table of inputs and a true/false outcome, and
returns the peeling trajectory (coverage against density, step by step), the chosen box,
its limit on each restricted input with the quasi-p-value of that restriction, and the
inputs the box leaves free. :func:`discover_sweep` does the same for a sweep folder.

By default the condition is judged on each design point's mean over its successful
replications: the swept inputs are the same for every replication of a point, and the
question is where in the input space the *expected* outcome crosses the line, not
where one noisy run happens to. ``per_run=True`` judges every run on its own instead.

The chosen box is, by default, the one with the highest coverage among the boxes of the
trajectory whose density reaches ``min_density`` (the usual trade-off: as many of the
cases as possible, with few false alarms); if none reaches it, the densest box.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from sim.sweep.condition import Condition, ConditionError, parse_condition

MIN_DENSITY = 0.8
"""Default density the chosen box must reach (a common choice in scenario discovery)."""
SIGNIFICANT = 0.05
"""A restriction whose quasi-p-value is above this could be dropped (Bryant & Lempert)."""


class DiscoveryError(ValueError):
    """A discovery this sweep cannot give: a bad condition, box or option (bad input)."""


@dataclass
class Discovery:
    """What PRIM found for one condition."""

    condition: str
    unit: str  # "point" or "run": what one case is
    n: int  # cases judged (those with a value for every metric the condition uses)
    n_true: int  # cases where the condition holds
    inputs: list[str]
    trajectory: pd.DataFrame = field(default_factory=pd.DataFrame)
    box: int | None = None  # the chosen step of the trajectory
    limits: pd.DataFrame = field(default_factory=pd.DataFrame)
    unrestricted: list[str] = field(default_factory=list)
    summary: str = ""
    notes: list[str] = field(default_factory=list)

    def to_json_dict(self) -> dict[str, Any]:
        """Everything as JSON-ready data (NaN → None)."""
        def records(df: pd.DataFrame) -> list[dict[str, Any]]:
            return [{k: _clean(v) for k, v in r.items()} for r in df.to_dict("records")]

        return {"condition": self.condition, "unit": self.unit, "n": self.n,
                "n_true": self.n_true, "inputs": self.inputs,
                "trajectory": records(self.trajectory), "box": self.box,
                "limits": records(self.limits), "unrestricted": self.unrestricted,
                "summary": self.summary, "notes": self.notes}


def discover(x: pd.DataFrame, y: np.ndarray, condition: str = "the condition", *,
             unit: str = "point", min_density: float = MIN_DENSITY, box: int | None = None,
             peel_alpha: float = 0.05, mass_min: float = 0.05) -> Discovery:
    """PRIM on inputs ``x`` (one column per input) and a boolean outcome ``y``.

    Args:
        x: Numeric inputs, one row per case.
        y: True where the condition holds, one per row of ``x``.
        condition: The condition's text, for the summary.
        unit: What a row is ("point" or "run"), for the summary.
        min_density: The chosen box is the highest-coverage one with at least this density.
        box: Choose this step of the peeling trajectory instead (0 = all cases).
        peel_alpha: Share of the cases peeled off at each step.
        mass_min: Smallest share of the cases a box may hold.

    Raises:
        DiscoveryError: ``box`` outside the trajectory, or an option out of range.

    """
    for name, value in (("min_density", min_density), ("peel_alpha", peel_alpha),
                        ("mass_min", mass_min)):
        if not 0 < value <= 1:
            raise DiscoveryError(f"{name} must be in (0, 1] (got {value})")
    y = np.asarray(y, dtype=bool)
    out = Discovery(condition, unit, len(y), int(y.sum()), list(x.columns))
    if out.n_true in (0, out.n):
        where = "no" if out.n_true == 0 else "every"
        out.summary = (f"{condition} holds in {where} {unit} ({out.n_true} of {out.n}); "
                       "there is no region to find")
        return out
    import prim  # the PRIM library loads matplotlib: only when discovery runs

    finder = prim.Prim(_numeric(x), y, peel_alpha=peel_alpha, paste_alpha=peel_alpha,
                       mass_min=mass_min)
    found = finder.find_box()
    traj = found.peeling_trajectory.rename(columns={"res dim": "restricted"})
    traj = traj[["coverage", "density", "mass", "restricted"]].astype(float)
    traj.insert(0, "step", range(len(traj)))
    traj["restricted"] = traj["restricted"].astype(int)
    out.trajectory = traj
    out.box = _choose(traj, min_density, box, out.notes)
    found.select(out.box)
    out.limits = _limits(found, x)
    out.unrestricted = [c for c in x.columns if c not in set(out.limits["input"])]
    row = traj.iloc[out.box]
    out.summary = _summary(condition, out.limits, float(row["coverage"]),
                           float(row["density"]))
    weak = out.limits[~out.limits["significant"]]
    if not weak.empty:
        out.summary += "; not significant (quasi-p > 0.05, could be dropped): " + ", ".join(
            f"{r.input} (qp {r.qp:.2g})" for r in weak.itertuples())
    return out


def discover_sweep(directory: str | Path, where: str, *, per_run: bool = False,
                   min_density: float = MIN_DENSITY, box: int | None = None,
                   mass_min: float = 0.05) -> Discovery:
    """:func:`discover` on a sweep folder (finished or not), for the condition ``where``.

    Raises:
        StoreError: not a sweep folder.
        DiscoveryError: a malformed condition, an unknown metric, no successful runs.

    """
    from sim.outputs.registry import REGISTRY
    from sim.sweep.store import SweepStore

    store = SweepStore(directory)
    manifest = store.read_manifest()
    params, kept = list(manifest["parameters"]), list(manifest["metrics"])
    try:
        cond = parse_condition(where, kept, registered=REGISTRY, parameters=params)
    except ConditionError as err:
        raise DiscoveryError(str(err)) from None
    runs = store.load()
    ok = runs[runs["status"] == "ok"]
    if ok.empty:
        raise DiscoveryError(f"{directory}: no successful runs yet; nothing to discover")
    table, unit = (ok, "run") if per_run else (_point_means(ok, params, kept), "point")
    missing = table[list(cond.names)].isna().any(axis=1)
    out = discover(table.loc[~missing, params].reset_index(drop=True),
                   _holds(cond, table.loc[~missing]), where, unit=unit,
                   min_density=min_density, box=box, mass_min=mass_min)
    if missing.any():
        out.notes.append(f"{int(missing.sum())} {unit}(s) left out: no value for a metric "
                         "in the condition (an undefined metric, e.g. no fills)")
    done = manifest.get("counts", {}).get("remaining", 0)
    if manifest.get("status") != "complete" or done:
        out.notes.append(f"the sweep is {manifest.get('status')}: {len(runs)} of "
                         f"{manifest.get('n_runs')} runs recorded")
    return out


def _point_means(ok: pd.DataFrame, params: list[str], metrics: list[str]) -> pd.DataFrame:
    """One row per point: its inputs and each metric's mean over its successful runs."""
    grouped = ok.groupby("point_id", sort=True)
    return grouped[params].first().join(grouped[metrics].mean()).reset_index()


def _holds(cond: Condition, table: pd.DataFrame) -> np.ndarray:
    return cond.evaluate({n: table[n].to_numpy() for n in cond.names})


def _numeric(x: pd.DataFrame) -> pd.DataFrame:
    """Inputs PRIM can peel: whole numbers stay integers (discrete peels), the rest float."""
    return pd.DataFrame({c: x[c].to_numpy(dtype=np.int64 if x[c].dtype.kind in "iub"
                                          else float) for c in x.columns})


def _choose(traj: pd.DataFrame, min_density: float, box: int | None,
            notes: list[str]) -> int:
    last = len(traj) - 1
    if box is not None:
        if not 0 <= box <= last:
            raise DiscoveryError(f"--box {box}: the peeling trajectory has steps 0 to {last}")
        return box
    dense = traj[traj["density"] >= min_density]
    if dense.empty:
        best = int(traj["density"].idxmax())
        notes.append(f"no box reaches density {min_density:g}; the densest "
                     f"(step {best}, density {traj['density'].iloc[best]:.2f}) is shown")
        return best
    # highest coverage among the dense boxes; on a tie, the later (smaller) box
    return int(dense.sort_values(["coverage", "step"]).index[-1])


def _limits(found: Any, x: pd.DataFrame) -> pd.DataFrame:
    """Each restricted input: the box's low and high, which sides bind, and its quasi-p."""
    table = found.limits  # restricted inputs only, with min, max and "qp values"
    rows = []
    for name in table.index:
        low, high = float(table.at[name, "min"]), float(table.at[name, "max"])
        lo_all, hi_all = float(x[name].min()), float(x[name].max())
        qp = float(table.at[name, "qp values"])
        rows.append({"input": name, "low": low, "high": high, "low_binds": low > lo_all,
                     "high_binds": high < hi_all, "range_low": lo_all, "range_high": hi_all,
                     "qp": qp, "significant": bool(qp <= SIGNIFICANT)})
    columns = ["input", "low", "high", "low_binds", "high_binds", "range_low",
               "range_high", "qp", "significant"]
    return pd.DataFrame(rows, columns=columns).sort_values("qp", kind="stable",
                                                            ignore_index=True)


def _summary(condition: str, limits: pd.DataFrame, coverage: float, density: float) -> str:
    parts = [_rule(r) for r in limits.to_dict("records")]
    rule = " and ".join(parts) if parts else "anywhere in the swept ranges"
    return (f"{condition} holds when {rule} (coverage {coverage:.2f}, "
            f"density {density:.2f})")


def _rule(r: dict[str, Any]) -> str:
    name, low, high = r["input"], _num(r["low"]), _num(r["high"])
    if r["low_binds"] and r["high_binds"]:
        return f"{low} ≤ {name} ≤ {high}"
    return f"{name} ≥ {low}" if r["low_binds"] else f"{name} ≤ {high}"


def _num(v: float) -> str:
    return f"{v:.3g}"


def _clean(v: Any) -> Any:
    if isinstance(v, np.generic):
        v = v.item()
    return None if isinstance(v, float) and not math.isfinite(v) else v

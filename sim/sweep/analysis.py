"""Analysis of a finished (or partial) sweep: tables only, no plotting.

- :func:`sobol_indices`, :func:`morris_indices` — sensitivity indices with confidence
  intervals (SALib; :mod:`sim.sweep.sensitivity`);
- :func:`effect_table` — for any design, the mean and 95% interval of each metric by
  parameter value (or by quantile bin for continuous parameters);
- :func:`analyze_sweep` — all of the above for a sweep directory, plus, when asked (by
  the options or the spec's ``[analysis]`` table), scenario discovery
  (:mod:`sim.sweep.discovery`) and tipping points (:mod:`sim.sweep.tipping`), the
  reference scenario (:mod:`sim.sweep.axes`) and each heat-map cell's interval
  (:mod:`sim.sweep.cells`).

Plots are made from these tables by ``viz.sweep_plots``, outside the ``sim`` package.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from sim.sweep.sensitivity import (  # noqa: F401 - re-exported: the analysis API
    morris_indices,
    point_means,
    sobol_indices,
)

HEADLINE = ("fill_rate.startup", "weeks_to_fill.startup", "offer_acceptance.startup",
            "startup_loss_to_bigtech", "startup.survival", "startup.milestone_progress")
"""Metrics analysed by default when a sweep kept many (override with ``metrics=``)."""
MAX_DEFAULT_METRICS = 8


class AnalysisError(ValueError):
    """An analysis this sweep cannot give, e.g. of a metric it did not keep (bad input)."""


def effect_table(runs: pd.DataFrame, params: list[str], metrics: list[str], *,
                 bins: int = 4, max_levels: int = 12,
                 by_value: set[str] | None = None) -> pd.DataFrame:
    """Mean and 95% interval of each metric by parameter level, over successful runs.

    Parameters in ``by_value`` (default: those with at most ``max_levels`` distinct
    values) are grouped by value; the others by ``bins`` quantile bins (labelled
    ``low–high``; ``x`` is the bin's median).
    """
    from sim.experiments.stats import metric_interval

    ok = runs[runs["status"] == "ok"] if "status" in runs else runs
    if by_value is None:
        by_value = {p for p in params if ok[p].nunique() <= max_levels}
    rows = []
    for param in params:
        for level, x, group in _levels(ok, param, bins, param in by_value):
            for metric in metrics:
                iv = metric_interval(metric, group[metric].to_numpy(dtype=float),
                                     _horizon(group))
                rows.append({"parameter": param, "level": level, "x": x, "metric": metric,
                             "mean": iv.mean, "ci95_low": iv.low, "ci95_high": iv.high,
                             "n": iv.n, "method": iv.method, "missing": iv.missing})
    columns = ["parameter", "level", "x", "metric", "mean", "ci95_low", "ci95_high", "n",
               "method", "missing"]
    return pd.DataFrame(rows, columns=columns)


def _horizon(group: pd.DataFrame) -> float | None:
    """The weeks simulated by these runs, if the sweep varies them as a parameter.

    Otherwise None: a censored time's interval is then still bounded by the data, but
    its "never" count is not known here.
    """
    col = "market.weeks"
    if col in group and group[col].nunique() == 1:
        return float(group[col].iloc[0])
    return None


def _levels(ok: pd.DataFrame, param: str, bins: int, by_value: bool):
    values = ok[param]
    if by_value or values.nunique() <= bins:
        for value, group in ok.groupby(param, sort=True):
            yield _fmt_level(value), float(value), group
        return
    cut = pd.qcut(values, q=bins, duplicates="drop")
    for interval, group in ok.groupby(cut, sort=True, observed=True):
        label = f"{_fmt_level(interval.left)}–{_fmt_level(interval.right)}"
        yield label, float(group[param].median()), group


def _fmt_level(value: Any) -> str:
    return f"{value:.4g}" if isinstance(value, float | np.floating) else str(value)


def point_table(runs: pd.DataFrame, params: list[str], metrics: list[str]) -> pd.DataFrame:
    """One row per design point: parameters, successful runs, each metric's mean and CI.

    The interval is the metric's registered 95% interval (within its bounds; see
    :mod:`sim.experiments.stats`) over the point's successful replications, in the
    columns ``<metric>.low`` and ``<metric>.high``; ``<metric>.missing`` counts the
    successful replications in which the metric is undefined.
    """
    from sim.experiments.stats import metric_interval

    rows = []
    for pid, group in runs.groupby("point_id", sort=True):
        ok = group[group["status"] == "ok"]
        row = {"point_id": pid, **{p: group[p].iloc[0] for p in params}, "runs_ok": len(ok)}
        for m in metrics:
            iv = metric_interval(m, ok[m].to_numpy(dtype=float), _horizon(ok))
            row[m], row[f"{m}.low"], row[f"{m}.high"] = iv.mean, iv.low, iv.high
            row[f"{m}.missing"] = iv.missing
        rows.append(row)
    return pd.DataFrame(rows)


def grid_pivot(runs: pd.DataFrame, p1: str, p2: str, metric: str) -> pd.DataFrame:
    """Mean of a metric over successful runs: rows = values of ``p1``, columns = ``p2``."""
    ok = runs[runs["status"] == "ok"] if "status" in runs else runs
    return ok.pivot_table(index=p1, columns=p2, values=metric, aggfunc="mean")


def choose_metrics(kept: list[str], requested: list[str] | None) -> list[str]:
    """The metrics to analyse: as requested, all kept if few, else the headline ones."""
    if requested:
        unknown = [m for m in requested if m not in kept]
        if unknown:
            raise AnalysisError(f"--metric {unknown[0]}: not kept by this sweep "
                             f"(kept: {', '.join(kept)})")
        return list(dict.fromkeys(requested))
    if len(kept) <= MAX_DEFAULT_METRICS:
        return list(kept)
    return [m for m in HEADLINE if m in kept] or list(kept[:MAX_DEFAULT_METRICS])


@dataclass
class SweepAnalysis:
    """Every table ``hiresim analyze`` reports for one sweep directory."""

    manifest: dict[str, Any]
    runs: pd.DataFrame
    parameters: list[str]
    metrics: list[str]
    counts: dict[str, int]
    effects: pd.DataFrame
    sobol: pd.DataFrame | None = None
    sobol2: pd.DataFrame | None = None
    morris: pd.DataFrame | None = None
    heatmaps: dict[str, pd.DataFrame] = field(default_factory=dict)
    points: pd.DataFrame | None = None
    notes: list[str] = field(default_factory=list)
    heatmap_cells: dict[str, pd.DataFrame] = field(default_factory=dict)
    reference: dict[str, float] = field(default_factory=dict)
    discovery: Any = None  # sim.sweep.discovery.Discovery, when a condition was given
    tipping: list[Any] = field(default_factory=list)  # sim.sweep.tipping.Tipping, per --tip

    def to_json_dict(self) -> dict[str, Any]:
        """Indices and effects as JSON-ready data (NaN → None)."""
        def records(df: pd.DataFrame | None) -> list[dict[str, Any]] | None:
            if df is None:
                return None
            return [{k: _clean(v) for k, v in r.items()} for r in df.to_dict("records")]

        return {"name": self.manifest.get("name"), "sampler": self.manifest.get("sampler"),
                "status": self.manifest.get("status"), "counts": self.counts,
                "parameters": self.parameters, "metrics": self.metrics,
                "sobol": records(self.sobol), "sobol_second_order": records(self.sobol2),
                "morris": records(self.morris), "effects": records(self.effects),
                "points": records(self.points), "reference": self.reference,
                "discovery": self.discovery.to_json_dict() if self.discovery else None,
                "tipping": [t.to_json_dict() for t in self.tipping],
                "notes": self.notes}


def _clean(v: Any) -> Any:
    if isinstance(v, np.generic):
        v = v.item()
    return None if isinstance(v, float) and not math.isfinite(v) else v


def _discrete(spec: dict[str, Any], max_levels: int = 12) -> set[str]:
    """Parameters to group by value: listed values, or few whole numbers."""
    def few(body: dict[str, Any]) -> bool:
        return body.get("distribution") == "int" and body["high"] - body["low"] < max_levels

    return {p for p, body in spec["parameters"].items() if "values" in body or few(body)}


def analyze_sweep(directory: str | Path, metrics: list[str] | None = None, *,
                  where: str | None = None, tips: list[str] | None = None,
                  along: str | None = None) -> SweepAnalysis:
    """Analyse the runs recorded in a sweep directory.

    Args:
        directory: A sweep directory (complete or not).
        metrics: Metrics to analyse (default: see :func:`choose_metrics`).
        where: A condition for scenario discovery (default: the spec's
            ``[analysis] where``; none: no discovery).
        tips: Tipping-point requests, ``METRIC=VALUE`` or ``METRIC`` (default: the
            spec's ``[analysis] tip``).
        along: The input tipping curves run along (default: the spec's, else the first).

    Raises:
        StoreError: not a sweep directory.
        AnalysisError: a metric not kept by the sweep.
        DiscoveryError: a malformed or unknown condition.
        TippingError: a malformed or unknown tipping request.

    """
    from sim.sweep.design import UNIT_PREFIX
    from sim.sweep.repair import recorded_runs
    from sim.sweep.store import SweepStore

    store = SweepStore(directory)
    manifest = store.read_manifest()
    runs, design = recorded_runs(store, manifest), store.load_design()
    params = list(manifest["parameters"])
    chosen = choose_metrics(list(manifest["metrics"]), metrics)
    ok = int((runs["status"] == "ok").sum())
    counts = {"planned": int(manifest["n_runs"]), "recorded": len(runs), "ok": ok,
              "error": len(runs) - ok, "remaining": int(manifest["n_runs"]) - len(runs)}
    spec, sampler = manifest["spec"], manifest["sampler"]
    out = SweepAnalysis(manifest, runs, params, chosen, counts,
                        effect_table(runs, params, chosen, by_value=_discrete(spec)))
    if sampler in ("sobol", "morris") and spec["replications"] == 1 \
            and not spec.get("common_seeds"):
        out.notes.append("each point ran once on its own seed: run-to-run noise inflates "
                         "every parameter's index; set common_seeds = true or add "
                         "replications")
    if sampler == "sobol":
        out.sobol, out.sobol2, notes = sobol_indices(
            runs, params, chosen, n_points=len(design),
            calc_second_order=bool(spec.get("calc_second_order")))
        out.notes += notes
    elif sampler == "morris":
        unit_x = design[[UNIT_PREFIX + p for p in params]].to_numpy()
        out.morris, notes = morris_indices(runs, unit_x, params, chosen,
                                           levels=int(spec.get("levels", 4)))
        out.notes += notes
    if sampler == "grid":
        out.points = point_table(runs, params, chosen)
    if sampler == "grid" and len(params) >= 2:
        from sim.sweep.cells import cell_intervals

        out.heatmaps = {m: grid_pivot(runs, params[0], params[1], m) for m in chosen}
        out.heatmap_cells = {m: cell_intervals(runs, params[0], params[1], m)
                             for m in chosen}
    _questions(out, directory, where, tips, along)
    return out


def _questions(out: SweepAnalysis, directory: str | Path, where: str | None,
               tips: list[str] | None, along: str | None) -> None:
    """The reference scenario, and discovery and tipping points when asked for."""
    from sim.sweep.axes import reference_point

    out.reference = reference_point(out.manifest)
    asked = out.manifest["spec"].get("analysis") or {}
    where = where or asked.get("where")
    if where:
        from sim.sweep.discovery import discover_sweep

        out.discovery = discover_sweep(directory, where)
    requests = tips if tips else asked.get("tip", [])
    if requests:
        from sim.outputs.registry import REGISTRY
        from sim.sweep.tipping import parse_tip, tipping_points

        kept = list(out.manifest["metrics"])
        grid = out.manifest["sampler"] == "grid"
        for text in requests:
            request = parse_tip(text, kept, REGISTRY)
            out.tipping.append(tipping_points(out.runs, out.parameters, request,
                                              along=along or asked.get("along"), grid=grid))

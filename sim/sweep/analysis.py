"""Analysis of a finished (or partial) sweep: tables only, no plotting.

- :func:`sobol_indices` — first-order, total (and second-order) Sobol indices with
  bootstrap confidence intervals (SALib), on point means over replications;
- :func:`morris_indices` — Morris μ*, μ, σ with a confidence interval on μ* (SALib);
- :func:`effect_table` — for any design, the mean and 95% interval of each metric by
  parameter value (or by quantile bin for continuous parameters);
- :func:`analyze_sweep` — all of the above for a sweep directory.

Plots are made from these tables by ``viz.sweep_plots``, outside the ``sim`` package.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

HEADLINE = ("fill_rate.startup", "weeks_to_fill.startup", "offer_acceptance.startup",
            "startup_loss_to_bigtech", "startup.survival", "startup.milestone_progress")
"""Metrics analysed by default when a sweep kept many (override with ``metrics=``)."""
MAX_DEFAULT_METRICS = 8


class AnalysisError(ValueError):
    """An analysis this sweep cannot give, e.g. of a metric it did not keep (bad input)."""


def point_means(runs: pd.DataFrame, metrics: list[str], n_points: int) -> pd.DataFrame:
    """Mean of each metric over a point's successful replications, one row per point."""
    ok = runs[runs["status"] == "ok"] if "status" in runs else runs
    means = ok.groupby("point_id")[metrics].mean()
    return means.reindex(pd.RangeIndex(n_points, name="point_id"))


def sobol_indices(runs: pd.DataFrame, params: list[str], metrics: list[str], *,
                  n_points: int | None = None, calc_second_order: bool = False,
                  seed: int = 0, num_resamples: int = 100
                  ) -> tuple[pd.DataFrame, pd.DataFrame, list[str]]:
    """Sobol indices of each metric from a Saltelli/Sobol design.

    Args:
        runs: One row per run: ``point_id`` (the row of the Sobol sample), metrics,
            and optionally ``status``; replications are averaged per point first.
        params: Parameter names, in the order of the sample's columns.
        metrics: Metric columns to analyse.
        n_points: Points in the design (default: ``max(point_id) + 1``).
        calc_second_order: Whether the sample included the second-order points.
        seed: Seed of the bootstrap.
        num_resamples: Bootstrap resamples for the confidence intervals.

    Returns:
        ``(first_total, second, notes)``: one row per metric × parameter with ``S1``,
        ``S1_conf``, ``ST``, ``ST_conf``; one row per metric × pair with ``S2`` and
        ``S2_conf``; and notes on metrics that could not be analysed.

    """
    from SALib.analyze import sobol

    from sim.sweep.design import unit_problem

    n_points = n_points if n_points is not None else int(runs["point_id"].max()) + 1
    means = point_means(runs, metrics, n_points)
    problem = unit_problem(params)
    rows, pairs, notes = [], [], []
    for metric in metrics:
        y = means[metric].to_numpy(dtype=float)
        note = _unusable(metric, y)
        if note:
            notes.append(note)
            continue
        si = sobol.analyze(problem, y, calc_second_order=calc_second_order, seed=seed,
                           num_resamples=num_resamples)
        rows += [{"metric": metric, "parameter": p, "S1": si["S1"][i],
                  "S1_conf": si["S1_conf"][i], "ST": si["ST"][i], "ST_conf": si["ST_conf"][i]}
                 for i, p in enumerate(params)]
        if calc_second_order:
            pairs += [{"metric": metric, "parameter_1": params[i], "parameter_2": params[j],
                       "S2": si["S2"][i, j], "S2_conf": si["S2_conf"][i, j]}
                      for i in range(len(params)) for j in range(i + 1, len(params))]
    return pd.DataFrame(rows), pd.DataFrame(pairs), notes


def morris_indices(runs: pd.DataFrame, unit_x: np.ndarray, params: list[str],
                   metrics: list[str], *, levels: int = 4, seed: int = 0
                   ) -> tuple[pd.DataFrame, list[str]]:
    """Morris elementary-effect statistics of each metric.

    Args:
        runs: One row per run with ``point_id`` and the metrics.
        unit_x: The design in unit-cube coordinates, one row per point.
        params: Parameter names (columns of ``unit_x``).
        metrics: Metric columns.
        levels: The design's number of levels.
        seed: Seed of the bootstrap for ``mu_star_conf``.

    Returns:
        ``(table, notes)`` with ``mu``, ``mu_star``, ``sigma``, ``mu_star_conf`` per
        metric × parameter (effects per unit of the parameter's range).

    """
    from SALib.analyze import morris

    from sim.sweep.design import unit_problem

    means = point_means(runs, metrics, len(unit_x))
    rows, notes = [], []
    for metric in metrics:
        y = means[metric].to_numpy(dtype=float)
        note = _unusable(metric, y)
        if note:
            notes.append(note)
            continue
        si = morris.analyze(unit_problem(params), np.asarray(unit_x, float), y,
                            num_levels=levels, seed=seed)
        rows += [{"metric": metric, "parameter": p, "mu": si["mu"][i],
                  "mu_star": si["mu_star"][i], "sigma": si["sigma"][i],
                  "mu_star_conf": si["mu_star_conf"][i]} for i, p in enumerate(params)]
    return pd.DataFrame(rows), notes


def _unusable(metric: str, y: np.ndarray) -> str:
    missing = int(np.isnan(y).sum())
    if missing:
        return (f"{metric}: skipped in the sensitivity analysis ({missing} of {len(y)} "
                "points have no value: failed runs or an undefined metric)")
    if np.ptp(y) == 0:
        return f"{metric}: skipped in the sensitivity analysis (constant across points)"
    return ""


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
                "points": records(self.points),
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


def analyze_sweep(directory: str | Path, metrics: list[str] | None = None) -> SweepAnalysis:
    """Analyse the runs recorded in a sweep directory.

    Args:
        directory: A sweep directory (complete or not).
        metrics: Metrics to analyse (default: see :func:`choose_metrics`).

    Raises:
        StoreError: not a sweep directory.
        AnalysisError: a metric not kept by the sweep.

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
        out.heatmaps = {m: grid_pivot(runs, params[0], params[1], m) for m in chosen}
    return out

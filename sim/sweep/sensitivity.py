"""Sensitivity indices of a sweep: Sobol (first, total, second order) and Morris.

Both come from SALib, on each point's mean over its successful replications, with
SALib's bootstrap confidence intervals. A metric with a missing point mean or no
variation across points is skipped with a note.
"""

from __future__ import annotations

import numpy as np
import pandas as pd


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

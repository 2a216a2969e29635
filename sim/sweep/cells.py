"""The cells of a two-input heat map: each cell's mean with its registered 95% interval.

A heat map of means alone hides how sure each colour is. :func:`cell_intervals` gives
every cell (one value of each input, over the runs of any other inputs) the metric's
registered interval (:func:`sim.experiments.stats.metric_interval`: within the metric's
bounds), its half-width for a companion panel, and whether it can be told apart from
its neighbours: a cell is *distinguishable* when its interval overlaps neither the
cell before nor the cell after it along either input. Charts hatch the others.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

CELL_COLUMNS = ["row", "column", "mean", "low", "high", "half_width", "n", "missing",
                "distinguishable"]


def cell_intervals(runs: pd.DataFrame, rows: str, columns: str, metric: str) -> pd.DataFrame:
    """One row per cell of ``rows`` × ``columns``, from the successful runs.

    Args:
        runs: One row per run, with the two inputs (already binned if continuous), the
            metric and optionally ``status``.
        rows: The input along the heat map's rows.
        columns: The input along its columns.
        metric: The metric.

    Returns:
        The columns of :data:`CELL_COLUMNS`; ``row`` and ``column`` hold the inputs'
        values, ``half_width`` is half the interval's length (NaN with fewer than two
        runs), ``distinguishable`` is False where the interval overlaps a neighbour's.

    """
    from sim.experiments.stats import metric_interval

    ok = runs[runs["status"] == "ok"] if "status" in runs else runs
    out = []
    for (r, c), group in ok.groupby([rows, columns], sort=True):
        iv = metric_interval(metric, group[metric].to_numpy(dtype=float))
        out.append({"row": r, "column": c, "mean": iv.mean, "low": iv.low, "high": iv.high,
                    "half_width": (iv.high - iv.low) / 2, "n": iv.n, "missing": iv.missing})
    cells = pd.DataFrame(out, columns=CELL_COLUMNS[:-1])
    cells["distinguishable"] = _distinguishable(cells)
    return cells


def _distinguishable(cells: pd.DataFrame) -> np.ndarray:
    """False where a cell's interval overlaps that of a neighbour along rows or columns."""
    if cells.empty:
        return np.zeros(0, dtype=bool)
    low = cells.pivot(index="row", columns="column", values="low").to_numpy(float)
    high = cells.pivot(index="row", columns="column", values="high").to_numpy(float)
    clear = np.isfinite(low) & np.isfinite(high)
    for axis in (0, 1):
        for step in (1, -1):
            n_low, n_high = np.roll(low, step, axis), np.roll(high, step, axis)
            edge = [slice(None)] * 2
            edge[axis] = 0 if step == 1 else -1  # np.roll wraps: the edge has no neighbour
            overlap = (low <= n_high) & (n_low <= high)
            overlap[tuple(edge)] = False
            clear &= ~overlap  # NaN neighbours compare False: no overlap with a gap
    grid = pd.DataFrame(clear, index=sorted(cells["row"].unique()),
                        columns=sorted(cells["column"].unique()))
    return np.array([bool(grid.at[r, c]) for r, c in zip(cells["row"], cells["column"],
                                                           strict=True)])


def pivot(cells: pd.DataFrame, value: str) -> pd.DataFrame:
    """One column of :func:`cell_intervals` as a rows × columns table."""
    return cells.pivot(index="row", columns="column", values=value)

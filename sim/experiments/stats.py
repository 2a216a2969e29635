"""Statistics across runs: means with 95% intervals, and per-metric summaries."""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import pandas as pd


def mean_ci(values: np.ndarray) -> tuple[float, float, float, int]:
    """Mean and a 95% t-interval of finite values: (mean, low, high, n)."""
    from scipy import stats

    x = np.asarray(values, dtype=float)
    x = x[np.isfinite(x)]
    n = len(x)
    if n == 0:
        return (math.nan, math.nan, math.nan, 0)
    mean = float(x.mean())
    if n == 1:
        return (mean, math.nan, math.nan, 1)
    half = float(stats.t.ppf(0.975, n - 1) * x.std(ddof=1) / math.sqrt(n))
    return (mean, mean - half, mean + half, n)


SUMMARY_COLUMNS = ("metric", "mean", "ci95_low", "ci95_high", "n")
"""Columns of :func:`summarise`: the one summary every output uses."""


def summarise(runs: pd.DataFrame, metrics: Sequence[str] | None = None) -> pd.DataFrame:
    """Per-metric mean, 95% interval and count across the rows of ``runs``.

    Args:
        runs: One row per run, one column per metric.
        metrics: Metrics to summarise, in this order (default: every registered metric
            among the columns). A metric that is not a column of ``runs`` (``focal.*``
            without a focal startup) gets a row of NaN with ``n`` 0, so that a requested
            metric is never silently dropped.

    Returns:
        A frame with the columns of :data:`SUMMARY_COLUMNS`, one row per metric.

    """
    from sim.outputs.registry import REGISTRY

    names = list(metrics) if metrics is not None else [c for c in runs.columns if c in REGISTRY]
    rows = []
    for name in names:
        if name in runs.columns:
            mean, lo, hi, n = mean_ci(runs[name].to_numpy(dtype=float))
        else:
            mean, lo, hi, n = math.nan, math.nan, math.nan, 0
        rows.append({"metric": name, "mean": mean, "ci95_low": lo, "ci95_high": hi, "n": n})
    return pd.DataFrame(rows, columns=list(SUMMARY_COLUMNS)).astype({"n": int})

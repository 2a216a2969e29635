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


def summarise(runs: pd.DataFrame, metrics: Sequence[str] | None = None) -> pd.DataFrame:
    """Per-metric mean, 95% interval and count across the rows of ``runs``."""
    from sim.outputs.registry import REGISTRY

    names = list(metrics) if metrics is not None else [c for c in runs.columns if c in REGISTRY]
    rows = []
    for name in names:
        mean, lo, hi, n = mean_ci(runs[name].to_numpy())
        rows.append({"metric": name, "mean": mean, "ci95_low": lo, "ci95_high": hi, "n": n})
    return pd.DataFrame(rows)

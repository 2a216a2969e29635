"""Checks of the validity claims: paired differences with 95% intervals and a rule.

Part of the validity suite; :mod:`validity_claims` re-exports everything here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from sim.experiments.stats import mean_ci


# ---------------------------------------------------------------------------------------
# Checks: paired differences with 95% intervals against a stated tolerance.
# ---------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Check:
    """One quantitative statement about the runs, and whether it held.

    ``passed`` applies the stated rule (usually: the 95% interval lies beyond the
    bound); ``direction`` only asks whether the mean lies beyond it — the robustness
    script reports both, since a few replications give wide intervals.
    """

    claim: str
    name: str
    estimate: float
    low: float
    high: float
    n: int
    rule: str
    passed: bool
    direction: bool

    def __str__(self) -> str:
        verdict = "holds" if self.passed else "FAILS"
        return (f"[{self.claim}] {self.name}: {self.estimate:+.4g} "
                f"(95% CI {self.low:+.4g} to {self.high:+.4g}, n={self.n}); "
                f"rule: {self.rule} -> {verdict}")


def _col(runs: pd.DataFrame, arm: str, metric: str) -> pd.Series:
    return runs[runs["arm"] == arm].set_index("replication")[metric].astype(float)


def diff(runs: pd.DataFrame, metric: str, arm: str, ref: str) -> pd.Series:
    """Per-replication ``metric(arm) − metric(ref)`` (paired on common seeds)."""
    return _col(runs, arm, metric) - _col(runs, ref, metric)


def within(runs: pd.DataFrame, arm: str, metric: str, ref_metric: str) -> pd.Series:
    """Per-replication ``metric − ref_metric`` within one arm (same run, same seed)."""
    return _col(runs, arm, metric) - _col(runs, arm, ref_metric)


def values(runs: pd.DataFrame, arm: str, metric: str) -> pd.Series:
    """Per-replication values of ``metric`` in ``arm``."""
    return _col(runs, arm, metric)


def check_above(claim: str, name: str, x: pd.Series | np.ndarray, bound: float = 0.0,
                rule: str | None = None) -> Check:
    """Holds when the 95% interval of the mean of ``x`` lies above ``bound``."""
    mean, lo, hi, n = mean_ci(np.asarray(x, dtype=float))
    return Check(claim, name, mean, lo, hi, n, rule or f"CI low > {bound:g}",
                 bool(np.isfinite(lo) and lo > bound), bool(np.isfinite(mean) and mean > bound))


def check_below(claim: str, name: str, x: pd.Series | np.ndarray, bound: float = 0.0,
                rule: str | None = None) -> Check:
    """Holds when the 95% interval of the mean of ``x`` lies below ``bound``."""
    mean, lo, hi, n = mean_ci(np.asarray(x, dtype=float))
    return Check(claim, name, mean, lo, hi, n, rule or f"CI high < {bound:g}",
                 bool(np.isfinite(hi) and hi < bound), bool(np.isfinite(mean) and mean < bound))


def check_mean(claim: str, name: str, x: pd.Series | np.ndarray, ok: Callable[[float], bool],
               rule: str) -> Check:
    """Holds when ``ok(mean of x)``; the interval is reported, not used."""
    mean, lo, hi, n = mean_ci(np.asarray(x, dtype=float))
    held = bool(np.isfinite(mean) and ok(mean))
    return Check(claim, name, mean, lo, hi, n, rule, held, held)

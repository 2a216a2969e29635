"""Paired comparison of arms (scenarios or strategies) on common random numbers.

Every arm runs on the same seeds, so a difference between arms at one seed comes
from the arms, not from the noise; intervals are taken over the paired differences.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from sim.config import SimConfig
from sim.experiments.runs import replicate, replication_seeds, run_metrics
from sim.experiments.stats import mean_ci, metric_interval


@dataclass
class Comparison:
    """Per-run metrics of every arm, and the per-metric table of paired differences."""

    arms: list[str]
    runs: pd.DataFrame  # arm, replication, seed, metrics...
    table: pd.DataFrame  # metric, arm, mean, ci95_low, ci95_high, method, missing, never,
    #                      diff, diff_low, diff_high, p_better, p10, p50, p90, n


def compare_configs(
    configs: Mapping[str, SimConfig],
    replications: int = 10,
    base_seed: int = 0,
    metrics: Sequence[str] | None = None,
    on_progress: Callable[[int, int], None] | None = None,
    runner: Callable[[SimConfig, int], dict[str, float]] = run_metrics,
) -> Comparison:
    """Run every arm on the same ``replications`` seeds and compare each to the first.

    Args:
        configs: Arm name → configuration; the first arm is the reference.
        replications: Seeds per arm (the same seeds for every arm).
        base_seed: Base from which the seeds are derived.
        metrics: Metrics to tabulate (default: every metric the runs produced).
        on_progress: Called as ``on_progress(done, total)`` after each run.
        runner: Function running one config at one seed (tests may pass a cheaper one).

    """
    arms = list(configs)
    if not arms:
        raise ValueError("compare: give at least one arm")
    seeds = replication_seeds(base_seed, replications)
    rows = [{"arm": arm, "replication": i, "seed": seed, **metrics}
            for arm, i, seed, metrics in replicate(configs, seeds, runner, on_progress)]
    # One block of rows per arm, in the arms' order (the runs come seed by seed).
    order = {arm: k for k, arm in enumerate(arms)}
    runs = pd.DataFrame(rows).sort_values("arm", key=lambda s: s.map(order), kind="stable")
    runs = runs.reset_index(drop=True)
    horizons = {arm: cfg.market.weeks for arm, cfg in configs.items()}
    return Comparison(arms=arms, runs=runs, table=paired_table(runs, arms, metrics, horizons))


def paired_table(runs: pd.DataFrame, arms: Sequence[str],
                 metrics: Sequence[str] | None = None,
                 horizons: Mapping[str, float] | None = None) -> pd.DataFrame:
    """Tabulate each metric and arm against the first arm.

    Each row has the arm's mean with a 95% interval by the metric's registered method
    (within its bounds; ``method``, ``missing`` and ``never`` as in
    :func:`sim.experiments.stats.summarise`), its 10/50/90th percentiles, and the
    paired difference to the first arm with its 95% t-interval (a difference can take
    either sign, so it has no bounds) and P(arm > first). ``horizons`` gives each arm's
    weeks, for censored times.
    """
    from sim.outputs.registry import REGISTRY

    names = list(metrics) if metrics is not None else [c for c in runs.columns if c in REGISTRY]
    ref = runs[runs["arm"] == arms[0]].set_index("replication")
    out = []
    for name in names:
        for arm in arms:
            cur = runs[runs["arm"] == arm].set_index("replication")
            x = cur[name].to_numpy(dtype=float)
            iv = metric_interval(name, x, (horizons or {}).get(arm))
            d = (cur[name] - ref[name]).to_numpy(dtype=float)
            dmean, dlo, dhi, _ = mean_ci(d)
            finite = x[np.isfinite(x)]
            dfin = d[np.isfinite(d)]
            pct = np.percentile(finite, [10, 50, 90]) if len(finite) else [np.nan] * 3
            out.append({
                "metric": name, "arm": arm, "mean": iv.mean, "ci95_low": iv.low,
                "ci95_high": iv.high, "method": iv.method, "missing": iv.missing,
                "never": np.nan if iv.never is None else iv.never,
                "p10": pct[0], "p50": pct[1], "p90": pct[2], "n": iv.n,
                "diff": dmean, "diff_low": dlo, "diff_high": dhi,
                "p_better": float(np.mean(dfin > 0)) if len(dfin) and arm != arms[0]
                else np.nan,
            })
    return pd.DataFrame(out)

"""Arms of the validity claims: the configurations the behaviour tests compare.

Every arm is the default market plus a few dotted overrides, run on common seeds
(``run_arms``), so that any two arms form paired comparisons. Part of the validity
suite; :mod:`validity_claims` re-exports everything here.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from typing import Any

import pandas as pd
from claim_measures import claim_metrics

from sim.config import SimConfig
from sim.experiments.compare import compare_configs
from sim.experiments.runs import replication_seeds

# ---------------------------------------------------------------------------------------
# Test design: fixed seeds, default market size (the claims are about the defaults).
# ---------------------------------------------------------------------------------------
BASE_SEED = 2024
"""Base seed of the behaviour tests (replication seeds derive from it)."""

REPLICATIONS = 10
"""Paired replications per arm in the behaviour tests."""

REPLICATIONS_BY_ARM = {"no_builder_screen": 20, "all_builder_screen": 20, "levers_mixed": 40}
"""Arms that need more replications: builder screens change the 26-week attrition of a
few hundred early-stage hires per run by a few points; the within-market lever factorial
spreads 300 startups over 16 lever combinations (see the claims)."""

LEVERS = (
    "startups.share_explained",
    "startups.share_precise_titles",
    "startups.share_focused_jd",
    "startups.share_lean_process",
)
"""The four mistakes of the article (M3, M4, M8, M9) as market shares of startups."""


def _levers(*on: str) -> dict[str, Any]:
    """No startup hires deliberately; the named levers are fixed everywhere, others nowhere."""
    out: dict[str, Any] = {"startups.share_deliberate": 0.0}
    out.update({k: (1.0 if k in on else 0.0) for k in LEVERS})
    return out


def _mix(aligned: float, ahead: float, generalists: float) -> dict[str, Any]:
    return {"startups.strategy_mix.stage_aligned": aligned,
            "startups.strategy_mix.ahead_of_stage": ahead,
            "startups.strategy_mix.generalists_only": generalists}


LAYOFF_WAVE = {"kind": "layoff_wave", "week": 10, "size": 0.4, "ml_share": 0.02}
"""The ``layoff_wave`` preset's shock (scenarios/layoff_wave.toml)."""

ARMS: dict[str, dict[str, Any]] = {
    # The market as it is (defaults = the baseline preset), and the demand/supply ratio.
    "baseline": {},
    "ratio_4": {"market.demand_supply_ratio": 4.0},
    "ratio_2": {"market.demand_supply_ratio": 2.0},
    "ratio_1": {"market.demand_supply_ratio": 1.0},
    "ratio_5": {"market.demand_supply_ratio": 5.0},
    "layoff_wave": {"shocks": [LAYOFF_WAVE]},
    # Hiring strategies (M6), market-wide.
    "all_stage_aligned": _mix(1.0, 0.0, 0.0),
    "all_ahead_of_stage": _mix(0.0, 1.0, 0.0),
    "all_generalists_only": _mix(0.0, 0.0, 1.0),
    # The four mistakes (M13): none fixed, each alone, all four.
    "no_lever": _levers(),
    "explained_only": _levers("startups.share_explained"),
    "precise_only": _levers("startups.share_precise_titles"),
    "focused_jd_only": _levers("startups.share_focused_jd"),
    "lean_only": _levers("startups.share_lean_process"),
    "all_four": _levers(*LEVERS),
    # Each startup fixes each lever independently with probability ½: the four-lever
    # factorial within one market, where every startup competes for the same candidates.
    "levers_mixed": {"startups.share_deliberate": 0.0, **{k: 0.5 for k in LEVERS}},
    # Builder screens (M7).
    "no_builder_screen": {"startups.share_builder_screen": 0.0},
    "all_builder_screen": {"startups.share_builder_screen": 1.0},
}
"""Arm name → dotted overrides of the default configuration."""


def arm_config(arm: str, base: SimConfig | None = None,
               extra: Mapping[str, Any] | None = None) -> SimConfig:
    """The configuration of ``arm``: ``base`` (default: defaults) + ``extra`` + the arm."""
    cfg = base if base is not None else SimConfig()
    overrides = dict(extra or {})
    overrides.update(ARMS[arm])
    return cfg.with_overrides(overrides) if overrides else cfg


def replications_of(arm: str, scale: float = 1.0) -> int:
    """Replications of ``arm`` in the tests, times ``scale`` (at least two)."""
    return max(2, math.ceil(REPLICATIONS_BY_ARM.get(arm, REPLICATIONS) * scale))


def run_arms(arms: Iterable[str], replications: int | None = None,
             base_seed: int = BASE_SEED, base: SimConfig | None = None,
             extra: Mapping[str, Any] | None = None, workers: int = 1,
             scale: float = 1.0) -> pd.DataFrame:
    """Per-run metrics of ``arms`` on common seeds, one row per (arm, replication).

    Each arm runs ``replications`` times, or by default ``replications_of(arm, scale)``,
    on the seeds ``replication_seeds(base_seed, n)``, so any two arms share their first
    seeds. With ``workers == 1`` the runs are ``compare_configs(...,
    runner=claim_metrics).runs``; scripts may pass more workers to spread the same runs
    over processes (the rows are identical: a run depends only on its configuration and
    seed).
    """
    by_count: dict[int, list[str]] = {}
    for arm in arms:
        n = replications or replications_of(arm, scale)
        by_count.setdefault(n, []).append(arm)
    frames = []
    for n, names in by_count.items():
        configs = {a: arm_config(a, base, extra) for a in names}
        if workers <= 1:
            frames.append(compare_configs(configs, replications=n, base_seed=base_seed,
                                          metrics=[], runner=claim_metrics).runs)
            continue
        from concurrent.futures import ProcessPoolExecutor

        seeds = replication_seeds(base_seed, n)
        jobs = [(a, i, s) for a in configs for i, s in enumerate(seeds)]
        with ProcessPoolExecutor(max_workers=workers) as pool:
            results = list(pool.map(claim_metrics, [configs[a] for a, _, _ in jobs],
                                    [s for _, _, s in jobs]))
        frames.append(pd.DataFrame([{"arm": a, "replication": i, "seed": s, **res}
                                    for (a, i, s), res in zip(jobs, results, strict=True)]))
    return pd.concat(frames, ignore_index=True)

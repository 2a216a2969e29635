"""The one run path: a configuration over one or many seeds, as tidy frames.

Every driver (compare, the strategy lab, sweeps, the dashboard) runs the model through
:func:`run_one` or :func:`run_metrics`; :func:`run` gathers many runs into :class:`Results`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

from sim.config import SimConfig
from sim.experiments.stats import summarise
from sim.model.market import Market
from sim.model.rng import derive_seed
from sim.outputs.frames import (
    RunResult,
    events_frame,
    requisitions_frame,
    startups_frame,
    weekly_frame,
)
from sim.outputs.measures import compute_metrics


def run_one(cfg: SimConfig, seed: int, check_invariants: bool = False) -> RunResult:
    """Simulate one market for ``cfg.market.weeks`` weeks from ``seed``."""
    m = Market(cfg, seed=seed, check_invariants=check_invariants).run()
    return RunResult(
        seed=seed, config=cfg, metrics=compute_metrics(m), weekly=weekly_frame(m),
        events=events_frame(m), startups=startups_frame(m), requisitions=requisitions_frame(m),
    )


def run_metrics(cfg: SimConfig, seed: int) -> dict[str, float]:
    """Only the summary metrics of one run (what sweeps keep)."""
    m = Market(cfg, seed=seed).run()
    return compute_metrics(m)


def replication_seeds(base_seed: int, replications: int) -> list[int]:
    """Seeds for replications 0..n-1 derived from a base seed (the same for every arm)."""
    return [derive_seed(base_seed, i) for i in range(replications)]


@dataclass
class Results:
    """Many runs of one configuration: tidy frames across seeds."""

    config: SimConfig
    runs: pd.DataFrame  # one row per run: replication, seed, every metric
    weekly: pd.DataFrame  # one row per run and week
    events: pd.DataFrame
    startups: pd.DataFrame
    requisitions: pd.DataFrame

    def summary(self, metrics: Sequence[str] | None = None) -> pd.DataFrame:
        """Mean, 95% interval, method and counts of each metric across runs (``summarise``)."""
        return summarise(self.runs, metrics, horizon=self.config.market.weeks)


def replicate[T](
    arms: Mapping[str, SimConfig],
    seeds: Sequence[int],
    runner: Callable[[SimConfig, int], T],
    on_progress: Callable[[int, int], None] | None = None,
    first: int = 0,
    total: int | None = None,
) -> Iterator[tuple[str, int, int, T]]:
    """Run every arm at every seed: the loop every driver of many runs goes through.

    Seeds are the outer loop, so a partial result (an interrupted or adaptive run)
    always holds whole replications of every arm: common random numbers need pairs.

    Args:
        arms: Arm label → configuration.
        seeds: The seeds; replication ``first + i`` runs ``seeds[i]``.
        runner: Runs one configuration at one seed (:func:`run_one`, :func:`run_metrics`,
            or a caller's cached or cheaper stand-in).
        on_progress: Called as ``on_progress(done, total)`` after each run.
        first: Replication number of ``seeds[0]`` (when replications are added in rounds).
        total: Runs expected in all (default: this call's); only for ``on_progress``.

    Yields:
        ``(arm, replication, seed, result)`` for each run.

    """
    total = total if total is not None else len(arms) * len(seeds)
    done = first * len(arms)
    for i, seed in enumerate(seeds, start=first):
        for arm, cfg in arms.items():
            result = runner(cfg, seed)
            done += 1
            yield arm, i, seed, result
            if on_progress is not None:
                on_progress(done, total)


def run(
    config: SimConfig,
    seeds: Iterable[int] | None = None,
    replications: int = 1,
    base_seed: int = 0,
    on_progress: Callable[[int, int], None] | None = None,
    keep_frames: bool = True,
    runner: Callable[[SimConfig, int], RunResult] = run_one,
) -> Results:
    """Run ``config`` once per seed and gather tidy frames.

    Args:
        config: The configuration.
        seeds: Explicit seeds; otherwise ``replications`` seeds derived from ``base_seed``.
        replications: Number of runs when ``seeds`` is not given.
        base_seed: Base of the derived seeds.
        on_progress: Called as ``on_progress(done, total)`` after each run.
        keep_frames: Keep weekly/events/startups/requisitions frames (memory!).
        runner: Runs one seed (default :func:`run_one`); the dashboard passes a cached one.

    """
    seeds = list(seeds) if seeds is not None else replication_seeds(base_seed, replications)
    rows, frames = [], {"weekly": [], "events": [], "startups": [], "requisitions": []}
    for _, i, seed, res in replicate({"": config}, seeds, runner, on_progress):
        rows.append({"replication": i, "seed": seed, **res.metrics})
        if keep_frames:
            for name in frames:
                df = getattr(res, name)
                df.insert(0, "seed", seed)
                df.insert(0, "replication", i)
                frames[name].append(df)
    cat = {k: pd.concat(v, ignore_index=True) if v else pd.DataFrame() for k, v in frames.items()}
    return Results(config=config, runs=pd.DataFrame(rows), **cat)

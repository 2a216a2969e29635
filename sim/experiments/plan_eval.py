"""Evaluating plans: one run's milestone outcome, and a plan's score over common seeds.

Every plan of a search is run on the same seeds (common random numbers), so two plans
differ at a seed only through the plan. One run gives the focal metrics plus two the
search needs:

- ``plan.reached``: 1 if the startup reached its milestone within the horizon. Progress
  stops when a startup fails, so a run that reached it did so before its cash ran out.
- ``plan.cash_at_milestone_musd``: the cash it had left in the week it reached the
  milestone (before any round raised that week), in USD millions; NaN if it never did.

The objectives (``[search] objective``), per run: ``milestone`` is ``plan.reached``
(its mean is P(reach the milestone before cash runs out)); ``weeks_to_milestone`` is
``focal.weeks_to_milestone`` (horizon + 1 when never reached); ``cash_per_progress`` is
``focal.cash_per_progress``.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import pandas as pd

from sim.config import SimConfig
from sim.config.codes import EV_RAISE
from sim.experiments.plan_space import plan_config
from sim.model.market import Market
from sim.model.recorder import WEEKLY_COLUMNS
from sim.outputs.measures import compute_metrics

PLAN_METRICS = ("plan.reached", "plan.cash_at_milestone_musd", "focal.weeks_to_milestone",
                "focal.cash_per_progress", "focal.hires", "focal.weeks_to_first_hire",
                "focal.seats_filled_share", "focal.raised_round", "focal.survived")
"""What each run of a plan keeps."""

OBJECTIVE_COLUMN = {"milestone": "plan.reached",
                    "weeks_to_milestone": "focal.weeks_to_milestone",
                    "cash_per_progress": "focal.cash_per_progress"}
HIGHER_IS_BETTER = {"milestone": True, "weeks_to_milestone": False,
                    "cash_per_progress": False}
TIE_BREAK = 1e-3
"""Weight of the weeks to the milestone in the ``milestone`` score: P(reach) moves in steps
of 1/seeds, and this term (under 1e-3 for any horizon) only orders plans whose P ties, the
sooner milestone first."""

Evaluator = Callable[[SimConfig, Sequence[dict[str, Any]], Sequence[int],
                      Callable[[int], None] | None], pd.DataFrame]
"""``evaluate(cfg, plans, seeds, on_runs)`` → one row per plan and seed: ``plan`` (its
position), ``replication``, ``seed`` and :data:`PLAN_METRICS`; ``on_runs(k)`` is called as
runs finish. The serial one is :func:`evaluate_serial`; the CLI passes one that runs on
the sweep's executors."""


def plan_run(cfg: SimConfig, seed: int) -> dict[str, float]:
    """One run of ``cfg``: every metric plus ``plan.reached`` and the cash at the milestone."""
    m = Market(cfg, seed=seed).run()
    out = compute_metrics(m)
    out.update(milestone_outcome(m))
    return out


def milestone_outcome(m: Market) -> dict[str, float]:
    """Whether the focal startup reached its milestone, and the cash it had left then."""
    week = int(m.firms.milestone_week[0])
    if week < 1:
        return {"plan.reached": 0.0, "plan.cash_at_milestone_musd": math.nan}
    col = WEEKLY_COLUMNS.index("focal_cash_kusd")
    cash = float(m.recorder.rows[week - 1][col])
    e = m.events
    raised = (e["kind"] == EV_RAISE) & (e["firm"] == 0) & (e["week"] == week)
    cash -= float(e["value"][raised].sum())  # a round raised in that same week came after
    return {"plan.reached": 1.0, "plan.cash_at_milestone_musd": cash / 1000.0}


def evaluate_serial(cfg: SimConfig, plans: Sequence[dict[str, Any]], seeds: Sequence[int],
                    on_runs: Callable[[int], None] | None = None,
                    runner: Callable[[SimConfig, int], dict[str, float]] = plan_run,
                    ) -> pd.DataFrame:
    """Run every plan at every seed in this process (seeds outer: whole replications).

    ``runner`` runs one configuration at one seed (:func:`plan_run`, or a caller's cached
    stand-in, as the dashboard's).
    """
    configs = [plan_config(cfg, p) for p in plans]
    rows = []
    for j, seed in enumerate(seeds):
        for i, c in enumerate(configs):
            out = runner(c, seed)
            rows.append({"plan": i, "replication": j, "seed": seed,
                         **{k: float(out.get(k, math.nan)) for k in PLAN_METRICS}})
            if on_runs is not None:
                on_runs(1)
    return tidy_runs(pd.DataFrame(rows))


def tidy_runs(runs: pd.DataFrame) -> pd.DataFrame:
    """Runs in a fixed order (plan, replication), whatever order they finished in."""
    cols = ["plan", "replication", "seed", *PLAN_METRICS]
    if runs.empty:
        return pd.DataFrame(columns=cols)
    return runs[cols].sort_values(["plan", "replication"], kind="stable").reset_index(drop=True)


def summarise_plan(runs: pd.DataFrame, objective: str, horizon: int) -> dict[str, float]:
    """A plan's means over its runs, its objective value and its score (higher is better)."""
    reached = runs["plan.reached"].to_numpy(dtype=float)
    weeks = runs["focal.weeks_to_milestone"].to_numpy(dtype=float)
    cash = runs["plan.cash_at_milestone_musd"].to_numpy(dtype=float)
    out = {
        "p_milestone": float(reached.mean()),
        "weeks_to_milestone": float(weeks.mean()),
        "cash_at_milestone_musd": _nanmean(cash),
        "cash_per_progress": _nanmean(runs["focal.cash_per_progress"].to_numpy(dtype=float)),
        "hires": float(runs["focal.hires"].mean()),
    }
    out["objective"] = {"milestone": out["p_milestone"],
                        "weeks_to_milestone": out["weeks_to_milestone"],
                        "cash_per_progress": out["cash_per_progress"]}[objective]
    out["score"] = score(out["objective"], out["weeks_to_milestone"], objective, horizon)
    return out


def score(value: float, weeks: float, objective: str, horizon: int) -> float:
    """The number the search maximises: the objective, signed, with the milestone tie-break."""
    if not math.isfinite(value):
        return -math.inf
    if objective == "milestone":
        return value - TIE_BREAK * weeks / (horizon + 1)
    return -value


def run_scores(values: np.ndarray, weeks: np.ndarray, objective: str,
               horizon: int) -> np.ndarray:
    """Per-run contributions whose mean is :func:`score` (for resampling seeds)."""
    if objective == "milestone":
        return values - TIE_BREAK * weeks / (horizon + 1)
    return -values


def _nanmean(x: np.ndarray) -> float:
    x = x[np.isfinite(x)]
    return float(x.mean()) if len(x) else math.nan


__all__ = ["Evaluator", "HIGHER_IS_BETTER", "OBJECTIVE_COLUMN", "PLAN_METRICS",
           "evaluate_serial", "milestone_outcome", "plan_run", "run_scores", "score",
           "summarise_plan", "tidy_runs"]

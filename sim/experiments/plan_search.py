"""Plan search: the best hiring plan a founder can afford, with what the runs support.

1. **Search.** An Optuna study (:mod:`sim.experiments.plan_study`) tries ``trials``
   plans from the space (:mod:`sim.experiments.plan_space`), each on the same ``seeds``
   common seeds, and keeps those within the budget.
2. **Finalists.** The ``finalists`` best distinct plans are run again, with the
   founder's current plan, on ``final_seeds`` *fresh* seeds (never used by the search),
   so the search's luck in picking them does not carry into their numbers.
3. **Ranking.** On the fresh seeds each plan gets its objective's mean with a 95%
   interval, the paired difference to the current plan with its 95% t-interval
   (:func:`sim.experiments.stats.interval`, kept within the difference's bounds), the
   share of seeds on which it beats the current plan, and P(best): the share of
   bootstrap resamples of the seeds (resampled together for every plan, keeping the
   pairing) in which it ranks first. A plan *beats the current plan* only when its
   paired interval, widened for the number of finalists compared (Bonferroni: each at
   1 − 0.05/k, so that all k hold together 95% of the time), excludes zero on the
   better side; when none does, the verdict says so.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from sim.config import SimConfig
from sim.config.plan_search import OBJECTIVES
from sim.experiments.plan_eval import (
    HIGHER_IS_BETTER,
    OBJECTIVE_COLUMN,
    Evaluator,
    evaluate_serial,
    run_scores,
    summarise_plan,
)
from sim.experiments.plan_space import PlanSpace
from sim.experiments.plan_study import (
    complete_trials,
    open_study,
    plan_key,
    run_trials,
    study_fingerprint,
    trials_frame,
)
from sim.experiments.plan_words import describe_plan, plan_changes, strategy_toml
from sim.experiments.runs import replication_seeds
from sim.experiments.stats import interval, mean_ci, metric_interval
from sim.model.rng import derive_seed

FRESH_STREAM = 1_000_000
"""Offset of the finalists' fresh seeds among the seeds derived from the base seed (the
search uses 0, 1, …): they never meet the search's seeds, whatever ``seeds`` is."""
BOOTSTRAP = 2000
"""Resamples of the fresh seeds behind P(best); its Monte-Carlo error is under ±0.011."""
CURRENT = "current"
SECONDARY = {"p_milestone": "plan.reached", "weeks_to_milestone": "focal.weeks_to_milestone",
             "cash_at_milestone_musd": "plan.cash_at_milestone_musd", "hires": "focal.hires"}
"""Outcomes reported beside the objective for every finalist (name → run column)."""


@dataclass
class PlanSearchResult:
    """A finished search: every trial, the finalists on fresh seeds, and the verdict."""

    space: PlanSpace
    trials: pd.DataFrame  # one row per trial (plan_study.trials_frame)
    current_search: dict[str, float]  # the current plan on the search's seeds
    finalists: pd.DataFrame  # ranked; current included; see _rank
    differences: pd.DataFrame  # label, metric, diff, diff_low, diff_high vs the current plan
    final_runs: pd.DataFrame  # label, replication, seed, PLAN_METRICS
    plans: dict[str, dict[str, Any]]  # label → [focal] table
    best: str  # label of the best-ranked plan (may be the current one)
    beats_current: bool  # the best-ranked plan beats the current one significantly
    verdict: str
    seeds: int
    final_seeds: int

    @property
    def feasible(self) -> int:
        """Trials within the budget."""
        return int(self.trials["feasible"].sum()) if len(self.trials) else 0

    def strategy_file(self, label: str | None = None, name: str = "best_plan") -> str:
        """A plan (the best one by default) as a strategy file ``hiresim strategies`` reads."""
        label = label or self.best
        words = describe_plan(self.plans[label])
        what = "The founder's current plan" if label == CURRENT else f"Plan search ({label})"
        return strategy_toml(self.plans[label], name, f"{what}: {words}.")


def search_plans(cfg: SimConfig, space: PlanSpace, *, trials: int = 60, seeds: int = 16,
                 final_seeds: int = 48, finalists: int = 3, base_seed: int = 0,
                 folder: Path | None = None, resume: bool = False,
                 evaluate: Evaluator = evaluate_serial,
                 on_progress: Callable[[int, int], None] | None = None) -> PlanSearchResult:
    """Search the space for the best plan; re-run the finalists on fresh seeds; rank them.

    Args:
        cfg: The market with the founder's ``[focal]`` startup (the current plan).
        space: The plans to try (:func:`sim.experiments.plan_space.build_space`).
        trials: Plans the search tries (a resumed search runs only the missing ones).
        seeds: Common seeds every trial is run on.
        final_seeds: Fresh seeds the finalists and the current plan are run on.
        finalists: Best distinct plans within the budget that are re-run.
        base_seed: Seed of everything: the search's seeds, the sampler, the fresh seeds.
        folder: Where the study is stored (``study.db``); None keeps it in memory.
        resume: Continue the study in ``folder``.
        evaluate: Runs plans on seeds (:func:`~sim.experiments.plan_eval.evaluate_serial`,
            or one that spreads runs over processes).
        on_progress: Called as ``on_progress(done, total)`` as runs finish.

    Raises:
        PlanSearchError: resuming a different search, or resuming with no study.

    """
    search_seeds = replication_seeds(base_seed, seeds)
    fresh = [derive_seed(base_seed, FRESH_STREAM + i) for i in range(final_seeds)]
    study = open_study(folder, study_fingerprint(cfg, space, search_seeds), resume)
    total = seeds * (trials + 1) + (finalists + 1) * final_seeds
    done = [seeds * min(len(complete_trials(study)), trials)]

    def on_runs(k: int) -> None:
        done[0] += k
        if on_progress is not None:
            on_progress(done[0], total)

    current = _current_on_search_seeds(study, cfg, space, search_seeds, evaluate, on_runs)
    run_trials(study, cfg, space, trials, search_seeds, base_seed, evaluate, on_runs)
    frame = trials_frame(study, space, trials)
    plans = {CURRENT: space.current, **_pick_finalists(frame, study, space, finalists)}
    total = done[0] + len(plans) * final_seeds  # fewer finalists than asked: a true ETA
    runs = evaluate(cfg, list(plans.values()), fresh, on_runs)
    labels = list(plans)
    runs.insert(0, "label", [labels[i] for i in runs["plan"]])
    table, diffs = _rank(runs.drop(columns="plan"), plans, space)
    best = str(table.iloc[0]["label"])
    beats = bool(table.iloc[0]["beats_current"])
    return PlanSearchResult(
        space=space, trials=frame, current_search=current, finalists=table,
        differences=diffs, final_runs=runs.drop(columns="plan"), plans=plans, best=best,
        beats_current=beats, verdict=_verdict(table, space, final_seeds), seeds=seeds,
        final_seeds=final_seeds)


def _current_on_search_seeds(study: Any, cfg: SimConfig, space: PlanSpace,
                             seeds: Sequence[int], evaluate: Evaluator,
                             on_runs: Callable[[int], None]) -> dict[str, float]:
    """The current plan's summary on the search's seeds (kept in the study for a resume)."""
    stored = study.user_attrs.get("current")
    if stored is None:
        runs = evaluate(cfg, [space.current], seeds, on_runs)
        summary = summarise_plan(runs, space.objective, space.horizon)
        study.set_user_attr("current", {k: v if math.isfinite(v) else None
                                        for k, v in summary.items()})
        return summary
    on_runs(len(seeds))
    return {k: math.nan if v is None else float(v) for k, v in stored.items()}


def _pick_finalists(frame: pd.DataFrame, study: Any, space: PlanSpace,
                    k: int) -> dict[str, dict[str, Any]]:
    """The ``k`` best distinct plans within the budget (not the current plan itself)."""
    if frame.empty:
        return {}
    ok = frame[frame["feasible"]].sort_values(["score", "trial"], ascending=[False, True],
                                              kind="stable")
    seen = {plan_key(space.current)}
    by_index = {t.user_attrs["index"]: t for t in complete_trials(study)}
    out = {}
    for row in ok.itertuples(index=False):
        if len(out) >= k:
            break
        if row.plan_key in seen:
            continue
        seen.add(row.plan_key)
        out[f"trial {row.trial}"] = space.plan(by_index[row.trial].params)
    return out


def _rank(runs: pd.DataFrame, plans: dict[str, dict[str, Any]],
          space: PlanSpace) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Each plan on the fresh seeds: objective, paired difference, P(better), P(best)."""
    objective, horizon = space.objective, space.horizon
    col, higher = OBJECTIVE_COLUMN[objective], HIGHER_IS_BETTER[objective]
    by = {label: runs[runs["label"] == label].sort_values("replication") for label in plans}
    ref = by[CURRENT]
    scores = np.vstack([run_scores(g[col].to_numpy(float),
                                   g["focal.weeks_to_milestone"].to_numpy(float),
                                   objective, horizon) for g in by.values()])
    p_best = _p_best(scores, seed=int(ref["seed"].iloc[0]) if len(ref) else 0)
    rows, diffs = [], []
    for i, (label, g) in enumerate(by.items()):
        y = g[col].to_numpy(float)
        iv = _objective_interval(objective, y, horizon)
        d, lo, hi, _ = _paired(y - ref[col].to_numpy(float), col, horizon)
        gain = (y - ref[col].to_numpy(float)) * (1 if higher else -1)
        gain = gain[np.isfinite(gain)]
        beats = label != CURRENT and _beats(y - ref[col].to_numpy(float), higher,
                                            comparisons=len(plans) - 1)
        summary = summarise_plan(g, objective, horizon)
        rows.append({
            "label": label, "plan": describe_plan(plans[label]),
            "changes": "; ".join(plan_changes(plans[label], plans[CURRENT])) or "none",
            "objective": iv.mean, "objective_low": iv.low, "objective_high": iv.high,
            "score": float(np.nanmean(scores[i])) if np.isfinite(scores[i]).any() else -math.inf,
            "diff": d if label != CURRENT else math.nan,
            "diff_low": lo if label != CURRENT else math.nan,
            "diff_high": hi if label != CURRENT else math.nan,
            "p_better": float(np.mean((gain > 0) + 0.5 * (gain == 0)))
            if label != CURRENT and len(gain) else math.nan,
            "p_best": float(p_best[i]), "beats_current": bool(beats),
            **{k: summary[k] for k in SECONDARY},
        })
        if label != CURRENT:
            for name, column in SECONDARY.items():
                dd, dl, dh, n = _paired(g[column].to_numpy(float)
                                        - ref[column].to_numpy(float), column, horizon)
                diffs.append({"label": label, "metric": name, "diff": dd, "diff_low": dl,
                              "diff_high": dh, "n": n})
    table = pd.DataFrame(rows).sort_values("score", ascending=False, kind="stable")
    table.insert(0, "rank", range(1, len(table) + 1))
    cols = ["label", "metric", "diff", "diff_low", "diff_high", "n"]
    return table.reset_index(drop=True), pd.DataFrame(diffs, columns=cols)


def _paired(diff: np.ndarray, column: str, horizon: int) -> tuple[float, float, float, int]:
    """Mean paired difference with its 95% t-interval, kept within what it can be.

    A difference of two shares lies in [-1, 1] and one of two weeks-to-milestone values
    (each 1 to horizon + 1) within ±horizon; other differences are unbounded.
    """
    bound = {"plan.reached": 1.0, "focal.weeks_to_milestone": float(horizon)}.get(column)
    iv = interval(diff, "t", -bound if bound is not None else None, bound)
    return iv.mean, iv.low, iv.high, iv.n


FAMILY_LEVEL = 0.95
"""Confidence that every finalist's verdict against the current plan holds at once."""


def _beats(diff: np.ndarray, higher: bool, comparisons: int) -> bool:
    """Whether the paired differences favour the plan at the family-wise 95% level.

    A t-interval at 1 − 0.05/``comparisons`` (Bonferroni): with three finalists each is a
    98.3% interval, so the chance that any of them beats the current plan by luck alone
    stays under 5%.
    """
    _, low, high, _ = mean_ci(diff, level=1 - (1 - FAMILY_LEVEL) / max(comparisons, 1))
    return low > 0 if higher else high < 0  # NaN (fewer than two seeds): False


def _objective_interval(objective: str, y: np.ndarray, horizon: int) -> Any:
    if objective == "milestone":
        return interval(y, "wilson", 0.0, 1.0)
    return metric_interval(OBJECTIVE_COLUMN[objective], y, horizon)


def _p_best(scores: np.ndarray, seed: int) -> np.ndarray:
    """Share of bootstrap resamples of the seeds in which each plan has the best mean score.

    The seeds are resampled together for every plan (a plan's runs stay paired with the
    others' on the same seed); a tie for first place is shared.
    """
    n_plans, n = scores.shape
    if n == 0:
        return np.full(n_plans, np.nan)
    rng = np.random.default_rng(seed)
    idx = rng.integers(0, n, size=(BOOTSTRAP, n))
    with np.errstate(invalid="ignore"):
        means = np.stack([np.nanmean(np.where(np.isfinite(s), s, np.nan)[idx], axis=1)
                          for s in scores])  # plans × resamples
    means = np.where(np.isfinite(means), means, -np.inf)
    top = means == means.max(axis=0, keepdims=True)
    return (top / top.sum(axis=0, keepdims=True)).mean(axis=1)


def _verdict(table: pd.DataFrame, space: PlanSpace, final_seeds: int) -> str:
    what = OBJECTIVES[space.objective]
    winners = table[table["beats_current"]]
    if len(winners):
        w = winners.iloc[0]
        return (f"{w['label'].capitalize()}'s plan beats the current plan on {what}: "
                f"{w['diff']:+.3g} [{w['diff_low']:+.3g}, {w['diff_high']:+.3g}] "
                f"(paired, {final_seeds} fresh seeds; significant with the "
                f"{len(table) - 1} finalists' intervals held jointly at 95%).")
    if len(table) == 1:
        return ("No plan the search tried is both within the budget and different from "
                "the current plan, so there is nothing to compare it with.")
    return (f"No plan found beats the current plan significantly on {what} at "
            f"{final_seeds} fresh seeds: no finalist's paired interval, held jointly "
            f"with the others' at 95% ({len(table) - 1} finalists compared), excludes 0 on "
            "its side. Keep the current plan, or rerun with more fresh seeds "
            "(--final-seeds) to resolve smaller differences.")


__all__ = ["CURRENT", "PlanSearchResult", "search_plans"]

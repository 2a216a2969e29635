"""The Optuna study behind a plan search: reproducible from a seed, resumable from disk.

Trials run one after another; each trial's plan is evaluated on the same seeds
(common random numbers) by an :data:`~sim.experiments.plan_eval.Evaluator`, which may
spread the seeds over processes. Optuna's TPE sampler proposes the plans. Three
choices make a search reproducible and a resumed one equal to an uninterrupted one:

- **The sampler is made afresh for every trial**, seeded from the base seed and the
  number of trials already complete. Its proposal then depends only on that seed and on
  the complete trials in the study, never on a random state that a killed process
  would have lost.
- **Only complete trials count.** A trial that was running when its process died (or
  was stopped) is marked failed when the study is opened again; the sampler ignores
  failed trials and the next trial takes its place, with the same seed.
- **The study is stored in SQLite** (Optuna's RDB storage, ``study.db`` in the output
  folder): each finished trial is committed in one transaction, so a crash loses at most
  the trial in flight.

The study also records what it was started with (its *fingerprint*: the market, the
space, the seeds); a resume with anything different is refused.
"""

from __future__ import annotations

import hashlib
import json
import math
import warnings
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from sim.config import SimConfig
from sim.experiments.plan_eval import Evaluator, summarise_plan
from sim.experiments.plan_space import PlanSearchError, PlanSpace
from sim.model.rng import derive_seed

STUDY_FILE = "study.db"
STUDY_NAME = "plan"
SAMPLER_STREAM = 2_000_000
"""Offset of the sampler's seeds among the seeds derived from the base seed (replication
seeds use 0, 1, …; the finalists' fresh seeds 1,000,000, …)."""
STARTUP_SHARE = 1 / 3
"""Share of the trials (at most 10) sampled at random before TPE models the results."""
INFEASIBLE = -1e9
"""Value told to Optuna for a plan over the pay budget, which is not run at all (the
sampler ranks infeasible trials below every feasible one whatever their value)."""


def study_fingerprint(cfg: SimConfig, space: PlanSpace, seeds: Sequence[int]) -> str:
    """A hash of what the trials' results depend on: market, space, objective, seeds."""
    doc = {"config": json.loads(cfg.model_dump_json()), "space": repr(space),
           "seeds": list(seeds)}
    return hashlib.sha256(json.dumps(doc, sort_keys=True).encode()).hexdigest()


def open_study(folder: Path | None, fingerprint: str, resume: bool) -> Any:
    """Create the study (in ``folder/study.db``, or in memory), or reopen it to resume.

    Raises:
        PlanSearchError: resuming a study started with other settings, or resuming
            where there is no study.

    """
    import optuna

    optuna.logging.set_verbosity(optuna.logging.WARNING)
    storage: Any = optuna.storages.InMemoryStorage()
    if folder is not None:
        path = folder / STUDY_FILE
        if resume and not path.is_file():
            raise PlanSearchError(f"--resume: {folder} holds no plan search ({STUDY_FILE}); "
                                  "start one without --resume", "resume")
        storage = optuna.storages.RDBStorage(f"sqlite:///{path}")
    study = optuna.create_study(storage=storage, study_name=STUDY_NAME, direction="maximize",
                                load_if_exists=resume)
    old = study.user_attrs.get("fingerprint")
    if old is None:
        study.set_user_attr("fingerprint", fingerprint)
    elif old != fingerprint:
        raise PlanSearchError(
            f"--resume: the search in {folder} was started with another market, search "
            "space, objective or seeds; resume it with the same file and options, or "
            "choose a new --out", "resume")
    _fail_interrupted(study, storage)
    return study


def _fail_interrupted(study: Any, storage: Any) -> None:
    """Mark trials left running by a process that died as failed (they are run again)."""
    from optuna.trial import TrialState

    study_id = storage.get_study_id_from_name(STUDY_NAME)
    for t in study.get_trials(deepcopy=False, states=(TrialState.RUNNING,)):
        trial_id = storage.get_trial_id_from_study_id_trial_number(study_id, t.number)
        storage.set_trial_state_values(trial_id, state=TrialState.FAIL)


def complete_trials(study: Any) -> list[Any]:
    """The complete trials, in the order they were made (their ``index``)."""
    from optuna.trial import TrialState

    done = study.get_trials(deepcopy=False, states=(TrialState.COMPLETE,))
    return sorted(done, key=lambda t: t.user_attrs["index"])


def run_trials(study: Any, cfg: SimConfig, space: PlanSpace, trials: int,
               seeds: Sequence[int], base_seed: int, evaluate: Evaluator,
               on_runs: Callable[[int], None] | None = None) -> None:
    """Run trials until ``trials`` are complete; each one's plan on every seed."""
    import optuna
    from optuna.trial import TrialState

    dists = space.distributions()
    startup = max(1, min(10, round(trials * STARTUP_SHARE)))
    k = len(complete_trials(study))
    while k < trials:
        with warnings.catch_warnings():  # Optuna flags its own newer options as experimental
            warnings.simplefilter("ignore", optuna.exceptions.ExperimentalWarning)
            # Optuna seeds numpy's legacy RandomState, which takes 32 bits: the low 32 of
            # the 63-bit derived seed (a sampler seed, not a run seed).
            study.sampler = optuna.samplers.TPESampler(
                seed=derive_seed(base_seed, SAMPLER_STREAM + k) & 0xFFFFFFFF,
                n_startup_trials=startup,
                multivariate=True, constant_liar=False)
            trial = study.ask(dists)
        try:
            value = _evaluate_trial(trial, cfg, space, seeds, evaluate, on_runs)
        except BaseException:
            study.tell(trial, state=TrialState.FAIL)
            raise
        trial.set_user_attr("index", k)
        study.tell(trial, value)
        k += 1


def _evaluate_trial(trial: Any, cfg: SimConfig, space: PlanSpace, seeds: Sequence[int],
                    evaluate: Evaluator, on_runs: Callable[[int], None] | None) -> float:
    """Run the trial's plan (unless it is over the pay budget); record and score it."""
    plan = space.plan(trial.params)
    budget = space.budget
    over_pay = space.max_pay(plan) - budget.max_pay_mult \
        if budget.max_pay_mult is not None else -1.0
    trial.set_constraint("max_pay", max(over_pay, 0.0))
    trial.set_user_attr("max_pay_mult", space.max_pay(plan))
    if over_pay > 1e-9:
        trial.set_user_attr("ran", False)
        if on_runs is not None:
            on_runs(len(seeds))  # skipped, but counted, so the ETA stays right
        trial.set_constraint("min_cash", 0.0)
        return INFEASIBLE
    runs = evaluate(cfg, [plan], seeds, on_runs)
    summary = summarise_plan(runs, space.objective, space.horizon)
    trial.set_user_attr("ran", True)
    for key, value in summary.items():
        trial.set_user_attr(key, value if math.isfinite(value) else None)
    cash = summary["cash_at_milestone_musd"]
    short = (budget.min_cash_musd - cash) if budget.min_cash_musd is not None \
        and math.isfinite(cash) else 0.0
    trial.set_constraint("min_cash", max(short, 0.0))
    return summary["score"] if math.isfinite(summary["score"]) else INFEASIBLE


def trials_frame(study: Any, space: PlanSpace, trials: int) -> pd.DataFrame:
    """One row per complete trial (the first ``trials``): its plan, results and feasibility."""
    from sim.experiments.plan_words import describe_plan

    rows = []
    for t in complete_trials(study)[:trials]:
        plan = space.plan(t.params)
        feasible = t.user_attrs.get("ran", False) and all(
            v <= 0 for v in t.constraints.values())
        a = t.user_attrs
        rows.append({
            "trial": int(a["index"]), "feasible": bool(feasible), "ran": bool(a.get("ran")),
            "score": _num(t.value) if a.get("ran") else math.nan,
            "objective": _num(a.get("objective")), "p_milestone": _num(a.get("p_milestone")),
            "weeks_to_milestone": _num(a.get("weeks_to_milestone")),
            "cash_at_milestone_musd": _num(a.get("cash_at_milestone_musd")),
            "cash_per_progress": _num(a.get("cash_per_progress")),
            "hires": _num(a.get("hires")), "max_pay_mult": _num(a.get("max_pay_mult")),
            "plan": describe_plan(plan), "plan_key": plan_key(plan),
            **{f"param.{k}": v for k, v in sorted(t.params.items())},
        })
    return pd.DataFrame(rows)


def plan_key(plan: dict[str, Any]) -> str:
    """The plan as canonical JSON: equal plans have equal keys."""
    return json.dumps(plan, sort_keys=True)


def _num(x: Any) -> float:
    return float(x) if x is not None else math.nan


__all__ = ["STUDY_FILE", "complete_trials", "open_study", "plan_key", "run_trials",
           "study_fingerprint", "trials_frame"]

"""A plan search's runs on a sweep executor: local processes or a Dask cluster.

:func:`executor_evaluator` turns an open executor (:func:`sim.sweep.executors.make_executor`)
into the :data:`~sim.experiments.plan_eval.Evaluator` a plan search calls: each run is a
sweep task whose only parameter is the plan's ``[focal]`` table, run by
:func:`sim.experiments.plan_eval.plan_run`. Results come back in a fixed order, so a
search gives the same numbers on one core, many, or a cluster.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import pandas as pd

from sim.config import SimConfig
from sim.experiments.plan_eval import PLAN_METRICS, Evaluator, plan_run, tidy_runs
from sim.sweep.executors import Task, default_batch


class PlanRunError(RuntimeError):
    """A run of a plan raised: a bug (the CLI's exit 1).

    A run lost with its worker (killed, out of memory, a cluster gone) is a
    ``ConnectionError`` instead: the environment (exit 2); the finished trials are kept.
    """


def executor_evaluator(executor: Any) -> Evaluator:
    """An evaluator that runs every (plan, seed) as a task on ``executor`` (already open).

    The executor is made ready (a Dask cluster's first worker awaited, its slots counted)
    before the first runs.
    """
    waiting = [True]

    def evaluate(cfg: SimConfig, plans: Sequence[dict[str, Any]], seeds: Sequence[int],
                 on_runs: Callable[[int], None] | None = None) -> pd.DataFrame:
        if waiting[0]:
            executor.ready()
            waiting[0] = False
        tasks = [Task(run_id=i * len(seeds) + j, point_id=i, replication=j, seed=seed,
                      params=(("focal", plan),))
                 for i, plan in enumerate(plans) for j, seed in enumerate(seeds)]
        size = default_batch(len(tasks), executor.slots, executor.kind)
        batches = [tasks[k:k + size] for k in range(0, len(tasks), size)]
        rows = []
        for _batch, outcome in executor.run(batches, cfg, PLAN_METRICS, plan_run):
            if isinstance(outcome, BaseException):
                raise ConnectionError(f"a worker was lost while running plans ({outcome}); "
                                      "the finished trials are kept (--resume)")
            failed = [r for r in outcome if r["status"] != "ok"]
            if failed:
                raise PlanRunError(f"a plan's run failed: {failed[0]['error']}")
            rows.extend(outcome)
            if on_runs is not None:
                on_runs(len(outcome))
        frame = pd.DataFrame(rows).rename(columns={"point_id": "plan"})
        return tidy_runs(frame)

    return evaluate


__all__ = ["PlanRunError", "executor_evaluator"]

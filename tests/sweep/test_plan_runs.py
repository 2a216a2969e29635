"""A plan search gives the same trials, finalists and verdict on any executor."""

from __future__ import annotations

import pytest

from sim.config import PlanSearchConfig, SimConfig
from sim.experiments.plan_search import search_plans
from sim.experiments.plan_space import build_space
from sim.sweep.dask_executor import DaskExecutor
from sim.sweep.executors import LocalExecutor
from sim.sweep.plan_runs import executor_evaluator

MARKET = {"market.weeks": 16, "candidates.n_ml": 300, "startups.n": 30,
          "bigtech.n_bigtech": 3, "bigtech.n_labs": 2}
KWARGS = dict(trials=3, seeds=2, final_seeds=3, finalists=1, base_seed=4)


@pytest.fixture(scope="module")
def founder():
    cfg = SimConfig().with_overrides({**MARKET, "focal": {"stage": "seed", "progress": 0.6,
                                                          "initial_team": 1}})
    search = PlanSearchConfig(pay_mult=(0.9, 1.1), equity_mult=(1.0, 1.0),
                              levers=("explained_pay",), stale_response=(), strategy=())
    space = build_space(cfg, search)
    return cfg, space, search_plans(cfg, space, **KWARGS)


def _same(a, b) -> None:
    assert a.trials.equals(b.trials)
    assert a.finalists.equals(b.finalists) and a.final_runs.equals(b.final_runs)
    assert a.verdict == b.verdict


def test_local_processes_match_serial(founder):
    cfg, space, serial = founder
    with LocalExecutor(2) as ex:
        _same(search_plans(cfg, space, evaluate=executor_evaluator(ex), **KWARGS), serial)


def test_dask_matches_serial_over_many_calls_with_one_base(founder):
    """Each trial is one call to the executor, every call with the same base config."""
    from dask.distributed import LocalCluster

    cfg, space, serial = founder
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                      dashboard_address="127.0.0.1:0") as cluster, \
            DaskExecutor(cluster.scheduler_address) as ex:
        _same(search_plans(cfg, space, evaluate=executor_evaluator(ex), **KWARGS), serial)

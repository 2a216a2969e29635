"""HireSim: an agent-based simulation of the hiring market for ML engineers.

Quick start::

    import sim
    res = sim.run(sim.SimConfig(), replications=3)
    print(res.summary())
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_LAZY = {
    "SimConfig": ("sim.config", "SimConfig"),
    "ConfigError": ("sim.config", "ConfigError"),
    "run": ("sim.experiments.runs", "run"),
    "run_one": ("sim.experiments.runs", "run_one"),
    "run_metrics": ("sim.experiments.runs", "run_metrics"),
    "Results": ("sim.experiments.runs", "Results"),
    "RunResult": ("sim.outputs.frames", "RunResult"),
    "summarise": ("sim.experiments.stats", "summarise"),
    "mean_ci": ("sim.experiments.stats", "mean_ci"),
    "replication_seeds": ("sim.experiments.runs", "replication_seeds"),
    "list_presets": ("sim.experiments.scenarios", "list_presets"),
    "load_scenario": ("sim.experiments.scenarios", "load_scenario"),
    "ScenarioError": ("sim.experiments.scenarios", "ScenarioError"),
    "compare_strategies": ("sim.experiments.strategy_lab", "compare_strategies"),
    "list_strategies": ("sim.experiments.strategy_lab", "list_strategies"),
    "compare_configs": ("sim.experiments.compare", "compare_configs"),
    "check_offer": ("sim.experiments.offer_check", "check_offer"),
    "offer_from_fields": ("sim.experiments.offer_file", "offer_from_fields"),
    "search_plans": ("sim.experiments.plan_search", "search_plans"),
    "build_plan_space": ("sim.experiments.plan_space", "build_space"),
    "evaluate_plans": ("sim.experiments.plan_eval", "evaluate_serial"),
    "plan_run": ("sim.experiments.plan_eval", "plan_run"),
    "load_sweep": ("sim.sweep.store", "load_sweep"),
    "Market": ("sim.model.market", "Market"),
    "REGISTRY": ("sim.outputs.registry", "REGISTRY"),
}

if TYPE_CHECKING:
    from sim.config import ConfigError, SimConfig
    from sim.experiments.compare import compare_configs
    from sim.experiments.offer_check import check_offer
    from sim.experiments.offer_file import offer_from_fields
    from sim.experiments.plan_eval import evaluate_serial as evaluate_plans
    from sim.experiments.plan_eval import plan_run
    from sim.experiments.plan_search import search_plans
    from sim.experiments.plan_space import build_space as build_plan_space
    from sim.experiments.runs import Results, replication_seeds, run, run_metrics, run_one
    from sim.experiments.scenarios import ScenarioError, list_presets, load_scenario
    from sim.experiments.stats import mean_ci, summarise
    from sim.experiments.strategy_lab import compare_strategies, list_strategies
    from sim.model.market import Market
    from sim.outputs.frames import RunResult
    from sim.outputs.registry import REGISTRY
    from sim.sweep.store import load_sweep


def __getattr__(name: str) -> Any:
    """Import the public API lazily so ``import sim`` (and the CLI) stays fast."""
    if name in _LAZY:
        import importlib

        module, attr = _LAZY[name]
        return getattr(importlib.import_module(module), attr)
    raise AttributeError(f"module 'sim' has no attribute {name!r}")


__all__ = [
    "REGISTRY",
    "ConfigError",
    "Market",
    "Results",
    "RunResult",
    "ScenarioError",
    "SimConfig",
    "build_plan_space",
    "check_offer",
    "compare_configs",
    "compare_strategies",
    "evaluate_plans",
    "list_presets",
    "list_strategies",
    "load_scenario",
    "load_sweep",
    "mean_ci",
    "offer_from_fields",
    "plan_run",
    "replication_seeds",
    "run",
    "run_metrics",
    "run_one",
    "search_plans",
    "summarise",
]

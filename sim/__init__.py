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
    "run": ("sim.run", None),  # the module is callable: sim.run(config, ...) runs it
    "run_one": ("sim.run", "run_one"),
    "run_metrics": ("sim.run", "run_metrics"),
    "summarise": ("sim.run", "summarise"),
    "Market": ("sim.market", "Market"),
    "REGISTRY": ("sim.metrics", "REGISTRY"),
}

if TYPE_CHECKING:
    from sim.config import ConfigError, SimConfig
    from sim.market import Market
    from sim.metrics import REGISTRY
    from sim.run import run, run_metrics, run_one, summarise


def __getattr__(name: str) -> Any:
    """Import the public API lazily so ``import sim`` (and the CLI) stays fast."""
    if name in _LAZY:
        import importlib

        module, attr = _LAZY[name]
        mod = importlib.import_module(module)
        return mod if attr is None else getattr(mod, attr)
    raise AttributeError(f"module 'sim' has no attribute {name!r}")


__all__ = [
    "REGISTRY",
    "ConfigError",
    "Market",
    "SimConfig",
    "run",
    "run_metrics",
    "run_one",
    "summarise",
]

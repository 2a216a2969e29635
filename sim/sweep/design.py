"""Experimental designs: which parameter values each point of a sweep gets.

Every sampler first draws points in the unit cube ``[0, 1]^d`` (grid, uniform random,
Latin hypercube, Saltelli/Sobol via SALib, Morris trajectories via SALib); each
parameter then maps its unit coordinate to a value (a list entry, a uniform, a
log-uniform or a whole number). Runs are the points × replications, with seeds
derived from the spec's seed so results never depend on how they are executed.
"""

from __future__ import annotations

import itertools
import math
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    from sim.sweep.spec import ParamSpec, SweepSpec

UNIT_PREFIX = "unit:"
"""Prefix of the unit-cube coordinate columns that ``build_design(unit=True)`` adds."""


def unit_sample(sampler: str, d: int, samples: int, seed: int, *,
                calc_second_order: bool = False, levels: int = 4) -> np.ndarray:
    """Points in ``[0, 1]^d`` for a random, lhs, sobol or morris design.

    Args:
        sampler: ``random``, ``lhs``, ``sobol`` or ``morris``.
        d: Number of parameters.
        samples: Points (random, lhs); N (sobol); trajectories (morris).
        seed: Seed of the sampler.
        calc_second_order: Sobol only: add the points second-order indices need.
        levels: Morris only: grid levels per parameter.

    Returns:
        An array of shape ``(n_points, d)``.

    """
    if sampler == "random":
        return np.random.default_rng(seed).random((samples, d))
    if sampler == "lhs":
        from scipy.stats import qmc

        return qmc.LatinHypercube(d, rng=np.random.default_rng(seed)).random(samples)
    problem = unit_problem([f"x{i}" for i in range(d)])
    if sampler == "sobol":
        from SALib.sample import sobol

        return sobol.sample(problem, samples, calc_second_order=calc_second_order, seed=seed)
    if sampler == "morris":
        from SALib.sample import morris

        return morris.sample(problem, samples, num_levels=levels, seed=seed)
    raise ValueError(f"sampler: unknown {sampler!r}")


def unit_problem(names: list[str]) -> dict:
    """A SALib problem over the unit cube with the given variable names."""
    return {"num_vars": len(names), "names": list(names), "bounds": [[0.0, 1.0]] * len(names)}


def grid_unit(params: tuple[ParamSpec, ...]) -> np.ndarray:
    """The cartesian product of every parameter's values, as unit coordinates."""
    axes = [_grid_axis(len(p.values or ())) for p in params]
    return np.array(list(itertools.product(*axes)), dtype=float).reshape(-1, len(params))


def _grid_axis(k: int) -> list[float]:
    return [(i + 0.5) / k for i in range(k)]


def to_values(p: ParamSpec, u: np.ndarray) -> np.ndarray:
    """Map unit coordinates ``u`` to values of parameter ``p``."""
    u = np.clip(np.asarray(u, dtype=float), 0.0, 1.0)
    if p.values is not None:
        idx = np.minimum((u * len(p.values)).astype(int), len(p.values) - 1)
        out = np.asarray(p.values)[idx]
    elif p.distribution == "int":
        span = int(p.high) - int(p.low) + 1
        out = np.minimum(int(p.low) + np.floor(u * span), int(p.high))
    elif p.distribution == "loguniform":
        lo, hi = math.log(p.low), math.log(p.high)
        out = np.exp(lo + u * (hi - lo))
    else:
        out = p.low + u * (p.high - p.low)
    if p.integer:
        return np.clip(np.rint(out), p.low if p.low is not None else -np.inf,
                       p.high if p.high is not None else np.inf).astype(np.int64)
    return out.astype(float)


def build_design(spec: SweepSpec, unit: bool = False) -> pd.DataFrame:
    """The design points of a sweep.

    Args:
        spec: The sweep spec.
        unit: Also return each parameter's unit-cube coordinate as ``unit:<path>``
            (Morris analysis needs them).

    Returns:
        One row per point: ``point_id`` and one column per parameter (its value).

    """
    d = len(spec.parameters)
    if spec.sampler == "grid":
        u = grid_unit(spec.parameters) if d else np.zeros((1, 0))
    elif d == 0:
        u = np.zeros((int(spec.samples or 1), 0))
    else:
        u = unit_sample(spec.sampler, d, int(spec.samples or 0), spec.seed,
                        calc_second_order=spec.calc_second_order, levels=spec.levels)
    frame = pd.DataFrame({"point_id": np.arange(len(u), dtype=np.int64)})
    for j, p in enumerate(spec.parameters):
        frame[p.path] = to_values(p, u[:, j])
    if unit:
        for j, p in enumerate(spec.parameters):
            frame[UNIT_PREFIX + p.path] = u[:, j]
    return frame


def run_table(spec: SweepSpec, points: pd.DataFrame) -> pd.DataFrame:
    """Every run of the sweep: ``run_id``, ``point_id``, ``replication``, ``seed``.

    ``run_id = point_id × replications + replication``; the seed is
    ``derive_seed(spec.seed, run_id)`` (or of the replication alone when the spec
    asks for common seeds), so it never depends on the executor.
    """
    from sim.model.rng import derive_seed

    reps = spec.replications
    point = np.repeat(points["point_id"].to_numpy(), reps)
    rep = np.tile(np.arange(reps, dtype=np.int64), len(points))
    run_id = point * reps + rep
    keys = rep if spec.common_seeds else run_id
    seeds = np.array([derive_seed(spec.seed, int(k)) for k in keys], dtype=np.int64)
    return pd.DataFrame({"run_id": run_id, "point_id": point, "replication": rep,
                         "seed": seeds})

"""Sweep specifications (TOML) → a validated, frozen :class:`SweepSpec`.

A spec names a base scenario, the parameters to vary (dotted paths into
:class:`sim.config.SimConfig`), a sampler, and how many runs to make::

    [sweep]
    name = "market"
    base = "baseline"            # preset name, or a path relative to this file
    sampler = "grid"             # grid | random | lhs | sobol | morris
    replications = 5
    seed = 1

    [overrides]                  # fixed changes to the base
    "market.weeks" = 52

    [parameters."market.demand_supply_ratio"]
    values = [1.0, 2.0, 3.0]

    [parameters."bigtech.pay_gap_mult"]
    low = 0.8
    high = 1.6                   # distribution = "uniform" | "loguniform" | "int"

    [analysis]                   # optional: what `hiresim analyze` reports by default
    where = "fill_rate.startup < 0.3"      # scenario discovery (PRIM)
    tip = ["fill_rate.startup=0.3"]        # where the curve crosses 0.3

Every error is a :class:`SpecError` with a one-line message naming the file, the
line where one can be found and the field.
"""

from __future__ import annotations

import hashlib
import json
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sim.config import SimConfig
from sim.config.overrides import flatten
from sim.experiments.scenarios import ScenarioError
from sim.sweep.checks import (
    Where,
    check_analysis,
    check_metrics,
    check_param,
    check_size,
    param_index,
    read_toml,
    resolve_base,
)

SAMPLERS = ("grid", "random", "lhs", "sobol", "morris")
SWEEP_KEYS = ("name", "description", "base", "sampler", "samples", "replications", "seed",
              "metrics", "calc_second_order", "levels", "common_seeds")
TOP_KEYS = ("sweep", "overrides", "parameters", "analysis")


class SpecError(ScenarioError):
    """A sweep spec that cannot be used; the message names file, line and field."""


@dataclass(frozen=True)
class ParamSpec:
    """One swept parameter: explicit ``values``, or ``low``/``high`` and a distribution."""

    path: str
    values: tuple[float, ...] | None = None
    low: float | None = None
    high: float | None = None
    distribution: str = "values"
    integer: bool = False

    def to_dict(self) -> dict[str, Any]:
        """Plain data for the manifest (only the keys that apply)."""
        if self.values is not None:
            return {"values": list(self.values)}
        return {"low": self.low, "high": self.high, "distribution": self.distribution}


@dataclass(frozen=True)
class SweepSpec:
    """A validated sweep: base configuration, parameters, design and run counts."""

    name: str
    description: str
    base: str
    base_config: SimConfig = field(repr=False)
    sampler: str
    parameters: tuple[ParamSpec, ...]
    replications: int = 1
    seed: int = 0
    samples: int | None = None
    metrics: tuple[str, ...] = ()
    overrides: tuple[tuple[str, Any], ...] = ()
    calc_second_order: bool = False
    levels: int = 4
    common_seeds: bool = False
    path: Path | None = None
    analysis: tuple[tuple[str, Any], ...] = ()  # [analysis]: defaults for `hiresim analyze`

    @property
    def param_names(self) -> list[str]:
        """Dotted paths of the swept parameters, in spec order."""
        return [p.path for p in self.parameters]

    @property
    def n_points(self) -> int:
        """Number of design points."""
        d = len(self.parameters)
        if self.sampler == "grid":
            return math.prod(len(p.values or ()) for p in self.parameters)
        if self.sampler == "sobol":
            return int(self.samples or 0) * (2 * d + 2 if self.calc_second_order else d + 2)
        if self.sampler == "morris":
            return int(self.samples or 0) * (d + 1)
        return int(self.samples or 0)

    @property
    def n_runs(self) -> int:
        """Number of simulation runs: points × replications."""
        return self.n_points * self.replications

    def to_dict(self) -> dict[str, Any]:
        """The resolved spec as plain data (stored in the manifest)."""
        return {
            "name": self.name, "description": self.description, "base": self.base,
            **self._identity(), "analysis": dict(self.analysis),
        }

    def _identity(self) -> dict[str, Any]:
        return {
            "base_config": self.base_config.to_dict(), "sampler": self.sampler,
            "samples": self.samples, "replications": self.replications, "seed": self.seed,
            "metrics": list(self.metrics), "calc_second_order": self.calc_second_order,
            "levels": self.levels, "common_seeds": self.common_seeds,
            "overrides": dict(self.overrides),
            "parameters": {p.path: p.to_dict() for p in self.parameters},
        }

    @property
    def spec_hash(self) -> str:
        """sha256 of the canonical JSON of everything that decides the results.

        Name, description, ``[analysis]`` and the spelling of ``base`` are left out:
        renaming a sweep or asking another question of it does not change its runs, but
        a different base configuration does.
        """
        text = json.dumps(self._identity(), sort_keys=True, separators=(",", ":"),
                          default=str)
        return hashlib.sha256(text.encode()).hexdigest()


def load_spec(path: str | Path) -> SweepSpec:
    """Read and validate a sweep spec file.

    Args:
        path: The TOML file (a ``[sweep]`` table, ``[parameters.*]``, ``[overrides]``).

    Raises:
        SpecError: a one-line message naming the file, line and field.

    """
    path = Path(path)
    data, text = read_toml(path, SpecError)
    return spec_from_dict(data, Where(str(path), text, SpecError), root=path.parent,
                          path=path)


def spec_from_dict(data: dict[str, Any], where: Where | None = None,
                   root: Path | None = None, path: Path | None = None) -> SweepSpec:
    """Validate a spec given as nested plain data (as TOML reads it).

    Args:
        data: The spec's tables.
        where: Error context (file name and text); defaults to ``<spec>``.
        root: Folder that relative ``base`` paths are resolved against.
        path: The spec file, if any.

    """
    where = where or Where("<spec>", "", SpecError)
    root = root or Path.cwd()
    _check_keys(where, "", data, TOP_KEYS)
    sweep = data.get("sweep")
    if not isinstance(sweep, dict):
        raise where.error("sweep", "missing [sweep] table (with name, base, sampler, ...)")
    _check_keys(where, "sweep.", sweep, SWEEP_KEYS)
    base_name = _get(where, sweep, "base", str, "baseline")
    base_cfg = resolve_base(where, base_name, root)
    overrides = _overrides(where, data.get("overrides", {}))
    if overrides:
        base_cfg = _apply(where, "overrides", base_cfg, dict(overrides))
    params = _parameters(where, data.get("parameters", {}), base_cfg)
    metrics = check_metrics(where, sweep.get("metrics"), base_cfg)
    spec = SweepSpec(
        name=_get(where, sweep, "name", str, path.stem if path else "sweep"),
        description=_get(where, sweep, "description", str, "").strip(),
        base=base_name, base_config=base_cfg,
        sampler=_sampler(where, sweep), parameters=params,
        replications=_get(where, sweep, "replications", int, 1, low=1),
        seed=_get(where, sweep, "seed", int, 0, low=0),
        samples=_get(where, sweep, "samples", int, None, low=1),
        metrics=metrics,
        overrides=overrides,
        calc_second_order=_get(where, sweep, "calc_second_order", bool, False),
        levels=_get(where, sweep, "levels", int, 4, low=2),
        common_seeds=_get(where, sweep, "common_seeds", bool, False), path=path,
        analysis=check_analysis(where, data.get("analysis"), metrics,
                                [p.path for p in params]),
    )
    _check_sampler(where, spec, sweep)
    check_size(where, spec.sampler, spec.n_points, spec.replications)
    return spec



def _check_keys(where: Where, prefix: str, table: dict[str, Any], valid: tuple[str, ...]):
    for key in table:
        if key not in valid:
            raise where.unknown(f"{prefix}{key}", key, valid)


def _get(where: Where, table: dict[str, Any], key: str, kind: type, default: Any,
         low: int | None = None) -> Any:
    if key not in table:
        return default
    value = table[key]
    ok = isinstance(value, kind) and (kind is bool or not isinstance(value, bool))
    if not ok:
        raise where.error(f"sweep.{key}", f"must be {kind.__name__} (got {value!r})")
    if low is not None and value < low:
        raise where.error(f"sweep.{key}", f"must be ≥ {low} (got {value!r})")
    return value


def _sampler(where: Where, sweep: dict[str, Any]) -> str:
    sampler = _get(where, sweep, "sampler", str, "grid")
    if sampler not in SAMPLERS:
        raise where.error("sweep.sampler",
                          f"must be one of {', '.join(SAMPLERS)} (got {sampler!r})")
    return sampler


def _overrides(where: Where, table: Any) -> tuple[tuple[str, Any], ...]:
    if not isinstance(table, dict):
        raise where.error("overrides", "must be a table of dotted.path = value")
    return tuple(flatten(table, leaf_keys=()).items())


def _apply(where: Where, section: str, cfg: SimConfig, overrides: dict[str, Any]) -> SimConfig:
    """Apply dotted overrides, turning the engine's ConfigError into a SpecError."""
    from sim.config import ConfigError

    try:
        return cfg.with_overrides(overrides)
    except ConfigError as err:
        path, msg = err.path or "", str(err)
        if path and msg.startswith(f"{path}: "):
            msg = msg[len(path) + 2:]
        elif path.startswith("shocks.") and "unknown key" in msg:
            msg = ("the engine cannot set fields of [[shocks]] entries by dotted path yet "
                   "(sim.config.set_dotted needs list indices)")
        raise where.error(f"{section}.{path}" if path else section, msg) from None


def _parameters(where: Where, table: Any, base: SimConfig) -> tuple[ParamSpec, ...]:
    if not isinstance(table, dict):
        raise where.error("parameters", 'must be tables like [parameters."market.weeks"]')
    index = param_index(base)
    out = []
    for dotted, body in flatten(table, leaf_keys=("values", "low", "high",
                                                  "distribution")).items():
        raw = check_param(where, dotted, body, index)
        spec = ParamSpec(path=dotted, **raw)
        trial = list(spec.values) if spec.values is not None else [spec.low, spec.high]
        for value in trial:
            _apply(where, "parameters", base, {dotted: value})
        out.append(spec)
    return tuple(out)


def _check_sampler(where: Where, spec: SweepSpec, sweep: dict[str, Any]) -> None:
    s = spec.sampler
    if s == "grid":
        if spec.samples is not None:
            raise where.error("sweep.samples", "grid takes its points from the values "
                              "lists; remove samples")
        for p in spec.parameters:
            if p.values is None:
                raise where.error(f"parameters.{p.path}",
                                  "the grid sampler needs values = [...] (not low/high)")
    elif spec.samples is None:
        what = {"sobol": "N, a power of two", "morris": "the number of trajectories"}
        raise where.error("sweep.samples", f"required for {s} ({what.get(s, 'points')})")
    if s in ("sobol", "morris") and not spec.parameters:
        raise where.error("parameters", f"{s} needs at least one parameter")
    if s == "sobol" and spec.samples & (spec.samples - 1):
        raise where.error("sweep.samples", f"sobol needs N a power of two (got {spec.samples})")
    if s == "morris" and spec.samples < 2:
        raise where.error("sweep.samples", f"morris needs ≥ 2 trajectories (got {spec.samples})")
    if "calc_second_order" in sweep and s != "sobol":
        raise where.error("sweep.calc_second_order", "only applies to the sobol sampler")
    if "levels" in sweep and s != "morris":
        raise where.error("sweep.levels", "only applies to the morris sampler")
    if s == "morris" and spec.levels % 2:
        raise where.error("sweep.levels", f"must be even (got {spec.levels})")

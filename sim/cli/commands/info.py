"""``hiresim scenarios``, ``hiresim metrics`` and ``hiresim validate``: look, don't run."""

from __future__ import annotations

import argparse
import json
import os
import sys
import textwrap
from pathlib import Path
from typing import Any

from sim.cli.common import CliError, render_table, scenario_path, terminal_width


def register(subparsers: Any) -> None:
    """Add the ``scenarios``, ``metrics`` and ``validate`` commands."""
    p = subparsers.add_parser("scenarios", help="list the preset scenarios",
                              description="List the preset scenarios with their descriptions.")
    p.add_argument("--json", action="store_true", help="print JSON instead of text")
    p.set_defaults(func=cmd_scenarios)

    p = subparsers.add_parser("metrics", help="list the metrics a run reports",
                              description="The metric registry: name, unit and meaning.")
    p.add_argument("--json", action="store_true", help="print JSON instead of a table")
    p.set_defaults(func=cmd_metrics)

    p = subparsers.add_parser(
        "validate", help="check scenario, strategy or sweep files without running them",
        description="Check scenario files (and strategy files and sweep specs) without "
                    "running them. Prints OK per good file; exits 2 if any file is bad.")
    p.add_argument("files", nargs="+", metavar="FILE",
                   help="scenario file, preset, strategy file or sweep spec")
    p.set_defaults(func=cmd_validate)


# ---- scenarios ---------------------------------------------------------------------------
def cmd_scenarios(args: argparse.Namespace) -> int:
    """Print every preset with its one-line description."""
    from sim.experiments.scenarios import list_presets, preset_dir

    presets = list_presets()
    if args.json:
        print(json.dumps([{"name": n, "description": d} for n, d in presets], indent=2,
                         ensure_ascii=False))
        return 0
    width = max((len(n) for n, _ in presets), default=0) + 2
    wrap = max(terminal_width() - width - 2, 30)
    print(f"Preset scenarios ({preset_dir()}); run one with `hiresim run NAME`:\n")
    for name, description in presets:
        lines = textwrap.wrap(description or "(no description)", wrap) or [""]
        print(f"  {name.ljust(width)}{lines[0]}")
        for line in lines[1:]:
            print(f"  {' ' * width}{line}")
    return 0


# ---- metrics -----------------------------------------------------------------------------
def cmd_metrics(args: argparse.Namespace) -> int:
    """Print the metric registry as a table (or JSON)."""
    from sim.outputs.registry import REGISTRY

    if args.json:
        data = {m.name: metric_json(m) for m in REGISTRY.values()}
        print(json.dumps(data, indent=2, ensure_ascii=False))
        return 0
    name_w = max(len(m.name) for m in REGISTRY.values())
    unit_w = max(len(m.unit) for m in REGISTRY.values())
    how = {m.name: f"{_bounds(m)} {m.method}" for m in REGISTRY.values()}
    how_w = max(len(h) for h in how.values())
    wrap = max(terminal_width() - name_w - unit_w - how_w - 6, 30)
    rows = []
    for m in REGISTRY.values():
        lines = textwrap.wrap(m.description, wrap) or [""]
        rows.append([m.name, m.unit, how[m.name], lines[0]])
        rows += [["", "", "", line] for line in lines[1:]]
    print(render_table(["metric", "unit", "bounds, interval", "description"], rows))
    print(f"\n{len(REGISTRY)} metrics; focal.* appear only when the scenario has a [focal] "
          "startup.")
    return 0


def metric_json(m: Any) -> dict[str, Any]:
    """One registry entry as JSON: meaning, unit, bounds (null: none) and interval."""
    return {"description": m.description, "unit": m.unit, "low": m.low, "high": m.high,
            "method": m.method, "censored": m.censored, "missing_reason": m.missing_reason}


def _bounds(m: Any) -> str:
    def end(x: float | None, inf: str) -> str:
        return inf if x is None else f"{x:g}"

    return f"[{end(m.low, '-∞')}, {end(m.high, '∞')}{']' if m.high is not None else ')'}"


# ---- validate ----------------------------------------------------------------------------
def cmd_validate(args: argparse.Namespace) -> int:
    """Check each file; print OK per good file and one error line per bad file."""
    from sim.config import ConfigError

    bad = 0
    for name in args.files:
        try:
            print(f"OK  {name}  ({validate_one(name)})")
        except (ConfigError, CliError) as err:
            bad += 1
            print(f"hiresim: error: {' '.join(str(err).split())}", file=sys.stderr)
    if bad:
        raise CliError(f"{bad} of {len(args.files)} file(s) invalid")
    return 0


def validate_one(name: str) -> str:
    """Validate one scenario, strategy or sweep file; return a short description of it.

    Raises:
        ConfigError: the file is not a valid scenario or strategy (a ``ScenarioError``) or
            sweep spec (a ``SpecError``).

    """
    from sim.experiments.scenarios import load_scenario

    path = scenario_path(name)
    data = _toml(path)
    if isinstance(data.get("sweep"), dict) or "parameters" in data:
        return _validate_spec(path)
    if _looks_like_strategy(data):
        return _validate_strategy(path)
    from sim.cli.cost import describe
    from sim.experiments.estimates import estimate_resources

    scenario = load_scenario(path)
    cfg = scenario.config
    return (f"scenario '{scenario.name}': {cfg.market.weeks} weeks, "
            f"{cfg.candidates.n_ml} ML candidates, {cfg.startups.n} startups; "
            f"{describe(estimate_resources(cfg, 1))}")


def _toml(path: Path) -> dict[str, Any]:
    """The file's TOML, or {} when it cannot be read (the scenario loader says why)."""
    import tomllib

    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return {}


def _looks_like_strategy(data: dict[str, Any]) -> bool:
    """Whether a TOML document is a strategy file rather than a scenario.

    A strategy has a ``[focal]`` table and nothing but ``name`` and ``description``
    beside it, and sets no company field there (no ``stage``, ``cash_musd``, …): a
    scenario describes the company, a strategy only how it hires.
    """
    focal = data.get("focal")
    if not isinstance(focal, dict) or set(data) - {"name", "description", "focal"}:
        return False
    company = {"name", "stage", "cash_musd", "other_burn", "post_money_musd", "progress",
               "initial_team"}
    return not (set(focal) & company)


def _validate_strategy(path: Path) -> str:
    from sim.experiments.strategy_lab import load_strategy

    strategy = load_strategy(path)
    levers = ", ".join(sorted(strategy.levers)) or "no levers"
    return f"strategy '{strategy.name}': sets {levers}"


def _validate_spec(path: Path) -> str:
    from sim.cli.cost import describe
    from sim.experiments.estimates import estimate_resources
    from sim.sweep.spec import load_spec

    spec = load_spec(path)
    cores = os.cpu_count() or 1
    return (f"sweep spec '{spec.name}': {spec.sampler}; "
            f"{describe(estimate_resources(spec.base_config, spec.n_runs), cores)}")

"""``hiresim run``: one scenario over several seeds, summarised with 95% intervals."""

from __future__ import annotations

import argparse
import json
import shlex
import time
from pathlib import Path
from typing import Any

from sim.cli.common import (
    add_run_options,
    fmt,
    fmt_interval,
    fmt_n,
    json_number,
    load_scenario_args,
    progress_bar,
    render_table,
    resolve_metrics,
)
from sim.cli.cost import add_yes_option, guard

DEFAULT_REPLICATIONS = 5


def register(subparsers: Any) -> None:
    """Add the ``run`` command."""
    p = subparsers.add_parser(
        "run", help="run one scenario over several seeds",
        description="Run a scenario (preset name or TOML file) over N seeds and print each "
                    "metric's mean with a 95% interval across the runs.",
        epilog="Example: hiresim run baseline -r 5 --set startups.share_deliberate=0.5 "
               "--out results/deliberate")
    p.add_argument("scenario", metavar="SCENARIO", help="preset name or scenario file")
    add_run_options(p, DEFAULT_REPLICATIONS)
    p.add_argument("--out", type=Path, metavar="DIR",
                   help="write runs/weekly/events/startups/requisitions .parquet, "
                        "summary.json and the resolved scenario.toml to DIR")
    p.add_argument("--force", action="store_true", help="replace a non-empty --out DIR")
    add_yes_option(p)
    p.set_defaults(func=cmd_run)


def cmd_run(args: argparse.Namespace) -> int:
    """Load, run, summarise; optionally save everything to ``--out``."""
    from sim.cli.output import check_target, staged_dir, write_run_outputs

    scenario = load_scenario_args(args.scenario, args.overrides, args.weeks)
    metrics = resolve_metrics(args.metric)
    guard(scenario.config, args.replications, workers=1, yes=args.yes)
    if args.out is None:
        results, elapsed = _simulate(scenario, args, keep_frames=False)
        summary = summary_dict(scenario, args, results.runs, metrics)
    else:
        check_target(args.out, args.force)  # fail before the (long) simulation
        with staged_dir(args.out, args.force) as tmp:
            results, elapsed = _simulate(scenario, args, keep_frames=True)
            summary = summary_dict(scenario, args, results.runs, metrics)
            write_run_outputs(tmp, results, summary, saved_scenario(scenario, args))
    if args.json:
        print(json.dumps(summary, indent=2, allow_nan=False))
    else:
        print(render_summary(scenario, summary, elapsed))
        if args.out is not None:
            print(f"\nSaved to {args.out}/ (repeat with: hiresim run {args.out}/scenario.toml "
                  f"--seed {args.seed} -r {args.replications})")
    return 0


def _simulate(scenario: Any, args: argparse.Namespace, keep_frames: bool) -> tuple[Any, float]:
    """Run the scenario on the replication seeds; return the results and seconds taken."""
    from sim.experiments.runs import replication_seeds, run

    seeds = replication_seeds(args.seed, args.replications)
    start = time.perf_counter()
    with progress_bar(len(seeds), scenario.name) as on_progress:
        results = run(scenario.config, seeds=seeds, on_progress=on_progress,
                      keep_frames=keep_frames)
    return results, time.perf_counter() - start


def summary_dict(scenario: Any, args: argparse.Namespace, runs: Any,
                 metrics: list[str] | None) -> dict[str, Any]:
    """The ``--json`` / ``summary.json`` document (NaN becomes ``null``).

    Each metric is ``{"mean", "ci95_low", "ci95_high", "n", "method", "missing"}``: the
    columns of :func:`sim.experiments.stats.summarise`, the one summary every output
    uses; a censored time (``focal.weeks_to_first_hire``) adds ``"never"``, the runs in
    which the event did not happen within the horizon.
    """
    from sim.experiments.stats import summarise
    from sim.outputs.registry import REGISTRY

    names = metrics if metrics is not None else [n for n in REGISTRY if n in runs.columns]
    weeks = scenario.config.market.weeks
    return {
        "scenario": scenario.name,
        "seed": args.seed,
        "replications": args.replications,
        "weeks": weeks,
        "metrics": {row["metric"]: metric_entry(row)
                    for row in summarise(runs, names, horizon=weeks).to_dict("records")},
    }


def metric_entry(row: dict[str, Any]) -> dict[str, Any]:
    """One summary row as JSON: the interval, its method, and the runs without a value."""
    from sim.outputs.registry import REGISTRY

    entry = {"mean": json_number(row["mean"]), "ci95_low": json_number(row["ci95_low"]),
             "ci95_high": json_number(row["ci95_high"]), "n": int(row["n"]),
             "method": row["method"], "missing": int(row["missing"])}
    if REGISTRY[row["metric"]].censored:
        never = json_number(row["never"])
        entry["never"] = None if never is None else int(never)
    return entry


def footnotes(metrics: dict[str, dict[str, Any]], weeks: int) -> list[str]:
    """Lines explaining missing values and times that never happened within the horizon."""
    from sim.outputs.registry import REGISTRY

    lines = []
    missing = [(k, m) for k, m in metrics.items() if m["missing"]]
    if missing:
        lines += ["", "Runs without a value (the metric is undefined there):"]
        lines += [f"  {k}: {m['missing']} of {m['n'] + m['missing']} runs"
                  f"{' — ' + REGISTRY[k].missing_reason if REGISTRY[k].missing_reason else ''}"
                  for k, m in missing]
    never = [(k, m) for k, m in metrics.items() if m.get("never")]
    if never:
        lines += ["", f"Never within the horizon (counted as {weeks + 1} weeks: the means are "
                  f"restricted means):"]
        lines += [f"  {k}: {m['never']} of {m['n']} runs" for k, m in never]
    return lines


def render_summary(scenario: Any, summary: dict[str, Any], elapsed: float) -> str:
    """The default, human-readable output: a header, an aligned metric table, footnotes."""
    from sim.outputs.registry import REGISTRY

    rows = []
    for name, m in summary["metrics"].items():
        rows.append([name, fmt(m["mean"]), fmt_interval(m["ci95_low"], m["ci95_high"]),
                     fmt_n(m["n"], m["missing"]), m["method"], REGISTRY[name].unit])
    runs = summary["replications"]
    weeks = summary["weeks"]
    head = (f"{scenario.name}: {runs} run{'s' * (runs != 1)} × {weeks} week{'s' * (weeks != 1)}, "
            f"base seed {summary['seed']} ({elapsed:.1f} s)")
    table = render_table(["metric", "mean", "95% interval", "n", "method", "unit"], rows,
                         right=[False, True, True, True, False, False])
    return "\n".join([head, "", table, *footnotes(summary["metrics"], weeks)])


def saved_scenario(scenario: Any, args: argparse.Namespace) -> str:
    """The fully resolved scenario as TOML, with a comment saying how to repeat the run."""
    from sim import __version__
    from sim.experiments.scenarios import dump_scenario

    target = str(args.out / "scenario.toml") if args.out is not None else "scenario.toml"
    command = shlex.join(["hiresim", "run", target, "--seed", str(args.seed),
                          "-r", str(args.replications)])
    argv = getattr(args, "argv", None)
    given = " ".join(shlex.join(["hiresim", *argv]).split()) if argv is not None else "?"
    comments = (f"Written by hiresim {__version__}: the fully resolved configuration.",
                f"Original command: {given}",
                f"Repeat exactly:   {command}")
    return dump_scenario(scenario.name, scenario.description, scenario.config, comments)

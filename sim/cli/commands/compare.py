"""``hiresim compare``: scenarios side by side on common random numbers.

Every arm runs on the same seeds, so the paired difference of each arm to the first
arm (with its 95% interval) measures the arms, not the noise.
"""

from __future__ import annotations

import argparse
import json
import time
from typing import Any

from sim.cli.common import (
    HEADLINE_METRICS,
    add_run_options,
    fmt,
    fmt_interval,
    fmt_n,
    json_number,
    load_scenario_args,
    progress_bar,
    render_table,
    resolve_metrics,
    unique_names,
)

DEFAULT_REPLICATIONS = 10


def register(subparsers: Any) -> None:
    """Add the ``compare`` command."""
    p = subparsers.add_parser(
        "compare", help="compare scenarios on the same seeds, with paired differences",
        description="Run every scenario on the same seeds (common random numbers) and show "
                    "each metric's mean per scenario and its paired difference to the first "
                    "scenario with a 95% interval. --set applies to every scenario.",
        epilog="Example: hiresim compare baseline deliberate_startups blanket_titles -r 10")
    p.add_argument("scenarios", nargs="+", metavar="SCENARIO",
                   help="preset names or scenario files; the first is the reference")
    add_run_options(p, DEFAULT_REPLICATIONS)
    p.set_defaults(func=cmd_compare)


def cmd_compare(args: argparse.Namespace) -> int:
    """Load every arm, run them on common seeds, print the paired table."""
    from sim.experiments.compare import compare_configs

    scenarios = [load_scenario_args(s, args.overrides, args.weeks) for s in args.scenarios]
    metrics = resolve_metrics(args.metric, default=HEADLINE_METRICS)
    arms = unique_names([s.name for s in scenarios])
    configs = {arm: s.config for arm, s in zip(arms, scenarios, strict=True)}
    start = time.perf_counter()
    with progress_bar(len(arms) * args.replications, "compare") as on_progress:
        result = compare_configs(configs, replications=args.replications,
                                 base_seed=args.seed, on_progress=on_progress)
    elapsed = time.perf_counter() - start
    names = metrics if metrics is not None else _produced(result.table)
    doc = comparison_dict(args, arms, scenarios, result.table, names)
    if args.json:
        print(json.dumps(doc, indent=2, allow_nan=False))
    else:
        print(render_comparison(doc, elapsed))
    return 0


def _produced(table: Any) -> list[str]:
    """Registered metrics present in the comparison table, in registry order."""
    from sim.outputs.registry import REGISTRY

    present = set(table["metric"])
    return [n for n in REGISTRY if n in present]


def comparison_dict(args: argparse.Namespace, arms: list[str], scenarios: list[Any],
                    table: Any, names: list[str]) -> dict[str, Any]:
    """The ``--json`` document: per metric, per arm, mean/interval and paired difference.

    Each arm's entry has the summary fields of ``hiresim run --json`` (``mean``,
    ``ci95_low``, ``ci95_high``, ``n``, ``method``, ``missing``) plus ``diff``,
    ``diff_ci95_low``, ``diff_ci95_high``, ``diff_method`` (``"t"``: a paired
    difference has no bounds) and ``p_better``.
    """
    rows = {(r["metric"], r["arm"]): r for r in table.to_dict("records")}
    metrics: dict[str, Any] = {}
    for name in names:
        metrics[name] = {arm: _arm_entry(rows.get((name, arm))) for arm in arms}
    return {
        "arms": arms,
        "scenarios": dict(zip(arms, args.scenarios, strict=True)),
        "seed": args.seed,
        "replications": args.replications,
        "weeks": {arm: s.config.market.weeks for arm, s in zip(arms, scenarios, strict=True)},
        "reference": arms[0],
        "metrics": metrics,
    }


def _arm_entry(row: dict[str, Any] | None) -> dict[str, Any]:
    """One arm's numbers for one metric (all ``null`` when the metric was not produced)."""
    row = row or {}
    get = row.get
    return {
        "mean": json_number(get("mean")),
        "ci95_low": json_number(get("ci95_low")),
        "ci95_high": json_number(get("ci95_high")),
        "n": int(get("n", 0)),
        "method": get("method"),
        "missing": int(get("missing", 0)),
        "diff": json_number(get("diff")),
        "diff_ci95_low": json_number(get("diff_low")),
        "diff_ci95_high": json_number(get("diff_high")),
        "diff_method": "t",
        "p_better": json_number(get("p_better")),
    }


def render_comparison(doc: dict[str, Any], elapsed: float) -> str:
    """An aligned table: per metric, one row per arm with its paired difference."""
    ref = doc["reference"]
    rows = []
    for name, per_arm in doc["metrics"].items():
        for i, (arm, e) in enumerate(per_arm.items()):
            is_ref = arm == ref
            rows.append([
                name if i == 0 else "", arm, fmt(e["mean"]),
                fmt_interval(e["ci95_low"], e["ci95_high"]), e["method"] or "",
                fmt_n(e["n"], e["missing"]),
                "(reference)" if is_ref else fmt(e["diff"], signed=True),
                "" if is_ref else fmt_interval(e["diff_ci95_low"], e["diff_ci95_high"],
                                               signed=True),
                "" if is_ref else fmt(e["p_better"]),
            ])
    weeks = sorted(set(doc["weeks"].values()))
    head = (f"{len(doc['arms'])} scenarios × {doc['replications']} common seeds × "
            f"{'/'.join(map(str, weeks))} weeks, base seed {doc['seed']} ({elapsed:.1f} s); "
            f"differences are paired, arm minus {ref}, with t-intervals")
    table = render_table(
        ["metric", "scenario", "mean", "95% interval", "method", "n", f"diff vs {ref}",
         "95% interval of diff", "P(diff > 0)"], rows,
        right=[False, False, True, True, False, True, True, True, True])
    return f"{head}\n\n{table}"

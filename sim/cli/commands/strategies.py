"""``hiresim strategies``: the founder's startup under several hiring strategies, paired.

Every strategy runs on the same seeds (common random numbers). For each focal outcome
the table shows the distribution (mean, 10th/50th/90th percentiles), the paired
difference to the first strategy (``--pairs all``: every pair) with its 95% interval,
and the share of seeds on which the strategy does better; then each strategy's seats,
counted once however often they were posted; when each seat fills (the median week with
its interval and P(filled by 13/26/52 weeks), from product-limit curves that
``--out`` writes whole), the runway beside it; and the main reasons seats went slow or
unfilled. Below 20 seeds a caution line says the intervals are not yet to be trusted.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path
from typing import Any

from sim.cli.common import (
    fmt,
    fmt_interval,
    int_at_least,
    json_number,
    load_scenario_args,
    progress_bar,
    render_table,
)

FEW_SEEDS = 20
"""Below this many seeds per strategy the output carries a caution line."""

LOWER_IS_BETTER = {"focal.weeks_to_first_hire", "focal.weeks_to_milestone",
                   "focal.weeks_to_round", "focal.cash_per_progress",
                   "startup_loss_to_bigtech"}
"""Outcomes where a smaller number is the better one."""


def register(subparsers: Any) -> None:
    """Add the ``strategies`` command."""
    p = subparsers.add_parser(
        "strategies", help="compare hiring strategies for your own startup ([focal])",
        description="Place the scenario's [focal] startup in the market under each "
                    "strategy, on the same seeds, and compare its outcomes. Strategies are "
                    "preset names (see --list) or TOML files.",
        epilog="Example: hiresim strategies my_startup.toml --strategy stage_aligned "
               "--strategy ahead_of_stage --strategy lean_and_explained")
    p.add_argument("scenario", nargs="?", metavar="SCENARIO",
                   help="preset or scenario file with a [focal] table")
    p.add_argument("--strategy", action="append", default=[], metavar="NAME",
                   help="strategy preset or file (repeatable; the first is the reference)")
    p.add_argument("--list", action="store_true", help="list the strategy presets and exit")
    p.add_argument("-r", "--replications", type=int_at_least(1, 10_000), metavar="N",
                   help="seeds per strategy (default: chosen until the headline interval "
                        "is within --tolerance)")
    p.add_argument("--tolerance", type=float, default=2.0, metavar="WEEKS",
                   help="target half-width of the headline interval (default 2 weeks)")
    p.add_argument("--max-replications", type=int_at_least(1, 10_000), default=60,
                   metavar="N", help="cap for the automatic choice (default 60)")
    p.add_argument("--pairs", choices=("first", "all"), default="first",
                   help="differences against the first strategy (default) or between every "
                        "pair, each paired on the same seeds")
    p.add_argument("--ramp-weeks", type=_weeks, default=None, metavar="WEEKS",
                   help="weeks a new hire needs to become productive, for P(productive "
                        "before the cash runs out) (default 8, an assumption)")
    p.add_argument("--seed", type=int_at_least(0), default=0, metavar="S",
                   help="base seed (default 0)")
    p.add_argument("--weeks", type=int, metavar="W", help="simulated weeks")
    p.add_argument("--set", action="append", default=[], metavar="KEY=VALUE",
                   dest="overrides", help="override one parameter (repeatable)")
    p.add_argument("--json", action="store_true", help="print JSON instead of tables")
    p.add_argument("--out", type=Path, metavar="DIR",
                   help="also write table, runs, seats and reasons as Parquet + summary.json")
    p.add_argument("--force", action="store_true", help="replace a non-empty --out folder")
    p.set_defaults(func=cmd_strategies)


def _weeks(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a number of weeks ≥ 0 (got {text!r})") \
            from None
    if not 0.0 <= value <= 520.0:
        raise argparse.ArgumentTypeError(f"must be from 0 to 520 weeks (got {value:g})")
    return value


def cmd_strategies(args: argparse.Namespace) -> int:
    """Run the comparison and print it."""
    from sim.cli.common import CliError
    from sim.experiments.strategy_lab import list_strategies

    if args.list:
        print(render_table(["strategy", "description"], [list(s) for s in list_strategies()]))
        return 0
    if not args.scenario:
        raise CliError("strategies: give a SCENARIO (a file with a [focal] table) or --list")
    if not args.strategy:
        raise CliError("strategies: give at least one --strategy (see --list)")
    if args.out is not None:
        from sim.cli.output import check_target

        check_target(args.out, args.force)
    doc, result = _run(args)
    if args.out is not None:
        _write(args.out, args.force, doc, result)
    print(json.dumps(doc, indent=2, allow_nan=False) if args.json else render(doc))
    return 0


def _run(args: argparse.Namespace) -> tuple[dict[str, Any], Any]:
    from sim.experiments.fill_curves import RAMP_WEEKS
    from sim.experiments.strategy_lab import compare_strategies, load_strategy

    scenario = load_scenario_args(args.scenario, args.overrides, args.weeks)
    strategies = [load_strategy(s) for s in args.strategy]
    total = len(strategies) * (args.replications or args.max_replications)
    start = time.perf_counter()
    with progress_bar(total, "strategies") as on_progress:
        result = compare_strategies(
            scenario.config, strategies, replications=args.replications, base_seed=args.seed,
            on_progress=on_progress, tolerance=args.tolerance,
            max_replications=args.max_replications,
            ramp_weeks=RAMP_WEEKS if args.ramp_weeks is None else args.ramp_weeks)
    doc = summary_dict(args, scenario, result, time.perf_counter() - start)
    return doc, result


def summary_dict(args: argparse.Namespace, scenario: Any, result: Any,
                 elapsed: float) -> dict[str, Any]:
    """The ``--json`` document."""
    from sim.cli.fill_report import fill_dict

    table = result.table
    ref = result.strategies[0]
    metrics: dict[str, Any] = {}
    for name in dict.fromkeys(table["metric"]):
        per = {}
        for row in table[table["metric"] == name].to_dict("records"):
            runs = result.runs
            better = _p_better(runs, name, row["strategy"], ref)
            per[row["strategy"]] = {
                "mean": json_number(row["mean"]),
                "p10": json_number(row["p10"]), "p50": json_number(row["p50"]),
                "p90": json_number(row["p90"]), "n": int(row["n"]),
                "missing": int(row["missing"]),
                "diff": json_number(row["diff"]),
                "diff_ci95_low": json_number(row["diff_low"]),
                "diff_ci95_high": json_number(row["diff_high"]),
                "diff_method": "t",
                "p_better": json_number(better),
            }
        metrics[name] = {"lower_is_better": name in LOWER_IS_BETTER, "strategies": per}
    reasons = {s: [{"reason": r["reason"], "share": json_number(r["share"])}
                   for r in result.reasons[result.reasons["strategy"] == s]
                   .sort_values("share", ascending=False).head(3).to_dict("records")]
               for s in result.strategies}
    seats = {r["strategy"]: {k: json_number(v) if isinstance(v, float) else v
                             for k, v in r.items() if k != "strategy"}
             for r in result.outcomes.to_dict("records")}
    unset = {s: {lever: {"on": on, "market_share": round(share, 4)}
                 for lever, (on, share) in levers.items()}
             for s, levers in result.unset.items()}
    doc = {"scenario": scenario.name, "strategies": result.strategies, "reference": ref,
           "seed": args.seed, "replications": result.replications, "note": result.note,
           "few_seeds": result.replications < FEW_SEEDS,
           "weeks": scenario.config.market.weeks, "elapsed_s": round(elapsed, 2),
           "unset_levers": unset, "metrics": metrics, "seats": seats, "top_reasons": reasons,
           "seat_fill": fill_dict(result.fill)}
    if getattr(args, "pairs", "first") == "all":
        doc["pairs"] = [{"metric": r["metric"], "reference": r["reference"],
                         "strategy": r["strategy"], "diff": json_number(r["diff"]),
                         "diff_ci95_low": json_number(r["diff_low"]),
                         "diff_ci95_high": json_number(r["diff_high"]),
                         "p_better": json_number(_p_better(result.runs, r["metric"],
                                                           r["strategy"], r["reference"]))}
                        for r in result.pairs.to_dict("records")]
    return doc


def _p_better(runs: Any, metric: str, strategy: str, ref: str) -> float:
    """Share of seeds on which ``strategy`` beats ``ref`` on ``metric`` (ties count half)."""
    import numpy as np

    if strategy == ref:
        return float("nan")
    a = runs[runs["strategy"] == ref].set_index("replication")[metric]
    b = runs[runs["strategy"] == strategy].set_index("replication")[metric]
    d = (b - a).to_numpy(dtype=float)
    d = d[np.isfinite(d)]
    if metric in LOWER_IS_BETTER:
        d = -d
    return float(np.mean((d > 0) + 0.5 * (d == 0))) if len(d) else float("nan")


def render(doc: dict[str, Any]) -> str:
    """Tables for people: outcomes by strategy, seats, then the main reasons for slow seats."""
    from sim.cli.fill_report import render_fill
    from sim.experiments.strategy_lab import count_noun

    ref = doc["reference"]
    rows = []
    for name, entry in doc["metrics"].items():
        arrow = "↓" if entry["lower_is_better"] else "↑"
        for i, (strategy, e) in enumerate(entry["strategies"].items()):
            is_ref = strategy == ref
            rows.append([
                f"{name} {arrow}" if i == 0 else "", strategy, fmt(e["mean"]),
                f"{fmt(e['p10'])} / {fmt(e['p50'])} / {fmt(e['p90'])}",
                "(reference)" if is_ref else fmt(e["diff"], signed=True),
                "" if is_ref else fmt_interval(e["diff_ci95_low"], e["diff_ci95_high"],
                                               signed=True),
                "" if is_ref else f"{100 * e['p_better']:.0f}%" if e["p_better"] is not None
                else "–",
            ])
    n_strategies = count_noun(len(doc["strategies"]), "strategy")
    head = (f"Focal startup in '{doc['scenario']}', {n_strategies} on common seeds, "
            f"{doc['weeks']} weeks ({doc['elapsed_s']} s). {doc['note']}\n"
            f"{_unset_line(doc['unset_levers'])}\n"
            f"↑ higher is better, ↓ lower is better; differences are strategy minus {ref}, "
            "with paired t-intervals.")
    if doc["few_seeds"]:
        head += (f"\nCaution: {count_noun(doc['replications'], 'seed')} per strategy is few. "
                 f"An interval that excludes 0 at under {FEW_SEEDS} seeds is often luck; "
                 "rerun with -r 30 or more before acting on a difference.")
    table = render_table(["outcome", "strategy", "mean", "p10 / p50 / p90", f"diff vs {ref}",
                          "95% interval", "P(better)"], rows,
                         right=[False, False, True, True, True, True, True])
    out = [head, "", table]
    if "pairs" in doc:
        out += ["", "Every pair (strategy minus the one it is compared with, same seeds):",
                "", _pairs_table(doc)]
    out += ["", "Seats (each seat once, however often it was posted; weeks from its first "
            "posting to the hire):"]
    for strategy, s in doc["seats"].items():
        out.append(f"  {strategy}: {_seat_line(s, doc['replications'])}")
    out += ["", render_fill(doc["seat_fill"], doc["replications"])]
    out += ["", "Why seats went slow or unfilled (share of processes that ended without a "
            "hire):"]
    for strategy, items in doc["top_reasons"].items():
        parts = "; ".join(f"{r['reason']} {100 * (r['share'] or 0):.0f}%" for r in items)
        out.append(f"  {strategy}: {parts or 'no stalled processes'}")
    return "\n".join(out)


def _unset_line(unset: dict[str, dict[str, Any]]) -> str:
    """The market practice taken by levers neither the file nor a strategy sets."""
    def text(levers: dict[str, Any]) -> str:
        return ", ".join(f"{k}={'on' if v['on'] else 'off'} (market practice: "
                         f"{100 * v['market_share']:.0f}% of startups)"
                         for k, v in levers.items()) or "none"
    texts = {s: text(v) for s, v in unset.items()}
    if len(set(texts.values())) == 1:
        return f"Levers not set in the file or strategy: {next(iter(texts.values()))}."
    return "Levers not set in the file or strategy: " + "; ".join(
        f"{s}: {t}" for s, t in texts.items()) + "."


def _seat_line(s: dict[str, Any], runs: int) -> str:
    from sim.experiments.strategy_lab import count_noun

    if not s["seats"]:
        return f"no seats opened in {count_noun(runs, 'run')}"
    filled = (f"filled {s['filled']}, in {fmt(s['weeks_to_fill_p50'])} weeks at the median "
              f"(p10 {fmt(s['weeks_to_fill_p10'])}, p90 {fmt(s['weeks_to_fill_p90'])})"
              if s["filled"] else "none filled")
    return (f"{count_noun(s['seats'], 'seat')} in {count_noun(runs, 'run')}; {filled}; "
            f"not filled within the horizon: {s['not_filled']} "
            f"({100 * s['not_filled_share']:.0f}%)")


def _pairs_table(doc: dict[str, Any]) -> str:
    rows, last = [], None
    for p in doc["pairs"]:
        arrow = "↓" if doc["metrics"][p["metric"]]["lower_is_better"] else "↑"
        rows.append([f"{p['metric']} {arrow}" if p["metric"] != last else "",
                     f"{p['strategy']} − {p['reference']}", fmt(p["diff"], signed=True),
                     fmt_interval(p["diff_ci95_low"], p["diff_ci95_high"], signed=True),
                     "–" if p["p_better"] is None else f"{100 * p['p_better']:.0f}%"])
        last = p["metric"]
    return render_table(["outcome", "pair", "diff", "95% interval", "P(better)"], rows,
                        right=[False, False, True, True, True])


def _write(target: Path, force: bool, doc: dict[str, Any], result: Any) -> None:
    from sim.cli.output import staged_dir

    with staged_dir(target, force, kind="strategies") as tmp:
        result.table.to_parquet(tmp / "strategy_table.parquet", index=False)
        result.runs.to_parquet(tmp / "runs.parquet", index=False)
        result.seats.to_parquet(tmp / "seats.parquet", index=False)
        result.reasons.to_parquet(tmp / "reasons.parquet", index=False)
        result.planned.to_parquet(tmp / "planned_seats.parquet", index=False)
        result.pairs.to_parquet(tmp / "pairs.parquet", index=False)
        result.fill.curves.to_parquet(tmp / "fill_curves.parquet", index=False)
        result.fill.summary.to_parquet(tmp / "seat_fill.parquet", index=False)
        result.focal_runs.to_parquet(tmp / "focal_runs.parquet", index=False)
        (tmp / "summary.json").write_text(json.dumps(doc, indent=2, allow_nan=False) + "\n")

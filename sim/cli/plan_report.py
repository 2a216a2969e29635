"""What ``hiresim plan`` prints and saves: the summary, the text, report.md and the files.

Everything printed comes from one document (:func:`summary_doc`, also ``--json`` and
``summary.json``). Files in ``--out`` are written atomically (a reader never sees half
of one) beside the study: ``trials.parquet`` and ``trials.csv`` (one row per trial),
``finalists.csv``, ``differences.csv``, ``final_runs.parquet`` (the fresh-seed runs),
``best_plan.toml`` and ``current_plan.toml`` (strategy files ``hiresim strategies``
accepts), ``report.md`` and ``summary.json``.
"""

from __future__ import annotations

import argparse
import json
import math
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sim.cli.common import fmt, fmt_interval, json_number, render_table

LABELS = {"p_milestone": "P(milestone)", "weeks_to_milestone": "weeks to milestone",
          "cash_at_milestone_musd": "cash left at milestone (USD M)", "hires": "hires"}
OBJECTIVE_LABELS = {"milestone": "P(milestone)", "weeks_to_milestone": "weeks to milestone",
                    "cash_per_progress": "kUSD per milestone"}


def summary_doc(args: argparse.Namespace, scenario: Any, result: Any,
                elapsed: float) -> dict[str, Any]:
    """The search's results as plain data (``--json``, ``summary.json``, the text)."""
    from sim.config.plan_search import OBJECTIVES
    from sim.experiments.plan_eval import HIGHER_IS_BETTER
    from sim.experiments.plan_words import describe_plan

    space = result.space
    finalists = [{k: _plain(v) for k, v in row.items()}
                 for row in result.finalists.to_dict("records")]
    best = next(f for f in finalists if f["label"] == result.best)
    return {
        "scenario": scenario.name, "file": str(args.file), "weeks": space.horizon,
        "objective": space.objective, "objective_words": OBJECTIVES[space.objective],
        "higher_is_better": HIGHER_IS_BETTER[space.objective],
        "trials": int(len(result.trials)), "feasible": result.feasible,
        "seeds": result.seeds, "final_seeds": result.final_seeds, "seed": args.seed,
        "space": {"plans": space.size(), "dimensions": space_words(space)},
        "budget": {k: json_number(v) for k, v in space.budget.model_dump().items()},
        "current": {"plan": describe_plan(space.current),
                    "on_search_seeds": {k: json_number(v)
                                        for k, v in result.current_search.items()}},
        "best": best, "beats_current": result.beats_current, "finalists": finalists,
        "differences": [{k: _plain(v) for k, v in r.items()}
                        for r in result.differences.to_dict("records")],
        "verdict": result.verdict, "estimate": getattr(args, "estimate", None),
        "elapsed_s": round(elapsed, 1),
        "out": str(args.out) if args.out is not None else None,
    }


def space_words(space: Any) -> list[str]:
    """Each searched dimension in a few words."""
    from sim.experiments.plan_words import seat_words

    out = []
    dists = space.distributions()
    if "pay_mult" in dists:
        out.append(f"pay band × {space.pay[0]:.2f}–{space.pay[1]:.2f}")
    if "equity_mult" in dists:
        out.append(f"equity × {space.equity[0]:.1f}–{space.equity[1]:.1f} the market grant")
    if space.levers:
        out.append("levers " + ", ".join(space.levers))
    if "stale_response" in dists:
        out.append("stale-seat responses " + ", ".join(space.responses))
    if "strategy" in dists:
        out.append("hiring rules " + ", ".join(space.strategies))
    for seat in space.seats:
        ways = []
        if seat.week is not None:
            ways.append(f"week {seat.week[0]}–{seat.week[1]}")
        if seat.progress is not None:
            ways.append(f"{100 * seat.progress[0]:.0f}–{100 * seat.progress[1]:.0f}% progress")
        if seat.stage is not None:
            ways.append("stage " + "/".join(seat.stage))
        optional = ", or not at all" if "omit" in seat.triggers else ""
        name = seat_words({"role": seat.role, "seniority": seat.seniority})
        out.append(f"{name.removesuffix(' at once')} opens at {' or '.join(ways)}{optional}")
    return out


def render(doc: dict[str, Any]) -> str:
    """The results for people: the best plan, the finalists' table, the verdict."""
    from sim.experiments.strategy_lab import count_noun

    head = [
        f"Plan search for '{doc['scenario']}' ({doc['weeks']} weeks): {doc['trials']} "
        f"trials on {doc['seeds']} common seeds, then "
        f"{count_noun(len(doc['finalists']) - 1, 'finalist')} and the current plan on "
        f"{doc['final_seeds']} fresh seeds ({doc['elapsed_s']} s).",
        f"Objective: {doc['objective_words']} {'↑' if doc['higher_is_better'] else '↓'}"
        + (" (ties: the sooner milestone)" if doc["objective"] == "milestone" else "")
        + f". Budget: {_budget_words(doc['budget'])}.",
        f"Search space ({doc['space']['plans']:,} plans): "
        + "; ".join(doc["space"]["dimensions"]) + ".",
        f"{doc['feasible']} of {doc['trials']} trials within the budget. The current plan "
        f"on the search's seeds: {_current_words(doc)}.",
    ]
    best = doc["best"]
    label = OBJECTIVE_LABELS[doc["objective"]]
    lines = [*head, "", f"Best plan: {best['label']}: {best['plan']}."]
    if best["label"] != "current":
        lines += [f"  Changes from the current plan: {best['changes']}.",
                  f"  {label} {_estimate(best)}; vs the current plan "
                  f"{fmt(best['diff'], signed=True)} "
                  f"{fmt_interval(best['diff_low'], best['diff_high'], signed=True)} "
                  f"(paired); P(best) {_pct(best['p_best'])}."]
    else:
        lines += [f"  {label} {_estimate(best)}; P(best) {_pct(best['p_best'])}."]
    lines += ["", f"Finalists and the current plan on {doc['final_seeds']} fresh seeds "
              "(differences paired with the current plan):", "", finalists_table(doc), "",
              "Plans:"]
    lines += [f"  {f['label']}: {f['plan']}" for f in doc["finalists"]]
    lines += ["", f"Verdict: {doc['verdict']}"]
    if doc["out"]:
        out = doc["out"]
        lines += ["", f"Saved to {out}/: best_plan.toml, current_plan.toml, trials.csv, "
                  "trials.parquet, finalists.csv, differences.csv, final_runs.parquet, "
                  "report.md, summary.json.",
                  f"Compare them yourself: hiresim strategies {doc['file']} --strategy "
                  f"{out}/current_plan.toml --strategy {out}/best_plan.toml -r 30"]
    return "\n".join(lines)


def finalists_table(doc: dict[str, Any]) -> str:
    """The ranked finalists as a text table."""
    label = OBJECTIVE_LABELS[doc["objective"]]
    rows = []
    for f in doc["finalists"]:
        current = f["label"] == "current"
        rows.append([str(f["rank"]), f["label"], _estimate(f),
                     "(reference)" if current else
                     f"{fmt(f['diff'], signed=True)} "
                     f"{fmt_interval(f['diff_low'], f['diff_high'], signed=True)}",
                     "" if current else _pct(f["p_better"]), _pct(f["p_best"]),
                     *(fmt(f[k]) for k in LABELS if k != "p_milestone"
                       or doc["objective"] != "milestone")])
    extra = [LABELS[k] for k in LABELS if k != "p_milestone" or doc["objective"] != "milestone"]
    headers = ["rank", "plan", f"{label} [95%]", "diff vs current [95%]", "P(better)",
               "P(best)", *extra]
    return render_table(headers, rows, right=[True, False, True, True, True, True]
                        + [True] * len(extra))


def markdown(doc: dict[str, Any], trials: Any) -> str:
    """``report.md``: the text, the table of plans, and the ten best trials."""
    best_trials = trials[trials["ran"]].sort_values("score", ascending=False).head(10)
    rows = "\n".join(f"| {int(t.trial)} | {'yes' if t.feasible else 'no'} | "
                     f"{fmt(t.objective)} | {fmt(t.weeks_to_milestone)} | {t.plan} |"
                     for t in best_trials.itertuples())
    return (f"# Plan search: {doc['scenario']}\n\n```text\n{render(doc)}\n```\n\n"
            "## The ten best trials (on the search's seeds)\n\n"
            f"| trial | within budget | {OBJECTIVE_LABELS[doc['objective']]} | weeks to "
            f"milestone | plan |\n|---|---|---|---|---|\n{rows}\n")


def write_results(out: Path, doc: dict[str, Any], result: Any) -> None:
    """Write every result file into ``out`` atomically (the study is already there)."""
    trials = result.trials
    _save(out / "trials.parquet", lambda p: trials.to_parquet(p, index=False))
    _save(out / "trials.csv", lambda p: trials.to_csv(p, index=False))
    _save(out / "finalists.csv", lambda p: result.finalists.to_csv(p, index=False))
    _save(out / "differences.csv", lambda p: result.differences.to_csv(p, index=False))
    _save(out / "final_runs.parquet", lambda p: result.final_runs.to_parquet(p, index=False))
    texts = {
        "best_plan.toml": result.strategy_file(),
        "current_plan.toml": result.strategy_file("current", name="current_plan"),
        "report.md": markdown(doc, trials),
        "summary.json": json.dumps(doc, indent=2, allow_nan=False) + "\n",
    }
    for name, body in texts.items():
        _save(out / name, lambda p, body=body: p.write_text(body, encoding="utf-8"))


def _save(path: Path, fill: Callable[[Path], Any]) -> None:
    """Write a file atomically, readable as the user's umask allows (not only by its owner)."""
    from sim.sweep.outdir import atomic_write

    mask = os.umask(0)
    os.umask(mask)

    def write(tmp: Path) -> None:
        fill(tmp)
        os.chmod(tmp, 0o666 & ~mask)

    atomic_write(path, write)


def _estimate(f: dict[str, Any]) -> str:
    return f"{fmt(f['objective'])} {fmt_interval(f['objective_low'], f['objective_high'])}"


def _pct(x: Any) -> str:
    return "–" if x is None else f"{100 * float(x):.0f}%"


def _budget_words(budget: dict[str, Any]) -> str:
    parts = []
    if budget.get("max_pay_mult") is not None:
        parts.append(f"pay ≤ band × {budget['max_pay_mult']:g} (raised offers included)")
    if budget.get("min_cash_musd") is not None:
        parts.append(f"cash left at the milestone ≥ {budget['min_cash_musd']:g} USD M "
                     "(mean over the runs that reach it)")
    return "; ".join(parts) or "none"


def _current_words(doc: dict[str, Any]) -> str:
    c = doc["current"]["on_search_seeds"]
    return (f"P(milestone) {fmt(c.get('p_milestone'))}, {fmt(c.get('weeks_to_milestone'))} "
            f"weeks to the milestone, {fmt(c.get('cash_per_progress'))} kUSD per milestone")


def _plain(v: Any) -> Any:
    if isinstance(v, bool | str) or v is None:
        return v
    if hasattr(v, "item"):
        v = v.item()
    if isinstance(v, float) and not math.isfinite(v):
        return None
    return v

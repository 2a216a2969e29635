"""Diagnostics behind docs/validity.md's "What does not emerge" (issue 7: M6 and M13).

Two breakdowns of claims the behaviour suite checks, on the same paired runs as the
tests (``tests/behaviour/validity_claims.py``):

- ``m6``: milestones per USD million of the three hiring strategies, market-wide and by
  the stage a startup started the run at (``x.progress_per_musd.start_<stage>``), as
  paired differences stage-aligned − each other strategy;
- ``m13``: the four levers (explained pay, precise titles, focused JDs, lean process)
  one at a time and all together, market-wide at several market settings (the default
  3:1, 4:1, 1:1, and 3:1 with 100 instead of 300 startups) and within one market
  (``levers_mixed``). For the startup fill rate and the startup fills per open
  requisition-week (the weekly hazard of filling a seat) it prints each single effect,
  the joint effect, joint ÷ Σ singles and joint − 1.2 × Σ singles with its 95% interval;
  for the hazard also the log ratios (a funnel that multiplies adds them); and the
  startup offer acceptance.

Usage::

    .venv/bin/python scripts/claim_diagnostics.py m6 [-r 10] [--base-seed 2024]
    .venv/bin/python scripts/claim_diagnostics.py m13 [-r 10] [--base-seed 2024]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "behaviour"))

import validity_claims as vc  # noqa: E402

from sim.config.params import STAGES  # noqa: E402
from sim.experiments.stats import mean_ci  # noqa: E402

SINGLES = ("explained_only", "precise_only", "focused_jd_only", "lean_only")
LEVER_ARMS = ("no_lever", *SINGLES, "all_four")
SETTINGS = {
    "3:1 (default)": {},
    "4:1": {"market.demand_supply_ratio": 4.0},
    "1:1": {"market.demand_supply_ratio": 1.0},
    "3:1, 100 startups": {"startups.n": 100},
}
"""Market settings for the market-wide lever arms (dotted overrides of the defaults)."""


def _ci(x: pd.Series | np.ndarray) -> str:
    mean, lo, hi, n = mean_ci(np.asarray(x, dtype=float))
    return f"{mean:+.4g} ({lo:+.4g} to {hi:+.4g})"


def m6(replications: int, base_seed: int, workers: int) -> None:
    """Per-stage milestones per dollar of the strategies (paired, stage-aligned − other)."""
    arms = ("all_stage_aligned", "all_ahead_of_stage", "all_generalists_only")
    runs = vc.run_arms(arms, replications=replications, base_seed=base_seed, workers=workers)
    metrics = ["x.progress_per_musd", *(f"x.progress_per_musd.start_{s}" for s in STAGES)]
    print(f"M6: milestones per USD M, stage-aligned − other, {replications} paired runs, "
          f"base seed {base_seed}\n")
    print("| Startups | vs ahead of stage | vs generalists-only |")
    print("|---|---|---|")
    for metric in metrics:
        who = ("all (market-wide)" if metric == "x.progress_per_musd"
               else "started at " + metric.removeprefix("x.progress_per_musd.start_"))
        cells = [_ci(vc.diff(runs, metric, "all_stage_aligned", other))
                 for other in ("all_ahead_of_stage", "all_generalists_only")]
        print(f"| {who} | {cells[0]} | {cells[1]} |")


def _lever_table(runs: pd.DataFrame, label: str) -> None:
    for metric in ("fill_rate.startup", "x.fills_per_open_week.startup",
                   "offer_acceptance.startup"):
        singles = {a: vc.diff(runs, metric, a, "no_lever") for a in SINGLES}
        total = sum(singles.values())
        joint = vc.diff(runs, metric, "all_four", "no_lever")
        base = vc.values(runs, "no_lever", metric)
        row = [label, metric, f"{base.mean():.4g}",
               *(f"{v.mean():+.4g}" for v in singles.values()), f"{joint.mean():+.4g}",
               f"{joint.mean() / total.mean():.2f}", _ci(joint - (1 + vc.SYNERGY) * total)]
        if metric == "x.fills_per_open_week.startup":
            logs = [np.log(vc.values(runs, a, metric) / base).mean() for a in SINGLES]
            log_joint = np.log(vc.values(runs, "all_four", metric) / base).mean()
            row.append(f"{log_joint:.2f} vs Σ {sum(logs):.2f}")
        else:
            row.append("")
        print("| " + " | ".join(row) + " |")


def m13(replications: int, base_seed: int, workers: int) -> None:
    """The four levers alone and together, market-wide and within one market."""
    print(f"M13: effects against no lever, {replications} paired runs per arm, base seed "
          f"{base_seed} (singles: explained, precise, focused JD, lean)\n")
    print("| Market | Metric | No lever | Explained | Precise | Focused JD | Lean | All four "
          "| Joint ÷ Σ | Joint − 1.2 Σ (95% CI) | log hazard: joint vs Σ singles |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for label, extra in SETTINGS.items():
        runs = vc.run_arms(LEVER_ARMS, replications=replications, base_seed=base_seed,
                           extra=extra, workers=workers)
        _lever_table(runs, label)
    mixed = vc.run_arms(["levers_mixed"], base_seed=base_seed, workers=workers)
    print(f"\nWithin one market (levers_mixed, {len(mixed)} runs): by lever cell")
    print("| Metric | none | explained | precise | focused JD | lean | all | Joint ÷ Σ "
          "| Joint − 1.2 Σ (95% CI) | log: joint vs Σ singles |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for stem in ("x.fill_rate.startup.levers_", "x.fills_per_open_week.startup.levers_"):
        cell = {k: vc.values(mixed, "levers_mixed", stem + k) for k in vc.LEVER_CELLS}
        singles = [cell[k] - cell["none"] for k in ("explained", "precise", "focused_jd",
                                                    "lean")]
        total, joint = sum(singles), cell["all"] - cell["none"]
        logs = [np.log(cell[k] / cell["none"]).mean() for k in ("explained", "precise",
                                                                  "focused_jd", "lean")]
        log_joint = np.log(cell["all"] / cell["none"]).mean()
        print("| " + " | ".join([stem.rstrip("_"), *(f"{v.mean():.4g}" for v in cell.values()),
                                 f"{joint.mean() / total.mean():.2f}",
                                 _ci(joint - (1 + vc.SYNERGY) * total),
                                 f"{log_joint:.2f} vs Σ {sum(logs):.2f}"]) + " |")


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("which", choices=("m6", "m13"))
    ap.add_argument("-r", "--replications", type=int, default=vc.REPLICATIONS)
    ap.add_argument("--base-seed", type=int, default=vc.BASE_SEED)
    ap.add_argument("--workers", type=int, default=2)
    args = ap.parse_args(argv)
    print(f"engine {vc.engine_version()}")
    {"m6": m6, "m13": m13}[args.which](args.replications, args.base_seed, args.workers)
    return 0


if __name__ == "__main__":
    sys.exit(main())
